"""The three-phase feeder model: buses with phases, phase-frame equipment, controls.

Beside the balanced `gridsolve.model.Network`, not inside it: a distribution feeder is described
per phase (which nodes of a bus an element touches), with impedance matrices rather than
positive-sequence values. Equipment mirrors OpenDSS's element classes, so an imported `.dss`
feeder keeps its structure, but every field carries its unit in its name and is validated
field by field. Node 0 is ground; nodes 1, 2, 3 are phases a, b, c; 4 and up are neutrals or
other conductors where a feeder models them.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import InvalidNetworkError, pydantic_message

NonNeg = Annotated[float, Field(ge=0)]
Pos = Annotated[float, Field(gt=0)]
Node = Annotated[int, Field(ge=0, le=99)]
LengthUnit = Literal["none", "mi", "kft", "km", "m", "ft", "in", "cm", "mm"]
Matrix = list[list[float]]


class Item(BaseModel):
    """Common fields: a stable id (lowercase, as OpenDSS names it) and the enabled flag."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    enabled: bool = True


class Terminal(BaseModel):
    """Where an element connects: a bus and the bus nodes its conductors land on, in order."""

    model_config = ConfigDict(extra="forbid")

    bus: str = Field(min_length=1)
    nodes: list[Node] = Field(min_length=1, description="bus node per conductor; 0 = ground")


def _square(m: Matrix | None, n: int, what: str) -> None:
    if m is not None and (len(m) != n or any(len(r) != n for r in m)):
        raise ValueError(f"{what} must be {n}x{n}")


class Source(Item):
    """Three-phase (or single-phase) Thevenin source: EMF behind Z1/Z0 (OpenDSS Vsource)."""

    terminal: Terminal
    neutral: Terminal | None = Field(default=None, description="bus2; None = all conductors to ground")
    base_kv: Pos = Field(description="line-to-line kV (line-to-neutral for a single-phase source)")
    pu: Pos = 1.0
    angle_deg: float = 0.0
    r1_ohm: NonNeg = 0.0
    x1_ohm: float = 0.0
    r0_ohm: NonNeg = 0.0
    x0_ohm: float = 0.0

    @model_validator(mode="after")
    def _check(self) -> Source:
        if self.r1_ohm == 0 and self.x1_ohm == 0:
            raise ValueError("positive-sequence impedance r1_ohm + j x1_ohm must not be zero")
        return self


class LineCode(Item):
    """Per-unit-length impedance data: phase matrices, or sequence values expanded to matrices."""

    n_phases: Annotated[int, Field(ge=1, le=99)] = 3
    units: LengthUnit = "none"
    base_freq_hz: Pos = 60.0
    r_matrix_ohm: Matrix | None = Field(default=None, description="series R per unit length, ohm")
    x_matrix_ohm: Matrix | None = Field(default=None, description="series X per unit length, ohm")
    c_matrix_nf: Matrix | None = Field(default=None, description="shunt C per unit length, nF")
    r1_ohm: float = 0.0580
    x1_ohm: float = 0.1206
    r0_ohm: float = 0.1784
    x0_ohm: float = 0.4047
    c1_nf: float = 3.4
    c0_nf: float = 1.6
    norm_amps: NonNeg = 400.0

    @model_validator(mode="after")
    def _check(self) -> LineCode:
        for name in ("r_matrix_ohm", "x_matrix_ohm", "c_matrix_nf"):
            _square(getattr(self, name), self.n_phases, name)
        if (self.r_matrix_ohm is None) != (self.x_matrix_ohm is None):
            raise ValueError("give both r_matrix_ohm and x_matrix_ohm, or neither")
        return self


class WireData(Item):
    """A bare conductor: AC resistance, GMR and radius with their units (OpenDSS WireData)."""

    r_ac_ohm_per_unit: NonNeg
    r_units: LengthUnit = "none"
    gmr: Pos
    gmr_units: LengthUnit = "none"
    radius: Pos
    radius_units: LengthUnit = "none"
    norm_amps: NonNeg = 400.0


class LineSpacing(Item):
    """Conductor positions: horizontal x and height h (negative = underground), phases first."""

    n_conds: Annotated[int, Field(ge=1)]
    n_phases: Annotated[int, Field(ge=1)]
    x: list[float]
    h: list[float]
    units: LengthUnit = "ft"

    @model_validator(mode="after")
    def _check(self) -> LineSpacing:
        if len(self.x) != self.n_conds or len(self.h) != self.n_conds:
            raise ValueError("x and h need one value per conductor (n_conds)")
        if self.n_phases > self.n_conds:
            raise ValueError("n_phases must not exceed n_conds")
        return self


class LineGeometry(Item):
    """Spacing plus one wire per conductor: the input to Carson's equations and Kron reduction."""

    n_conds: Annotated[int, Field(ge=1)]
    n_phases: Annotated[int, Field(ge=1)]
    wires: list[str]
    x: list[float]
    h: list[float]
    units: LengthUnit = "ft"
    reduce: bool = Field(default=False, description="Kron-reduce the conductors after n_phases (OpenDSS default: no, "
                                                    "the line keeps every conductor as a node)")

    @model_validator(mode="after")
    def _check(self) -> LineGeometry:
        if not (len(self.x) == len(self.h) == len(self.wires) == self.n_conds):
            raise ValueError("wires, x and h need one value per conductor (n_conds)")
        if self.n_phases > self.n_conds:
            raise ValueError("n_phases must not exceed n_conds")
        return self


class Line(Item):
    """A pi-section of `length` (in `length_units`) with data from exactly one source:
    a line code, a geometry, a spacing plus wires, its own matrices, or its own sequence values."""

    bus1: Terminal
    bus2: Terminal
    n_phases: Annotated[int, Field(ge=1, le=99)] = 3
    length: Pos = 1.0
    length_units: LengthUnit = "none"
    line_code: str | None = None
    geometry: str | None = None
    spacing: str | None = None
    wires: list[str] | None = None
    r_matrix_ohm: Matrix | None = Field(default=None, description="own R per unit length")
    x_matrix_ohm: Matrix | None = None
    c_matrix_nf: Matrix | None = None
    r1_ohm: float = Field(default=0.0580, description="own sequence data per unit length")
    x1_ohm: float = 0.1206
    r0_ohm: float = 0.1784
    x0_ohm: float = 0.4047
    c1_nf: float = 3.4
    c0_nf: float = 1.6
    switch: bool = False
    earth_model: Literal["carson", "fullcarson", "deri"] = "deri"
    rho_ohm_m: Pos = 100.0

    @model_validator(mode="after")
    def _check(self) -> Line:
        given = [n for n in ("line_code", "geometry", "spacing") if getattr(self, n)]
        if len(given) > 1:
            raise ValueError(f"give one of line_code, geometry, spacing (got {', '.join(given)})")
        if self.spacing and not self.wires:
            raise ValueError("spacing needs wires")
        for t in (self.bus1, self.bus2):
            if len(t.nodes) != self.n_phases:
                raise ValueError(f"terminal {t.bus} has {len(t.nodes)} nodes for {self.n_phases} phases")
        return self


class Winding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    terminal: Terminal
    conn: Literal["wye", "delta"] = "wye"
    kv: Pos = Field(default=12.47, description="rated kV: line-to-line for 2-3 phases, winding kV for 1 phase")
    kva: Pos = 1000.0
    r_percent: float = 0.2
    tap_pu: Pos = 1.0
    min_tap_pu: Pos = 0.9
    max_tap_pu: Pos = 1.1
    num_taps: Annotated[int, Field(ge=0)] = 32
    r_neutral_ohm: float = Field(default=-1.0, description="< 0: neutral open (wye windings only)")
    x_neutral_ohm: float = 0.0


class Transformer(Item):
    """N-winding transformer bank per OpenDSS: each phase an N-winding unit, windings wye or delta."""

    n_phases: Annotated[int, Field(ge=1, le=3)] = 3
    windings: list[Winding] = Field(min_length=2)
    xsc_percent: list[float] = Field(description="XHL (2 windings); XHL, XHT, XLT (3 windings), on kVA of wdg 1")
    pct_imag: float = 0.0
    pct_noload_loss: NonNeg = 0.0
    ppm_antifloat: NonNeg = 1.0
    hv_leads_lv: bool = False
    bank: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Transformer:
        n = len(self.windings)
        if len(self.xsc_percent) != n * (n - 1) // 2:
            raise ValueError(f"{n} windings need {n * (n - 1) // 2} short-circuit reactances")
        for k, w in enumerate(self.windings, 1):
            need = self.n_phases + 1
            if len(w.terminal.nodes) != need:
                raise ValueError(f"winding {k} needs {need} nodes (phases + neutral), got {len(w.terminal.nodes)}")
            if w.min_tap_pu > w.max_tap_pu:
                raise ValueError(f"winding {k}: min_tap_pu exceeds max_tap_pu")
        return self


class RegControl(Item):
    """Step-voltage regulator control on one transformer winding (OpenDSS RegControl)."""

    transformer: str
    winding: Annotated[int, Field(ge=1)] = 1
    tap_winding: Annotated[int, Field(ge=1)] | None = None
    vreg_v: Pos = Field(default=120.0, description="set voltage on the PT secondary, V")
    band_v: Pos = Field(default=3.0, description="bandwidth, V (centered on vreg_v)")
    pt_ratio: Pos = 60.0
    ct_primary_a: Pos = 300.0
    r_ldc_v: float = Field(default=0.0, description="line-drop compensator R setting, V")
    x_ldc_v: float = 0.0
    delay_s: NonNeg = 15.0
    tap_delay_s: NonNeg = 2.0
    max_tap_change: Annotated[int, Field(ge=0)] = 16
    pt_phase: Annotated[int, Field(ge=1)] | Literal["max", "min"] = 1
    inverse_time: bool = False
    vlimit_v: NonNeg = 0.0


class Capacitor(Item):
    """Shunt capacitor bank: wye to bus2 (ground by default) or delta, one step."""

    bus1: Terminal
    bus2: Terminal | None = None
    n_phases: Annotated[int, Field(ge=1, le=99)] = 3
    kvar: NonNeg = 1200.0
    kv: Pos = Field(default=12.47, description="rated kV: line-to-line for 2-3 phases, across the unit for 1")
    conn: Literal["wye", "delta"] = "wye"
    closed: bool = True


class CapControl(Item):
    """Switches a capacitor on a measured quantity at a line or transformer terminal."""

    capacitor: str
    element: str = Field(description="monitored element, 'line.name' or 'transformer.name'")
    terminal: Annotated[int, Field(ge=1)] = 1
    type: Literal["current", "voltage", "kvar", "pf"] = "current"
    on_setting: float = Field(default=300.0, description="A, V (PT secondary), kvar, or pf -1..1 (negative leading)")
    off_setting: float = 200.0
    pt_ratio: Pos = 60.0
    ct_ratio: Pos = 60.0
    pt_phase: Annotated[int, Field(ge=1)] | Literal["avg", "max", "min"] = 1
    ct_phase: Annotated[int, Field(ge=1)] | Literal["avg", "max", "min"] = 1
    delay_s: NonNeg = 15.0
    delay_off_s: NonNeg = 15.0
    volt_override: bool = False
    vmax_v: Pos = 126.0
    vmin_v: Pos = 115.0


class Load(Item):
    """A load on the phases of a bus, wye (to its neutral node) or delta, with an OpenDSS model.

    model 1 constant P+jQ, 2 constant impedance, 3 constant P with quadratic Q, 4 CVR exponents,
    5 constant current magnitude. Outside [vmin_pu, vmax_pu] models 1, 3, 4 and 5 turn into an
    impedance, as OpenDSS does.
    """

    terminal: Terminal
    n_phases: Annotated[int, Field(ge=1, le=3)] = 3
    conn: Literal["wye", "delta"] = "wye"
    model: Literal[1, 2, 3, 4, 5] = 1
    kv: Pos = Field(default=12.47, description="rated kV: line-to-line for 2-3 phase wye and for delta")
    kw: float = 10.0
    kvar: float = 5.0
    vmin_pu: NonNeg = 0.95
    vmax_pu: Pos = 1.05
    vlow_pu: NonNeg = 0.50
    cvr_watts: float = 1.0
    cvr_vars: float = 2.0

    @model_validator(mode="after")
    def _check(self) -> Load:
        if self.conn == "delta":
            need = self.n_phases + 1 if self.n_phases < 3 else 3
        else:
            need = self.n_phases + 1
        if len(self.terminal.nodes) != need:
            raise ValueError(f"a {self.n_phases}-phase {self.conn} load needs {need} nodes, "
                             f"got {len(self.terminal.nodes)}")
        return self


class SolveSettings(BaseModel):
    """What the feeder's own script asks of the solution (OpenDSS `Set` options)."""

    model_config = ConfigDict(extra="forbid")

    control_mode: Literal["static", "off", "event", "time"] = "static"
    tolerance_pu: Pos = 1e-4
    max_iterations: Annotated[int, Field(ge=1)] = 15
    max_control_iterations: Annotated[int, Field(ge=1)] = 10
    load_mult: NonNeg = 1.0


class Feeder(BaseModel):
    """A whole feeder: equipment lists, voltage bases and the script's solve settings."""

    model_config = ConfigDict(extra="forbid")

    name: str = "feeder"
    base_frequency_hz: Pos = 60.0
    sources: list[Source] = Field(min_length=1)
    line_codes: list[LineCode] = []
    wire_data: list[WireData] = []
    line_spacings: list[LineSpacing] = []
    line_geometries: list[LineGeometry] = []
    lines: list[Line] = []
    transformers: list[Transformer] = []
    reg_controls: list[RegControl] = []
    capacitors: list[Capacitor] = []
    cap_controls: list[CapControl] = []
    loads: list[Load] = []
    voltage_bases_kv: list[Pos] = Field(default=[], description="line-to-line kV bases (Set VoltageBases)")
    settings: SolveSettings = SolveSettings()
    bus_order: list[str] = Field(default=[], description="display order of the buses (as the script defines "
                                                         "them); buses not listed follow")
    coordinates: dict[str, tuple[float, float]] = Field(
        default={}, description="bus -> (x, y) from BusCoords; for diagrams only, never used by the engine")
    notes: list[str] = []

    def by_id(self, kind: str) -> dict[str, Any]:
        return {e.id: e for e in getattr(self, kind)}

    def bus_nodes(self) -> dict[str, list[int]]:
        """Every bus with the nodes (phases 1-3, neutrals 4+) some element connects to, in display order."""
        out: dict[str, set[int]] = {b: set() for b in self.bus_order}
        terms = [s.terminal for s in self.sources] + [t for ln in self.lines for t in (ln.bus1, ln.bus2)]
        terms += [w.terminal for tr in self.transformers for w in tr.windings]
        terms += [c.bus1 for c in self.capacitors] + [c.bus2 for c in self.capacitors if c.bus2]
        terms += [ld.terminal for ld in self.loads]
        for t in terms:
            out.setdefault(t.bus, set()).update(n for n in t.nodes if n)
        return {b: sorted(n) for b, n in out.items() if n}


def parse_feeder(data: dict[str, Any] | str) -> Feeder:
    """Validate a dict (or JSON) into a Feeder; errors name the element id and the field."""
    if isinstance(data, str):
        data = json.loads(data)
    try:
        return Feeder.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err.get("loc", ())
        element_id, field = None, ".".join(str(p) for p in loc)
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data, dict):
            element_id = (data.get(str(loc[0])) or [{}])[loc[1]].get("id")
            field = ".".join(str(p) for p in loc[2:]) or str(loc[0])
        raise InvalidNetworkError(pydantic_message(err),
                                  element_id=element_id, field=field) from None
