"""Issue 9, accounts: each probe finding reproduced as a test (e-mail verification, OAuth pre-account hijack,
one-time codes, lockout, password rules)."""

from __future__ import annotations

import threading
from dataclasses import replace

import bcrypt
import pytest
from sqlalchemy import select

from chalicelib.accounts import auth, oauth, passwords
from chalicelib.config import Settings
from chalicelib.http.errors import ApiError
from chalicelib.storage.models import User

from .conftest import mailed_token
from .test_platform_oauth import github, sign_in  # noqa: F401 - the fixture is used by name

DEFAULTS = Settings.__dataclass_fields__


def _default(name):
    return DEFAULTS[name].default


def test_unverified_address_cannot_take_an_invitation(api):
    """A invites e@example.com as admin before it has an account; whoever registers it first must not get
    admin in A's organization without proving the address."""
    owner = api.register()
    org = owner.post("/api/orgs", {"name": "A Co"}).json["id"]
    inv = owner.post(f"/api/orgs/{org}/invitations", {"email": "e@example.com", "role": "admin"}).json
    squatter = api.register("e@example.com", verify=False)
    assert squatter.get("/api/auth/me").json["email_verified"] is False
    assert squatter.get("/api/invitations").json["invitations"] == []  # not even listed
    r = squatter.post(f"/api/invitations/{inv['id']}/accept")
    assert r.status == 403 and r.json["error"]["code"] == "email_unverified"
    assert squatter.post(f"/api/invitations/{inv['id']}/decline").status == 403
    assert squatter.get(f"/api/orgs/{org}").status == 404
    # the address's owner follows the mailed link, then accepts
    token = mailed_token(api.platform, "e@example.com")
    assert api.post("/api/auth/verify-email", {"token": token}, token=None).json["email_verified"] is True
    assert squatter.post(f"/api/invitations/{inv['id']}/accept").status == 200
    assert api.post("/api/auth/verify-email", {"token": token}, token=None).status == 401  # single use


def test_verification_link_for_browsers_redirects(api):
    u = api.register(verify=False)
    token = mailed_token(api.platform, u.email)
    r = api.get(f"/api/auth/verify-email?token={token}", token=None, headers={"Accept": "text/html"})
    assert r.status == 302 and r.headers["location"] == "/#/email-verified"
    assert u.get("/api/auth/me").json["email_verified"] is True
    again = api.get(f"/api/auth/verify-email?token={token}", token=None, headers={"Accept": "text/html"})
    assert "error=invalid_token" in again.headers["location"]
    assert u.post("/api/auth/verify-email/resend").json == {"sent": False, "email_verified": True}


def test_oauth_pre_account_hijack_is_closed(api, github):  # noqa: F811
    """The attacker registers the victim's address with a password; the victim later signs in with Google.
    The victim gets the account, and the attacker's password and session no longer open it."""
    _, google = github
    attacker = api.register("gina@example.com", password="attacker-knows-this-1", verify=False)
    r, _ = sign_in(api, google, "google")
    assert r.status == 200 and r.json["user"]["id"] == attacker.id and r.json["user"]["email_verified"]
    victim_token = r.json["access_token"]
    assert attacker.get("/api/auth/me").status == 401  # the attacker's session ended
    login = api.post("/api/auth/login", {"email": "gina@example.com", "password": attacker.password}, token=None)
    assert login.status == 401
    assert api.get("/api/auth/me", token=victim_token).status == 200


def test_browser_link_required_redirect_carries_the_link_token(api, github):  # noqa: F811
    _, google = github
    api.register("gina@example.com")
    start = api.get("/api/auth/oauth/google/start", token=None)
    q = google.authorize(start.headers["location"])
    import urllib.parse

    r = api.get("/api/auth/oauth/google/callback?" + urllib.parse.urlencode(q), token=None,
                headers={"Accept": "text/html"})
    assert r.status == 302 and "error=link_required" in r.headers["location"]
    assert "link_token=" in r.headers["location"]


def _race(n: int, fn) -> list[str]:
    barrier = threading.Barrier(n)
    results: list[str] = []

    def go():
        barrier.wait()
        try:
            fn()
            results.append("ok")
        except ApiError as exc:
            results.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - SQLite "database is locked" is a refusal too
            results.append(type(exc).__name__)

    threads = [threading.Thread(target=go) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_one_time_login_code_is_spent_once_under_concurrency(api, platform):
    u = api.register()
    with platform.db.session() as s:
        code = oauth.login_code(s, s.get(User, u.id))

    def exchange():
        with platform.db.session() as s:
            oauth.exchange(s, platform.settings, {"code": code})

    results = _race(3, exchange)
    assert results.count("ok") == 1, results


def test_verification_token_is_spent_once_under_concurrency(api, platform):
    u = api.register(verify=False)
    token = mailed_token(platform, u.email)

    def verify():
        with platform.db.session() as s:
            auth.verify_email(s, {"token": token})

    assert _race(3, verify).count("ok") == 1


def _login(platform, email, password, client):
    with platform.db.session() as s:
        try:
            auth.login(s, platform.settings, platform.mailer, {"email": email, "password": password}, client)
            return 200
        except ApiError as exc:
            return exc.status if exc.code != "account_locked" else "locked"


@pytest.fixture
def real_limits(platform):
    platform.settings = replace(platform.settings, **{k: _default(k) for k in (
        "rate_login", "rate_login_account_client", "rate_login_account")})
    return platform


def test_guessing_from_many_addresses_does_not_lock_the_owner_out(api, real_limits):
    platform = real_limits
    u = api.register()
    for k in range(10):
        assert _login(platform, u.email, f"wrong-guess-{k}", f"10.0.0.{k}") == 401
    for _ in range(6):  # one address guessing hard is cut off, for this account only
        _login(platform, u.email, "wrong-again", "10.0.9.9")
    assert _login(platform, u.email, "wrong-again", "10.0.9.9") == 429
    assert _login(platform, u.email, u.password, "192.0.2.1") == 200  # the owner, from their own address


def test_distributed_guessing_locks_password_sign_in_and_the_owner_lifts_it(api, real_limits):
    platform = real_limits
    u = api.register()
    capacity = platform.settings.rate_login_account[0]
    for k in range(capacity):
        assert _login(platform, u.email, "guess", f"10.1.{k // 200}.{k % 200}") == 401
    assert _login(platform, u.email, u.password, "192.0.2.1") == "locked"
    token = mailed_token(platform, u.email, "/api/auth/unlock")  # mailed to the verified address
    r = api.post("/api/auth/unlock", {"token": token}, token=None)
    assert r.status == 200 and r.json["access_token"]
    assert _login(platform, u.email, u.password, "192.0.2.1") == 200
    assert api.post("/api/auth/unlock", {"token": token}, token=None).status == 401


@pytest.mark.parametrize("weak", ["12345678", "password", " " * 8, "{email}", "correcthorse", "qwertyuiop"])
def test_weak_passwords_are_refused(api, weak):
    email = "weak@example.com"
    r = api.post("/api/auth/register", {"email": email, "password": weak.format(email=email)}, token=None)
    assert r.status == 400 and r.json["error"]["code"] == "weak_password", r
    assert r.json["error"]["fields"][0]["field"] == "password"


def test_long_passwords_count_in_full(api):
    """bcrypt ignores everything past 72 bytes; pre-hashing makes every character count (up to 256)."""
    head = "Ohm-Kirchhoff-Thevenin-Norton-" * 3  # 90 characters
    u = api.register(password=head + "A")
    assert api.post("/api/auth/login", {"email": u.email, "password": head + "A"}, token=None).status == 200
    assert api.post("/api/auth/login", {"email": u.email, "password": head + "B"}, token=None).status == 401
    r = api.post("/api/auth/register", {"email": "long@example.com", "password": "x9#" * 90}, token=None)
    assert r.status == 400 and "at most 256" in r.json["error"]["message"]


def test_legacy_hashes_verify_and_are_upgraded(api, platform):
    u = api.register()
    with platform.db.session() as s:
        s.get(User, u.id).password_hash = bcrypt.hashpw(u.password.encode(), bcrypt.gensalt(4)).decode()
    assert api.post("/api/auth/login", {"email": u.email, "password": u.password}, token=None).status == 200
    with platform.db.session() as s:
        assert s.scalar(select(User.password_hash).where(User.id == u.id)).startswith(passwords.PREFIX)


def test_password_policy_and_check_endpoints(api):
    policy = api.get("/api/auth/password-policy", token=None)
    assert policy.status == 200 and policy.json["min_length"] == 8 and policy.json["scorer"] == "zxcvbn"
    bad = api.post("/api/auth/password-check", {"password": "password"}, token=None).json
    assert bad["ok"] is False and bad["score"] == 0 and bad["problems"]
    good = api.post("/api/auth/password-check", {"password": "correct horse battery"}, token=None).json
    assert good["ok"] is True
    mine = api.post("/api/auth/password-check", {"password": "ada.lovelace@example.com",
                                                 "email": "ada.lovelace@example.com"}, token=None).json
    assert mine["ok"] is False


def test_password_check_of_an_empty_password_is_an_answer_not_a_crash(api):
    """Found by schemathesis: zxcvbn itself fails on an empty string."""
    r = api.post("/api/auth/password-check", {"password": ""}, token=None)
    assert r.status == 200 and r.json["ok"] is False and r.json["score"] == 0
    r = api.post("/api/auth/register", {"email": "empty@example.com", "password": ""}, token=None)
    assert r.status == 400 and r.json["error"]["code"] == "weak_password"
