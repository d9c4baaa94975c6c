"""A library entry as the row of searchable metadata that stands for it in SQL (the model file is the blob).

What is searched, what counts as an exact identifier, which parameters a search result shows and how a rating is
compared across units are decided here, once, for the seed, user models and the benchmark.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from chalicelib.engine import EquipmentEntry
from chalicelib.equipment import text

# Rating units -> (quantity, factor to the base unit of that quantity: A, MVA or MW).
RATING_UNITS: dict[str, tuple[str, float]] = {
    "A": ("current", 1.0),
    "kA": ("current", 1000.0),
    "MVA": ("apparent_power", 1.0),
    "kVA": ("apparent_power", 1e-3),
    "MW": ("active_power", 1.0),
    "kW": ("active_power", 1e-3),
}
BASE_UNITS = {"current": "A", "apparent_power": "MVA", "active_power": "MW"}

# Identifying parameters worth finding by name (code names, sizes, constructions, product lines, curves).
SEARCHED_PARAMETERS = (
    "code_name", "size", "stranding", "material", "conductor_material", "insulation", "uo_u_kv", "product_line",
    "family", "vector_group", "machine_type", "medium", "cooling", "functions", "curves", "vendor_curves",
)
# Identifiers that rank an entry first when the query is exactly one of them ("Drake" -> ACSR Drake).
KEY_PARAMETERS = ("code_name", "product_line", "size")
# Names people mistype: fuzzy matching looks at these only (substring matching at the whole search text).
NAMING_PARAMETERS = ("code_name", "product_line", "family")
MAX_LIST_LEN = 16
# What a search result shows besides the searchable metadata: the columns of `equipment_payload`.
PAYLOAD = ("parameters", "tags", "provenance")


def revision(entry: EquipmentEntry) -> str:
    """Content hash of the model file: changes whenever any value of the entry changes."""
    canonical = json.dumps(entry.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def model_file(entry: EquipmentEntry) -> bytes:
    """The model file kept in the blob store: the entry's JSON."""
    return entry.model_dump_json(indent=1).encode()


def blob_key(entry_id: str, rev: str) -> str:
    return f"equipment/{entry_id}/{rev}.json"


def _is_scalar(v: Any) -> bool:
    return isinstance(v, str | int | float | bool)


def key_parameters(entry: EquipmentEntry) -> dict[str, Any]:
    """The parameters a search result shows: the scalar ones and short flat lists (curves, functions); nested
    data (setting tables, curve points) stays in the model file."""
    out: dict[str, Any] = {}
    for name, value in entry.parameters.model_dump(mode="json").items():
        if value is None or value == [] or value == {}:
            continue
        if _is_scalar(value) or (
            isinstance(value, list) and len(value) <= MAX_LIST_LEN and all(_is_scalar(v) for v in value)
        ):
            out[name] = value
    return out


def _fmt(x: float) -> str:
    return f"{x:g}"


def _searched(entry: EquipmentEntry) -> list[str]:
    p = entry.parameters.model_dump(mode="json")
    parts: list[str] = []
    for name in SEARCHED_PARAMETERS:
        value = p.get(name)
        if isinstance(value, list):
            parts.extend(str(v) for v in value)
        elif value is not None:
            parts.append(str(value))
    for name in ("cross_section_mm2", "area_mm2"):
        if p.get(name):
            parts.append(f"{_fmt(p[name])} mm2")
    return parts


def search_text(entry: EquipmentEntry) -> str:
    rating = f"{_fmt(entry.rating.value)} {entry.rating.unit}" if entry.rating else None
    voltage = f"{_fmt(entry.voltage_class_kv)} kV" if entry.voltage_class_kv else None
    return text.search_text(
        [entry.name, entry.manufacturer, entry.model_number, entry.category, entry.subcategory, *entry.tags,
         *_searched(entry), rating, voltage]
    )


def fuzzy_text(entry: EquipmentEntry) -> str:
    p = entry.parameters.model_dump(mode="json")
    return text.search_text([entry.name, entry.manufacturer, entry.model_number,
                             *(str(p[k]) for k in NAMING_PARAMETERS if p.get(k))])


def keys(entry: EquipmentEntry) -> str:
    p = entry.parameters.model_dump(mode="json")
    return text.keys_text(
        [entry.id, entry.name, entry.model_number, *(p.get(k) for k in KEY_PARAMETERS if isinstance(p.get(k), str))]
    )


def rating_base(value: float, unit: str) -> tuple[str, float]:
    """(quantity, value in the quantity's base unit) of a rating."""
    quantity, factor = RATING_UNITS[unit]
    return quantity, value * factor


def row_values(entry: EquipmentEntry) -> dict[str, Any]:
    """Column values of the searchable metadata row of `entry` and of its payload (the PAYLOAD keys); ownership
    columns are the caller's."""
    rev = revision(entry)
    quantity, base = rating_base(entry.rating.value, entry.rating.unit) if entry.rating else (None, None)
    return {
        "id": entry.id,
        "name": entry.name,
        "manufacturer": entry.manufacturer,
        "manufacturer_key": text.key(entry.manufacturer),
        "model_number": entry.model_number,
        "category": entry.category,
        "subcategory": entry.subcategory,
        "voltage_class_kv": entry.voltage_class_kv,
        "rating_value": entry.rating.value if entry.rating else None,
        "rating_unit": entry.rating.unit if entry.rating else None,
        "rating_quantity": quantity,
        "rating_base": base,
        "parameters": key_parameters(entry),
        "tags": list(entry.tags),
        "provenance": entry.provenance.model_dump(mode="json"),
        "search_text": search_text(entry),
        "fuzzy_text": fuzzy_text(entry),
        "keys": keys(entry),
        "revision": rev,
        "blob_key": blob_key(entry.id, rev),
    }


def split(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Row values as (the `equipment` row's, the `equipment_payload` row's)."""
    return ({k: v for k, v in values.items() if k not in PAYLOAD}, {k: values[k] for k in PAYLOAD if k in values})
