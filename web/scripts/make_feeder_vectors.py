"""Write the feeder view's test fixture (web/src/feeder/ieee13_vectors.json): IEEE 13 as the OpenDSS import gives it
(gridsolve.io.opendss.read_opendss, coordinates dropped as the API drops them) and the engine's unbalanced result
(gridsolve.unbalanced.run_unbalanced, the script's own controls). src/feeder/profile.test.ts checks the per-phase
view model against it and against distances worked out by hand from the .dss line lengths.

  .venv/bin/python web/scripts/make_feeder_vectors.py [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WEB = HERE.parent
REPO = WEB.parent
sys.path.insert(0, str(REPO / "solver_layer"))

from gridsolve.io.opendss import read_opendss  # noqa: E402
from gridsolve.unbalanced import UnbalancedOptions, run_unbalanced  # noqa: E402

OUT = WEB / "src" / "feeder" / "ieee13_vectors.json"


def vectors() -> dict:
    feeder = read_opendss(REPO / "tests" / "data" / "opendss" / "ieee13" / "IEEE13Nodeckt.dss")
    result = run_unbalanced(feeder, UnbalancedOptions()).to_dict()
    data = feeder.model_copy(update={"coordinates": {}}).model_dump(mode="json")
    return {"about": "written by web/scripts/make_feeder_vectors.py from the engine; do not edit",
            "feeder": data, "result": result}


def main() -> int:
    text = json.dumps(vectors(), separators=(",", ":")) + "\n"
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text() != text:
            print(f"{OUT.relative_to(REPO)} is stale: run web/scripts/make_feeder_vectors.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(REPO)} ({len(text)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
