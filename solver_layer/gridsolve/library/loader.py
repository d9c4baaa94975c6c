"""Load and validate the bundled library files (`data/*.json`, one file per source)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..errors import ParseError
from .schema import Entry

DATA_DIR = Path(__file__).with_name("data")


def load_file(path: Path) -> list[Entry]:
    """Entries of one library file; a bad entry raises ParseError naming the file, entry id and field."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ParseError(exc.msg, file=path.name, line=exc.lineno) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("entries"), list):
        raise ParseError("a library file is an object with an 'entries' list", file=path.name)
    entries = []
    for index, raw in enumerate(doc["entries"]):
        try:
            entries.append(Entry.model_validate(raw))
        except ValidationError as exc:
            err = exc.errors()[0]
            entry_id = raw.get("id") if isinstance(raw, dict) else None
            raise ParseError(
                err["msg"],
                file=path.name,
                element_id=entry_id or f"entries[{index}]",
                field=".".join(str(p) for p in err["loc"]),
            ) from None
    return entries


@lru_cache(maxsize=4)
def _load(data_dir: Path) -> tuple[Entry, ...]:
    entries: list[Entry] = []
    seen: dict[str, str] = {}
    for path in sorted(data_dir.glob("*.json")):
        for entry in load_file(path):
            if entry.id in seen:
                raise ParseError(
                    f"duplicate library id (also in {seen[entry.id]})",
                    file=path.name,
                    element_id=entry.id,
                    field="id",
                )
            seen[entry.id] = path.name
            entries.append(entry)
    return tuple(entries)


def load_library(data_dir: Path | None = None) -> list[Entry]:
    """Every entry of the bundled library (validated once, then cached), in file then entry order."""
    return list(_load(Path(data_dir) if data_dir else DATA_DIR))


def get_entry(entry_id: str, data_dir: Path | None = None) -> Entry:
    """The entry with this id; KeyError naming it when absent."""
    for entry in _load(Path(data_dir) if data_dir else DATA_DIR):
        if entry.id == entry_id:
            return entry
    raise KeyError(f"no library entry '{entry_id}'")
