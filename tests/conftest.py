"""Shared test helpers: where the reference data lives."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
SHARED = REPO.parent / "shared" / "data"
# The IEEE samples the engine ships (case14/30/57/118.m) are tested in place, not from a copy.
SAMPLES = REPO / "solver_layer" / "gridsolve" / "samples"


def find_data(relative: str) -> Path | None:
    """A file from tests/data (plain or .gz), the engine's bundled samples for `matpower/<case>.m`,
    else from ../shared/data; None if none has it."""
    if relative.startswith("matpower/") and (SAMPLES / relative.removeprefix("matpower/")).exists():
        return SAMPLES / relative.removeprefix("matpower/")
    for base in (DATA, SHARED):
        for candidate in (base / relative, base / (relative + ".gz")):
            if candidate.exists():
                return candidate
    return None


def require_data(relative: str) -> Path:
    path = find_data(relative)
    if path is None:
        pytest.skip(f"reference data {relative} is not in tests/data or ../shared/data")
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    text = gzip.decompress(path.read_bytes()).decode() if path.suffix == ".gz" else path.read_text()
    return list(csv.DictReader(text.splitlines()))
