"""Accounts and tokens: bcrypt passwords, JWT access tokens, rotating refresh tokens, rate limits."""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from datetime import timedelta
from typing import Any

import bcrypt
import jwt
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chalicelib.http.errors import BadRequest, Conflict, TooManyRequests, Unauthorized, field_error
from chalicelib.storage.db import affected
from chalicelib.storage.models import AuthSession, Invitation, RateLimitCounter, RefreshToken, User, utcnow

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
JWT_ALG = "HS256"


def normalize_email(email: Any) -> str:
    if not isinstance(email, str) or not EMAIL_RE.match(email.strip()) or len(email) > 320:
        raise BadRequest("A valid email address is required", fields=[field_error("email", "invalid email")])
    return email.strip().lower()


def hash_password(password: str, rounds: int) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, hashed: str | None) -> bool:
    if not hashed:
        return False
    try:
        return bcrypt.checkpw(password.encode()[:72], hashed.encode())
    except ValueError:
        return False


_DUMMY: dict[int, str] = {}


def _dummy_check(password: str, rounds: int) -> None:
    if rounds not in _DUMMY:
        _DUMMY[rounds] = hash_password(secrets.token_hex(8), rounds)
    verify_password(password, _DUMMY[rounds])


def check_password_rules(password: Any) -> str:
    if not isinstance(password, str) or len(password) < 8:
        raise BadRequest(
            "Password must have at least 8 characters",
            fields=[field_error("password", "at least 8 characters")],
        )
    if len(password.encode()) > 72:
        raise BadRequest("Password must be at most 72 bytes", fields=[field_error("password", "at most 72 bytes")])
    return password


def rate_limit(s: Session, key: str, limit: tuple[int, int], now: float | None = None) -> None:
    """Fixed-window counter in SQL; raises 429 when ``count`` per ``seconds`` is exceeded."""
    count, seconds = limit
    now = time.time() if now is None else now
    window = int(now // seconds) * seconds
    where = (RateLimitCounter.key == key, RateLimitCounter.window_start == window)
    bump = update(RateLimitCounter).where(*where).values(count=RateLimitCounter.count + 1)
    if affected(s.execute(bump)) == 0:  # first attempt in this window (atomic even with concurrent requests)
        s.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key, RateLimitCounter.window_start < window))
        try:
            with s.begin_nested():
                s.add(RateLimitCounter(key=key, window_start=window, count=1))
        except IntegrityError:  # another request created it first
            s.execute(bump)
    used = s.scalar(select(RateLimitCounter.count).where(*where)) or 0
    if used > count:
        retry = max(1, int(window + seconds - now))
        raise TooManyRequests(f"Too many attempts; try again in {retry} s", headers={"Retry-After": str(retry)})


def user_dict(u: User) -> dict[str, Any]:
    return {
        "id": u.id,
        "email": u.email,
        "name": u.name,
        "plan": u.plan,
        "created_at": u.created_at.isoformat() + "Z",
    }


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_refresh(s: Session, session_id: str, ttl_s: int) -> str:
    token = "rt_" + secrets.token_urlsafe(32)
    s.add(
        RefreshToken(
            session_id=session_id,
            token_hash=_hash_token(token),
            expires_at=utcnow() + timedelta(seconds=ttl_s),
        )
    )
    return token


def _access(settings, user_id: str, session_id: str) -> str:
    now = int(time.time())
    claims = {
        "sub": user_id,
        "sid": session_id,
        "typ": "access",
        "iat": now,
        "exp": now + settings.access_ttl_s,
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, settings.jwt_secret, algorithm=JWT_ALG)


def start_session(s: Session, settings, user: User) -> dict[str, Any]:
    sess = AuthSession(user_id=user.id)
    s.add(sess)
    s.flush()
    refresh = _new_refresh(s, sess.id, settings.refresh_ttl_s)
    return {
        "access_token": _access(settings, user.id, sess.id),
        "refresh_token": refresh,
        "token_type": "Bearer",
        "expires_in": settings.access_ttl_s,
    }


def register(s: Session, settings, body: dict[str, Any], client: str) -> dict[str, Any]:
    rate_limit(s, f"register:{client}", settings.rate_register)
    s.commit()  # count the attempt even if validation fails below
    email = normalize_email(body.get("email"))
    password = check_password_rules(body.get("password"))
    name = body.get("name", "")
    if not isinstance(name, str) or len(name) > 200:
        raise BadRequest("name must be a string of at most 200 characters", fields=[field_error("name", "invalid")])
    if s.scalar(select(User).where(User.email == email)) is not None:
        raise Conflict("An account with this email already exists", fields=[field_error("email", "already registered")])
    user = User(
        email=email,
        name=name.strip(),
        password_hash=hash_password(password, settings.bcrypt_rounds),
        plan=settings.default_plan,
    )
    s.add(user)
    s.flush()
    tokens = start_session(s, settings, user)
    return {"user": user_dict(user), **tokens}


def login(s: Session, settings, body: dict[str, Any], client: str) -> dict[str, Any]:
    email = body.get("email")
    password = body.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        raise BadRequest(
            "email and password are required",
            fields=[
                field_error(f, "required")
                for f, v in (("email", email), ("password", password))
                if not isinstance(v, str)
            ],
        )
    email = email.strip().lower()
    rate_limit(s, f"login:{client}", settings.rate_login)
    rate_limit(s, f"login-email:{email}", settings.rate_login)
    s.commit()
    user = s.scalar(select(User).where(User.email == email))
    if user is None or not user.password_hash:
        _dummy_check(password, settings.bcrypt_rounds)  # same cost whether or not the account exists
        raise Unauthorized("Invalid email or password", code="invalid_credentials")
    if not verify_password(password, user.password_hash):
        raise Unauthorized("Invalid email or password", code="invalid_credentials")
    tokens = start_session(s, settings, user)
    return {"user": user_dict(user), **tokens}


def refresh(s: Session, settings, body: dict[str, Any]) -> dict[str, Any]:
    token = body.get("refresh_token")
    if not isinstance(token, str) or not token:
        raise BadRequest("refresh_token is required", fields=[field_error("refresh_token", "required")])
    row = s.scalar(select(RefreshToken).where(RefreshToken.token_hash == _hash_token(token)))
    if row is None:
        raise Unauthorized("Invalid refresh token", code="invalid_token")
    sess = s.get(AuthSession, row.session_id)
    if sess is None or sess.revoked_at is not None:
        raise Unauthorized("This session has ended; sign in again", code="session_revoked")
    if row.used_at is not None:
        # Reuse of a rotated token: someone holds a stolen copy. End the whole family.
        sess.revoked_at = utcnow()
        sess.revoked_reason = "refresh token reuse"
        s.commit()
        raise Unauthorized("Refresh token already used; the session was revoked", code="token_reused")
    if row.expires_at < utcnow():
        raise Unauthorized("Refresh token expired", code="token_expired")
    # Conditional update so that two concurrent refreshes cannot both succeed.
    done = affected(s.execute(
        update(RefreshToken).where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None)).values(used_at=utcnow())
    ))
    if done != 1:
        sess.revoked_at = utcnow()
        sess.revoked_reason = "refresh token reuse"
        s.commit()
        raise Unauthorized("Refresh token already used; the session was revoked", code="token_reused")
    new = _new_refresh(s, sess.id, settings.refresh_ttl_s)
    return {
        "access_token": _access(settings, sess.user_id, sess.id),
        "refresh_token": new,
        "token_type": "Bearer",
        "expires_in": settings.access_ttl_s,
    }


def logout(s: Session, session_id: str) -> None:
    sess = s.get(AuthSession, session_id)
    if sess is not None and sess.revoked_at is None:
        sess.revoked_at = utcnow()
        sess.revoked_reason = "logout"


def authenticate(s: Session, settings, header: str | None) -> tuple[User, str]:
    """Resolve ``Authorization: Bearer <jwt>`` to (user, session id) or raise 401."""
    if not header:
        raise Unauthorized("Authentication required", headers={"WWW-Authenticate": "Bearer"})
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Use an Authorization: Bearer <token> header", headers={"WWW-Authenticate": "Bearer"})
    try:
        claims = jwt.decode(
            token.strip(),
            settings.jwt_secret,
            algorithms=[JWT_ALG],
            options={"require": ["exp", "sub", "sid"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthorized("Access token expired", code="token_expired") from None
    except jwt.PyJWTError:
        raise Unauthorized("Invalid access token", code="invalid_token") from None
    if claims.get("typ") != "access":
        raise Unauthorized("Invalid access token", code="invalid_token")
    sess = s.get(AuthSession, claims["sid"])
    if sess is None or sess.revoked_at is not None or sess.user_id != claims["sub"]:
        raise Unauthorized("This session has ended; sign in again", code="session_revoked")
    user = s.get(User, claims["sub"])
    if user is None:
        raise Unauthorized("Unknown user", code="invalid_token")
    return user, sess.id


def pending_invitations(s: Session, user: User) -> list[Invitation]:
    return list(s.scalars(select(Invitation).where(Invitation.email == user.email, Invitation.status == "pending")))
