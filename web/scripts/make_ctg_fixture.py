"""Write the contingency view model's test fixtures: the engine's results on MATPOWER case30 as the contingency
study type's `run` builds them in one process (what the CLI prints with --format json): N-1 of every branch and
generator with the default options, and three outages of case30 with every load doubled (Load.scaling 2), where
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
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WEB = HERE.parent
REPO = WEB.parent
sys.path.insert(0, str(REPO / "solver_layer"))

from gridsolve import io  # noqa: E402
from gridsolve.model import Network  # noqa: E402
from gridsolve.studies import STUDY_TYPES  # noqa: E402

CASE = REPO / "solver_layer" / "gridsolve" / "samples" / "case30.m"
OUT = WEB / "test-vectors" / "contingency"
#: name -> (file, load scaling, study parameters)
FIXTURES: dict[str, tuple[str, float, dict[str, Any]]] = {
    "n-1": ("case30_n1.json", 1.0, {"outages": "n-1"}),
    "nonconverged": ("case30_nonconverged.json", 2.0, {"outages": [["br_10"], ["gen_4"], ["br_1"]]}),
}


def network(load_scaling: float) -> Network:
    net = io.read_case(CASE)
    if load_scaling != 1.0:
        net.name = f"case30 loads x{load_scaling:g}"
        for load in net.loads:
            load.scaling = load_scaling
    return net


def result(load_scaling: float, params: dict[str, Any]) -> str:
    st = STUDY_TYPES["contingency"]
    out = st.run(network(load_scaling), st.parse_options(None, params), None)
    if out.status != "completed":
        raise SystemExit(f"the contingency study failed: {out.error_message}")
    return json.dumps(out.result, indent=1, sort_keys=True) + "\n"


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
