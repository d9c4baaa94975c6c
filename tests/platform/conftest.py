"""Fixtures for the platform (service) tests.

Storage and API tests run against SQLite and PostgreSQL. PostgreSQL is taken from GRIDSOLVE_TEST_PG
(default postgresql://postgres@127.0.0.1:5432/test); each pytest worker uses its own schema, dropped at the end.
"""

from __future__ import annotations

import json
import os
import secrets
import uuid
from dataclasses import replace

import pytest

from chalicelib.config import load_settings
from chalicelib.platform import Platform, get_platform, set_platform
from chalicelib.storage.db import Database
from chalicelib.storage.models import Base

# Fast, deterministic settings for every in-process test (the process environment is left alone, so suites
# that start servers of their own are not affected).
TEST_ENV = {
    "GRIDSOLVE_BCRYPT_ROUNDS": "4",
    "GRIDSOLVE_RATE_LIMIT_LOGIN": "1000/60",
    "GRIDSOLVE_RATE_LIMIT_REGISTER": "1000/60",
    "GRIDSOLVE_RATE_LIMIT_LOGIN_ACCOUNT_CLIENT": "1000/60",
    "GRIDSOLVE_RATE_LIMIT_LOGIN_ACCOUNT": "1000/60",
    "GRIDSOLVE_RATE_LIMIT_PASSWORD_RESET": "1000/60",
    "GRIDSOLVE_RUNNER": "inline",
    "GRIDSOLVE_SEED_SAMPLES": "0",
    "GRIDSOLVE_DEFAULT_PLAN": "local",
    "GRIDSOLVE_RENDER_REPORTS": "0",  # the report tests turn it on (rendering takes a second or two a study)
}

PG_URL = os.environ.get("GRIDSOLVE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
PG_HELP = (
    "PostgreSQL not reachable at {url} ({err}); PostgreSQL variants skipped. To run them, start PostgreSQL "
    "with trust auth and a database 'test' on 127.0.0.1:5432, or set GRIDSOLVE_TEST_PG to a server URL."
)
_pg_state: dict[str, object] = {}


def pg_available() -> tuple[bool, str]:
    if "ok" not in _pg_state:
        try:
            import psycopg

            with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3):
                pass
            _pg_state.update(ok=True, err="")
        except Exception as exc:  # noqa: BLE001
            _pg_state.update(ok=False, err=f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:120]}")
    return bool(_pg_state["ok"]), str(_pg_state["err"])


def _pg_schema_url(schema: str) -> str:
    base = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def _pg_exec(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as c:
        c.execute(sql)


@pytest.fixture(scope="session")
def db_urls(tmp_path_factory):
    """One database per backend per test session (per xdist worker)."""
    urls: dict[str, str] = {}
    d = tmp_path_factory.mktemp("db")
    urls["sqlite"] = f"sqlite:///{d / 'gridsolve.sqlite3'}"
    ok, _ = pg_available()
    schema = None
    if ok:
        schema = f"gs_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
        _pg_exec(f'CREATE SCHEMA "{schema}"')
        urls["postgres"] = _pg_schema_url(schema)
    yield urls
    if schema:
        _pg_exec(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


_databases: dict[str, Database] = {}


def database_for(backend: str, db_urls) -> Database:
    if backend == "postgres":
        ok, err = pg_available()
        if not ok:
            pytest.skip(PG_HELP.format(url=PG_URL, err=err))
    from chalicelib.config import normalize_db_url

    url = normalize_db_url(db_urls[backend])
    if url not in _databases:
        _databases[url] = Database(url, run_migrations=True)
    return _databases[url]


def truncate(db: Database) -> None:
    with db.engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request):
    return request.param


@pytest.fixture
def settings(tmp_path, backend, db_urls):
    db = database_for(backend, db_urls)
    s = load_settings(
        {
            **os.environ,
            **TEST_ENV,
            "GRIDSOLVE_DATA_DIR": str(tmp_path / "data"),
            "GRIDSOLVE_JWT_SECRET": secrets.token_hex(16),
        }
    )
    return replace(s, database_url=db.url)


@pytest.fixture
def make_platform(backend, db_urls):
    made: list[Platform] = []

    def make(settings, start: bool = True) -> Platform:
        db = database_for(backend, db_urls)
        truncate(db)
        p = Platform(settings, db=db, start=start)
        set_platform(p)
        made.append(p)
        return p

    yield make
    set_platform(None)
    for p in made:
        p.close()


@pytest.fixture
def platform(settings, make_platform):
    return make_platform(settings)


def mailed_token(platform, email: str, route: str = "/api/auth/verify-email") -> str:
    """The token of the newest link to `route` mailed to `email` (the local outbox)."""
    from chalicelib.accounts.mail import read_outbox

    for msg in reversed(read_outbox(platform.settings.data_dir / "outbox", to=email)):
        body = msg.get_content()
        if route + "?token=" in body:
            return body.split(route + "?token=", 1)[1].split()[0]
    raise AssertionError(f"no mail with a {route} link to {email}")


class Api:
    """Thin JSON wrapper over chalice.test.Client."""

    def __init__(self, client, platform=None):
        self.client = client
        self.platform = platform
        self.token: str | None = None

    def call(self, method: str, path: str, body=None, token: str | None = "default", headers=None, raw=None):
        h = {"Content-Type": "application/json"}
        tok = self.token if token == "default" else token
        if tok:
            h["Authorization"] = f"Bearer {tok}"
        h.update(headers or {})
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        resp = getattr(self.client.http, method.lower())(path, headers=h, body=data)
        return Resp(resp)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body=body if body is not None else {}, **kw)

    def patch(self, path, body=None, **kw):
        return self.call("PATCH", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)

    def register(self, email: str | None = None, password: str = "correct horse battery", name: str = "Test",
                 verify: bool = True):
        """A new account; its address verified through the mailed link unless `verify` is False."""
        email = email or f"user-{uuid.uuid4().hex[:10]}@example.com"
        r = self.post("/api/auth/register", {"email": email, "password": password, "name": name}, token=None)
        assert r.status == 201, r.json
        if verify:
            token = mailed_token(self.platform or get_platform(), r.json["user"]["email"])
            assert self.post("/api/auth/verify-email", {"token": token}, token=None).status == 200
        return User(self, email, password, r.json["access_token"], r.json["refresh_token"], r.json["user"]["id"])


class Resp:
    def __init__(self, resp):
        self.status = resp.status_code
        self.headers = {k.lower(): v for k, v in resp.headers.items()}
        self.body = resp.body if isinstance(resp.body, bytes) else (resp.body or "").encode()
        try:
            self.json = json.loads(self.body) if self.body else None
        except ValueError:
            self.json = None

    @property
    def text(self) -> str:
        return self.body.decode()

    def __repr__(self):
        return f"<{self.status} {self.body[:300]!r}>"


class User:
    def __init__(self, api: Api, email, password, access, refresh, user_id):
        self.api, self.email, self.password = api, email, password
        self.access, self.refresh, self.id = access, refresh, user_id

    def get(self, path, **kw):
        return self.api.get(path, token=self.access, **kw)

    def post(self, path, body=None, **kw):
        return self.api.post(path, body, token=self.access, **kw)

    def patch(self, path, body=None, **kw):
        return self.api.patch(path, body, token=self.access, **kw)

    def delete(self, path, **kw):
        return self.api.delete(path, token=self.access, **kw)


@pytest.fixture
def api(platform):
    from chalice.test import Client

    from app import app

    with Client(app) as client:
        yield Api(client, platform)
