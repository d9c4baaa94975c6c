"""Links mailed to an address: verify it (`verify`), lift a sign-in lockout (`unlock`), or choose a new
password (`reset`).

A token is random (256 bits), stored only as its SHA-256, bound to the address it was sent to, short-lived,
and consumed by one conditional ``DELETE ... RETURNING``: two requests racing with the same token cannot
both succeed.
"""

from __future__ import annotations

import hashlib
import secrets
import urllib.parse
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from chalicelib.accounts.mail import Mail, Mailer
from chalicelib.http.errors import BadRequest, Unauthorized, field_error
from chalicelib.storage.models import EmailToken, User, utcnow

TTL_S = {"verify": 48 * 3600, "unlock": 3600, "reset": 3600}
SUBJECTS = {"verify": "Confirm your e-mail address for GridSolve", "unlock": "Your GridSolve sign-in was locked",
            "reset": "Reset your GridSolve password"}
TEXTS = {
    "verify": ("Hello,\n\nplease confirm that {email} is your address by opening this link (valid for 48 hours):\n\n"
               "{link}\n\nUntil then you cannot accept invitations to organizations. If you did not sign up for "
               "GridSolve, ignore this mail.\n"),
    "unlock": ("Hello,\n\nsign-in with a password to {email} was locked after many failed attempts from many "
               "places. If that was not you, someone is guessing your password; you are not affected. To sign in "
               "now (and lift the lock), open this link within an hour:\n\n{link}\n"),
    "reset": ("Hello,\n\nsomeone (we hope you) asked to reset the password of the GridSolve account {email}. To "
              "choose a new password, open this link within an hour (it works once):\n\n{link}\n\nSetting a new "
              "password signs out every session of the account. If you did not ask, ignore this mail: your "
              "password is unchanged.\n"),
}
# verify and unlock act on GET (the API redirects browsers); a reset link opens the web app's form, because the
# token is spent only when the new password is posted (a mail scanner prefetching the link spends nothing)
ROUTES = {"verify": "/api/auth/verify-email", "unlock": "/api/auth/unlock", "reset": "/#/reset-password"}


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def send(s: Session, settings, mailer: Mailer, user: User, purpose: str) -> None:
    """Replace any earlier link of this purpose with a new one and mail it to the user's address."""
    s.execute(delete(EmailToken).where(EmailToken.user_id == user.id, EmailToken.purpose == purpose))
    token = secrets.token_urlsafe(32)
    s.add(EmailToken(token_hash=digest(token), user_id=user.id, purpose=purpose, email=user.email,
                     expires_at=utcnow() + timedelta(seconds=TTL_S[purpose])))
    s.flush()
    link = f"{settings.public_url}{ROUTES[purpose]}?" + urllib.parse.urlencode({"token": token})
    mailer.send(Mail(to=user.email, subject=SUBJECTS[purpose], text=TEXTS[purpose].format(email=user.email,
                                                                                          link=link)))


def consume(s: Session, token: object, purpose: str) -> User:
    """The user a valid, unspent token of `purpose` belongs to (spending it), or 401."""
    if not isinstance(token, str) or not token:
        raise BadRequest("token is required", fields=[field_error("token", "required")])
    row = s.execute(
        delete(EmailToken)
        .where(EmailToken.token_hash == digest(token), EmailToken.purpose == purpose,
               EmailToken.expires_at > utcnow())
        .returning(EmailToken.user_id, EmailToken.email)
    ).first()
    user = s.get(User, row.user_id) if row is not None else None
    if row is None or user is None or user.email != row.email:  # unknown, spent, expired, or the address changed since
        raise Unauthorized("This link is unknown, used or expired; ask for a new one", code="invalid_token")
    return user


def peek(s: Session, token: object, purpose: str) -> User:
    """The user a valid, unspent token belongs to, without spending it (to check a new password before the
    token is consumed); 401 like `consume`."""
    if not isinstance(token, str) or not token:
        raise BadRequest("token is required", fields=[field_error("token", "required")])
    row = s.scalar(select(EmailToken).where(EmailToken.token_hash == digest(token), EmailToken.purpose == purpose,
                                            EmailToken.expires_at > utcnow()))
    user = s.get(User, row.user_id) if row is not None else None
    if row is None or user is None or user.email != row.email:
        raise Unauthorized("This link is unknown, used or expired; ask for a new one", code="invalid_token")
    return user


def pending(s: Session, user: User, purpose: str) -> bool:
    return s.scalar(select(EmailToken.token_hash).where(EmailToken.user_id == user.id,
                                                        EmailToken.purpose == purpose).limit(1)) is not None
