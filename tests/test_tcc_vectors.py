"""The browser TCC view's vectors (web/src/protection/tcc_vectors.json) are the engine's current output: a change of
a curve constant, a fuse curve or the coordination rules without `web/scripts/make_tcc_vectors.py` fails here, and
vitest (web/src/protection/tcc.test.ts) checks the TypeScript times against them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VECTORS = REPO / "web" / "src" / "protection" / "tcc_vectors.json"


def test_tcc_vectors_are_current():
    out = subprocess.run([sys.executable, "web/scripts/make_tcc_vectors.py", "--check"], cwd=REPO,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_vectors_equal_the_command_line():
    """One vector against a real `python -m gridsolve tcc` process (the generator calls the same command in-process)."""
    v = next(x for x in json.loads(VECTORS.read_text())["relay"] if x["curve"] == "IEEE-VI" and x["dial"] == 1.0)
    cmd = [sys.executable, "-m", "gridsolve", "tcc", "IEEE-VI", "--pickup", repr(v["pickup_a"]), "--dial", "1.0",
           "--current", *map(repr, v["currents_a"]), "--format", "json"]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["times_s"] == v["times_s"]


def test_feeder_view_fixture_is_current():
    """The feeder view's IEEE 13 fixture (web/src/feeder/ieee13_vectors.json) is the engine's import and result."""
    out = subprocess.run([sys.executable, "web/scripts/make_feeder_vectors.py", "--check"], cwd=REPO,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
