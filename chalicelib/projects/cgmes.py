"""CGMES (CIM) zips into projects: the upload's checks before the engine reads it (the export is the general
`GET /api/projects/{id}/export?format=cgmes`, projects/service.py).

A CGMES model is a zip of XML profiles (EQ, TP, SSH, SV; zips inside zips happen), so it travels in the import
body as base64 (`content_base64`), within the request size limit. Before the engine sees it, the archive's own
directory is checked: a zip that is not one, too many members, or members that unpack to more than
`max_unpacked_bytes` (a zip bomb is a few kB) are refused naming the member. The engine's reader then names the
profile file inside the zip, the line and the object (mRID) of anything it cannot take.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import zipfile
from typing import Any

from chalicelib import engine
from chalicelib.http.errors import BadRequest, PayloadTooLarge, field_error

MAX_MEMBERS = 2000
MAX_NESTING = 2  # a zip inside the upload, and one inside that
FIELD = "content_base64"


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"


def decode(body: dict[str, Any], max_bytes: int) -> bytes:
    """The upload's bytes from `content_base64`; a precise 400 when it is missing or not base64."""
    text = body.get(FIELD)
    if not isinstance(text, str) or not text.strip():
        raise BadRequest("content_base64 is required for CGMES: the zip's bytes, base64-encoded",
                         fields=[field_error(FIELD, "required")])
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest("content_base64 is not valid base64", fields=[field_error(FIELD, "invalid base64")]) from None
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"The file is {_mb(len(data))}; the limit is {_mb(max_bytes)}",
                              fields=[field_error(FIELD, "too large")])
    return data


def check_archive(data: bytes, label: str, max_unpacked: int, depth: int = 0) -> int:
    """Bytes the zip `data` unpacks to (nested zips counted through), refusing what would be too much to read.

    Sizes come from the zip's directory; the standard library's reader stops at a member's declared size, so a
    member cannot unpack to more than it declares."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise BadRequest(f"{label} is not a readable zip archive ({exc})",
                         fields=[field_error(FIELD, f"{label}: not a zip archive")], code="invalid_network") from None
    if len(infos) > MAX_MEMBERS:
        raise PayloadTooLarge(f"{label} has {len(infos)} files; at most {MAX_MEMBERS} are read",
                              fields=[field_error(FIELD, f"{label}: too many files")])
    total = 0
    for info in infos:
        inner = f"{label}:{info.filename}"
        total += info.file_size
        if total > max_unpacked:
            raise PayloadTooLarge(
                f"{inner} brings the unpacked size to over {_mb(max_unpacked)} (the limit; "
                f"it unpacks to {_mb(info.file_size)})", fields=[field_error(FIELD, f"{inner}: too large unpacked")])
        if info.filename.lower().endswith(".zip"):
            if depth + 1 >= MAX_NESTING:
                raise BadRequest(f"{inner}: zips nested more than {MAX_NESTING} deep are not read",
                                 fields=[field_error(FIELD, f"{inner}: nested too deep")])
            try:
                nested = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:  # a bad CRC, a truncated member
                raise BadRequest(f"{inner} cannot be unpacked ({exc})",
                                 fields=[field_error(FIELD, f"{inner}: damaged")], code="invalid_network") from None
            total += check_archive(nested, inner, max_unpacked - total, depth + 1) - info.file_size
    return total


def upload_name(body: dict[str, Any]) -> str:
    """The uploaded file's name as errors show it (no folders)."""
    name = str(body.get("filename") or "model.zip")
    base = re.split(r"[\\/]", name)[-1][:200]
    return re.sub(r"[\x00-\x1f]", "", base) or "model.zip"


def read_upload(body: dict[str, Any], settings: Any, name: str) -> engine.ImportedCase:
    """The import body's CGMES zip (or one XML profile) as a network, after the archive checks."""
    data = decode(body, settings.max_upload_bytes)
    label = upload_name(body)
    if data[:2] == b"PK":
        check_archive(data, label, settings.max_unpacked_bytes)
    return engine.parse_cgmes(data, label, name)

