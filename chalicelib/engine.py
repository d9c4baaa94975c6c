"""The service's one seam onto the engine (``gridsolve``): network validation and import, the study registry,
running a study on a stored input, the samples, the equipment library (entries, their validation, their mapping
to element fields). Engine errors leave here as field-level API errors.

Nothing else in ``chalicelib`` imports ``gridsolve`` except for its types (`FieldError`, `GridSolveError`) in
``http/errors.py``.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from chalicelib.http.errors import BadRequest, from_engine_error, from_validation_error
from gridsolve import __version__ as ENGINE_VERSION
from gridsolve import io as gio
from gridsolve import jsonout, library
from gridsolve.errors import FieldError, GridSolveError
from gridsolve.io import ImportedCase
from gridsolve.io.native import upgrade as upgrade_native
from gridsolve.io.opendss import read_opendss
from gridsolve.library.schema import Category as EquipmentCategory
from gridsolve.library.schema import Entry as EquipmentEntry
from gridsolve.library.schema import Parameters as EquipmentParameters
from gridsolve.library.schema import Provenance as EquipmentProvenance
from gridsolve.library.schema import Rating as EquipmentRating
from gridsolve.model import LibraryReference, Network, parse_network
from gridsolve.output import csv_table
from gridsolve.powerflow.external import CompiledPayload, compiled_payload
from gridsolve.studies import (
    STUDY_TYPES,
    Progress,
    StudyOptions,
    StudyOutcome,
    StudyType,
    get_study_type,
    json_safe,
)
from gridsolve.unbalanced import Feeder
from gridsolve.unbalanced.model import parse_feeder

__all__ = [
    "EquipmentCategory",
    "EquipmentEntry",
    "EquipmentParameters",
    "EquipmentProvenance",
    "EquipmentRating",
    "Feeder",
    "GridSolveError",
    "ImportedCase",
    "LibraryReference",
    "Network",
    "StudyOutcome",
    "StudyType",
    "csv_table",
    "json_safe",
]

MODEL_KINDS = ("network", "feeder")
FEEDER_FORMATS = ("opendss",)
MAX_FEEDER_FILES = 50

IMPORT_FORMATS = tuple(sorted(gio.READERS)) + FEEDER_FORMATS
BINARY_FORMATS = tuple(sorted(gio.BINARY))  # uploaded as bytes (content_base64): CGMES zips
SAMPLES = {
    "ieee14": ("case14.m", "IEEE 14-bus system"),
    "ieee30": ("case30.m", "IEEE 30-bus system"),
    "ieee57": ("case57.m", "IEEE 57-bus system"),
    "ieee118": ("case118.m", "IEEE 118-bus system"),
}


@contextmanager
def engine_errors(prefix: str = "") -> Iterator[None]:
    """Turn a `GridSolveError` raised inside into a 400 naming the request fields (`prefix` + engine field)."""
    try:
        yield
    except GridSolveError as exc:
        raise from_engine_error(exc, prefix) from None


def validate_network(data: Any, prefix: str = "network.") -> Network:
    """A request's network (a JSON object) as a validated `Network`; every problem named by element and field."""
    if not isinstance(data, dict):
        raise BadRequest("network must be a JSON object", fields=[{"field": prefix.rstrip("."),
                                                                   "message": "expected an object"}])
    with engine_errors(prefix):
        return parse_network(data)


def load_model(kind: str, text: str | bytes) -> Network | Feeder:
    """A stored network or feeder (`kind` as the project's model_kind)."""
    if kind == "feeder":
        return Feeder.model_validate_json(text)
    return load_network(text)


def validate_model(kind: str, data: Any, prefix: str = "network.") -> Network | Feeder:
    """A request's network or feeder, validated; every problem named by element and field."""
    if kind == "feeder":
        if not isinstance(data, dict):
            raise BadRequest("network must be a JSON object", fields=[{"field": prefix.rstrip("."),
                                                                       "message": "expected an object"}])
        with engine_errors(prefix):
            return parse_feeder(data)
    return validate_network(data, prefix)


def model_json(model: Network | Feeder) -> str:
    return model.model_dump_json()


def bus_count(model: Network | Feeder) -> int:
    return len(model.bus_nodes()) if isinstance(model, Feeder) else len(model.buses)


def import_feeder(content: str, files: dict[str, str], filename: str) -> Feeder:
    """An OpenDSS script (and the files its Redirect/Compile/BusCoords name) as a Feeder. The files are written
    to a private temporary folder under their base names, so a script can only reach what was uploaded."""
    names = {"main": _safe_name(filename or "main.dss", "filename")}
    with tempfile.TemporaryDirectory(prefix="gridsolve-dss-") as tmp:
        root = Path(tmp)
        for name, text in files.items():
            (root / _safe_name(name, f"files.{name}")).write_text(text, encoding="utf-8")
        main = root / names["main"]
        main.write_text(content, encoding="utf-8")
        with engine_errors("content."):
            return read_opendss(main)


def _safe_name(name: str, field: str) -> str:
    """A plain file name (no folders, no hidden or special names)."""
    text = str(name)
    if not text or "/" in text or "\\" in text or text.startswith(".") or "\x00" in text or len(text) > 200:
        raise BadRequest(f"{text!r} is not a plain file name", fields=[{"field": field, "message": "file name"}])
    return text


def load_network(network_json: str | bytes) -> Network:
    """A network the service stored itself (already validated; schema 1.0 inputs are upgraded)."""
    data = json.loads(network_json)
    if str(data.get("schema_version", "")).startswith("1."):
        data, _ = upgrade_native(data)
    return Network.model_validate(data)


def network_json(net: Network) -> str:
    return net.model_dump_json()


def empty_network(name: str) -> Network:
    return Network(name=name)


def parse_import(content: str, fmt: str, name: str | None) -> ImportedCase:
    """A case file's text in `fmt` (matpower, psse, pandapower, gridsolve): its `Network` and the bus
    coordinates the file carries."""
    if fmt not in IMPORT_FORMATS:
        raise BadRequest(f"format must be one of {', '.join(IMPORT_FORMATS)}",
                         fields=[{"field": "format", "message": f"unknown format {fmt!r}"}])
    with engine_errors("content."):
        return gio.import_case(content, fmt, name=name)


def parse_cgmes(data: bytes, filename: str, name: str | None) -> ImportedCase:
    """A CGMES zip (or one XML profile) as a network. Errors name the profile file inside the zip
    (`model.zip:model_EQ.xml`), its line and the object's mRID, under the request field `content_base64`."""
    with engine_errors("content_base64."):
        return gio.import_case(data, "cgmes", name=name, source=filename)


EXPORT_FORMATS = ("gridsolve", "matpower", "cgmes")  # the engine's writers (gridsolve.io.WRITERS)
FEEDER_EXPORT_FORMATS = ("gridsolve",)  # a three-phase feeder: its own JSON model only
EXPORT_MEDIA = {"gridsolve": ("application/json", "json"), "matpower": ("text/plain; charset=utf-8", "m"),
                "cgmes": ("application/zip", "zip")}


def export_model(kind: str, stored_json: str | bytes, fmt: str, name: str) -> tuple[str | bytes, str, str]:
    """A stored network (or feeder) written in `fmt`: (text, or bytes for CGMES; media type; file extension).
    Formats the model cannot be written in and writer failures (CGMES needs a converged power flow for its SV
    profile) are 400s naming `format`."""
    allowed = FEEDER_EXPORT_FORMATS if kind == "feeder" else EXPORT_FORMATS
    if fmt not in allowed:
        what = "a three-phase feeder" if kind == "feeder" else "a network"
        raise BadRequest(f"{what} can be downloaded as {', '.join(allowed)}, not {fmt!r}",
                         fields=[{"field": "format", "message": f"one of {', '.join(allowed)}"}])
    model = load_model(kind, stored_json)
    media, ext = EXPORT_MEDIA[fmt]
    with engine_errors():
        if isinstance(model, Feeder):
            data: str | bytes = json.dumps(model.model_dump(mode="json"), indent=1)
        else:
            data = gio.dumps(model.model_copy(update={"name": name}), fmt)
    return data, media, ext


def sample_text(filename: str) -> str:
    return (resources.files("gridsolve") / "samples" / filename).read_text()


# --------------------------------------------------------------------------- studies


def version() -> str:
    """The engine's version, as reports state it."""
    return ENGINE_VERSION


def study_types() -> dict[str, StudyType]:
    return STUDY_TYPES


def study_request(study_type: Any, method: Any, parameters: Any) -> tuple[StudyType, StudyOptions]:
    """The study type and validated options of a request; unknown types, methods and options are 400s."""
    with engine_errors():
        st = get_study_type(study_type)
        if method is not None and not isinstance(method, str):
            method = repr(method)
        return st, st.parse_options(method, parameters)


def run_study(study_type: str, method: str, parameters: dict[str, Any], input_json: bytes,
              progress: Progress | None) -> StudyOutcome:
    """Run a stored study: its input (a network or a feeder, as the study type takes), its registered type, its
    options. Engine errors propagate (the caller records them with the study)."""
    st = get_study_type(study_type)
    options = st.parse_options(method, parameters)
    return st.run(load_model(st.input_kind, input_json), options, progress)


# A study type with `plan_batches` is split into independent batch jobs (a contingency campaign's outages):
# planned when the study is created (bad element ids and empty sets are 400s then), each batch run by any worker
# (a local pool process, a Lambda or Fargate task of the Step Functions Map), the outputs merged at the end.


def is_batched(study_type: str) -> bool:
    return get_study_type(study_type).plan_batches is not None


def plan_batches(study_type: str, method: str, parameters: dict[str, Any],
                 input_json: str | bytes) -> list[list[Any]] | None:
    """The study's work split into batches (JSON-safe lists of work items), or None when its type runs whole.
    Engine errors propagate (the caller answers 400 with them)."""
    st = get_study_type(study_type)
    if st.plan_batches is None:
        return None
    options = st.parse_options(method, parameters)
    return [list(batch) for batch in st.plan_batches(_model(st.input_kind, input_json), options)]


def planned_work(study_type: str, plan: list[list[Any]]) -> dict[str, float]:
    """The work a plan will do, in the study type's `work` unit (`{"outages": 1991}`); empty when it has none."""
    unit = get_study_type(study_type).batch_work_unit
    return {unit: float(sum(len(b) for b in plan))} if unit else {}


def run_batch(study_type: str, method: str, parameters: dict[str, Any], input_json: bytes, batch: list[Any],
              progress: Progress | None) -> dict[str, Any]:
    """One batch of a batched study, independent of the others: a JSON-safe output for `merge_batches`."""
    st = get_study_type(study_type)
    if st.run_batch is None:
        raise ValueError(f"{study_type} studies are not batched")
    options = st.parse_options(method, parameters)
    return json_safe(st.run_batch(_model(st.input_kind, input_json), options, batch, progress))


def merge_batches(study_type: str, method: str, parameters: dict[str, Any], input_json: bytes,
                  outputs: list[dict[str, Any]]) -> StudyOutcome:
    """Every batch's output (in batch order) merged into the study's outcome (ranked result, summary, work)."""
    st = get_study_type(study_type)
    if st.merge is None:
        raise ValueError(f"{study_type} studies are not batched")
    options = st.parse_options(method, parameters)
    return st.merge(_model(st.input_kind, input_json), options, outputs)


_MODELS: dict[tuple[str, str], Network | Feeder] = {}


def _model(kind: str, input_json: str | bytes) -> Network | Feeder:
    """The stored input parsed once per worker: every batch of a campaign reads the same network (a worker keeps
    the last two it read; batch runs do not change them)."""
    raw = input_json.encode() if isinstance(input_json, str) else input_json
    key = (kind, hashlib.sha256(raw).hexdigest())
    model = _MODELS.get(key)
    if model is None:
        while len(_MODELS) >= 2:
            _MODELS.pop(next(iter(_MODELS)))
        model = _MODELS[key] = load_model(kind, raw)
    return model


def csv_rows(study_type: str, table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A stored result table's rows as its study type has them read in a spreadsheet (`StudyType.csv_rows`: the
    contingency ranking's lists as text), or as stored; written by `csv_table` (formula-safe cells)."""
    hook = get_study_type(study_type).csv_rows
    return hook(table, rows) if hook is not None else rows


def contract_models() -> dict[str, Any]:
    """The engine's models the API documents beside the study types' own."""
    return {"Network": Network, "FieldError": FieldError, "CompiledPayload": CompiledPayload}


def compiled(net: Network) -> dict[str, Any]:
    """The compiled network the browser's solver takes (see gridsolve.powerflow.external)."""
    with engine_errors("network."):
        return compiled_payload(net)


def dumps(obj: Any) -> bytes:
    """Compact JSON of a result or document (the engine's orjson writer: results of large studies are stored in a
    fraction of the standard library's time; they are JSON-safe already, and a stray NaN would be null)."""
    return jsonout.dumps(obj)


# --------------------------------------------------------------------------- equipment library

EQUIPMENT_CATEGORIES: tuple[str, ...] = library.CATEGORIES
EQUIPMENT_ELEMENT_KINDS: dict[str, tuple[str, ...]] = library.ELEMENT_KINDS
M = TypeVar("M", bound=BaseModel)


def library_entries() -> list[EquipmentEntry]:
    """Every entry of the bundled equipment library (validated, with provenance)."""
    return library.load_library()


def validate_equipment(model: type[M], data: Any, prefix: str = "") -> M:
    """A request body as `model` (an entry, or a body built on one); every problem a 400 naming its field.

    An entry validates `parameters` with its category's model inside a validator, so those errors arrive
    without the `parameters` prefix. Unknown top-level keys are refused first; after that every location that
    is not one of the model's fields is inside `parameters`, and the prefix is restored."""
    known = frozenset(model.model_fields)
    unknown = [k for k in data if k not in known] if isinstance(data, dict) else []
    if unknown:
        raise BadRequest(f"Unknown field(s): {', '.join(map(str, unknown))}",
                         fields=[{"field": f"{prefix}{k}", "message": "unknown field"} for k in unknown])
    try:
        return model.model_validate(data)
    except ValidationError as exc:

        def field_of(loc: tuple[Any, ...]) -> tuple[Any, ...]:
            return loc if loc and str(loc[0]) in known else ("parameters", *loc)

        raise from_validation_error(exc, prefix, "Invalid equipment model", field_of) from None


def stored_entry(model_file: bytes) -> EquipmentEntry:
    """An entry the service stored itself (already validated)."""
    return EquipmentEntry.model_validate_json(model_file)


def equipment_element_fields(entry: EquipmentEntry, element_kind: str, element: dict[str, Any] | None = None
                             ) -> library.Applied:
    """An entry applied to an element kind of `gridsolve.model` (`element`: the element as it is, which a relay
    entry's ranges check): the fields it sets, the required fields it cannot give, the checks it could not make and
    the values the element's reference keeps. A kind the entry does not map to is a 400 naming the entry and
    `element_kind`; a relay setting the product cannot make, a 400 naming the relay and the field."""
    with engine_errors():
        return library.apply_entry(entry, element_kind, element)
