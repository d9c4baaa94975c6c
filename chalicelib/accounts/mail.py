"""Outgoing mail behind one small interface: `Mailer.send(Mail)`.

Local default (GRIDSOLVE_MAILER=outbox): every mail is written as an .eml file to ``<data dir>/outbox`` and
logged, so a developer opens the verification link from there. On AWS (GRIDSOLVE_MAILER=ses) mails go out
through Amazon SES from GRIDSOLVE_MAIL_FROM (a verified SES identity).
"""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from typing import Protocol

import boto3

from chalicelib.config import Settings

log = logging.getLogger("gridsolve.mail")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str


class Mailer(Protocol):
    def send(self, mail: Mail) -> None: ...


class OutboxMailer:
    """Mails as .eml files in a folder (written atomically) and a log line each."""

    def __init__(self, folder: Path, sender: str) -> None:
        self.folder, self.sender = Path(folder), sender

    def send(self, mail: Mail) -> None:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = self.sender, mail.to, mail.subject
        msg["Date"] = datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
        msg.set_content(mail.text, cte="8bit")  # links stay on one line in the file
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}-{uuid.uuid4().hex[:8]}.eml"
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(msg.as_bytes())
        os.replace(tmp, self.folder / name)
        log.warning("mail to %s: %s (%s)", mail.to, mail.subject, self.folder / name)


class SesMailer:
    """Amazon SES (the AWS deployment)."""

    def __init__(self, sender: str, client=None) -> None:
        self.sender = sender
        self.client = client or boto3.client("ses")

    def send(self, mail: Mail) -> None:
        self.client.send_email(
            Source=self.sender,
            Destination={"ToAddresses": [mail.to]},
            Message={"Subject": {"Data": mail.subject, "Charset": "UTF-8"},
                     "Body": {"Text": {"Data": mail.text, "Charset": "UTF-8"}}},
        )


def make_mailer(settings: Settings) -> Mailer:
    if settings.mailer == "ses":
        return SesMailer(settings.mail_from)
    if settings.mailer == "outbox":
        return OutboxMailer(settings.data_dir / "outbox", settings.mail_from)
    raise ValueError(f"GRIDSOLVE_MAILER must be outbox|ses, not {settings.mailer!r}")


def read_outbox(folder: Path, to: str | None = None) -> list[EmailMessage]:
    """The mails in an outbox folder, oldest first (optionally only those to one address)."""
    out = []
    for path in sorted(Path(folder).glob("*.eml")):
        msg = BytesParser(policy=default_policy).parsebytes(path.read_bytes())
        if to is None or msg["To"] == to:
            out.append(msg)
    return out
