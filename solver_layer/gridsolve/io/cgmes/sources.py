"""Where CGMES profile files come from: a zip (path or bytes, zips inside it too), a folder,
a list of files, or one XML document; and in which order to read them.

Files are read boundary first, then EQ, TP, SSH, SV, so that an object's first appearance is its
EQ definition. The profile of a file is taken from its `md:Model.profile` header (sniffed from
the first bytes), else from its name (`..._EQ.xml`, `..._SSH_...xml`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ...errors import ParseError
from .rdf import profiles_of_name, profiles_of_uris

ORDER = ("EQ_BD", "TP_BD", "EQ", "TP", "SSH", "SV")
_HEADER_PROFILE = re.compile(rb"Model\.profile>\s*([^<\s]+)\s*<")


@dataclass
class ProfileFile:
    name: str  # shown in error messages: "model.zip:model_EQ.xml"
    open: Callable[[], IO[bytes]]
    profiles: set[str]

    @property
    def rank(self) -> int:
        ranks = [ORDER.index(p) for p in self.profiles if p in ORDER]
        return min(ranks) if ranks else len(ORDER)


def _sniff(name: str, opener: Callable[[], IO[bytes]]) -> set[str]:
    with opener() as fh:
        head = fh.read(16384)
    found = profiles_of_uris(u.decode("utf-8", "replace") for u in _HEADER_PROFILE.findall(head))
    return found or profiles_of_name(name)


def _from_zip(data: bytes | Path, label: str) -> list[ProfileFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ParseError(f"not a readable zip archive: {exc}", file=label) from None
    out: list[ProfileFile] = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        inner = f"{label}:{info.filename}"
        lower = info.filename.lower()
        if lower.endswith(".zip"):
            out += _from_zip(archive.read(info), inner)
        elif lower.endswith((".xml", ".rdf")):
            def opener(info=info):
                return archive.open(info)
            out.append(ProfileFile(inner, opener, _sniff(info.filename, opener)))
    return out


def _from_path(path: Path) -> list[ProfileFile]:
    if not path.exists():
        raise ParseError("no such file or folder", file=str(path))
    if path.is_dir():
        out: list[ProfileFile] = []
        for child in sorted(path.iterdir()):
            if child.suffix.lower() in (".xml", ".rdf", ".zip"):
                out += _from_path(child)
        return out
    if path.suffix.lower() == ".zip":
        return _from_zip(path, str(path))

    def opener(path=path):
        return path.open("rb")
    return [ProfileFile(str(path), opener, _sniff(path.name, opener))]


def collect(source: str | Path | bytes | list[str | Path], label: str | None = None) -> list[ProfileFile]:
    """Every profile file of `source`, in reading order (boundary, EQ, TP, SSH, SV)."""
    if isinstance(source, bytes):
        label = label or "<cgmes>"
        if source[:2] == b"PK":
            files = _from_zip(source, label)
        else:
            def opener():
                return io.BytesIO(source)
            files = [ProfileFile(label, opener, _sniff(label, opener))]
    elif isinstance(source, list | tuple):
        files = [f for item in source for f in _from_path(Path(item))]
    else:
        files = _from_path(Path(source))
    files = [f for f in files if "OTHER" not in f.profiles]  # diagram/geography/dynamics: not needed
    files.sort(key=lambda f: f.rank)  # stable: same-profile files keep their order
    return files
