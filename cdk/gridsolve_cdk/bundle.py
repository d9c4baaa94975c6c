"""The code assets: the service's source staged as a Chalice project (app.py, chalicelib/, step_functions/ and a
.chalice/config.json) for the API function and the task handlers, and the paths of the prebuilt layers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LAYERS = REPO / "build" / "lambda"
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "migrations_test*")


def stage_service(out: Path) -> Path:
    """A Chalice project directory with the service code and no requirements of its own (they come from the
    service and solver layers), rebuilt from the repository each synth."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copy2(REPO / "app.py", out / "app.py")
    for pkg in ("chalicelib", "step_functions"):
        shutil.copytree(REPO / pkg, out / pkg, ignore=IGNORE)
    (out / "requirements.txt").write_text("# dependencies are in the service and solver Lambda layers\n")
    (out / ".chalice").mkdir()
    (out / ".chalice" / "config.json").write_text(json.dumps({"version": "2.0", "app_name": "gridsolve",
                                                              "stages": {}}, indent=2))
    return out


def layer_dir(name: str) -> str:
    path = LAYERS / name
    if not (path / "python").is_dir():
        raise FileNotFoundError(f"{path} is missing: run `.venv/bin/python scripts/build_lambda_layers.py` "
                                "(make synth does)")
    return str(path)
