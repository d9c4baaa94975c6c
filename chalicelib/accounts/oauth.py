"""OAuth 2.0 sign-in (Google, GitHub): authorization code flow with state and PKCE (S256).

Linking a provider identity to an account by e-mail address, so that nobody can pre-register someone
else's address and share the account they later reach through the provider:

* no account with the provider's (verified) address: a new one, its address verified;
* an account whose address was never verified (its password was set by whoever registered it, who may not
  own the address): the provider proves the address, so the account goes to the address's owner: its
  password is removed and its sessions end;
* a verified account with a password: linked only when the user proves both, i.e. gives that password
  too (`POST /api/auth/oauth/link` with the `link_token` of the 409 `link_required` answer).

The state, the browser's one-time login code and the link token are each consumed by one conditional
``DELETE ... RETURNING``, so concurrent requests cannot spend one twice. Provider endpoints come from
configuration, so tests point them at a fake provider on 127.0.0.1.
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
from sqlalchemy import select, update

from chalicelib.accounts import auth
from chalicelib.accounts.mail import Mailer
from chalicelib.http.errors import ApiError, BadRequest, Conflict, NotFound, Unauthorized, field_error
from chalicelib.storage.models import (
    AuthSession,
    LoginCode,
    OAuthIdentity,
    OAuthLinkRequest,
    OAuthState,
    User,
    utcnow,
)

STATE_TTL_S = 600
LOGIN_CODE_TTL_S = 120
LINK_TTL_S = 600


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


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
        extra = {k: v for k, v in err.extra.items() if isinstance(v, str)}
        return "/#/oauth?" + urllib.parse.urlencode({"error": err.code, "message": err.message, **extra})
    return "/#/oauth?" + urllib.parse.urlencode({"code": login_code(s, user)})


def login_code(s, user: User) -> str:
    """A one-time code the web app exchanges for tokens (POST /api/auth/oauth/exchange)."""
    code = secrets.token_urlsafe(32)
    s.add(LoginCode(code_hash=_digest(code), user_id=user.id,
                    expires_at=utcnow() + timedelta(seconds=LOGIN_CODE_TTL_S)))
    return code


def exchange(s, settings, body: dict[str, Any]) -> dict[str, Any]:
    code = body.get("code")
    if not isinstance(code, str) or not code:
        raise BadRequest("code is required", fields=[field_error("code", "required")])
    user_id = s.scalar(
        sa_delete(LoginCode).where(LoginCode.code_hash == _digest(code), LoginCode.expires_at > utcnow())
        .returning(LoginCode.user_id)
    )
    user = s.get(User, user_id) if user_id is not None else None
    if user is None:
        raise Unauthorized("Unknown, used or expired sign-in code; sign in again", code="invalid_code")
    return {"user": auth.user_dict(user), **auth.start_session(s, settings, user)}


def link(s, settings, mailer: Mailer, body: dict[str, Any], client: str) -> dict[str, Any]:
    """Finish linking a provider identity to a password account: the account's password proves the second
    half (the provider proved the first). Throttled like a sign-in."""
    token, password = body.get("link_token"), body.get("password")
    if not isinstance(token, str) or not token or not isinstance(password, str):
        raise BadRequest("link_token and password are required",
                         fields=[field_error(k, "required") for k in ("link_token", "password")
                                 if not isinstance(body.get(k), str)])
    row = s.get(OAuthLinkRequest, _digest(token))
    user = s.get(User, row.user_id) if row is not None and row.expires_at > utcnow() else None
    if user is None:
        raise Unauthorized("Unknown or expired link request; sign in with the provider again", code="invalid_token")
    auth.check_password_attempt(s, settings, mailer, user.email, password, client)
    spent = s.scalar(sa_delete(OAuthLinkRequest).where(OAuthLinkRequest.token_hash == _digest(token))
                     .returning(OAuthLinkRequest.subject))
    if spent is None:  # a concurrent request used it
        raise Unauthorized("This link request was already used", code="invalid_token")
    s.add(OAuthIdentity(user_id=user.id, provider=row.provider, subject=spent))
    return {"user": auth.user_dict(user), **auth.start_session(s, settings, user)}


def _take_state(s, name: str, state: str) -> tuple[str, str]:
    row = s.execute(
        sa_delete(OAuthState)
        .where(OAuthState.state == state, OAuthState.provider == name, OAuthState.expires_at > utcnow())
        .returning(OAuthState.code_verifier, OAuthState.redirect_uri)
    ).first()
    if row is None:
        raise Unauthorized("Unknown or expired sign-in state; start again", code="oauth_state")
    s.commit()  # single use, even if the provider exchange below fails
    return row.code_verifier, row.redirect_uri


def _account_for(s, settings, name: str, subject: str, email: str, display: str) -> User:
    """The account a new provider identity belongs to (see the module docstring), linking it when allowed."""
    user = s.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=display, password_hash=None, plan=settings.default_plan,
                    email_verified_at=utcnow())
        s.add(user)
        s.flush()
    elif user.email_verified_at is None:  # never proven: the provider's user owns the address
        user.password_hash = None
        user.email_verified_at = utcnow()
        s.execute(update(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
                  .values(revoked_at=utcnow(), revoked_reason="address proven by another sign-in"))
    elif user.password_hash:
        token = secrets.token_urlsafe(32)
        s.add(OAuthLinkRequest(token_hash=_digest(token), user_id=user.id, provider=name, subject=subject,
                               expires_at=utcnow() + timedelta(seconds=LINK_TTL_S)))
        s.commit()
        raise Conflict(f"An account with {email} already exists. Enter its password to link your {name} "
                       "sign-in to it (POST /api/auth/oauth/link with this link_token).",
                       code="link_required", extra={"link_token": token, "email": email, "provider": name})
    s.add(OAuthIdentity(user_id=user.id, provider=name, subject=subject))
    s.flush()
    return user


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
    verifier, redirect_uri = _take_state(s, name, state)
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
        return s.get(User, ident.user_id)
    if not email:
        raise Unauthorized("The sign-in provider did not share a verified email address", code="oauth_failed")
    return _account_for(s, settings, name, subject, email, display)
