"""The public sample projects (IEEE 14/30/57/118 from the engine's bundled MATPOWER files), created once."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chalicelib import engine
from chalicelib.projects import diagram, layout
from chalicelib.storage.db import Database
from chalicelib.storage.models import Project

log = logging.getLogger("gridsolve.projects")


def seed_samples(db: Database) -> int:
    """Create the public sample projects that do not exist yet (idempotent, safe against a concurrent start)."""
    made = 0
    for key, (filename, title) in engine.SAMPLES.items():
        try:
            made += _seed_one(db, key, filename, title)
        except IntegrityError:  # another process created it at the same moment
            continue
    return made


def _seed_one(db: Database, key: str, filename: str, title: str) -> int:
    with db.session() as s:
        if s.scalar(select(Project.id).where(Project.sample_key == key)) is not None:
            return 0
        try:
            text = engine.sample_text(filename)
        except (FileNotFoundError, ModuleNotFoundError, OSError):
            log.warning("sample %s not bundled with the engine; skipped", filename)
            return 0
        net = engine.parse_import(text, "matpower", title).network
        drawing = layout.complete(net, diagram.Diagram())
        s.add(Project(
            name=title, description=f"Public sample: {title} (MATPOWER {filename}). Fork it to edit.",
            is_public=True, sample_key=key, network_json=engine.network_json(net), bus_count=len(net.buses),
            diagram_json=diagram.to_json(drawing),
        ))
    return 1
