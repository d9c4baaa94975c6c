"""Registration, login, refresh rotation with family revocation, logout, me, rate limits."""

from __future__ import annotations

import time
from dataclasses import replace

import jwt

from chalicelib.accounts import throttle
from chalicelib.accounts.passwords import hash_password, verify_password


def test_register_login_me(api):
    r = api.post(
        "/api/auth/register", {"email": "Ada@Example.com", "password": "s3cret-pass-ohm-law", "name": "Ada"}, token=None
    )
    assert r.status == 201
    assert r.json["user"]["email"] == "ada@example.com"
    assert r.json["access_token"] and r.json["refresh_token"]
    assert "password_hash" not in r.json["user"]
    r = api.post("/api/auth/login", {"email": "ada@example.com", "password": "s3cret-pass-ohm-law"}, token=None)
    assert r.status == 200
    access = r.json["access_token"]
    me = api.get("/api/auth/me", token=access)
    assert me.status == 200 and me.json["email"] == "ada@example.com" and me.json["name"] == "Ada"
    assert me.json["organizations"] == [] and me.json["invitations"] == []


def test_access_token_lifetimes(api, platform):
    u = api.register()
    claims = jwt.decode(u.access, platform.settings.jwt_secret, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == 24 * 3600
    assert claims["sub"] == u.id


def test_register_errors(api):
    r = api.post("/api/auth/register", {"email": "nope", "password": "long-enough-kV-bus"}, token=None)
    assert r.status == 400 and r.json["error"]["fields"][0]["field"] == "email"
    r = api.post("/api/auth/register", {"email": "a@b.co", "password": "short"}, token=None)
    assert r.status == 400 and r.json["error"]["fields"][0]["field"] == "password"
    api.register("dup@example.com")
    r = api.post("/api/auth/register", {"email": "DUP@example.com", "password": "long-enough-kV-bus"}, token=None)
    assert r.status == 409
    r = api.call("POST", "/api/auth/register", raw="{not json", token=None)
    assert r.status == 400 and r.json["error"]["code"] == "invalid_json"
    r = api.call("POST", "/api/auth/register", raw="[1,2]", token=None)
    assert r.status == 400


def test_login_wrong_password_is_401(api):
    u = api.register()
    r = api.post("/api/auth/login", {"email": u.email, "password": "wrong-password"}, token=None)
    assert r.status == 401 and r.json["error"]["code"] == "invalid_credentials"
    r = api.post("/api/auth/login", {"email": "nobody@example.com", "password": "wrong-password"}, token=None)
    assert r.status == 401
    r = api.post("/api/auth/login", {"email": u.email}, token=None)
    assert r.status == 400


def test_unauthenticated_and_bad_tokens(api, platform):
    assert api.get("/api/auth/me", token=None).status == 401
    assert api.get("/api/auth/me", token="garbage").status == 401
    assert api.get("/api/auth/me", headers={"Authorization": "Basic abc"}, token=None).status == 401
    expired = jwt.encode(
        {"sub": "x", "sid": "y", "typ": "access", "iat": 1, "exp": 2}, platform.settings.jwt_secret, algorithm="HS256"
    )
    r = api.get("/api/auth/me", token=expired)
    assert r.status == 401 and r.json["error"]["code"] == "token_expired"
    forged = jwt.encode(
        {"sub": "x", "sid": "y", "typ": "access", "iat": 1, "exp": int(time.time()) + 60},
        "another-secret-another-secret-another-secret",
        algorithm="HS256",
    )
    assert api.get("/api/auth/me", token=forged).status == 401


def test_refresh_rotation_and_reuse_revokes_family(api):
    u = api.register()
    r1 = api.post("/api/auth/refresh", {"refresh_token": u.refresh}, token=None)
    assert r1.status == 200
    new_refresh, new_access = r1.json["refresh_token"], r1.json["access_token"]
    assert new_refresh != u.refresh
    assert api.get("/api/auth/me", token=new_access).status == 200
    # replaying the spent token: the whole family (all tokens of this login) is revoked
    r2 = api.post("/api/auth/refresh", {"refresh_token": u.refresh}, token=None)
    assert r2.status == 401 and r2.json["error"]["code"] == "token_reused"
    assert api.post("/api/auth/refresh", {"refresh_token": new_refresh}, token=None).status == 401
    assert api.get("/api/auth/me", token=new_access).status == 401
    assert api.get("/api/auth/me", token=u.access).status == 401
    # another login (another family) is unaffected
    r = api.post("/api/auth/login", {"email": u.email, "password": u.password}, token=None)
    assert api.get("/api/auth/me", token=r.json["access_token"]).status == 200


def test_refresh_errors(api):
    assert api.post("/api/auth/refresh", {}, token=None).status == 400
    assert api.post("/api/auth/refresh", {"refresh_token": "rt_unknown"}, token=None).status == 401


def test_logout_ends_session(api):
    u = api.register()
    other = api.post("/api/auth/login", {"email": u.email, "password": u.password}, token=None).json
    r = u.post("/api/auth/logout")
    assert r.status == 204
    assert u.get("/api/auth/me").status == 401
    assert api.post("/api/auth/refresh", {"refresh_token": u.refresh}, token=None).status == 401
    assert api.get("/api/auth/me", token=other["access_token"]).status == 200


def test_rate_limit_login_and_register(api, platform):
    platform.settings = replace(platform.settings, rate_login_account_client=(3, 10**9), rate_register=(2, 10**9))
    u = api.register()
    codes = [
        api.post("/api/auth/login", {"email": u.email, "password": "bad-password"}, token=None).status for _ in range(4)
    ]
    assert codes == [401, 401, 401, 429]
    r = api.post("/api/auth/login", {"email": u.email, "password": u.password}, token=None)
    assert r.status == 429 and "retry-after" in r.headers
    r = api.post("/api/auth/register", {"email": "x1@example.com", "password": "long-enough-kV-bus"}, token=None)
    assert r.status == 201  # the second of two
    r = api.post("/api/auth/register", {"email": "x2@example.com", "password": "long-enough-kV-bus"}, token=None)
    assert r.status == 429 and r.json["error"]["code"] == "rate_limited"


def test_token_bucket_has_no_window_boundary(platform):
    """A fixed window let 14 of a 10/minute limit through around a minute boundary; a bucket lets 10 (and
    one more per 6 s of refill)."""
    with platform.db.session() as s:
        passed = sum(throttle.take(s, "k", (10, 60), now=59.0 + 0.1 * k) == 0 for k in range(20))
        assert passed == 10
        assert throttle.take(s, "k", (10, 60), now=62.0) > 0
        assert throttle.take(s, "k", (10, 60), now=66.0) == 0  # refilled one
        wait = throttle.take(s, "k", (10, 60), now=66.5)
        assert 5 <= wait <= 6  # until the next whole token


def test_bcrypt_cost_configurable():
    h = hash_password("password1", 4)
    assert h.startswith("sha256$$2b$04$") and verify_password("password1", h) and not verify_password("x", h)
    assert verify_password("x", None) is False


def test_default_bcrypt_cost_is_12(monkeypatch, tmp_path):
    from chalicelib.config import load_settings

    env = {"GRIDSOLVE_DATA_DIR": str(tmp_path)}
    assert load_settings(env).bcrypt_rounds == 12
    assert load_settings({**env, "GRIDSOLVE_BCRYPT_ROUNDS": "4"}).bcrypt_rounds == 4


def test_concurrent_refresh_only_one_wins(api, platform):
    """Two refreshes of the same token racing: at most one succeeds; the other is treated as reuse."""
    import threading

    from chalicelib.accounts import auth
    from chalicelib.http.errors import Unauthorized

    u = api.register()
    results: list[str] = []
    barrier = threading.Barrier(2)

    def go():
        barrier.wait()
        try:
            with platform.db.session() as s:
                auth.refresh(s, platform.settings, {"refresh_token": u.refresh})
            results.append("ok")
        except Unauthorized as exc:
            results.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - e.g. SQLite "database is locked" is also a refusal
            results.append(type(exc).__name__)

    threads = [threading.Thread(target=go) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") <= 1 and len(results) == 2
