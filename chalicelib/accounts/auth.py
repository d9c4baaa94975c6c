"""Accounts and tokens: registration (with e-mail verification), sign-in with throttling that an attacker
cannot turn against the owner, JWT access tokens, rotating refresh tokens.

Sign-in attempts pass three token buckets (`throttle`): per client address (any account), per account and
client (so guessing from elsewhere never locks the owner's own browser out), and failures per account from
everywhere; when that last one runs dry, password sign-in to the account is locked and the owner is mailed
a link (`email_links`, purpose `unlock`) that signs them in and lifts the lock.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from datetime import timedelta
from typing import Any

import jwt
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chalicelib.accounts import email_links, passwords, throttle
from chalicelib.accounts.mail import Mailer
from chalicelib.accounts.passwords import hash_password, verify_password
from chalicelib.http.errors import BadRequest, Conflict, TooManyRequests, Unauthorized, field_error
from chalicelib.storage.db import affected
from chalicelib.storage.models import AuthSession, EmailToken, Invitation, RefreshToken, User, utcnow

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
JWT_ALG = "HS256"


def normalize_email(email: Any) -> str:
    if not isinstance(email, str) or not EMAIL_RE.match(email.strip()) or len(email) > 320:
        raise BadRequest("A valid email address is required", fields=[field_error("email", "invalid email")])
    return email.strip().lower()


_DUMMY: dict[int, str] = {}


def _dummy_check(password: str, rounds: int) -> None:
    if rounds not in _DUMMY:
        _DUMMY[rounds] = hash_password(secrets.token_hex(8), rounds)
    verify_password(password, _DUMMY[rounds])


def user_dict(u: User) -> dict[str, Any]:
    return {
        "id": u.id,
        "email": u.email,
        "name": u.name,
        "plan": u.plan,
        "email_verified": u.email_verified_at is not None,
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


def register(s: Session, settings, mailer: Mailer, body: dict[str, Any], client: str) -> dict[str, Any]:
    throttle.require(s, f"register:{client}", settings.rate_register, "Too many registrations from this address")
    s.commit()  # count the attempt even if validation fails below
    email = normalize_email(body.get("email"))
    name = body.get("name", "")
    if not isinstance(name, str) or len(name) > 200:
        raise BadRequest("name must be a string of at most 200 characters", fields=[field_error("name", "invalid")])
    password = passwords.check(body.get("password"), email, name)
    if s.scalar(select(User).where(User.email == email)) is not None:
        raise Conflict("An account with this email already exists", fields=[field_error("email", "already registered")])
    user = User(
        email=email,
        name=name.strip(),
        password_hash=hash_password(password, settings.bcrypt_rounds),
        plan=settings.default_plan,
    )
    try:
        with s.begin_nested():
            s.add(user)
    except IntegrityError:  # registered by a concurrent request
        raise Conflict("An account with this email already exists",
                       fields=[field_error("email", "already registered")]) from None
    email_links.send(s, settings, mailer, user, "verify")
    tokens = start_session(s, settings, user)
    return {"user": user_dict(user), **tokens}


def _credentials(body: dict[str, Any]) -> tuple[str, str]:
    email, password = body.get("email"), body.get("password")
    if not isinstance(email, str) or not isinstance(password, str):
        raise BadRequest(
            "email and password are required",
            fields=[field_error(f, "required") for f, v in (("email", email), ("password", password))
                    if not isinstance(v, str)],
        )
    return email.strip().lower(), password


def check_password_attempt(s: Session, settings, mailer: Mailer, email: str, password: str, client: str) -> User:
    """The user whose password this is, through the three sign-in buckets; 429 or 401 otherwise."""
    throttle.require(s, f"login-ip:{client}", settings.rate_login, "Too many sign-in attempts from this address")
    throttle.require(s, f"login:{email}|{client}", settings.rate_login_account_client,
                     "Too many sign-in attempts for this account from this address")
    account = f"login-account:{email}"
    locked = throttle.empty(s, account, settings.rate_login_account)
    s.commit()
    if locked:
        raise TooManyRequests("Password sign-in to this account is locked after many failed attempts from many "
                              "places. Its owner was mailed a link that signs in and lifts the lock.",
                              code="account_locked", headers={"Retry-After": "3600"})
    user = s.scalar(select(User).where(User.email == email))
    if user is None or not user.password_hash:
        _dummy_check(password, settings.bcrypt_rounds)  # same cost whether or not the account exists
        ok = False
    else:
        ok = verify_password(password, user.password_hash)
    if user is None or not ok:
        throttle.take(s, account, settings.rate_login_account)
        if throttle.empty(s, account, settings.rate_login_account):  # this failure emptied it: locked now
            _lockout_began(s, settings, mailer, user)
        s.commit()
        raise Unauthorized("Invalid email or password", code="invalid_credentials")
    throttle.reset(s, f"login:{email}|{client}")
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = hash_password(password, settings.bcrypt_rounds)
    return user


def _lockout_began(s: Session, settings, mailer: Mailer, user: User | None) -> None:
    """Mail the owner of a verified address the link that lifts the lock (at most once an hour)."""
    if user is None or user.email_verified_at is None:
        return
    if throttle.take(s, f"unlock-mail:{user.email}", (1, 3600)) == 0:
        email_links.send(s, settings, mailer, user, "unlock")


def login(s: Session, settings, mailer: Mailer, body: dict[str, Any], client: str) -> dict[str, Any]:
    email, password = _credentials(body)
    user = check_password_attempt(s, settings, mailer, email, password, client)
    tokens = start_session(s, settings, user)
    return {"user": user_dict(user), **tokens}


def verify_email(s: Session, body: dict[str, Any]) -> dict[str, Any]:
    """Spend a verification link: the address is now proven."""
    user = email_links.consume(s, body.get("token"), "verify")
    user.email_verified_at = user.email_verified_at or utcnow()
    return user_dict(user)


def resend_verification(s: Session, settings, mailer: Mailer, user: User) -> dict[str, Any]:
    if user.email_verified_at is not None:
        return {"sent": False, "email_verified": True}
    throttle.require(s, f"verify-mail:{user.id}", (3, 3600), "Too many verification mails")
    email_links.send(s, settings, mailer, user, "verify")
    return {"sent": True, "email_verified": False}


def unlock_user(s: Session, body: dict[str, Any]) -> User:
    """Spend an unlock link: the lock on password sign-in is lifted; the link's owner is the user."""
    user = email_links.consume(s, body.get("token"), "unlock")
    throttle.reset(s, f"login-account:{user.email}")
    return user


def unlock(s: Session, settings, body: dict[str, Any]) -> dict[str, Any]:
    """The owner followed the unlock link: the lock is lifted and they are signed in."""
    user = unlock_user(s, body)
    return {"user": user_dict(user), **start_session(s, settings, user)}


def request_unlock(s: Session, settings, mailer: Mailer, body: dict[str, Any]) -> dict[str, Any]:
    """Mail the unlock link again (only for a locked, verified account; the answer never tells which)."""
    email = normalize_email(body.get("email"))
    if throttle.empty(s, f"login-account:{email}", settings.rate_login_account):
        _lockout_began(s, settings, mailer, s.scalar(select(User).where(User.email == email)))
    return {"sent_if_locked": True}


def request_password_reset(s: Session, settings, mailer: Mailer, body: dict[str, Any], client: str
                           ) -> dict[str, Any]:
    """Mail a reset link if the address has an account. The answer is the same either way (no account
    enumeration), and so is the work done: the per-address bucket is taken for unknown addresses too."""
    throttle.require(s, f"reset-request:{client}", settings.rate_password_reset, "Too many password-reset requests")
    email = normalize_email(body.get("email"))
    s.commit()  # count the attempt whatever follows
    user = s.scalar(select(User).where(User.email == email))
    if throttle.take(s, f"reset-mail:{email}", (3, 3600)) == 0 and user is not None:
        email_links.send(s, settings, mailer, user, "reset")
    return {"accepted": True}


def reset_password(s: Session, settings, body: dict[str, Any]) -> dict[str, Any]:
    """Spend a reset link and set the new password: the policy first (a weak password leaves the link usable),
    then the token is consumed atomically; every session of the account (every refresh-token family) is
    revoked, the sign-in lock lifted, and the address counts as proven (the link reached it). Signs in."""
    user = email_links.peek(s, body.get("token"), "reset")
    password = passwords.check(body.get("password"), user.email, user.name)
    user = email_links.consume(s, body.get("token"), "reset")
    user.password_hash = hash_password(password, settings.bcrypt_rounds)
    user.email_verified_at = user.email_verified_at or utcnow()
    s.execute(update(AuthSession).where(AuthSession.user_id == user.id, AuthSession.revoked_at.is_(None))
              .values(revoked_at=utcnow(), revoked_reason="password reset"))
    s.execute(delete(EmailToken).where(EmailToken.user_id == user.id, EmailToken.purpose.in_(("reset", "unlock"))))
    throttle.reset(s, f"login-account:{user.email}")
    return {"user": user_dict(user), **start_session(s, settings, user)}


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
