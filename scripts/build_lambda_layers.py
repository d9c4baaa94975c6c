"""Build the two Lambda layers the CDK app deploys, for Lambda's python3.11 on x86_64 (manylinux wheels):

  build/lambda/solver-layer/python   the engine (gridsolve) + numpy, scipy, pydantic, lxml, orjson
  build/lambda/service-layer/python  the service's libraries (SQLAlchemy, psycopg, pynamodb, Powertools, ...)

Test suites, caches and compiled bytecode are left out (Lambda compiles on import). Prints each layer's unzipped
size; fails if the two together with the function code exceed Lambda's 250 MB limit. Rebuilt only when its
inputs change (a stamp with their hash).

  .venv/bin/python scripts/build_lambda_layers.py [--out build/lambda]
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LAMBDA_LIMIT_MB = 250.0
CODE_ALLOWANCE_MB = 10.0  # the functions' own code (chalicelib, step_functions, app.py): about 2 MB
PRUNE_DIRS = ("tests", "test", "__pycache__", "benchmarks")
# In the Lambda python3.11 runtime already (pulled in here by pynamodb): not shipped twice.
PROVIDED_BY_RUNTIME = ("boto3", "botocore", "s3transfer", "jmespath")
LAYERS = {
    "solver-layer": [REPO / "cdk" / "lambda" / "solver-requirements.txt"],
    "service-layer": [REPO / "cdk" / "lambda" / "service-requirements.txt"],
}


def _size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _digest(inputs: list[Path]) -> str:
    h = hashlib.sha256()
    for p in inputs:
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(REPO)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()


def _pip(target: Path, args: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(target), "--platform",
                    "manylinux2014_x86_64", "--implementation", "cp", "--python-version", "3.11",
                    "--only-binary=:all:", "--no-compile", "--upgrade", *args], check=True)


def _prune(root: Path) -> None:
    for pkg in PROVIDED_BY_RUNTIME:
        for d in root.glob(f"{pkg}*"):
            if d.name == pkg or d.name.startswith(f"{pkg}-"):
                shutil.rmtree(d, ignore_errors=True)
    for d in sorted(root.rglob("*"), reverse=True):
        if d.is_dir() and d.name in PRUNE_DIRS:
            shutil.rmtree(d, ignore_errors=True)
    for f in root.rglob("*.pyc"):
        f.unlink()


def build(name: str, out: Path) -> float:
    inputs = list(LAYERS[name]) + ([REPO / "solver_layer" / "gridsolve"] if name == "solver-layer" else [])
    layer = out / name
    stamp = layer / ".stamp"
    digest = _digest(inputs)
    if stamp.exists() and stamp.read_text() == digest:
        return _size_mb(layer / "python")
    shutil.rmtree(layer, ignore_errors=True)
    target = layer / "python"
    _pip(target, ["-r", str(LAYERS[name][0])])
    if name == "solver-layer":
        shutil.copytree(REPO / "solver_layer" / "gridsolve", target / "gridsolve",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _prune(target)
    stamp.write_text(digest)
    return _size_mb(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "build" / "lambda"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # One build at a time: parallel test workers (pytest -n) and `make synth` may call this together, and two
    # pip installs into one folder leave a half-pruned layer behind.
    with open(out / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sizes = {name: build(name, out) for name in LAYERS}
    total = sum(sizes.values()) + CODE_ALLOWANCE_MB
    for name, mb in sizes.items():
        print(f"{name}: {mb:.1f} MB unzipped")
    print(f"layers + code allowance: {total:.1f} MB of Lambda's {LAMBDA_LIMIT_MB:.0f} MB")
    if total > LAMBDA_LIMIT_MB:
        print("error: the layers exceed Lambda's unzipped size limit", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
