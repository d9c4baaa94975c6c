"""OAuth 2.0 sign-in (Google, GitHub): authorization code flow with state and PKCE (S256).

Provider endpoints come from configuration, so tests point them at a fake provider on 127.0.0.1.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from typing import Any

from sqlalchemy import delete as sa_delete
from sqlalchemy import select

from chalicelib.accounts import auth
from chalicelib.http.errors import ApiError, BadRequest, NotFound, Unauthorized, field_error
from chalicelib.storage.models import LoginCode, OAuthIdentity, OAuthState, User, utcnow

STATE_TTL_S = 600
LOGIN_CODE_TTL_S = 120


def provider(settings, name: str):
    p = settings.oauth.get(name)
    if p is None:
        raise NotFound(f"Sign-in with {name!r} is not configured on this server")
    return p


def callback_uri(settings, name: str) -> str:
    return f"{settings.public_url}/api/auth/oauth/{name}/callback"


def pkce_challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def start(s, settings, name: str) -> str:
    p = provider(settings, name)
    now = utcnow()
    s.execute(sa_delete(OAuthState).where(OAuthState.expires_at < now))
    s.execute(sa_delete(LoginCode).where(LoginCode.expires_at < now))
    state = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)
    redirect_uri = callback_uri(settings, name)
    s.add(
        OAuthState(
            state=state,
            provider=name,
            code_verifier=verifier,
            redirect_uri=redirect_uri,
            expires_at=utcnow() + timedelta(seconds=STATE_TTL_S),
        )
    )
    query = {
        "response_type": "code",
        "client_id": p.client_id,
        "redirect_uri": redirect_uri,
        "scope": p.scope,
        "state": state,
        "code_challenge": pkce_challenge(verifier),
        "code_challenge_method": "S256",
    }
    sep = "&" if "?" in p.authorize_url else "?"
    return p.authorize_url + sep + urllib.parse.urlencode(query)


def _http(url: str, data: dict[str, str] | None = None, token: str | None = None) -> Any:
    headers = {"Accept": "application/json", "User-Agent": "GridSolve"}
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=body, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            return json.loads(resp.read().decode() or "null")
    except urllib.error.HTTPError as exc:
        raise Unauthorized(f"The sign-in provider refused the request (HTTP {exc.code})", code="oauth_failed") from None
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise ApiError(
            f"The sign-in provider could not be reached ({exc.__class__.__name__})",
            status=502,
            code="oauth_unreachable",
        ) from None


def _identity(p, access_token: str) -> tuple[str, str | None, str]:
    info = _http(p.userinfo_url, token=access_token) or {}
    subject = str(info.get("sub") or info.get("id") or "")
    if not subject:
        raise Unauthorized("The sign-in provider returned no user id", code="oauth_failed")
    email = info.get("email") if info.get("email_verified", True) else None
    if not email and p.emails_url:
        emails = _http(p.emails_url, token=access_token) or []
        primary = [e for e in emails if isinstance(e, dict) and e.get("verified") and e.get("primary")]
        email = primary[0]["email"] if primary else None
    name = info.get("name") or info.get("login") or ""
    return subject, (email.lower() if isinstance(email, str) else None), str(name)


def callback(s, settings, name: str, query: dict[str, str]) -> dict[str, Any]:
    """API clients: the callback answers the tokens directly."""
    user = complete(s, settings, name, query)
    return {"user": auth.user_dict(user), **auth.start_session(s, settings, user)}


def browser_redirect(s, settings, name: str, query: dict[str, str]) -> str:
    """Browsers: redirect to the web app with a one-time code (never tokens in a URL)."""
    try:
        user = complete(s, settings, name, query)
    except ApiError as err:
        return "/#/oauth?" + urllib.parse.urlencode({"error": err.code, "message": err.message})
    code = secrets.token_urlsafe(32)
    s.add(
        LoginCode(
            code_hash=hashlib.sha256(code.encode()).hexdigest(),
            user_id=user.id,
            expires_at=utcnow() + timedelta(seconds=LOGIN_CODE_TTL_S),
        )
    )
    return "/#/oauth?" + urllib.parse.urlencode({"code": code})


def exchange(s, settings, body: dict[str, Any]) -> dict[str, Any]:
    code = body.get("code")
    if not isinstance(code, str) or not code:
        raise BadRequest("code is required", fields=[field_error("code", "required")])
    row = s.get(LoginCode, hashlib.sha256(code.encode()).hexdigest())
    if row is None or row.expires_at < utcnow():
        raise Unauthorized("Unknown or expired sign-in code; sign in again", code="invalid_code")
    user = s.get(User, row.user_id)
    s.delete(row)
    return {"user": auth.user_dict(user), **auth.start_session(s, settings, user)}


def complete(s, settings, name: str, query: dict[str, str]) -> User:
    p = provider(settings, name)
    if query.get("error"):
        raise Unauthorized(f"Sign-in was not completed: {query['error']}", code="oauth_denied")
    code, state = query.get("code"), query.get("state")
    if not code or not state:
        raise BadRequest(
            "code and state are required",
            fields=[field_error(k, "required") for k in ("code", "state") if not query.get(k)],
        )
    row = s.get(OAuthState, state)
    if row is None or row.provider != name or row.expires_at < utcnow():
        raise Unauthorized("Unknown or expired sign-in state; start again", code="oauth_state")
    verifier, redirect_uri = row.code_verifier, row.redirect_uri
    s.delete(row)  # single use
    s.commit()
    tok = (
        _http(
            p.token_url,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": p.client_id,
                "client_secret": p.client_secret,
                "code_verifier": verifier,
            },
        )
        or {}
    )
    access = tok.get("access_token") if isinstance(tok, dict) else None
    if not access:
        raise Unauthorized("The sign-in provider did not issue a token", code="oauth_failed")
    subject, email, display = _identity(p, access)
    ident = s.scalar(select(OAuthIdentity).where(OAuthIdentity.provider == name, OAuthIdentity.subject == subject))
    if ident is not None:
        user = s.get(User, ident.user_id)
    else:
        if not email:
            raise Unauthorized("The sign-in provider did not share a verified email address", code="oauth_failed")
        user = s.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=display, password_hash=None, plan=settings.default_plan)
            s.add(user)
            s.flush()
        s.add(OAuthIdentity(user_id=user.id, provider=name, subject=subject))
        s.flush()
    return user
