"""Write the contingency view model's test fixtures: the engine's results on MATPOWER case30 as its CLI prints them
(`python -m gridsolve contingency CASE --format json`): N-1 of every branch and generator with the default options,
and three outages of case30 with every load doubled (Load.scaling 2, as GridSolve JSON), where
the outage of br_10 does not converge (its mismatch stalls near 0.03 pu: no solution nearby). The browser's table,
filters and diagram marks are tested on them (src/studies/contingency.test.ts); the e2e checks the server's batched
N-1 run against the first and imports the doubled-load network to show a non-converged outage.

Run with the project's venv:  .venv/bin/python web/scripts/make_ctg_fixture.py [--out DIR | --print NAME] [--check]
  --print NAME          print one fixture's JSON (n-1 or nonconverged)
  --print-network NAME  print the fixture's network as GridSolve JSON (what the e2e imports)
  --check               regenerate in memory and fail if a committed fixture differs (engine drift).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WEB = HERE.parent
REPO = WEB.parent
sys.path.insert(0, str(REPO / "solver_layer"))

from gridsolve import io  # noqa: E402
from gridsolve.model import Network  # noqa: E402

CASE = REPO / "solver_layer" / "gridsolve" / "samples" / "case30.m"
OUT = WEB / "test-vectors" / "contingency"
#: name -> (file, load scaling, outages: "n-1" or a list)
FIXTURES: dict[str, tuple[str, float, str | list[list[str]]]] = {
    "n-1": ("case30_n1.json", 1.0, "n-1"),
    "nonconverged": ("case30_nonconverged.json", 2.0, [["br_10"], ["gen_4"], ["br_1"]]),
}


def network(load_scaling: float) -> Network:
    net = io.read_case(CASE)
    if load_scaling != 1.0:
        net.name = f"case30 loads x{load_scaling:g}"
        for load in net.loads:
            load.scaling = load_scaling
    return net


def result(load_scaling: float, outages: str | list[list[str]]) -> str:
    """The CLI's JSON for the case (written to a GridSolve JSON file when its loads are scaled)."""
    with tempfile.TemporaryDirectory() as tmp:
        case = str(CASE)
        if load_scaling != 1.0:
            case = str(Path(tmp) / "case.json")
            Path(case).write_text(str(io.dumps(network(load_scaling), "json")))
        arg = outages
        if not isinstance(outages, str):
            arg = str(Path(tmp) / "outages.json")
            Path(arg).write_text(json.dumps(outages))
        path = os.pathsep.join([str(REPO / "solver_layer"), os.environ.get("PYTHONPATH", "")])
        cmd = [sys.executable, "-m", "gridsolve", "contingency", case, "--outages", arg, "--format", "json"]
        proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": path}, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"gridsolve contingency failed: {proc.stderr[-2000:]}")
    out = json.loads(proc.stdout)
    out.get("summary", {}).pop("wall_time_s", None)  # how long it took is no part of the answer (and never equal)
    return json.dumps(out, indent=1, sort_keys=True) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--print", choices=sorted(FIXTURES), dest="one")
    ap.add_argument("--print-network", choices=sorted(FIXTURES), dest="net")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.one:
        sys.stdout.write(result(*FIXTURES[args.one][1:]))
        return 0
    if args.net:
        sys.stdout.write(str(io.dumps(network(FIXTURES[args.net][1]), "json")))
        return 0
    stale = []
    for file, scaling, params in FIXTURES.values():
        text = result(scaling, params)
        if args.check:
            if (OUT / file).read_text() != text:
                stale.append(file)
        else:
            (Path(args.out) / file).write_text(text)
    if stale:
        print(f"{', '.join(stale)}: not what the engine writes now (run web/scripts/make_ctg_fixture.py)",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
