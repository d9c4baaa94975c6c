"""project diagram: bus positions move out of the network into the project's diagram

Network schema 1.0 kept diagram positions on the buses (x, y, length, orientation); schema 2.0 does not. Each
project's positions move, without loss, into `projects.diagram_json`
({"version": 1, "elements": {bus_id: {x, y, length, rotation}}}); downgrade moves them back.
The logic is written out here (not imported from the engine) so that the migration stays what it was.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 09:30:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MOVED = ("x", "y", "length", "orientation")
projects = sa.table("projects", sa.column("id", sa.String), sa.column("network_json", sa.Text),
                    sa.column("diagram_json", sa.Text))


def split(network: dict) -> tuple[dict, dict]:
    """(network without diagram fields, diagram) for one stored network."""
    elements = {}
    buses = []
    for bus in network.get("buses") or []:
        place = {}
        if bus.get("x") is not None and bus.get("y") is not None:
            place = {"x": bus["x"], "y": bus["y"]}
        if bus.get("length") is not None:
            place["length"] = bus["length"]
        if bus.get("orientation") == "vertical":
            place["rotation"] = 90
        if place:
            elements[bus["id"]] = place
        buses.append({k: v for k, v in bus.items() if k not in MOVED})
    return {**network, "schema_version": "2.0", "buses": buses}, {"version": 1, "elements": elements}


def join(network: dict, diagram: dict) -> dict:
    """The inverse of `split` (schema 1.0 network with the positions on its buses)."""
    elements = (diagram or {}).get("elements", {})
    buses = []
    for bus in network.get("buses") or []:
        place = elements.get(bus["id"], {})
        extra = {k: place[k] for k in ("x", "y", "length") if place.get(k) is not None}
        if place.get("rotation") in (90, 270):
            extra["orientation"] = "vertical"
        buses.append({**bus, **extra})
    return {**network, "schema_version": "1.0", "buses": buses}


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        batch.add_column(sa.Column("diagram_json", sa.Text(), nullable=True))
    conn = op.get_bind()
    for pid, text in conn.execute(sa.select(projects.c.id, projects.c.network_json)).all():
        network, diagram = split(json.loads(text))
        conn.execute(projects.update().where(projects.c.id == pid).values(
            network_json=json.dumps(network, separators=(",", ":")), diagram_json=json.dumps(diagram)))


def downgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(projects.c.id, projects.c.network_json, projects.c.diagram_json)).all()
    for pid, text, diagram in rows:
        network = join(json.loads(text), json.loads(diagram) if diagram else {})
        conn.execute(projects.update().where(projects.c.id == pid).values(
            network_json=json.dumps(network, separators=(",", ":"))))
    with op.batch_alter_table("projects") as batch:
        batch.drop_column("diagram_json")
