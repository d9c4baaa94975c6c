"""Write the shared power-flow test vectors: network JSON + the Python engine's NR solution.

The browser's WebAssembly solver must reproduce these within 1e-8 pu (vitest in node, and the
browser e2e test). Small cases are committed (web/test-vectors/); the 1,000+ bus case is written
at test time into web/test-vectors/big/ (gitignored) with --big.

Run with the project's venv:  .venv/bin/python web/scripts/make_vectors.py [--big] [--check]
  --check   regenerate in memory and fail if a committed vector differs (engine/model drift).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WEB = HERE.parent
REPO = WEB.parent
sys.path.insert(0, str(REPO / "solver_layer"))

DATA_DIRS = [REPO / "tests" / "data" / "matpower", REPO.parent / "shared" / "data" / "matpower",
             Path("/work/shared/data/matpower")]
SMALL = ["case14", "case30", "case57", "case118"]
BIG = ["case1354pegase"]


def find_case(name: str) -> Path | None:
    for d in DATA_DIRS:
        p = d / f"{name}.m"
        if p.exists():
            return p
    return None


def read_case(path: Path):
    import gridsolve.io as gio

    if hasattr(gio, "read_case"):
        return gio.read_case(str(path))
    from gridsolve.io.matpower import read_matpower

    return read_matpower(path.read_text(), source=str(path))


def run_pf(net):
    try:
        from gridsolve import run_power_flow
    except ImportError:
        from gridsolve.powerflow.driver import run_power_flow
    return run_power_flow(net, method="nr", tol=1e-10)


def clean(x):
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def make_vector(name: str) -> dict | None:
    path = find_case(name)
    if path is None:
        return None
    net = read_case(path)
    result = run_pf(net).to_dict()
    buses = [{"id": b["id"], "vm_pu": clean(b["vm_pu"]), "va_deg": clean(b["va_deg"])} for b in result["buses"]]
    return {
        "case": name,
        "tol": 1e-10,
        "converged": bool(result.get("converged", True)),
        "network": json.loads(net.model_dump_json(exclude_defaults=True)),
        "solution": {"buses": buses},
    }


def dump(vec: dict) -> str:
    return json.dumps(vec, separators=(",", ":"), sort_keys=True) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big", action="store_true", help="also write the 1,000+ bus case into test-vectors/big/")
    ap.add_argument("--only-big", action="store_true")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    out = WEB / "test-vectors"
    out.mkdir(exist_ok=True)
    names = [] if args.only_big else list(SMALL)
    big = list(BIG) if (args.big or args.only_big) else []
    status = 0
    for name in names + big:
        target = (out / "big" if name in BIG else out) / f"{name}.json"
        vec = make_vector(name)
        if vec is None:
            print(f"skip {name}: case file not found", file=sys.stderr)
            continue
        text = dump(vec)
        if args.check and name not in BIG:
            old = target.read_text() if target.exists() else ""
            if json.loads(old or "{}") != json.loads(text):
                print(f"{target} is out of date: rerun web/scripts/make_vectors.py", file=sys.stderr)
                status = 1
            continue
        target.parent.mkdir(exist_ok=True)
        target.write_text(text)
        print(f"wrote {target.relative_to(REPO)} ({len(text) // 1024} KB, {len(vec['solution']['buses'])} buses)")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
