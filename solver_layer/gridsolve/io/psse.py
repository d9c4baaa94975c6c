"""PSS/E RAW power-flow data (revisions 33 and 35; 29-32 where the layout is the same).

What is read, and how it maps to the model (all branch data ends up in per unit on SBASE):

- Case identification: `base_mva` = SBASE, `f_hz` = BASFRQ, `name` = the first title line.
- Bus: `Bus` with id = the bus number, `vn_kv` = BASKV, IDE 4 = out of service, VM/VA kept as a
  warm start. Bus GL/BL (revisions <= 30) and fixed shunts: `Shunt` (GL MW and BL Mvar at 1 pu;
  BL > 0 is a capacitor).
- Load: `Load` with PL/QL constant power, IP/IQ constant current and YP/YQ constant admittance
  (MW/Mvar at 1 pu; YQ > 0 is capacitive). One Load with ZIP shares when the three parts take
  the same share of P and Q, else one Load per part (`load_<bus>_<id>`, `...#i`, `...#z`).
- Generator: `Generator` with PG/QG, QT/QB, PT/PB, VS, MBASE and STAT; the first in-service
  machine at a type-3 bus is the slack. Machines at type-2/3 buses regulate voltage, machines
  at type-1 buses are fixed P/Q injections, and so are machines with no reactive range (QT = QB,
  Q = QT), as PSS/E with Q limits and pypowsybl treat them. WMOD 3 machines inject Q from WPF.
  IREG (remote regulation) is NOT modelled: the machine regulates its own bus to VS.
- Non-transformer branch: `ImpedanceBranch` (R, X, B on SBASE, RATEA/B/C, ST). Line shunts
  GI/BI, GJ/BJ become `Shunt`s `<branch id>#shunt_<bus>` that follow the branch status. A branch
  with R = X = 0 becomes a bus-bus `Switch` (PSS/E's zero-impedance line).
- Two-winding transformer: `ImpedanceBranch` with `is_transformer`, see below.
- Three-winding transformer: three `ImpedanceBranch`es `3w_<i>_<j>_<k>_<ckt>_w1/_w2/_w3` from
  each winding bus to an added star `Bus` `3w_<i>_<j>_<k>_<ckt>#star` (vn_kv = the highest winding
  bus kV, VMSTAR/ANSTAR as a warm start); STAT 2/3/4 take winding 2/3/1 out, 0 all three.
- Switched shunt: a fixed `Shunt` at its present admittance BINIT (Mvar at 1 pu); no switching.
- System switching device (revision 35): a bus-bus `Switch` (an `ImpedanceBranch` if X != 0).
- Skipped, as they do not change the base-case power flow: system-wide data, area, zone, owner,
  inter-area transfer, impedance correction (tables are not applied), multi-section line
  grouping, GNE, induction machine and substation data.
- Two-terminal DC, VSC DC, multi-terminal DC and FACTS devices have no model element. In service,
  they raise ParseError unless `hvdc="ignore"` (dropped) or `hvdc="fixed_power"` (two-terminal
  LCC lines become fixed active power at the converter buses, converter Q not modelled).

Transformers follow PSS/E's equivalent circuit (the same as pypowsybl's importer): bus I - magnetizing
admittance Ym - ideal ratio w1/ANG1 - series impedance Z - ideal ratio w2 - bus J, with
- Z from R1-2/X1-2: CZ 1 = pu on SBASE; CZ 2 = pu on SBASE1-2 (scaled by SBASE/SBASE1-2);
  CZ 3 = R is the load loss in W and X is |Z| in pu on SBASE1-2;
- w from WINDV: CW 1 = pu of the bus base kV; CW 2 = kV (w = WINDV/BASKV); CW 3 = pu of NOMV
  (w = WINDV*NOMV/BASKV); NOMV = 0 means the bus base kV;
- Ym from MAG1/MAG2: CM 1 = G, B in pu on SBASE and bus I base kV; CM 2 = MAG1 the no-load loss
  in W and MAG2 the exciting current in pu on SBASE1-2 at NOMV1 (B = -sqrt(Y^2 - G^2)).
As an `ImpedanceBranch` (ratio at the from end): tap_ratio = w1/w2, shift_degree = ANG1,
r + jx = Z * w2^2 and g_mag + j b_mag = Ym * (w1/w2)^2, which puts exactly Ym at bus I.

Element ids: `line_<i>_<j>_<ckt>`, `tx_<i>_<j>_<ckt>`, `3w_<i>_<j>_<k>_<ckt>_w<n>`, `gen_<bus>_<id>`,
`load_<bus>_<id>`, `shunt_<bus>_<id>` (bus GL/BL: `shunt_<bus>`), `swshunt_<bus>` (rev 35:
`swshunt_<bus>_<id>`), `switch_<i>_<j>_<ckt>`. Circuit and machine ids are stripped of blanks.

Malformed input raises `ParseError` naming the file, the 1-based line and the field
(`<record>.<FIELD>`, e.g. `branch.X`).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ValidationError

from ..bulk import Table
from ..errors import ParseError, pydantic_message
from ..model import Bus, Generator, ImpedanceBranch, Load, Network, Shunt, Switch
from ..powerflow.newton import use_numba
from .psse_bulk import (
    BusIndex,
    Ids,
    read_branches,
    read_buses,
    read_fixed_shunts,
    read_generators,
    read_loads,
    validate_rows,
)
from .psse_columns import Checks, Fields, Records, _rawscan, raw_float
from .psse_transformers import Grouping, RowChecks, group, raised, read_two_winding

# Data sections in file order, by revision.
_SECTIONS_OLD = ["bus", "load", "generator", "branch", "transformer", "area", "two_terminal_dc", "vsc_dc",
                 "switched_shunt", "impedance_correction", "multi_terminal_dc", "multi_section_line", "zone",
                 "inter_area", "owner", "facts"]
_SECTIONS_33 = ["bus", "load", "fixed_shunt", "generator", "branch", "transformer", "area", "two_terminal_dc",
                "vsc_dc", "impedance_correction", "multi_terminal_dc", "multi_section_line", "zone", "inter_area",
                "owner", "facts", "switched_shunt", "gne", "induction_machine"]
_SECTIONS_35 = ["system_wide", "bus", "load", "fixed_shunt", "generator", "branch", "switching_device",
                "transformer", "area", "two_terminal_dc", "vsc_dc", "impedance_correction", "multi_terminal_dc",
                "multi_section_line", "zone", "inter_area", "owner", "facts", "switched_shunt", "gne",
                "induction_machine", "substation"]
# A file may stop after these; the sections after it are optional.
_LAST_REQUIRED = "transformer"

_OWNERS = ["O1", "F1", "O2", "F2", "O3", "F3", "O4", "F4"]
_FIELDS: dict[str, dict[int, list[str]]] = {
    # record kind -> {first revision using the layout: field names}
    "bus": {
        0: ["I", "NAME", "BASKV", "IDE", "GL", "BL", "AREA", "ZONE", "VM", "VA", "OWNER"],
        31: ["I", "NAME", "BASKV", "IDE", "AREA", "ZONE", "OWNER", "VM", "VA", "NVHI", "NVLO", "EVHI", "EVLO"],
    },
    "load": {0: ["I", "ID", "STATUS", "AREA", "ZONE", "PL", "QL", "IP", "IQ", "YP", "YQ", "OWNER", "SCALE",
                 "INTRPT"]},
    "fixed_shunt": {0: ["I", "ID", "STATUS", "GL", "BL"]},
    "generator": {
        0: ["I", "ID", "PG", "QG", "QT", "QB", "VS", "IREG", "MBASE", "ZR", "ZX", "RT", "XT", "GTAP", "STAT",
            "RMPCT", "PT", "PB", *_OWNERS, "WMOD", "WPF"],
        35: ["I", "ID", "PG", "QG", "QT", "QB", "VS", "IREG", "NREG", "MBASE", "ZR", "ZX", "RT", "XT", "GTAP",
             "STAT", "RMPCT", "PT", "PB", "BASLOD", *_OWNERS, "WMOD", "WPF"],
    },
    "branch": {
        0: ["I", "J", "CKT", "R", "X", "B", "RATEA", "RATEB", "RATEC", "GI", "BI", "GJ", "BJ", "ST"],
        35: ["I", "J", "CKT", "R", "X", "B", "NAME", *[f"RATE{k}" for k in range(1, 13)], "GI", "BI", "GJ", "BJ",
             "ST"],
    },
    "switching_device": {35: ["I", "J", "CKT", "X", *[f"RATE{k}" for k in range(1, 13)], "STAT", "NSTAT"]},
    "transformer": {0: ["I", "J", "K", "CKT", "CW", "CZ", "CM", "MAG1", "MAG2", "NMETR", "NAME", "STAT"]},
    "transformer_z2": {0: ["R1-2", "X1-2", "SBASE1-2"]},
    "transformer_z3": {0: ["R1-2", "X1-2", "SBASE1-2", "R2-3", "X2-3", "SBASE2-3", "R3-1", "X3-1", "SBASE3-1",
                           "VMSTAR", "ANSTAR"]},
    "transformer_w1": {0: ["WINDV1", "NOMV1", "ANG1", "RATA1", "RATB1", "RATC1"]},
    "transformer_w2": {0: ["WINDV2", "NOMV2", "ANG2", "RATA2", "RATB2", "RATC2"]},
    "transformer_w3": {0: ["WINDV3", "NOMV3", "ANG3", "RATA3", "RATB3", "RATC3"]},
    "switched_shunt": {
        0: ["I", "MODSW", "VSWHI", "VSWLO", "SWREM", "BINIT"],
        30: ["I", "MODSW", "VSWHI", "VSWLO", "SWREM", "RMPCT", "RMIDNT", "BINIT"],
        31: ["I", "MODSW", "ADJM", "STAT", "VSWHI", "VSWLO", "SWREM", "RMPCT", "RMIDNT", "BINIT"],
        35: ["I", "ID", "MODSW", "ADJM", "STAT", "VSWHI", "VSWLO", "SWREG", "NREG", "RMPCT", "RMIDNT", "BINIT"],
    },
    "two_terminal_dc": {0: ["NAME", "MDC", "RDC", "SETVL", "VSCHD"]},
    "two_terminal_dc_rect": {0: ["IPR"]},
    "two_terminal_dc_inv": {0: ["IPI"]},
    "vsc_dc": {0: ["NAME", "MDC"]},
    "multi_terminal_dc": {0: ["I", "NCONV", "NDCBS", "NDCLN", "MDC"]},
    "facts": {0: ["NAME", "I", "J", "MODE"]},
}
_HVDC_MODES = ("error", "ignore", "fixed_power")
_BULK = frozenset(("bus", "load", "fixed_shunt", "generator", "branch"))  # read as columns (psse_bulk)
_SPECIAL = frozenset("0Qq'\"/,")  # a line starting so may be a section's end (or hold no token)
_LISTS: dict[str, type[BaseModel]] = {"buses": Bus, "loads": Load, "shunts": Shunt, "generators": Generator,
                                      "impedance_branches": ImpedanceBranch, "switches": Switch}
_BUS_FIELDS = {"loads": ("bus",), "shunts": ("bus",), "generators": ("bus",),
               "impedance_branches": ("from_bus", "to_bus")}
_CASE_IDENTIFICATION = ["IC", "SBASE", "REV", "XFRRAT", "NXFRAT", "BASFRQ"]


@functools.cache
def _fields(kind: str, rev: int) -> list[str]:
    layouts = _FIELDS[kind]
    return layouts[max(r for r in layouts if r <= rev)] if any(r <= rev for r in layouts) else layouts[min(layouts)]


_POSITIONS: dict[int, tuple[list[str], dict[str, int]]] = {}  # id(field list) -> (the list, name -> index)


def _positions(names: list[str]) -> dict[str, int]:
    """name -> index in `names` (the first, as list.index), cached per list object (kept alive by the cache, so
    its id is not reused)."""
    found = _POSITIONS.get(id(names))
    if found is None or found[0] is not names:
        index: dict[str, int] = {}
        for k, name in enumerate(names):
            index.setdefault(name, k)
        found = _POSITIONS[id(names)] = (names, index)
    return found[1]


# ---------------------------------------------------------------------------------------------
# Tokenizing


_TOKEN = re.compile(r"""'([^']*)'?|"([^"]*)"?|(/)|(,)|([^\s,/'"]+)""")


def _split_simple(text: str) -> list[str] | None:
    """split_record for the usual line (comma-separated, whole-field single quotes, a trailing
    '/' comment), with str methods; None when the line needs the general tokenizer."""
    if '"' in text:
        return None
    slash = text.find("/")
    if slash >= 0:
        if slash < text.rfind("'"):
            return None
        text = text[:slash]
    pieces = text.split(",")
    tokens: list[str] = []
    last = len(pieces) - 1
    for k, piece in enumerate(pieces):
        if "'" in piece:
            p = piece.strip()
            if len(p) < 2 or p[0] != "'" or p[-1] != "'" or p.count("'") != 2:
                return None
            tokens.append(p[1:-1])
            continue
        words = piece.split()
        if words:
            tokens += words
        elif k < last:  # ",," or a leading ",": an empty field (a trailing comma adds none)
            tokens.append("")
    return tokens


def split_record(text: str) -> list[str]:
    """Split one RAW data line into fields.

    Fields are separated by a comma or by blanks; quoted strings ('...' or "...") may hold
    both; two commas in a row leave an empty field (the default); '/' outside quotes starts
    a comment. Quotes are removed, blanks inside them kept. The usual lines take a str-method
    path (`_split_simple`); the others one regular expression.
    """
    fast = _split_simple(text)
    if fast is not None:
        return fast
    tokens = []
    expect = True  # at the start or just after a comma: an immediate comma means an empty field
    for m in _TOKEN.finditer(text):
        single, double, slash, comma, word = m.groups()
        if slash is not None:
            break
        if comma is not None:
            if expect:
                tokens.append("")
            expect = True
            continue
        tokens.append(single if single is not None else double if double is not None else word)
        expect = False
    return tokens


@dataclass
class _Record:
    """One data line split into fields, with its line number and field names for messages."""

    tokens: list[str]
    line: int
    kind: str
    names: list[str]
    source: str

    def error(self, message: str, name: str | None = None) -> ParseError:
        field = f"{self.kind}.{name}" if name else self.kind
        return ParseError(message, file=self.source, line=self.line, field=field)

    def raw(self, name: str) -> str | None:
        k = _positions(self.names).get(name)
        if k is None:
            raise ValueError(f"'{name}' is not in list")  # what names.index raised
        if k >= len(self.tokens):
            return None
        text = self.tokens[k].strip()
        return text if text else None

    def float(self, name: str, default: float | None = None) -> float:
        text = self.raw(name)
        if text is None:
            if default is None:
                raise self.error(f"missing field {name}", name)
            return default
        value = raw_float(text)
        if value is None:
            raise self.error(f"{name} is not a number: '{text}'", name)
        if not math.isfinite(value):
            raise self.error(f"{name} is not finite: '{text}'", name)
        return value

    def int(self, name: str, default: int | None = None) -> int:
        value = self.float(name, None if default is None else float(default))
        if value != int(value):
            raise self.error(f"{name} must be an integer, found '{self.raw(name)}'", name)
        return int(value)

    def str(self, name: str, default: str = "") -> str:
        text = self.raw(name)
        return default if text is None else text


class _Lines:
    """The file's lines with a cursor; skips '@!' comment lines (rev 35 headers)."""

    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source
        self.pos = 0  # index of the next line
        # Large ASCII files: the lines a section walk must look at (blank, or starting with 0 Q q ' " / , @),
        # found in one scan, so that runs of plain data lines are taken as slices (`_Reader.bulk_lines`).
        self.special: np.ndarray | None = None
        # numba's paths (these marks, the section tokenizer) follow the case's size, as the Newton kernels do, so
        # that a small case's cold start never imports numba
        self.large = use_numba(_bus_lines(text))
        if self.large and text.isascii():
            self.special = _rawscan().special_lines(text, len(self.lines))

    def next(self) -> tuple[int, str] | None:
        while self.pos < len(self.lines):
            self.pos += 1
            raw = self.lines[self.pos - 1]
            if raw.lstrip().startswith("@!"):
                continue
            return self.pos, raw
        return None


_TERMINATOR = re.compile(r"^[ \t]*0[ \t]*(?:/[^\n]*)?$", re.M)


def _bus_lines(text: str) -> int:
    """About the number of buses: the lines up to the first section terminator (`0 / ...`) after the three
    header lines; the system-wide data section of revision 35, where its terminator says so, not counted. An
    estimate (comment lines count), only used to choose the reading path."""
    m = _TERMINATOR.search(text)
    if m is None:
        return text.count("\n")
    start = 0
    if "SYSTEM-WIDE" in m.group(0).upper():
        start = m.end()
        m = _TERMINATOR.search(text, start) or m
    return max(text.count("\n", start, m.start()) - (3 if start == 0 else 0), 0)


def _is_end(tokens: list[str]) -> bool:
    return not tokens or tokens[0].strip() in ("0", "Q", "q")


# ---------------------------------------------------------------------------------------------
# Reader


def read_psse(text: str, source: str = "<psse>", *, hvdc: str = "error") -> Network:
    """Parse PSS/E RAW text into a Network. See the module docstring for the mapping.

    hvdc: what to do with in-service DC lines and FACTS devices, which the model lacks:
        "error" (default) raises ParseError at the record, "ignore" drops them, "fixed_power"
        turns two-terminal DC lines into fixed P at both converter buses (others still raise).
    """
    if hvdc not in _HVDC_MODES:
        raise ParseError(f"unknown hvdc option '{hvdc}' (choose {', '.join(_HVDC_MODES)})", file=source,
                         field="hvdc")
    return _Reader(text, source, hvdc).read()


class _Reader:
    def __init__(self, text: str, source: str, hvdc: str) -> None:
        self.src = _Lines(text, source)
        self.source = source
        self.hvdc = hvdc
        self.rev = 33
        self.base = 100.0
        self.bus_kv: dict[str, float] = {}
        self.parts: dict[str, list[Table | list]] = {name: [] for name in _LISTS}  # list -> segments in order
        self.id_registry = Ids()
        self.ids = self.id_registry.seen  # element id -> line, for duplicates
        self.bus_index: BusIndex | None = None

    def add(self, list_name: str, element: BaseModel) -> None:
        """Append one element built by a per-record handler (to the last segment if it is a list)."""
        parts = self.parts[list_name]
        if not parts or isinstance(parts[-1], Table):
            parts.append([])
        last = parts[-1]
        assert isinstance(last, list)
        last.append(element)

    # -- helpers ---------------------------------------------------------------------------

    def err(self, message: str, line: int | None, field: str | None = None) -> ParseError:
        return ParseError(message, file=self.source, line=line, field=field)

    def record(self, kind: str, line: int, raw: str, layout: str | None = None) -> _Record:
        return _Record(split_record(raw), line, kind, _fields(layout or kind, self.rev), self.source)

    def make(self, cls: type[BaseModel], rec: _Record, **kw):
        """Build a model element, turning validation errors into ParseErrors at the record."""
        element_id = kw.get("id")
        if element_id is not None and cls is not Bus:
            if element_id in self.ids:
                raise rec.error(f"duplicate {rec.kind} '{element_id}' (first on line {self.ids[element_id]})")
            self.ids[element_id] = rec.line
        try:
            return cls(**kw)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first.get("loc", ())) or "value"
            msg = pydantic_message(first)
            raise rec.error(f"{element_id}: {loc}: {msg}") from None

    def bus_ref(self, rec: _Record, name: str) -> str:
        number = abs(rec.int(name))  # a negative number marks the metered end
        bid = str(number)
        if bid not in self.bus_kv:
            raise rec.error(f"bus {number} is not in the bus data", name)
        return bid

    # -- sections --------------------------------------------------------------------------

    def read(self) -> Network:
        first = self.src.next()
        if first is None:
            raise self.err("empty file: no case identification record", 1, "case_identification")
        line, raw = first
        head = _Record(split_record(raw), line, "case_identification", _CASE_IDENTIFICATION, self.source)
        ic = head.int("IC", 0)
        if ic not in (0, 1):
            raise head.error(f"IC = {ic}: only a new case (IC = 0) can be read (1 is a change case)", "IC")
        self.base = head.float("SBASE", 100.0)
        if self.base <= 0:
            raise head.error(f"SBASE must be positive, found {self.base:g}", "SBASE")
        rev = head.raw("REV")
        if rev is not None:
            self.rev = head.int("REV")
        else:
            m = re.search(r"PSS\W*[A-Za-z]*\W*E\W*(\d+)", raw.split("/", 1)[1] if "/" in raw else "")
            self.rev = int(m.group(1)) if m else 33
        if not 26 <= self.rev <= 35:
            raise head.error(f"PSS/E revision {self.rev} is not supported (29 to 35)", "REV")
        f_hz = head.float("BASFRQ", 0.0) or 60.0
        titles = []
        for _ in range(2):
            nxt = self.src.next()
            if nxt is None:
                raise self.err("file ends inside the case identification (two title lines expected)", line,
                               "case_identification")
            titles.append(nxt[1].strip())
        sections = _SECTIONS_35 if self.rev >= 34 else _SECTIONS_33 if self.rev >= 31 else _SECTIONS_OLD
        required = sections.index(_LAST_REQUIRED)
        last_line = line + 2
        for k, section in enumerate(sections):
            ended, last_line = self.section(section)
            if not ended:
                if k <= required:
                    raise self.err(f"file ends inside {section.replace('_', ' ')} data (no '0' record ends it): "
                                   "the file is truncated", last_line, section)
                break
        name = titles[0] or Path(self.source).name.removesuffix(".gz").removesuffix(".raw")
        return Network.from_tables(_assemble(self.parts), name=name, base_mva=self.base, f_hz=f_hz,
                                   source_format="psse")

    def section(self, section: str) -> tuple[bool, int]:
        """Read records until the '0' record. Returns (terminated, last line number read). The sections with
        many rows are collected as lines and read as columns (`_bulk`); the others record by record."""
        handler = getattr(self, f"_{section}", None)
        bulk = section in _BULK
        done = self.fast_section(section)
        if done is not None:
            return done
        texts: list[str] = []
        numbers: list[int] = []
        last = self.src.pos
        ended = False
        while True:
            nxt = self.src.next()
            if nxt is None:
                break
            line, raw = nxt
            last = line
            head = raw.lstrip()[:1]
            if not head or head in _SPECIAL:  # else a data record: its first token is not 0 or Q
                tokens = split_record(raw)
                if not tokens and not raw.strip():
                    continue  # a blank line is not a record
                if _is_end(tokens):
                    if tokens and tokens[0].strip() in ("Q", "q"):
                        self.src.pos = len(self.src.lines)  # 'Q' ends the data
                    ended = True
                    break
            if bulk:
                texts.append(raw)
                numbers.append(line)
            elif handler is not None:
                handler(line, raw)
        if bulk:
            self._bulk(section, texts, numbers)
        return ended, last

    def fast_section(self, section: str) -> tuple[bool, int] | None:
        """Transformers (`_transformers`), and columnar sections of large files (`bulk_lines`); None: the
        section (or its rest) is read by `section`'s loop."""
        if section == "transformer" and self.bus_index is not None:
            return self._transformers()
        if section in _BULK and self.src.special is not None:
            texts, numbers, ended, last = self.bulk_lines()
            self._bulk(section, texts, numbers)
            return ended, last
        return None

    def bulk_lines(self) -> tuple[list[str], list[int], bool, int]:
        """`section`'s walk for a columnar section using `_Lines.special`: (texts, line numbers, terminated,
        last line number read)."""
        src = self.src
        special, lines = src.special, src.lines
        assert special is not None
        texts: list[str] = []
        numbers: list[int] = []
        pos, last = src.pos, src.pos
        n = len(lines)
        nxt = int(np.searchsorted(special, pos))
        while True:
            k = int(special[nxt]) if nxt < len(special) else n
            nxt += 1
            if k > pos:  # plain data lines
                texts += lines[pos:k]
                numbers += range(pos + 1, k + 1)
                last = k
            if k >= n:
                src.pos = n
                return texts, numbers, False, last
            pos = k + 1
            raw = lines[k]
            if raw.lstrip().startswith("@!"):
                continue
            last = k + 1
            tokens = split_record(raw)
            if not tokens and not raw.strip():
                continue
            if _is_end(tokens):
                src.pos = n if tokens and tokens[0].strip() in ("Q", "q") else pos
                return texts, numbers, True, last
            texts.append(raw)
            numbers.append(k + 1)

    def _bulk(self, section: str, texts: list[str], numbers: list[int]) -> None:
        names = _fields(section, self.rev)
        f = Fields(Records(texts, numbers, len(names), split_record, self.src.large), section, names, self.source,
                   Checks())
        reg, parts = self.id_registry, self.parts
        if section == "bus":
            table, shunts, self.bus_index = read_buses(f, reg)
            parts["buses"].append(table)
            parts["shunts"] += shunts
            self.bus_kv = dict(zip(self.bus_index.ids, self.bus_index.kv.tolist(), strict=True))
            return
        buses = self.bus_index
        assert buses is not None
        if section == "load":
            parts["loads"].append(read_loads(f, buses, reg))
        elif section == "fixed_shunt":
            parts["shunts"].append(read_fixed_shunts(f, buses, reg))
        elif section == "generator":
            parts["generators"].append(read_generators(f, buses, reg))
        else:
            branches, line_shunts, switches = read_branches(f, buses, reg, self.base, self.rev)
            parts["impedance_branches"].append(branches)
            parts["shunts"].append(line_shunts)
            parts["switches"].append(switches)

    def _transformers(self) -> tuple[bool, int] | None:
        """The transformer section with two-winding records read as columns (`psse_transformers`), three-winding
        ones by `_transformer` in their place. None when a doubtful record was reached: the section loop goes on
        from it (src.pos) record by record."""
        lines = self.src.lines
        g = group(lines, self.src.pos, split_record)
        two = np.flatnonzero(~np.asarray(g.three, dtype=bool))
        if len(two):
            self._two_windings(g, two)
        elif g.heads:
            self._three_windings(g, RowChecks(two))
        if g.stop is not None:
            self.src.pos = g.stop
            return None
        self.src.pos = len(lines) if g.quit else g.pos
        return g.ended, g.last

    def _two_windings(self, g: Grouping, two: np.ndarray) -> None:
        lines = self.src.lines
        checks = RowChecks(two)
        heads = [g.heads[k] for k in two.tolist()]
        conts = [g.lines[k] for k in two.tolist()]

        def fields(layout: str, at: list[int]) -> Fields:
            names = _fields(layout, self.rev)
            rec = Records([lines[p] for p in at], [p + 1 for p in at], len(names), split_record, self.src.large)
            return Fields(rec, "transformer", names, self.source, checks)
        h = fields("transformer", heads)
        z, w1, w2 = (fields(layout, [c[k] for c in conts])
                     for k, layout in enumerate(("transformer_z2", "transformer_w1", "transformer_w2")))
        assert self.bus_index is not None
        tw = read_two_winding(h, z, w1, w2, self.bus_index, self.base)
        validate_rows(h, ImpedanceBranch, tw.suspect, 36, lambda r: {k: _item(v, r) for k, v in tw.columns.items()})
        fallback = self._three_windings(g, checks, tw.ids, h.rec.lines)
        table = Table(ImpedanceBranch, tw.columns)
        if fallback:
            objects = _objects_table(ImpedanceBranch, [e for _, e in fallback])
            keys = np.concatenate([two * 4, np.array([key for key, _ in fallback], dtype=np.int64)])
            merged = _merge(ImpedanceBranch, [table, objects])
            assert merged is not None
            table = _take(merged, np.argsort(keys, kind="stable"))
        self.parts["impedance_branches"].append(table)

    def _three_windings(self, g: Grouping, checks: RowChecks, ids: list[str] | None = None,
                        lines: np.ndarray | None = None) -> list[tuple[int, ImpedanceBranch]]:
        """In record order: the three-winding records by `_transformer` and the columnar records' duplicate-id
        check, as the per-record reader met them. Returns the three-winding branches keyed by 4 * record + n."""
        parts = self.parts["impedance_branches"]
        segment: list = []
        parts.append(segment)
        out: list[tuple[int, ImpedanceBranch]] = []
        local = 0
        for record, (head, three) in enumerate(zip(g.heads, g.three, strict=True)):
            if record > checks.first_record():
                break
            if not three:
                assert ids is not None and lines is not None
                tid = ids[local]
                if tid in self.ids:
                    dup = self.err(f"duplicate transformer '{tid}' (first on line {self.ids[tid]})", int(lines[local]),
                                   "transformer")
                    checks.add_record(record, 35, raised(dup))
                    break
                self.ids[tid] = int(lines[local])
                local += 1
                continue
            self.src.pos = head + 1
            before = len(segment)
            try:
                self._transformer(head + 1, self.src.lines[head])
            except ParseError as exc:
                checks.add_record(record, 0, raised(exc))
                break
            out += [(4 * record + n, e) for n, e in enumerate(segment[before:], start=1)]
        checks.raise_first()
        if ids is not None:
            del segment[:]
            parts.pop()
        return out

    def more(self, kind: str, layout: str, after: _Record) -> _Record:
        nxt = self.src.next()
        # Continuation lines are positional ("0, 0, 5, ..." is data); only a lone 0 or Q ends data here.
        if nxt is None or split_record(nxt[1]) in (["0"], ["Q"], ["q"]):
            raise self.err(f"{kind} record is incomplete: the file ends before its {layout.split('_')[-1]} line",
                           after.line, layout)
        return self.record(kind, nxt[0], nxt[1], layout)

    def zero_impedance(self, rec: _Record, sid: str, f: str, t: str, closed: bool) -> None:
        if self.bus_kv[f] != self.bus_kv[t]:
            raise rec.error(f"zero-impedance branch joins buses of different base kV ({self.bus_kv[f]:g} and "
                            f"{self.bus_kv[t]:g})", "X")
        self.add("switches", self.make(Switch, rec, id=sid, bus=f, element=t, et="bus", closed=closed))

    def _switching_device(self, line: int, raw: str) -> None:
        rec = self.record("switching_device", line, raw)
        f, t = self.bus_ref(rec, "I"), self.bus_ref(rec, "J")
        sid = f"switch_{f}_{t}_{rec.str('CKT', '1')}"
        closed = rec.int("STAT", 1) != 0
        x = rec.float("X", 0.0)
        if x == 0:
            self.zero_impedance(rec, sid, f, t, closed)
        else:
            self.add("impedance_branches", self.make(
                ImpedanceBranch, rec, id=sid, from_bus=f, to_bus=t, r_pu=0.0, x_pu=x, in_service=closed,
                rate_a_mva=max(rec.float("RATE1", 0.0), 0.0)))

    def _transformer(self, line: int, raw: str) -> None:
        rec = self.record("transformer", line, raw)
        i, j = self.bus_ref(rec, "I"), self.bus_ref(rec, "J")
        three = abs(rec.int("K", 0)) != 0
        k = self.bus_ref(rec, "K") if three else None
        z_rec = self.more("transformer", "transformer_z3" if three else "transformer_z2", rec)
        windings = [self.more("transformer", f"transformer_w{n}", rec) for n in ((1, 2, 3) if three else (1, 2))]
        cw, cz, cm = rec.int("CW", 1), rec.int("CZ", 1), rec.int("CM", 1)
        for name, code, allowed in (("CW", cw, (1, 2, 3)), ("CZ", cz, (1, 2, 3)), ("CM", cm, (1, 2))):
            if code not in allowed:
                raise rec.error(f"{name} = {code} is not one of {', '.join(map(str, allowed))}", name)
        buses = [i, j] + ([k] if k else [])
        if len(set(buses)) < len(buses):
            raise rec.error("transformer connects a bus to itself", "J")
        ratios, angles, rates = self._winding_ratios(windings, buses, cw)
        y_mag = self._magnetizing(rec, z_rec, windings[0], i, cm)
        pairs = ("1-2", "2-3", "3-1") if three else ("1-2",)
        zs = [self.winding_impedance(z_rec, p, cz) for p in pairs]
        if three:
            self._three_winding(rec, z_rec, buses, zs, ratios, angles, rates, y_mag)
        else:
            self._two_winding(rec, z_rec, windings[0], i, j, zs[0], ratios, angles, rates, y_mag)

    def _winding_ratios(self, windings: list, buses: list[str], cw: int) -> tuple[list, list, list]:
        """Winding ratios (pu of the bus base kV), angles (deg) and RATA (MVA) per winding."""
        ratios, angles, rates = [], [], []
        for n, (w, bus) in enumerate(zip(windings, buses, strict=True), start=1):
            baskv = self.bus_kv[bus]
            nomv = w.float(f"NOMV{n}", 0.0) or baskv
            # MATPOWER's save2psse writes its "no tap" ratio 0 as WINDV = 0: read it as nominal.
            windv = w.float(f"WINDV{n}", 1.0) or (nomv if cw == 2 else 1.0)
            if cw == 1:
                ratio = windv
            else:
                if baskv <= 0:
                    raise w.error(f"CW = {cw} needs a base kV at bus {bus}", f"WINDV{n}")
                ratio = windv / baskv if cw == 2 else windv * nomv / baskv
            if ratio <= 0:
                raise w.error(f"winding ratio must be positive, found WINDV{n} = {windv:g}", f"WINDV{n}")
            ratios.append(ratio)
            angles.append(w.float(f"ANG{n}", 0.0))
            rates.append(max(w.float(f"RATA{n}", 0.0), 0.0))
        return ratios, angles, rates

    def _magnetizing(self, rec, z_rec, w1, i: str, cm: int) -> complex:
        """Magnetizing admittance at bus I, pu on SBASE and bus I base kV."""
        mag1, mag2 = rec.float("MAG1", 0.0), rec.float("MAG2", 0.0)
        if cm == 1:
            return complex(mag1, mag2)
        sbase12 = z_rec.float("SBASE1-2", self.base)
        baskv = self.bus_kv[i]
        nomv = w1.float("NOMV1", 0.0) or baskv
        scale = (baskv / nomv) ** 2 if nomv > 0 and baskv > 0 else 1.0
        g = mag1 / (1e6 * self.base) * scale
        y = mag2 * (sbase12 / self.base) * scale
        return complex(g, -math.sqrt(y * y - g * g) if y * y >= g * g else 0.0)

    def _two_winding(self, rec, z_rec, w1, i: str, j: str, z: complex, ratios, angles, rates, y_mag) -> None:
        if z == 0:
            raise z_rec.error("transformer has zero impedance (R1-2 = X1-2 = 0)", "X1-2")
        w1_ratio, w2 = ratios
        tap = w1_ratio / w2
        self.add("impedance_branches", self.make(
            ImpedanceBranch, rec, id=f"tx_{i}_{j}_{rec.str('CKT', '1')}", name=rec.str("NAME"), from_bus=i, to_bus=j,
            r_pu=(z * w2 * w2).real, x_pu=(z * w2 * w2).imag, g_mag_pu=(y_mag * tap * tap).real,
            b_mag_pu=(y_mag * tap * tap).imag, tap_ratio=tap, shift_degree=angles[0], rate_a_mva=rates[0],
            rate_b_mva=max(w1.float("RATB1", 0.0), 0.0),
            rate_c_mva=max(w1.float("RATC1", 0.0), 0.0), is_transformer=True, in_service=rec.int("STAT", 1) != 0,
        ))

    def _three_winding(self, rec, z_rec, buses: list[str], zs: list[complex], ratios, angles, rates,
                       y_mag: complex) -> None:
        """Three branches to a star point (PSS/E's star equivalent of the pairwise impedances)."""
        stat = rec.int("STAT", 1)
        pairs = ("1-2", "2-3", "3-1")
        z12, z23, z31 = zs
        star_z = [(z12 + z31 - z23) / 2, (z12 + z23 - z31) / 2, (z23 + z31 - z12) / 2]
        base_id = f"3w_{buses[0]}_{buses[1]}_{buses[2]}_{rec.str('CKT', '1')}"
        star = f"{base_id}#star"
        leg_on = {1: stat in (1, 2, 3), 2: stat in (1, 3, 4), 3: stat in (1, 2, 4)}
        star_kv = max(self.bus_kv[b] for b in buses) or 1.0
        vmstar = z_rec.float("VMSTAR", 1.0)
        self.add("buses", self.make(
            Bus, rec, id=star, name=f"{rec.str('NAME')} star point".strip(), vn_kv=star_kv, in_service=stat != 0,
            vm_init_pu=vmstar if vmstar > 0 else None, va_init_degree=z_rec.float("ANSTAR", 0.0),
        ))
        self.bus_kv[star] = star_kv
        for n, (bus, z, ratio, angle, rate) in enumerate(zip(buses, star_z, ratios, angles, rates, strict=True),
                                                         start=1):
            if z == 0:
                raise z_rec.error(f"the star-equivalent impedance of winding {n} is zero", f"X{pairs[n - 1]}")
            y = y_mag * ratio * ratio if n == 1 else 0j
            self.add("impedance_branches", self.make(
                ImpedanceBranch, rec, id=f"{base_id}_w{n}", name=rec.str("NAME"), from_bus=bus, to_bus=star,
                r_pu=z.real, x_pu=z.imag, g_mag_pu=y.real, b_mag_pu=y.imag, tap_ratio=ratio, shift_degree=angle,
                rate_a_mva=rate, is_transformer=True, in_service=stat != 0 and leg_on[n],
            ))

    def winding_impedance(self, z_rec: _Record, pair: str, cz: int) -> complex:
        r, x = z_rec.float(f"R{pair}", 0.0), z_rec.float(f"X{pair}")
        if cz == 1:
            return complex(r, x)
        sbase = z_rec.float(f"SBASE{pair}", self.base)
        if sbase <= 0:
            raise z_rec.error(f"SBASE{pair} must be positive with CZ = {cz}, found {sbase:g}", f"SBASE{pair}")
        if cz == 3:  # R: load loss in W; X: |Z| in pu on SBASE
            r = r / (sbase * 1e6)
            if x * x < r * r:
                raise z_rec.error(f"|Z| = {x:g} pu is smaller than the load-loss resistance {r:g} pu", f"X{pair}")
            x = math.sqrt(x * x - r * r)
        return complex(r, x) * (self.base / sbase)

    def _switched_shunt(self, line: int, raw: str) -> None:
        rec = self.record("switched_shunt", line, raw)
        bid = self.bus_ref(rec, "I")
        sid = f"swshunt_{bid}" + (f"_{rec.str('ID', '1')}" if "ID" in rec.names else "")
        if sid in self.ids:  # several switched shunts at one bus (rev <= 34 allows only one)
            sid = f"{sid}_{sum(1 for s in self.ids if s.startswith(sid)) + 1}"
        on = rec.int("STAT", 1) != 0 if "STAT" in rec.names else True
        self.add("shunts", self.make(Shunt, rec, id=sid, bus=bid, q_mvar=-rec.float("BINIT", 0.0), in_service=on))

    # -- DC lines and FACTS: no model element -------------------------------------------------

    def unsupported(self, rec: _Record, what: str, status_field: str) -> None:
        raise rec.error(
            f"in-service {what} ('{rec.str(rec.names[0])}'): GridSolve has no model for it. Read with "
            "hvdc='ignore' to drop it" + (" or hvdc='fixed_power' to model it as fixed active power"
                                         if what == "two-terminal DC line" else ""),
            status_field,
        )

    def _two_terminal_dc(self, line: int, raw: str) -> None:
        rec = self.record("two_terminal_dc", line, raw)
        rect = self.more("two_terminal_dc", "two_terminal_dc_rect", rec)
        inv = self.more("two_terminal_dc", "two_terminal_dc_inv", rec)
        mdc = rec.int("MDC", 0)
        if mdc == 0 or self.hvdc == "ignore":
            return
        if self.hvdc == "error":
            self.unsupported(rec, "two-terminal DC line", "MDC")
        ipr, ipi = self.bus_ref(rect, "IPR"), self.bus_ref(inv, "IPI")
        rdc, setvl, vschd = rec.float("RDC", 0.0), rec.float("SETVL"), rec.float("VSCHD", 0.0)
        if mdc == 2:  # current control, SETVL in A
            i_ka = abs(setvl) / 1000
            p_inv = vschd * i_ka
            p_rect = p_inv + i_ka * i_ka * rdc
        elif mdc == 1:  # power control, SETVL in MW at the rectifier (> 0) or the inverter (< 0)
            if vschd <= 0:
                raise rec.error("VSCHD must be positive for a power-controlled DC line", "VSCHD")
            if setvl >= 0:
                p_rect = setvl
                i_ka = p_rect / vschd  # approximate: VSCHD taken as the rectifier-side voltage
                p_inv = p_rect - i_ka * i_ka * rdc
            else:
                p_inv = -setvl
                i_ka = p_inv / vschd
                p_rect = p_inv + i_ka * i_ka * rdc
        else:
            raise rec.error(f"MDC = {mdc} is not 0, 1 or 2", "MDC")
        name = re.sub(r"\s+", "_", rec.str("NAME", str(line)).strip())
        self.add("loads", self.make(Load, rec, id=f"dcline_{name}_rectifier", bus=ipr, p_mw=p_rect))
        self.add("loads", self.make(Load, rec, id=f"dcline_{name}_inverter", bus=ipi, p_mw=-p_inv))

    def _vsc_dc(self, line: int, raw: str) -> None:
        rec = self.record("vsc_dc", line, raw)
        self.more("vsc_dc", "vsc_dc_converter1", rec)
        self.more("vsc_dc", "vsc_dc_converter2", rec)
        if rec.int("MDC", 0) != 0 and self.hvdc != "ignore":
            self.unsupported(rec, "VSC DC line", "MDC")

    def _multi_terminal_dc(self, line: int, raw: str) -> None:
        rec = self.record("multi_terminal_dc", line, raw)
        count = rec.int("NCONV", 0) + rec.int("NDCBS", 0) + rec.int("NDCLN", 0)
        for _ in range(count):
            self.more("multi_terminal_dc", "multi_terminal_dc_data", rec)
        if rec.int("MDC", 0) != 0 and self.hvdc != "ignore":
            self.unsupported(rec, "multi-terminal DC line", "MDC")

    def _facts(self, line: int, raw: str) -> None:
        rec = self.record("facts", line, raw)
        if rec.int("MODE", 0) != 0 and self.hvdc != "ignore":
            self.unsupported(rec, "FACTS device", "MODE")


for _layout in ("vsc_dc_converter1", "vsc_dc_converter2", "multi_terminal_dc_data"):
    _FIELDS[_layout] = {0: ["DATA"]}


def _item(values: list | np.ndarray, row: int) -> object:
    return values[row].item() if isinstance(values, np.ndarray) else values[row]


def _take(table: Table, order: np.ndarray) -> Table:
    """The table's rows in `order`."""
    rows = order.tolist()
    columns: dict = {}
    for name in table.columns:
        values = table.column(name)
        columns[name] = values[order] if isinstance(values, np.ndarray) else [values[k] for k in rows]
    return Table(table.cls, columns)


def _objects_table(cls: type[BaseModel], elements: list) -> Table:
    return Table(cls, {name: [getattr(e, name) for e in elements] for name in cls.model_fields})


def _merge(cls: type[BaseModel], segments: list[Table | list]) -> Table | None:
    """One table of the segments in order (per-record elements as columns of their field values)."""
    tables = [s if isinstance(s, Table) else _objects_table(cls, s) for s in segments if len(s)]
    if len(tables) <= 1:
        return tables[0] if tables else None
    names = list(dict.fromkeys(name for t in tables for name in t.columns))
    columns: dict = {}
    for name in names:
        parts = [t.column(name) for t in tables]
        arrays = [p for p in parts if isinstance(p, np.ndarray)]
        if len(arrays) == len(parts) and all(a.dtype == arrays[0].dtype for a in arrays):
            columns[name] = np.concatenate(arrays)
        else:
            columns[name] = [x for p in parts for x in (p.tolist() if isinstance(p, np.ndarray) else p)]
    return Table(cls, columns)


def _assemble(parts: dict[str, list[Table | list]]) -> dict[str, Table]:
    """The element tables of the Network, bus fields joined to the bus table by position (`Table.refs`)."""
    tables = {name: t for name, cls in _LISTS.items() if (t := _merge(cls, parts[name])) is not None}
    buses = tables.get("buses")
    if buses is None:
        return tables
    pos = {b: k for k, b in enumerate(buses.column("id"))}
    for name, fields in _BUS_FIELDS.items():
        table = tables.get(name)
        if table is not None:
            table.refs = {f: (buses, np.array([pos[b] for b in table.column(f)], dtype=np.int64)) for f in fields}
    return tables


def _common_shares(parts: dict[str, complex], total: complex) -> tuple[float, float] | None:
    """(I %, Z %) if the constant-current and constant-admittance parts take the same share of P and Q."""
    shares = []
    for key in ("i", "z"):
        part = parts[key]
        values = []
        for comp_part, comp_total in ((part.real, total.real), (part.imag, total.imag)):
            if comp_total == 0:
                if comp_part != 0:
                    return None
                continue
            values.append(comp_part / comp_total)
        if not values or any(abs(v - values[0]) > 1e-12 for v in values):
            return None
        shares.append(values[0] * 100)
    if any(s < 0 for s in shares) or sum(shares) > 100 + 1e-9:
        return None
    return shares[0], min(shares[1], 100 - shares[0])
