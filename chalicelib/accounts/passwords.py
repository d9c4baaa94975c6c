"""Password rules and hashing: one policy, served to the browser (`GET /api/auth/password-policy`) so it
applies the same rules, and checked here on registration.

Rules (NIST SP 800-63B §5.1.1.2): at least 8 characters, at most 256 (every character counts: the password is
pre-hashed, so bcrypt's 72-byte limit truncates nothing), and not guessable: zxcvbn (Dropbox's estimator:
the common-password lists of breach corpora, dictionary words, keyboard patterns, repeats, dates, and the
user's own e-mail and name) must score it at least 3 of 4. The browser has the same estimator (npm `zxcvbn`).

Hashes are ``sha256$<bcrypt>``: bcrypt over base64(SHA-256(password)) (44 ASCII bytes, no NUL), the scheme of
passlib's ``bcrypt_sha256``. Hashes made before it (plain bcrypt) still verify and are upgraded at sign-in.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import bcrypt
import zxcvbn

from chalicelib.http.errors import BadRequest, field_error

MIN_LENGTH = 8
MAX_LENGTH = 256
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable" (~10^8 guesses or more)
SCORED_LENGTH = 72  # zxcvbn looks at this many characters (its own limit)
PREFIX = "sha256$"


def policy() -> dict[str, Any]:
    return {
        "min_length": MIN_LENGTH,
        "max_length": MAX_LENGTH,
        "min_score": MIN_SCORE,
        "scorer": "zxcvbn",
        "scored_length": SCORED_LENGTH,
        "user_inputs": ["email", "the part of the email before @", "name", "gridsolve"],
        "description": (f"{MIN_LENGTH}-{MAX_LENGTH} characters; not a common or breached password, not built "
                        f"from your e-mail or name: zxcvbn must score it at least {MIN_SCORE} (of 4) on its "
                        f"first {SCORED_LENGTH} characters."),
    }


def assess(password: Any, email: str = "", name: str = "") -> dict[str, Any]:
    """The policy applied to one password: ok, zxcvbn's score, and what is wrong (for the form)."""
    if not isinstance(password, str):
        return {"ok": False, "score": 0, "problems": ["a password is required"], "suggestions": []}
    problems: list[str] = []
    if len(password) < MIN_LENGTH:
        problems.append(f"at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        problems.append(f"at most {MAX_LENGTH} characters")
    email = (email or "").strip().lower()
    inputs = [x for x in (email, email.partition("@")[0], (name or "").strip(), "gridsolve") if x]
    result: dict[str, Any] = {"score": 0, "feedback": {"warning": "", "suggestions": []}}  # zxcvbn fails on ""
    if password:
        result = zxcvbn.zxcvbn(password[:SCORED_LENGTH], user_inputs=inputs, max_length=SCORED_LENGTH)
    if email and password.strip().lower() in (email, email.partition("@")[0]):
        problems.append("must not be your e-mail address")
    if result["score"] < MIN_SCORE:
        warning = result["feedback"].get("warning") or "too easy to guess"
        problems.append(f"{warning.rstrip('.')} (strength {result['score']} of 4, {MIN_SCORE} needed)")
    return {"ok": not problems, "score": result["score"], "problems": problems,
            "suggestions": list(result["feedback"].get("suggestions") or [])}


def check(password: Any, email: str = "", name: str = "") -> str:
    """The password if it meets the policy, else a 400 naming the field and every problem."""
    verdict = assess(password, email, name)
    if not verdict["ok"]:
        raise BadRequest(f"Password: {'; '.join(verdict['problems'])}",
                         fields=[field_error("password", p) for p in verdict["problems"]], code="weak_password")
    return password


def _prehash(password: str) -> bytes:
    return base64.b64encode(hashlib.sha256(password.encode("utf-8")).digest())


def hash_password(password: str, rounds: int) -> str:
    return PREFIX + bcrypt.hashpw(_prehash(password), bcrypt.gensalt(rounds)).decode()


def verify_password(password: str, hashed: str | None) -> bool:
    if not hashed or not isinstance(password, str):
        return False
    try:
        if hashed.startswith(PREFIX):
            return bcrypt.checkpw(_prehash(password), hashed[len(PREFIX):].encode())
        return bcrypt.checkpw(password.encode("utf-8")[:72], hashed.encode())  # legacy: plain bcrypt
    except ValueError:
        return False


def needs_rehash(hashed: str | None) -> bool:
    return hashed is not None and not hashed.startswith(PREFIX)
