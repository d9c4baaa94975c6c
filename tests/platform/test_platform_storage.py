"""Storage: Alembic migrations on SQLite and PostgreSQL, the blob store, configuration."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from chalicelib.config import load_settings, normalize_db_url
from chalicelib.equipment.models import include_object
from chalicelib.storage.blobstore import LocalBlobStore
from chalicelib.storage.db import Database, alembic_config, migrate
from chalicelib.storage.models import Base


def test_migrations_create_every_model_table(platform):
    insp = inspect(platform.db.engine)
    tables = set(insp.get_table_names())
    assert {t.name for t in Base.metadata.sorted_tables} <= tables
    with platform.db.engine.connect() as c:
        head = ScriptDirectory.from_config(alembic_config(platform.db.url)).get_current_head()
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
    migrate(platform.db.engine)  # idempotent


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index ix_equipment_name_order")
def test_migrations_match_models(platform):
    """The migration scripts and the SQLAlchemy models describe the same schema (no pending autogenerate)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with platform.db.engine.connect() as c:
        context = MigrationContext.configure(c, opts={"include_object": include_object})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_fresh_sqlite_file_under_data_dir(tmp_path):
    s = load_settings({"GRIDSOLVE_DATA_DIR": str(tmp_path / "d")})
    assert s.database_url == f"sqlite:///{tmp_path / 'd' / 'gridsolve.sqlite3'}"
    db = Database(s.database_url)
    assert (tmp_path / "d" / "gridsolve.sqlite3").exists()
    db.dispose()
    # the generated JWT secret persists across restarts
    assert load_settings({"GRIDSOLVE_DATA_DIR": str(tmp_path / "d")}).jwt_secret == s.jwt_secret
    assert (tmp_path / "d" / "jwt_secret").stat().st_mode & 0o077 == 0


def test_database_url_spellings():
    assert normalize_db_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_db_url("sqlite:///x") == "sqlite:///x"


def test_blob_store(tmp_path):
    b = LocalBlobStore(tmp_path / "blobs")
    b.put("studies/abc/result.json", b"{}")
    assert b.get("studies/abc/result.json") == b"{}" and b.exists("studies/abc/result.json")
    b.put("studies/abc/result.json", b"[1]")
    assert b.get("studies/abc/result.json") == b"[1]"
    with pytest.raises(KeyError):
        b.get("studies/none.json")
    for bad in ("../x", "/etc/passwd", "a/../../b", ""):
        with pytest.raises(ValueError):
            b.put(bad, b"x")
    b.delete_prefix("studies/abc")
    assert not b.exists("studies/abc/result.json")
    b.delete_prefix("studies/never")
    assert not list((tmp_path / "blobs" / "studies").glob(".tmp-*"))


def test_s3_blob_store_with_moto():
    boto3 = pytest.importorskip("boto3")
    moto = pytest.importorskip("moto")
    from chalicelib.storage.blobstore import S3BlobStore

    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="gs-blobs")
        b = S3BlobStore("gs-blobs", "env1", client=client)
        b.put("studies/abc/result.json", b"{}")
        b.put("studies/abc/input.json", b"[]")
        assert b.get("studies/abc/result.json") == b"{}" and b.exists("studies/abc/input.json")
        assert client.list_objects_v2(Bucket="gs-blobs")["Contents"][0]["Key"].startswith("env1/studies/")
        with pytest.raises(KeyError):
            b.get("studies/none.json")
        with pytest.raises(ValueError):
            b.put("../escape", b"x")
        b.delete_prefix("studies/abc")
        assert not b.exists("studies/abc/result.json")


def test_lambda_settings(tmp_path):
    env = {"AWS_LAMBDA_FUNCTION_NAME": "fn", "GRIDSOLVE_DATA_DIR": str(tmp_path)}
    with pytest.raises(RuntimeError, match="GRIDSOLVE_JWT_SECRET"):
        load_settings(env)
    s = load_settings({**env, "GRIDSOLVE_JWT_SECRET": "k" * 40, "GRIDSOLVE_BLOB_BUCKET": "b"})
    assert s.blob_bucket == "b" and s.jwt_secret == "k" * 40


def test_upgrade_step_by_step_and_downgrade(backend, db_urls, tmp_path):
    """Each migration applies on top of the previous one with data in place, and downgrades cleanly."""
    from alembic import command

    with migration_db(backend, tmp_path) as (url, engine):
        run(url, engine, command.upgrade, "0001")
        with engine.begin() as c:
            c.execute(
                text(
                    "INSERT INTO users (id, email, name, plan, created_at) "
                    "VALUES ('u1', 'a@b.co', 'A', 'local', CURRENT_TIMESTAMP)"
                )
            )
        run(url, engine, command.upgrade, "head")
        with engine.begin() as c:
            assert c.execute(text("SELECT email FROM users")).scalar() == "a@b.co"
            assert "login_codes" in inspect(c).get_table_names()
        run(url, engine, command.downgrade, "base")
        with engine.connect() as c:
            assert "users" not in inspect(c).get_table_names()


def test_diagram_migration_keeps_every_coordinate(backend, db_urls, tmp_path):
    """0003 moves each project's bus positions (schema 1.0 x, y, length, orientation) into its diagram without
    loss, and the downgrade moves them back."""
    import json

    from alembic import command

    old = {"schema_version": "1.0", "name": "n", "buses": [
        {"id": "a", "vn_kv": 20.0, "x": 10.5, "y": -20.25, "length": 140.0, "orientation": "vertical"},
        {"id": "b", "vn_kv": 20.0, "x": 300.0, "y": 40.0},
        {"id": "c", "vn_kv": 20.0}]}

    with migration_db(backend, tmp_path) as (url, engine):
        run(url, engine, command.upgrade, "0002")
        with engine.begin() as c:
            c.execute(text("INSERT INTO projects (id, name, description, is_public, version, bus_count, network_json, "
                           "created_at, updated_at) VALUES ('p1', 'P', '', false, 3, 3, :net, CURRENT_TIMESTAMP, "
                           "CURRENT_TIMESTAMP)"), {"net": json.dumps(old)})
        run(url, engine, command.upgrade, "head")
        with engine.begin() as c:
            net_json, diagram_json, version = c.execute(
                text("SELECT network_json, diagram_json, version FROM projects")).one()
        network, diagram = json.loads(net_json), json.loads(diagram_json)
        assert diagram == {"version": 1, "elements": {
            "a": {"x": 10.5, "y": -20.25, "length": 140.0, "rotation": 90}, "b": {"x": 300.0, "y": 40.0}}}
        assert network["schema_version"] == "2.0" and version == 3
        assert network["buses"] == [{"id": "a", "vn_kv": 20.0}, {"id": "b", "vn_kv": 20.0}, {"id": "c", "vn_kv": 20.0}]
        run(url, engine, command.downgrade, "0002")
        with engine.begin() as c:
            restored = json.loads(c.execute(text("SELECT network_json FROM projects")).scalar())
        assert restored["buses"] == old["buses"]


def test_equipment_payload_migration_keeps_every_value(backend, db_urls, tmp_path):
    """0011 moves each entry's key parameters, tags and provenance into `equipment_payload` and rebuilds the
    equipment table without them (the downgrade moves them back); SQLite's FTS5 index still follows the rows."""
    import datetime

    import sqlalchemy as sa
    from alembic import command

    now = datetime.datetime(2026, 12, 1, 12, 0)
    values = {"source": "library", "manufacturer": "Southwire", "manufacturer_key": "southwire",
              "category": "conductor", "subcategory": "ACSR", "fuzzy_text": "", "keys": "", "revision": "r1",
              "blob_key": "k", "version": 1, "created_at": now, "updated_at": now}
    json_columns = ("parameters", "tags", "provenance")
    old = sa.table("equipment", *(sa.column(c) for c in ("pk", "id", "name", "search_text", *values)),
                   *(sa.column(c, sa.JSON) for c in json_columns))
    drake = {"parameters": {"code_name": "Drake", "stranding": [26, 7]}, "tags": ["acsr", "overhead"],
             "provenance": {"sources": [{"title": "Southwire catalogue"}], "note": "ü, \"quoted\""}}

    def fts(c, word: str) -> list[int]:
        if backend != "sqlite":
            return []
        return [r[0] for r in c.execute(text("SELECT rowid FROM equipment_fts WHERE equipment_fts MATCH :w"),
                                        {"w": f'"{word}"'})]

    with migration_db(backend, tmp_path) as (url, engine):
        run(url, engine, command.upgrade, "0010")
        with engine.begin() as c:
            c.execute(sa.insert(old), [{**values, "pk": 1, "id": "drake", "name": "ACSR Drake",
                                        "search_text": "  acsr   drake ", **drake}])
        run(url, engine, command.upgrade, "0011")
        with engine.begin() as c:
            columns = {col["name"] for col in inspect(c).get_columns("equipment")}
            assert not columns & set(json_columns)
            payload = sa.table("equipment_payload", sa.column("pk"), *(sa.column(n, sa.JSON) for n in json_columns))
            assert c.execute(sa.select(payload)).one()._asdict() == {"pk": 1, **drake}
            indexes = ("SELECT name FROM sqlite_master WHERE type = 'index'" if backend == "sqlite" else
                       "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")
            assert "ix_equipment_name_order" in set(c.execute(text(indexes)).scalars())
            new = sa.table("equipment", *(sa.column(n) for n in ("pk", "id", "name", "search_text", *values)))
            c.execute(sa.insert(new), [{**values, "pk": 2, "id": "cardinal", "name": "ACSR Cardinal",
                                        "search_text": "  acsr   cardinal "}])
            if backend == "sqlite":  # the triggers were made again with the rebuilt table
                assert fts(c, "acsr") == [1, 2] and fts(c, "cardinal") == [2]
                c.execute(text("DELETE FROM equipment WHERE pk = 2"))
                assert fts(c, "acsr") == [1]
                c.execute(text("UPDATE equipment SET search_text = '  acsr   drakes ' WHERE pk = 1"))
                assert fts(c, "drakes") == [1]
            else:
                c.execute(text("DELETE FROM equipment WHERE pk = 2"))
        run(url, engine, command.downgrade, "0010")
        with engine.begin() as c:
            assert "equipment_payload" not in inspect(c).get_table_names()
            row = c.execute(sa.select(old.c.pk, *(old.c[n] for n in json_columns))).one()._asdict()
            assert row == {"pk": 1, **drake}
            if backend == "sqlite":
                assert fts(c, "drakes") == [1]


@contextmanager
def migration_db(backend: str, tmp_path):
    """An empty database of `backend` (a private schema on PostgreSQL) and its engine, removed afterwards."""
    from chalicelib.storage.db import make_engine

    schema = None
    if backend == "postgres":
        import uuid

        from .conftest import PG_HELP, PG_URL, _pg_exec, _pg_schema_url, pg_available

        ok, err = pg_available()
        if not ok:
            pytest.skip(PG_HELP.format(url=PG_URL, err=err))
        schema = f"gs_mig_{uuid.uuid4().hex[:8]}"
        _pg_exec(f'CREATE SCHEMA "{schema}"')
        url = normalize_db_url(_pg_schema_url(schema))
    else:
        url = f"sqlite:///{tmp_path / 'mig.sqlite3'}"
    engine = make_engine(url)
    try:
        yield url, engine
    finally:
        engine.dispose()
        if schema:
            _pg_exec(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def run(url, engine, fn, rev) -> None:
    """An Alembic command (upgrade/downgrade to `rev`) on `engine`."""
    from chalicelib.storage.db import alembic_config

    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, rev)
