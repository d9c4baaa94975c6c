"""Case-file formats: read any supported format into a Network, write a Network out.

| format | read | write | extensions |
|---|---|---|---|
| gridsolve (native JSON) | yes | yes | .json (with "schema_version") |
| matpower (v2) | yes | yes | .m |
| psse (RAW v33/v35) | yes | no | .raw |
| pandapower (JSON) | yes | no | .json (pandapower's "pandapowerNet") |
| cgmes (CIM 2.4.15 / 3.0) | yes | yes (2.4.15) | .zip, a folder of profile files; bytes in `loads` |

Three-phase feeders are a different model (`gridsolve.unbalanced.Feeder`), read by `FEEDER_READERS`:
| opendss (.dss scripts) | yes | no | .dss |
"""

from __future__ import annotations

import gzip
import importlib
from dataclasses import dataclass, field
from pathlib import Path

from ..bulk import bulk
from ..errors import ParseError, UnsupportedFormatError
from ..model import Network
from .reader_errors import boundary

READERS = {
    "gridsolve": ("gridsolve.io.native", "read_native"),
    "matpower": ("gridsolve.io.matpower", "read_matpower"),
    "psse": ("gridsolve.io.psse", "read_psse"),
    "pandapower": ("gridsolve.io.pandapower_json", "read_pandapower"),
    "cgmes": ("gridsolve.io.cgmes", "read_cgmes_data"),
}
WRITERS = {
    "gridsolve": ("gridsolve.io.native", "write_native"),
    "matpower": ("gridsolve.io.matpower", "write_matpower"),
    "cgmes": ("gridsolve.io.cgmes", "write_cgmes"),
}
FEEDER_READERS = {"opendss": ("gridsolve.io.opendss", "read_opendss")}  # -> unbalanced.Feeder
FEEDER_EXTENSIONS = {".dss": "opendss"}
ALIASES = {"json": "gridsolve", "native": "gridsolve", "m": "matpower", "raw": "psse", "pp": "pandapower",
           "cim": "cgmes", "zip": "cgmes"}
BINARY = {"cgmes"}  # read from bytes or a path, written as bytes


def _resolve(fmt: str, table: dict) -> tuple[str, str]:
    key = ALIASES.get(fmt.lower(), fmt.lower())
    if key not in table:
        raise UnsupportedFormatError(f"unsupported format '{fmt}' (choose {', '.join(sorted(table))})",
                                     field="format")
    return table[key]


def guess_format(path: str | Path, text: str | None = None) -> str:
    path = Path(path)
    suffix = Path(path.name.removesuffix(".gz")).suffix.lower()
    if suffix == ".zip" or path.is_dir():
        return "cgmes"
    if suffix == ".m":
        return "matpower"
    if suffix == ".raw":
        return "psse"
    if suffix == ".json":
        head = (text or Path(path).read_text(errors="replace"))[:4096]
        return "pandapower" if "pandapowerNet" in head else "gridsolve"
    raise UnsupportedFormatError(f"cannot tell the format of '{path}' from its extension (.m, .raw, .json, .zip)",
                                 file=str(path))


@dataclass
class ImportedCase:
    """A case file's network and the bus positions the file carried (for a diagram; no study reads them)."""

    network: Network
    coordinates: dict[str, tuple[float, float]] = field(default_factory=dict)


def import_case(text: str | bytes, fmt: str, name: str | None = None, source: str | None = None) -> ImportedCase:
    """`loads`, plus the file's bus coordinates where its format has them (pandapower geodata, GridSolve 1.0)."""
    net = loads(text, fmt, name=name, source=source)
    module, _ = _resolve(fmt, READERS)
    extract = getattr(importlib.import_module(module), "coordinates", None)
    with boundary(source or f"<{fmt}>"):
        coords = extract(text, source or f"<{fmt}>") if extract is not None else {}
    return ImportedCase(net, coords)


@bulk
def loads(text: str | bytes, fmt: str, name: str | None = None, source: str | None = None) -> Network:
    """Parse case text (bytes for CGMES: a zip or one XML document) in format `fmt` into a Network."""
    module, func = _resolve(fmt, READERS)
    reader = getattr(importlib.import_module(module), func)
    source = source or f"<{fmt}>"
    with boundary(source):
        net = reader(text, source)
    if name:
        net.name = name
    return net


def dumps(net: Network, fmt: str) -> str | bytes:
    """The case in format `fmt`: text, or bytes for CGMES (a zip)."""
    module, func = _resolve(fmt, WRITERS)
    return getattr(importlib.import_module(module), func)(net)


@bulk
def read_case(path: str | Path, fmt: str | None = None) -> Network:
    path = Path(path)
    fmt = fmt or (guess_format(path) if path.suffix.lower() == ".zip" or path.is_dir() else None)
    if fmt and ALIASES.get(fmt.lower(), fmt.lower()) in BINARY:
        module, func = _resolve(fmt, READERS)
        return getattr(importlib.import_module(module), func)(path, str(path))  # streams from the zip/folder
    try:
        if path.suffix == ".gz":
            text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
    except (OSError, gzip.BadGzipFile) as exc:
        raise ParseError(f"cannot read file: {getattr(exc, 'strerror', None) or exc}", file=str(path)) from None
    return loads(text, fmt or guess_format(path, text), source=str(path))


def write_case(net: Network, path: str | Path, fmt: str | None = None) -> None:
    path = Path(path)
    if fmt is None:
        fmt = {".m": "matpower", ".json": "gridsolve", ".zip": "cgmes"}.get(path.suffix.lower(), "")
        if not fmt:
            raise UnsupportedFormatError(f"cannot write '{path}': use .m, .json or .zip (CGMES)", file=str(path))
    data = dumps(net, fmt)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
