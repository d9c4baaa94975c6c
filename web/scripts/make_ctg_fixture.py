"""Write the contingency view model's test fixture: the engine's N-1 result on MATPOWER case30 (every branch and
generator, default options), as the contingency study type's `run` builds it in one process (what the CLI prints
with --format json). The browser's table, filters and diagram marks are tested on it (src/studies/contingency.test.ts),
and the e2e checks the server's batched run against it.

Run with the project's venv:  .venv/bin/python web/scripts/make_ctg_fixture.py [--out FILE|-] [--check]
  --out -   print the JSON
  --check   regenerate in memory and fail if the committed fixture differs (engine drift).
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
from gridsolve.studies import STUDY_TYPES  # noqa: E402

CASE = REPO / "solver_layer" / "gridsolve" / "samples" / "case30.m"
FIXTURE = WEB / "test-vectors" / "contingency_case30.json"


def result() -> dict[str, Any]:
    st = STUDY_TYPES["contingency"]
    out = st.run(io.read_case(CASE), st.parse_options(None, {"outages": "n-1"}), None)
    if out.status != "completed":
        raise SystemExit(f"the contingency study failed: {out.error_message}")
    return out.result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(FIXTURE))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    text = json.dumps(result(), indent=1, sort_keys=True) + "\n"
    if args.check:
        if FIXTURE.read_text() != text:
            print(f"{FIXTURE} is not what the engine writes now: run web/scripts/make_ctg_fixture.py", file=sys.stderr)
            return 1
        return 0
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
