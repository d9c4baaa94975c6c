"""CIM/CGMES import and export (IEC 61970-600: CGMES 2.4.15 / CIM16, and 3.0 / CIM100 on import).

    read_cgmes(path_or_bytes_or_files) -> Network    # a zip, a folder, a list of profile files
    write_cgmes(net) -> bytes                         # a CGMES 2.4.15 zip: EQ, TP, SSH, SV

`gridsolve.io.loads(data, "cgmes")` and `read_case("model.zip")` go through the same reader.
"""

from __future__ import annotations

from pathlib import Path

from ...model import Network
from .reader import read_cgmes
from .writer import write_cgmes

__all__ = ["read_cgmes", "read_cgmes_data", "write_cgmes"]


def read_cgmes_data(data: str | bytes | Path, source: str = "<cgmes>") -> Network:
    """The `gridsolve.io` reader entry: zip bytes, one XML document (bytes or text) or a path."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return read_cgmes(data, label=source) if isinstance(data, bytes) else read_cgmes(data)
