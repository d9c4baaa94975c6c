"""OAuth 2.0 sign-in (authorization code + state + PKCE) against a fake provider served on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import urllib.parse
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from chalicelib.config import OAuthProvider
from chalicelib.storage.models import OAuthState


class FakeProvider:
    """Enough of Google's / GitHub's OAuth endpoints: /authorize, /token, /userinfo, /emails."""

    def __init__(self, client_id="cid", client_secret="csecret", user=None, emails=None):
        self.client_id, self.client_secret = client_id, client_secret
        self.user = user or {}
        self.emails = emails
        self.codes: dict[str, dict] = {}
        self.tokens: set[str] = set()
        self.token_requests: list[dict] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def _send(self, code, body=None, headers=None):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(code)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urllib.parse.urlparse(self.path)
                q = dict(urllib.parse.parse_qsl(url.query))
                if url.path == "/authorize":
                    if q.get("client_id") != provider.client_id or q.get("code_challenge_method") != "S256":
                        return self._send(400, {"error": "invalid_request"})
                    code = secrets.token_hex(8)
                    provider.codes[code] = {"challenge": q["code_challenge"], "redirect_uri": q["redirect_uri"]}
                    loc = q["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": q["state"]})
                    return self._send(302, None, {"Location": loc})
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                if token not in provider.tokens:
                    return self._send(401, {"error": "bad token"})
                if url.path == "/userinfo":
                    return self._send(200, provider.user)
                if url.path == "/emails":
                    return self._send(200, provider.emails or [])
                return self._send(404, {})

            def do_POST(self):
                form = dict(urllib.parse.parse_qsl(self.rfile.read(int(self.headers["Content-Length"])).decode()))
                provider.token_requests.append(form)
                grant = provider.codes.pop(form.get("code", ""), None)
                verifier = form.get("code_verifier", "")
                challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
                if (
                    grant is None
                    or form.get("client_secret") != provider.client_secret
                    or form.get("redirect_uri") != grant["redirect_uri"]
                    or challenge.decode() != grant["challenge"]
                ):
                    return self._send(400, {"error": "invalid_grant"})
                tok = secrets.token_hex(8)
                provider.tokens.add(tok)
                return self._send(200, {"access_token": tok, "token_type": "bearer"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def config(self, name: str) -> OAuthProvider:
        return OAuthProvider(
            name=name,
            client_id=self.client_id,
            client_secret=self.client_secret,
            authorize_url=self.url + "/authorize",
            token_url=self.url + "/token",
            userinfo_url=self.url + "/userinfo",
            emails_url=self.url + "/emails" if name == "github" else "",
            scope="email",
        )

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def authorize(self, authorization_url: str) -> dict[str, str]:
        """Play the browser: follow the authorization URL, return the callback's query."""
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a, **k):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(authorization_url)
        except urllib.error.HTTPError as e:
            assert e.code == 302
            loc = e.headers["Location"]
        return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(loc).query))


@pytest.fixture
def github(platform):
    fake = FakeProvider(
        user={"id": 4242, "login": "octocat", "name": "Octo Cat", "email": None},
        emails=[
            {"email": "other@example.com", "primary": False, "verified": True},
            {"email": "Octo@Example.com", "primary": True, "verified": True},
        ],
    )
    google = FakeProvider(
        client_id="gid", user={"sub": "g-77", "email": "gina@example.com", "email_verified": True, "name": "Gina"}
    )
    platform.settings = replace(
        platform.settings, oauth={"github": fake.config("github"), "google": google.config("google")}
    )
    yield fake, google
    fake.close()
    google.close()


def sign_in(api, fake, provider="github"):
    start = api.get(f"/api/auth/oauth/{provider}/start?mode=json", token=None)
    assert start.status == 200
    q = fake.authorize(start.json["authorization_url"])
    return api.get(f"/api/auth/oauth/{provider}/callback?" + urllib.parse.urlencode(q), token=None), q


def test_github_sign_in_creates_then_reuses_account(api, github):
    fake, _ = github
    r, _ = sign_in(api, fake)
    assert r.status == 200, r
    assert r.json["user"]["email"] == "octo@example.com" and r.json["user"]["name"] == "Octo Cat"
    me = api.get("/api/auth/me", token=r.json["access_token"]).json
    r2, _ = sign_in(api, fake)
    assert r2.json["user"]["id"] == me["id"]
    req = fake.token_requests[0]
    assert req["grant_type"] == "authorization_code" and len(req["code_verifier"]) >= 43


def test_google_links_a_verified_password_account_only_with_its_password(api, github):
    _, google = github
    existing = api.register("gina@example.com")
    r, _ = sign_in(api, google, "google")
    assert r.status == 409 and r.json["error"]["code"] == "link_required", r
    link_token = r.json["error"]["link_token"]
    wrong = api.post("/api/auth/oauth/link", {"link_token": link_token, "password": "not-her-password"}, token=None)
    assert wrong.status == 401
    ok = api.post("/api/auth/oauth/link", {"link_token": link_token, "password": existing.password}, token=None)
    assert ok.status == 200 and ok.json["user"]["id"] == existing.id
    assert api.post("/api/auth/oauth/link", {"link_token": link_token, "password": existing.password},
                    token=None).status == 401  # spent
    r, _ = sign_in(api, google, "google")  # linked now: straight in
    assert r.status == 200 and r.json["user"]["id"] == existing.id


def test_start_redirects_with_state_and_pkce(api, github):
    r = api.get("/api/auth/oauth/github/start", token=None)
    assert r.status == 302
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(r.headers["location"]).query))
    assert q["code_challenge_method"] == "S256" and q["state"] and q["code_challenge"]
    assert q["redirect_uri"].endswith("/api/auth/oauth/github/callback")


def test_state_is_single_use_and_checked(api, github):
    fake, _ = github
    r, q = sign_in(api, fake)
    assert r.status == 200
    again = api.get("/api/auth/oauth/github/callback?" + urllib.parse.urlencode(q), token=None)
    assert again.status == 401 and again.json["error"]["code"] == "oauth_state"
    forged = api.get("/api/auth/oauth/github/callback?code=abc&state=forged", token=None)
    assert forged.status == 401
    assert api.get("/api/auth/oauth/github/callback", token=None).status == 400
    denied = api.get("/api/auth/oauth/github/callback?error=access_denied", token=None)
    assert denied.status == 401 and denied.json["error"]["code"] == "oauth_denied"


def test_pkce_verifier_mismatch_is_refused(api, github, platform):
    fake, _ = github
    start = api.get("/api/auth/oauth/github/start?mode=json", token=None).json
    q = fake.authorize(start["authorization_url"])
    with platform.db.session() as s:
        s.get(OAuthState, q["state"]).code_verifier = "tampered-" + "x" * 40
    r = api.get("/api/auth/oauth/github/callback?" + urllib.parse.urlencode(q), token=None)
    assert r.status == 401 and r.json["error"]["code"] == "oauth_failed"


def test_unconfigured_provider_is_404(api):
    assert api.get("/api/auth/oauth/github/start", token=None).status == 404
    assert api.get("/api/auth/oauth/myspace/start", token=None).status == 404


def test_oauth_settings_from_env(tmp_path):
    from chalicelib.config import load_settings

    s = load_settings(
        {
            "GRIDSOLVE_DATA_DIR": str(tmp_path),
            "GRIDSOLVE_OAUTH_GITHUB_CLIENT_ID": "x",
            "GRIDSOLVE_OAUTH_GITHUB_TOKEN_URL": "http://127.0.0.1:1/token",
        }
    )
    assert set(s.oauth) == {"github"}
    assert s.oauth["github"].token_url == "http://127.0.0.1:1/token"
    assert s.oauth["github"].authorize_url == "https://github.com/login/oauth/authorize"


def test_browser_flow_redirects_with_one_time_code(api, github):
    fake, _ = github
    start = api.get("/api/auth/oauth/github/start", token=None)
    q = fake.authorize(start.headers["location"])
    r = api.get(
        "/api/auth/oauth/github/callback?" + urllib.parse.urlencode(q),
        token=None,
        headers={"Accept": "text/html,application/xhtml+xml"},
    )
    assert r.status == 302 and r.headers["location"].startswith("/#/oauth?code=")
    assert "access_token" not in r.headers["location"]
    code = dict(urllib.parse.parse_qsl(r.headers["location"].split("?", 1)[1]))["code"]
    tokens = api.post("/api/auth/oauth/exchange", {"code": code}, token=None)
    assert tokens.status == 200 and tokens.json["user"]["email"] == "octo@example.com"
    assert api.get("/api/auth/me", token=tokens.json["access_token"]).status == 200
    assert api.post("/api/auth/oauth/exchange", {"code": code}, token=None).status == 401  # single use
    bad = api.get("/api/auth/oauth/github/callback?code=x&state=nope", token=None, headers={"Accept": "text/html"})
    assert bad.status == 302 and "error=oauth_state" in bad.headers["location"]
