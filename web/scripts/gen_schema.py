"""Write the engine's Network JSON Schema for the browser's property panel (ajv).

  .venv/bin/python web/scripts/gen_schema.py          # write web/src/schema/network.schema.json
  .venv/bin/python web/scripts/gen_schema.py --check  # exit 1 if the committed file is stale
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(WEB.parent / "solver_layer"))
TARGET = WEB / "src" / "schema" / "network.schema.json"


def generate() -> str:
    from gridsolve.model import Network

    return json.dumps(Network.model_json_schema(), indent=1, sort_keys=True) + "\n"


def main() -> int:
    text = generate()
    if "--check" in sys.argv:
        if not TARGET.exists() or json.loads(TARGET.read_text()) != json.loads(text):
            print(f"{TARGET} is stale: run web/scripts/gen_schema.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
