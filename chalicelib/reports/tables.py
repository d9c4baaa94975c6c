"""Result tables for the report: columns named with the engine's engineering titles (the `title` and
`description` of each field of the result's pydantic models) and units taken from the field names, which carry
them by convention (`vm_pu`, `p_mw`, `ikss_ka`, ...)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

#: Field-name suffix -> unit shown in the header, and the decimals its values get.
UNITS: tuple[tuple[str, str, int], ...] = (
    ("_pu", "pu", 4), ("_deg", "°", 3), ("_kv", "kV", 3), ("_mw", "MW", 3), ("_mvar", "Mvar", 3),
    ("_mva", "MVA", 2), ("_ka", "kA", 3), ("_a", "A", 1), ("_ohm", "Ω", 4), ("_percent", "%", 1), ("_s", "s", 3),
)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    unit: str = ""
    description: str = ""
    decimals: int | None = None

    @property
    def header(self) -> str:
        return f"{self.title} ({self.unit})" if self.unit and self.unit not in self.title else self.title


@dataclass
class Table:
    id: str
    title: str
    columns: list[Column]
    rows: list[list[str]]
    note: str = ""
    numeric: list[bool] = field(default_factory=list)


def unit_of(key: str) -> tuple[str, int | None]:
    for suffix, unit, decimals in UNITS:
        if key.endswith(suffix):
            return unit, decimals
    return "", None


def model_fields(schema: dict[str, Any], model: str | None = None) -> dict[str, dict[str, Any]]:
    """The properties of `model` (a $defs entry) or of the schema's top level."""
    node = schema.get("$defs", {}).get(model, {}) if model else schema
    return node.get("properties", {})


def row_model(schema: dict[str, Any], list_field: str, parent: str | None = None) -> str | None:
    """The model name of a list field's items (`buses` -> `BusResult`)."""
    prop = model_fields(schema, parent).get(list_field, {})
    ref = (prop.get("items") or {}).get("$ref", "")
    return ref.rsplit("/", 1)[-1] or None


#: Short engineering names for the words field names use.
WORDS = {"vm": "|V|", "va": "θ", "id": "ID", "p": "P", "q": "Q", "ikss": "I″k", "ip": "ip", "vn": "Un", "i": "I",
         "t": "t", "kv": "kV"}


def label(key: str, prop: dict[str, Any] | None = None) -> str:
    """The engineering title of a field: the model's own, else one made from the field name without its unit
    (pydantic's automatic title, "Vm Pu", is not one)."""
    title = (prop or {}).get("title")
    if title and title != key.replace("_", " ").title():
        return title
    unit, _ = unit_of(key)
    words = key.split("_")
    if unit and len(words) > 1:
        words = words[:-1]
    text = " ".join(WORDS.get(w, w) for w in words)
    return text[:1].upper() + text[1:]


def columns(schema: dict[str, Any], model: str | None, keys: list[str] | None = None) -> list[Column]:
    """Columns for the scalar fields of `model` (or `keys` in that order), with titles and units."""
    props = model_fields(schema, model)
    out = []
    for key in keys or list(props):
        prop = props.get(key, {})
        if _is_nested(prop):
            continue
        unit, decimals = unit_of(key)
        out.append(Column(key, label(key, prop), unit, prop.get("description", ""), decimals))
    return out


def _is_nested(prop: dict[str, Any]) -> bool:
    kinds = [prop.get("type")] + [a.get("type") for a in prop.get("anyOf", [])]
    return any(k in ("array", "object") for k in kinds) or "$ref" in prop or any(
        "$ref" in a for a in prop.get("anyOf", []))


def fmt(value: Any, decimals: int | None = None) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ") if abs(value) >= 10000 else str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "–"
        if decimals is None:
            return f"{value:.6g}"
        return f"{value:.{decimals}f}"
    if isinstance(value, list):
        return ", ".join(fmt(v, decimals) for v in value)
    return str(value)


def table(id: str, title: str, cols: list[Column], rows: list[dict[str, Any]], note: str = "") -> Table:
    numeric = [any(isinstance(r.get(c.key), int | float) and not isinstance(r.get(c.key), bool) for r in rows[:50])
               for c in cols]
    return Table(id, title, cols, [[fmt(r.get(c.key), c.decimals) for c in cols] for r in rows], note, numeric)


def key_values(pairs: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    return [(k, fmt(v)) for k, v in pairs]
