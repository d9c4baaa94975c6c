"""Password reset by e-mail (issue 18, accounts): always 202 (no account enumeration), rate-limited, a
single-use expiring token, the password rules applied, every session and refresh family revoked."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import update

from chalicelib.accounts.mail import read_outbox
from chalicelib.storage.models import EmailToken, utcnow

from .conftest import mailed_token

RESET = "/#/reset-password"


def _request(api, email: str):
    return api.post("/api/auth/password-reset/request", {"email": email}, token=None)


def test_reset_sets_the_password_and_ends_every_session(api):
    u = api.register(password="correct horse battery")
    other_tab = api.post("/api/auth/login", {"email": u.email, "password": u.password}, token=None).json
    r = _request(api, u.email)
    assert r.status == 202 and r.json == {"accepted": True}
    token = mailed_token(api.platform, u.email, RESET)
    mail = read_outbox(api.platform.settings.data_dir / "outbox", to=u.email)[-1]
    assert mail["Subject"] == "Reset your GridSolve password"
    assert f"{api.platform.settings.public_url}/#/reset-password?token=" in mail.get_content()

    done = api.post("/api/auth/password-reset", {"token": token, "password": "a new staple for the battery"},
                    token=None)
    assert done.status == 200, done.json
    assert done.json["user"]["email"] == u.email and done.json["access_token"]
    # every earlier session is over: access tokens and refresh families alike
    assert u.get("/api/auth/me").status == 401
    assert api.get("/api/auth/me", token=other_tab["access_token"]).status == 401
    assert api.post("/api/auth/refresh", {"refresh_token": u.refresh}, token=None).json["error"]["code"] == \
        "session_revoked"
    assert api.get("/api/auth/me", token=done.json["access_token"]).status == 200
    # the old password is gone, the new one works
    assert api.post("/api/auth/login", {"email": u.email, "password": u.password}, token=None).status == 401
    assert api.post("/api/auth/login", {"email": u.email, "password": "a new staple for the battery"},
                    token=None).status == 200
    # single use
    again = api.post("/api/auth/password-reset", {"token": token, "password": "yet another long phrase 9"},
                     token=None)
    assert again.status == 401 and again.json["error"]["code"] == "invalid_token"


def test_unknown_address_gets_the_same_answer_and_no_mail(api):
    r = _request(api, "nobody-here@example.com")
    assert r.status == 202 and r.json == {"accepted": True}
    assert read_outbox(api.platform.settings.data_dir / "outbox", to="nobody-here@example.com") == []
    assert _request(api, "not an address").status == 400


def test_weak_password_is_refused_and_the_link_still_works(api):
    u = api.register()
    _request(api, u.email)
    token = mailed_token(api.platform, u.email, RESET)
    for weak in ("password", "12345678", u.email):
        r = api.post("/api/auth/password-reset", {"token": token, "password": weak}, token=None)
        assert r.status == 400 and r.json["error"]["code"] == "weak_password", weak
        assert r.json["error"]["fields"][0]["field"] == "password"
    assert u.get("/api/auth/me").status == 200  # nothing changed yet
    ok = api.post("/api/auth/password-reset", {"token": token, "password": "orbital mechanics at noon"}, token=None)
    assert ok.status == 200


def test_expired_and_bogus_tokens_are_refused(api, platform):
    u = api.register()
    _request(api, u.email)
    token = mailed_token(api.platform, u.email, RESET)
    with platform.db.session() as s:
        s.execute(update(EmailToken).where(EmailToken.purpose == "reset").values(expires_at=utcnow() - timedelta(1)))
        s.commit()
    r = api.post("/api/auth/password-reset", {"token": token, "password": "orbital mechanics at noon"}, token=None)
    assert r.status == 401 and r.json["error"]["code"] == "invalid_token"
    assert api.post("/api/auth/password-reset", {"token": "x" * 43, "password": "orbital mechanics at noon"},
                    token=None).status == 401
    assert api.post("/api/auth/password-reset", {"password": "orbital mechanics at noon"}, token=None).status == 400
    assert api.post("/api/auth/login", {"email": u.email, "password": u.password}, token=None).status == 200


def test_a_newer_link_replaces_the_older(api):
    u = api.register()
    _request(api, u.email)
    first = mailed_token(api.platform, u.email, RESET)
    _request(api, u.email)
    second = mailed_token(api.platform, u.email, RESET)
    assert first != second
    assert api.post("/api/auth/password-reset", {"token": first, "password": "orbital mechanics at noon"},
                    token=None).status == 401
    assert api.post("/api/auth/password-reset", {"token": second, "password": "orbital mechanics at noon"},
                    token=None).status == 200


def test_requests_are_rate_limited_per_client_and_mails_per_address(api, platform, make_platform):
    u = api.register()
    for _ in range(3):
        assert _request(api, u.email).status == 202
    assert _request(api, u.email).status == 202  # still 202: the fourth mail in an hour is just not sent
    links = [m for m in read_outbox(platform.settings.data_dir / "outbox", to=u.email) if RESET in m.get_content()]
    assert len(links) == 3
    tight = make_platform(replace(platform.settings, rate_password_reset=(2, 3600)))
    api.platform = tight
    assert _request(api, "a@example.com").status == 202
    assert _request(api, "b@example.com").status == 202
    r = _request(api, "c@example.com")
    assert r.status == 429 and int(r.headers["retry-after"]) > 0


def test_reset_proves_the_address_and_lifts_a_lock(api, platform):
    u = api.register(verify=False)
    assert u.get("/api/auth/me").json["email_verified"] is False
    _request(api, u.email)
    token = mailed_token(api.platform, u.email, RESET)
    r = api.post("/api/auth/password-reset", {"token": token, "password": "orbital mechanics at noon"}, token=None)
    assert r.status == 200 and r.json["user"]["email_verified"] is True
