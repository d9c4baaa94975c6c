"""The browser's TypeScript types, labels and JSON schemas are generated from the engine's and service's models and
must be current: a model change without `scripts/gen_contract.py` fails here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_generated_contract_is_current():
    if not (REPO / "web" / "node_modules" / "json-schema-to-typescript").exists():
        pytest.skip("web/node_modules is not installed (make install-web)")
    out = subprocess.run([sys.executable, "scripts/gen_contract.py", "--check"], cwd=REPO, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr


def test_contract_names_every_study_type():
    from gridsolve.studies import STUDY_TYPES

    types = (REPO / "web" / "src" / "contract" / "types.ts").read_text()
    for st in STUDY_TYPES.values():
        for model in (st.options, st.result, st.summary):
            assert f"export interface {model.__name__} " in types
