"""Bundled sample grids (IEEE 14, 30, 57, 118 bus, MATPOWER format) for demos and the platform's sample projects."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ..io import read_case
from ..model import Network

SAMPLES = {"ieee14": "case14.m", "ieee30": "case30.m", "ieee57": "case57.m", "ieee118": "case118.m"}


def sample_path(name: str) -> Path:
    """Path of a bundled sample, by key (ieee14) or file name (case14.m)."""
    file = SAMPLES.get(name, name)
    if file not in SAMPLES.values():
        raise KeyError(f"no sample '{name}' (choose {', '.join(SAMPLES)})")
    return Path(str(resources.files(__package__) / file))


def load_sample(name: str) -> Network:
    return read_case(sample_path(name))
