"""OpenDSS element classes under construction: properties applied in order, with OpenDSS's side effects.

Each class has a table from property name to handler, `handler(obj, prop, value, script)`, and a
`build()` that turns the finished element into the engine's pydantic model. The side effects are
OpenDSS's (Line.pas, LineCode.pas, Transformer.pas, Load.pas, RegControl.pas, Capacitor.pas,
CapControl.pas, VSource.pas): the active winding or conductor, `like=` copying, Switch=yes
resetting the impedances, kVA of winding 1 propagating, %loadloss splitting over windings 1 and 2,
the last of MVAsc / Isc / R-X choosing how the source impedance is given.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

from ..unbalanced import elements as el
from ..unbalanced import model as m
from ..unbalanced.linecon import length_factor
from . import dss_syntax as sx

LENGTH_UNITS = {"none": "none", "mi": "mi", "mile": "mi", "miles": "mi", "kft": "kft", "km": "km", "m": "m",
                "meter": "m", "ft": "ft", "feet": "ft", "foot": "ft", "in": "in", "inch": "in", "cm": "cm",
                "mm": "mm"}
# Properties that do not change a snapshot power flow (ratings, reliability, shapes for time series).
IGNORED = frozenset(("normamps", "emergamps", "faultrate", "pctperm", "repair", "basefreq", "seasons", "ratings",
                     "spectrum", "linetype", "daily", "yearly", "duty", "growth", "class", "numcust", "relweight",
                     "eventlog", "debugtrace", "puxharm", "xrharm", "%mean", "%stddev", "cvrcurve", "kwh", "kwhdays",
                     "cfactor", "xfkva", "allocationfactor", "thermal", "n", "m", "flrise", "hsrise", "normhkva",
                     "emerghkva", "sub", "subname", "wdgcurrents", "core", "rdcohms", "vminnorm", "vminemerg",
                     "%seriesrl", "rg", "xg", "xrconst", "scantype", "deadtime", "pctminkvar", "reset",
                     "revvreg", "revband", "revr", "revx", "revthreshold", "revdelay", "revneutral", "remoteptratio",
                     "rev_z", "rneut", "capradius"))
Handler = Callable[[Any, str, str, Any], None]


def units(v: str) -> str:
    key = v.strip().lower()
    if key not in LENGTH_UNITS:
        raise ValueError(f"unknown length unit '{v}'")
    return LENGTH_UNITS[key]


def conn(v: str) -> str:
    key = v.strip().lower()
    if key in ("wye", "y", "ln", "w"):
        return "wye"
    if key in ("delta", "d", "ll"):
        return "delta"
    raise ValueError(f"unknown connection '{v}' (wye or delta)")


def earth_model(v: str) -> str:
    key = v.strip().lower()
    if key not in ("carson", "fullcarson", "deri"):
        raise ValueError(f"unknown earth model '{v}' (carson, fullcarson, deri)")
    return key


def num(attr: str | None = None) -> Handler:
    return lambda o, p, v, s: setattr(o, attr or p, sx.number(v))


def integer(attr: str | None = None) -> Handler:
    return lambda o, p, v, s: setattr(o, attr or p, sx.integer(v))


def text(attr: str | None = None) -> Handler:
    return lambda o, p, v, s: setattr(o, attr or p, v)


def lower(attr: str | None = None) -> Handler:
    return lambda o, p, v, s: setattr(o, attr or p, v.strip().lower())


def refuse(message: str) -> Handler:
    def handler(o, p, v, s) -> None:
        raise ValueError(message)
    return handler


def refuse_if_true(message: str) -> Handler:
    def handler(o, p, v, s) -> None:
        if sx.boolean(v):
            raise ValueError(message)
    return handler


class DssObject:
    """An element under construction. `props` is OpenDSS's property order (for positional values
    and unique-prefix abbreviations); `handlers` maps each supported property to its handler."""

    kind = ""
    props: tuple[str, ...] = ()
    handlers: dict[str, Handler] = {}

    def __init__(self, name: str) -> None:
        self.name = name
        self.last_prop = -1
        self.enabled = True

    def resolve(self, prop: str | None) -> str:
        if prop is None:
            self.last_prop += 1
            if self.last_prop >= len(self.props):
                raise ValueError("too many positional values")
            return self.props[self.last_prop]
        matches = [prop] if prop in self.props else [p for p in self.props if p.startswith(prop)]
        if len(matches) != 1:
            raise KeyError(prop)
        self.last_prop = self.props.index(matches[0])
        return matches[0]

    def build(self, script: Any) -> Any:
        """The model element this object describes (each class builds its own)."""
        raise NotImplementedError(self.kind)

    def set(self, prop: str, value: str, script) -> None:
        if prop == "enabled":
            self.enabled = sx.boolean(value)
        elif prop == "like":
            other = script.objects[self.kind].get(value.strip().lower())
            if other is None:
                raise ValueError(f"like= names an unknown {self.kind} '{value}'")
            name = self.name
            self.__dict__.update(copy.deepcopy(other.__dict__))
            self.name = name
        elif prop in self.handlers:
            self.handlers[prop](self, prop, value, script)
        elif prop not in IGNORED:
            raise KeyError(prop)


def _seq_key(k: str) -> str:
    return k + ("_ohm" if k[0] in "rx" else "_nf")


# ----------------------------------------------------------------------------------------------- Vsource
def _spec(kind: int) -> Handler:
    def handler(o, p, v, s) -> None:
        setattr(o, p, sx.number(v))
        o.spec = kind
    return handler


def _source_rx(o, p, v, s) -> None:
    o.z[("r1", "x1", "r0", "x0").index(p)] = sx.number(v)
    o.spec = 3


def _source_z(o, p, v, s) -> None:
    rx = sx.numbers(v)
    base = o.basekv ** 2 / o.basemva if p.startswith("pu") else 1.0
    k = 0 if p.endswith("1") else 2
    o.z[k], o.z[k + 1] = rx[0] * base, rx[1] * base
    o.spec = 3


def _sequence(o, p, v, s) -> None:
    if v.strip().lower() not in ("pos", "positive"):
        raise ValueError("only a positive-sequence source is supported")


class Vsource(DssObject):
    kind = "vsource"
    props = ("bus1", "basekv", "pu", "angle", "frequency", "phases", "mvasc3", "mvasc1", "x1r1", "x0r0", "isc3",
             "isc1", "r1", "x1", "r0", "x0", "scantype", "sequence", "bus2", "z1", "z0", "z2", "puz1", "puz0", "puz2",
             "basemva", "enabled", "like", "spectrum")
    handlers = {"bus1": text(), "bus2": text(), "basekv": num(), "pu": num(), "angle": num(), "x1r1": num(),
                "x0r0": num(), "basemva": num(), "phases": integer(), "mvasc3": _spec(1), "mvasc1": _spec(1),
                "isc3": _spec(2), "isc1": _spec(2), "r1": _source_rx, "x1": _source_rx, "r0": _source_rx,
                "x0": _source_rx, "z1": _source_z, "z0": _source_z, "puz1": _source_z, "puz0": _source_z,
                "frequency": lambda o, p, v, s: setattr(s, "frequency", sx.number(v)), "sequence": _sequence}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.bus1, self.bus2 = "sourcebus", None
        self.basekv, self.pu, self.angle, self.phases = 115.0, 1.0, 0.0, 3
        self.mvasc3, self.mvasc1, self.x1r1, self.x0r0 = 2000.0, 2100.0, 4.0, 3.0
        self.isc3, self.isc1 = 10041.0, 10543.0
        self.z = [1.0, 4.0, 1.0, 3.0]
        self.spec = 1
        self.basemva = 100.0

    def build(self, script) -> m.Source:
        if self.spec == 1:
            r1, x1, r0, x0 = el.source_impedance_from_mvasc(self.basekv, self.mvasc3, self.mvasc1, self.x1r1,
                                                            self.x0r0, self.phases)
        elif self.spec == 2:
            factor = 1 if self.phases == 1 else el.SQRT3
            r1, x1, r0, x0 = el.source_impedance_from_mvasc(
                self.basekv, el.SQRT3 * self.basekv * self.isc3 / 1000, factor * self.basekv * self.isc1 / 1000,
                self.x1r1, self.x0r0, self.phases)
        else:
            r1, x1, r0, x0 = self.z
        neutral = script.terminal(self.bus2, self.phases, 0, ground_default=True) if self.bus2 else None
        return m.Source(id=self.name, terminal=script.terminal(self.bus1, self.phases, 0), neutral=neutral,
                        base_kv=self.basekv, pu=self.pu, angle_deg=self.angle, r1_ohm=r1, x1_ohm=x1, r0_ohm=r0,
                        x0_ohm=x0, enabled=self.enabled)


# ----------------------------------------------------------------------------------------------- LineCode
def _code_seq(o, p, v, s) -> None:
    o.seq[p] = sx.number(v)
    o.rmatrix = o.xmatrix = o.cmatrix = None


def _code_b(o, p, v, s) -> None:
    o.seq["c" + p[1]] = sx.number(v) / (2 * math.pi * o.freq) * 1e3  # uS -> nF
    o.rmatrix = o.xmatrix = o.cmatrix = None


class LineCode(DssObject):
    kind = "linecode"
    props = ("nphases", "r1", "x1", "r0", "x0", "c1", "c0", "units", "rmatrix", "xmatrix", "cmatrix", "basefreq",
             "normamps", "emergamps", "faultrate", "pctperm", "repair", "kron", "rg", "xg", "rho", "neutral", "b1",
             "b0", "seasons", "ratings", "linetype", "like")
    handlers = {"nphases": integer(), **{k: _code_seq for k in ("r1", "x1", "r0", "x0", "c1", "c0")},
                "b1": _code_b, "b0": _code_b, "units": lambda o, p, v, s: setattr(o, "units", units(v)),
                **{k: (lambda o, p, v, s: setattr(o, p, sx.matrix(v, o.nphases))) for k in
                   ("rmatrix", "xmatrix", "cmatrix")},
                "basefreq": num("freq"), "normamps": num("norm_amps"), "rho": num(), "neutral": integer(),
                "kron": refuse("LineCode Kron= is not supported; give the reduced matrices")}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.nphases, self.units, self.freq, self.rho, self.neutral = 3, "none", 60.0, 100.0, 0
        self.seq = dict(r1=0.0580, x1=0.1206, r0=0.1784, x0=0.4047, c1=3.4, c0=1.6)
        self.rmatrix = self.xmatrix = self.cmatrix = None
        self.norm_amps = 400.0

    def build(self, script) -> m.LineCode:
        mats: dict[str, Any] = {}
        if self.rmatrix is not None or self.xmatrix is not None:
            zero = [[0.0] * self.nphases for _ in range(self.nphases)]
            mats = dict(r_matrix_ohm=self.rmatrix or zero, x_matrix_ohm=self.xmatrix or zero,
                        c_matrix_nf=self.cmatrix)
        return m.LineCode(id=self.name, n_phases=self.nphases, units=self.units, base_freq_hz=self.freq,
                          norm_amps=self.norm_amps, **mats, **{_seq_key(k): v for k, v in self.seq.items()})


# ----------------------------------------------------------------------------------------------- Line
def _own(o) -> None:
    o.linecode = o.geometry = o.spacing = None
    o.wires = None


def _line_seq(o, p, v, s) -> None:
    _own(o)
    o.rmatrix = o.xmatrix = o.cmatrix = None
    o.seq[p] = sx.number(v)
    o.cap_given |= p[0] == "c"
    o.units = "none"


def _line_b(o, p, v, s) -> None:
    _own(o)
    o.seq["c" + p[1]] = sx.number(v) / (2 * math.pi * s.frequency) * 1e3
    o.cap_given = True


def _line_matrix(o, p, v, s) -> None:
    _own(o)
    setattr(o, p, sx.matrix(v, o.phases))
    o.units = "none"


def _line_code(o, p, v, s) -> None:
    o.linecode = v.strip().lower()
    o.geometry = o.spacing = None
    code = s.objects["linecode"].get(o.linecode)
    if code is not None:
        o.phases = code.nphases


def _switch(o, p, v, s) -> None:
    o.switch = sx.boolean(v)
    if o.switch:  # OpenDSS Line.pas: a switch resets the impedances, then later properties override them
        _own(o)
        o.rmatrix = o.xmatrix = o.cmatrix = None
        o.seq = dict(r1=1.0, x1=1.0, r0=1.0, x0=1.0, c1=1.1, c0=1.0)
        o.cap_given, o.length, o.units = True, 0.001, "none"


def _geometry(o, p, v, s) -> None:
    o.geometry, o.linecode, o.spacing = v.strip().lower(), None, None
    geo = s.objects["linegeometry"].get(o.geometry)
    if geo is not None:
        o.phases = geo.nphases if geo.reduce else geo.nconds


def _spacing(o, p, v, s) -> None:
    o.spacing, o.linecode, o.geometry = v.strip().lower(), None, None
    sp = s.objects["linespacing"].get(o.spacing)
    if sp is not None:
        o.phases = sp.nphases


class Line(DssObject):
    kind = "line"
    props = ("bus1", "bus2", "linecode", "length", "phases", "r1", "x1", "r0", "x0", "c1", "c0", "rmatrix", "xmatrix",
             "cmatrix", "switch", "rg", "xg", "rho", "geometry", "units", "spacing", "wires", "earthmodel", "cncables",
             "tscables", "b1", "b0", "seasons", "ratings", "linetype", "normamps", "emergamps", "faultrate", "pctperm",
             "repair", "basefreq", "enabled", "like")
    handlers = {"bus1": text(), "bus2": text(), "linecode": _line_code, "length": num(), "phases": integer(),
                **{k: _line_seq for k in ("r1", "x1", "r0", "x0", "c1", "c0")}, "b1": _line_b, "b0": _line_b,
                **{k: _line_matrix for k in ("rmatrix", "xmatrix", "cmatrix")}, "switch": _switch,
                "units": lambda o, p, v, s: setattr(o, "units", units(v)), "geometry": _geometry,
                "spacing": _spacing, "wires": lambda o, p, v, s: setattr(o, "wires", [w.lower() for w in
                                                                                     sx.string_list(v)]),
                "rho": num(), "earthmodel": lambda o, p, v, s: setattr(o, "earth", earth_model(v)),
                "cncables": refuse("concentric-neutral cables are not supported"),
                "tscables": refuse("tape-shield cables are not supported")}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.bus1 = self.bus2 = None
        self.phases, self.length, self.units = 3, 1.0, "none"
        self.linecode = self.geometry = self.spacing = None
        self.wires: list[str] | None = None
        self.seq = dict(r1=0.0580, x1=0.1206, r0=0.1784, x0=0.4047, c1=3.4, c0=1.6)
        self.cap_given = False
        self.rmatrix = self.xmatrix = self.cmatrix = None
        self.switch = False
        self.rho = 100.0
        self.earth: str | None = None

    def _data(self) -> dict:
        if self.linecode:
            return {"line_code": self.linecode}
        if self.geometry:
            return {"geometry": self.geometry}
        if self.spacing:
            return {"spacing": self.spacing, "wires": self.wires}
        if self.rmatrix is not None:
            zero = [[0.0] * self.phases for _ in range(self.phases)]
            return dict(r_matrix_ohm=self.rmatrix or zero, x_matrix_ohm=self.xmatrix or zero,
                        c_matrix_nf=self.cmatrix)
        seq = dict(self.seq)
        if not self.cap_given:  # OpenDSS: the default capacitances are per kft
            factor = length_factor("kft", self.units)
            seq["c1"], seq["c0"] = seq["c1"] / factor, seq["c0"] / factor
        return {_seq_key(k): v for k, v in seq.items()}

    def build(self, script) -> m.Line:
        return m.Line(id=self.name, bus1=script.terminal(self.bus1, self.phases, 0),
                      bus2=script.terminal(self.bus2, self.phases, 0), n_phases=self.phases, length=self.length,
                      length_units=self.units, switch=self.switch, earth_model=self.earth or "deri",
                      rho_ohm_m=self.rho, enabled=self.enabled, **self._data())


# ----------------------------------------------------------------------------------------------- wires, spacings
class WireData(DssObject):
    kind = "wiredata"
    props = ("rdc", "rac", "runits", "gmrac", "gmrunits", "radius", "radunits", "normamps", "emergamps", "diam",
             "seasons", "ratings", "capradius", "like")
    handlers = {"rdc": num(), "rac": num(), "radius": num(), "gmrac": num("gmr"),
                "diam": lambda o, p, v, s: setattr(o, "radius", sx.number(v) / 2),
                **{k: (lambda o, p, v, s: setattr(o, p, units(v))) for k in ("runits", "gmrunits", "radunits")},
                "normamps": num("norm_amps")}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.rdc = self.rac = self.gmr = self.radius = -1.0
        self.runits = self.gmrunits = self.radunits = "none"
        self.norm_amps = 400.0

    def build(self, script) -> m.WireData:
        rac = self.rac if self.rac >= 0 else 1.02 * self.rdc
        gmr, radius, gmr_units, rad_units = self.gmr, self.radius, self.gmrunits, self.radunits
        if gmr < 0 and radius > 0:
            gmr, gmr_units = 0.7788 * radius, rad_units
        if radius < 0 and gmr > 0:
            radius, rad_units = gmr / 0.7788, gmr_units
        return m.WireData(id=self.name, r_ac_ohm_per_unit=rac, r_units=self.runits, gmr=gmr, gmr_units=gmr_units,
                          radius=radius, radius_units=rad_units, norm_amps=self.norm_amps)


class LineSpacing(DssObject):
    kind = "linespacing"
    props = ("nconds", "nphases", "x", "h", "units", "like")
    handlers = {"nconds": integer(), "nphases": integer(),
                "x": lambda o, p, v, s: setattr(o, "x", sx.numbers(v)),
                "h": lambda o, p, v, s: setattr(o, "h", sx.numbers(v)),
                "units": lambda o, p, v, s: setattr(o, "units", units(v))}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.nconds, self.nphases, self.x, self.h, self.units = 3, 3, [0.0] * 3, [32.0] * 3, "ft"

    def build(self, script) -> m.LineSpacing:
        return m.LineSpacing(id=self.name, n_conds=self.nconds, n_phases=self.nphases, x=self.x, h=self.h,
                             units=self.units)


def _cond(o, p, v, s) -> None:
    o.active = sx.integer(v) - 1
    if not 0 <= o.active < o.nconds:
        raise ValueError(f"cond={v} outside 1..{o.nconds}")


def _geo_spacing(o, p, v, s) -> None:
    sp = s.objects["linespacing"].get(v.strip().lower())
    if sp is None:
        raise ValueError(f"unknown line spacing '{v}'")
    o.resize(sp.nconds)
    o.nphases, o.x, o.h, o.units = sp.nphases, list(sp.x), list(sp.h), sp.units


def _geo_wires(o, p, v, s) -> None:
    names = [w.lower() for w in sx.string_list(v)]
    o.wires = (names + [""] * o.nconds)[: o.nconds]


class LineGeometry(DssObject):
    kind = "linegeometry"
    props = ("nconds", "nphases", "cond", "wire", "x", "h", "units", "normamps", "emergamps", "reduce", "spacing",
             "wires", "cncable", "tscable", "cncables", "tscables", "seasons", "ratings", "linetype", "like")
    handlers = {"nconds": lambda o, p, v, s: o.resize(sx.integer(v)), "nphases": integer(), "cond": _cond,
                "wire": lambda o, p, v, s: o.wires.__setitem__(o.active, v.strip().lower()), "wires": _geo_wires,
                "x": lambda o, p, v, s: o.x.__setitem__(o.active, sx.number(v)),
                "h": lambda o, p, v, s: o.h.__setitem__(o.active, sx.number(v)),
                "units": lambda o, p, v, s: setattr(o, "units", units(v)),
                "reduce": lambda o, p, v, s: setattr(o, "reduce", sx.boolean(v)), "spacing": _geo_spacing,
                **{k: refuse("concentric-neutral and tape-shield cables are not supported")
                   for k in ("cncable", "tscable", "cncables", "tscables")}}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.nconds, self.nphases, self.active = 3, 3, 0
        self.wires = [""] * 3
        self.x, self.h, self.units = [0.0] * 3, [0.0] * 3, "ft"
        self.reduce = False

    def resize(self, n: int) -> None:
        self.nconds = n
        for attr, fill in (("wires", ""), ("x", 0.0), ("h", 0.0)):
            setattr(self, attr, (getattr(self, attr) + [fill] * n)[:n])

    def build(self, script) -> m.LineGeometry:
        return m.LineGeometry(id=self.name, n_conds=self.nconds, n_phases=self.nphases, wires=self.wires, x=self.x,
                              h=self.h, units=self.units, reduce=self.reduce)


# ----------------------------------------------------------------------------------------------- Transformer
def _winding_value(key: str, parse: Callable[[str], Any]) -> Handler:
    def handler(o, p, v, s) -> None:
        o.w[o.active][key] = parse(v)
    return handler


def _per_winding(key: str, parse: Callable[[str], list]) -> Handler:
    def handler(o, p, v, s) -> None:
        values = parse(v)
        if len(values) > len(o.w):
            raise ValueError(f"{len(values)} values for {len(o.w)} windings")
        for k, x in enumerate(values):
            o.w[k][key] = x
    return handler


def _wdg(o, p, v, s) -> None:
    o.active = sx.integer(v) - 1
    if not 0 <= o.active < len(o.w):
        raise ValueError(f"wdg={v} outside 1..{len(o.w)}")


def _kva(o, p, v, s) -> None:
    o.w[o.active]["kva"] = sx.number(v)
    if o.active == 0:  # winding 1's rating is every winding's default
        for other in o.w[1:]:
            other["kva"] = o.w[0]["kva"]
    elif len(o.w) == 2:  # a two-winding transformer has one rating
        o.w[0]["kva"] = o.w[1]["kva"]


def _xsc(o, p, v, s) -> None:
    o.xsc[{"x12": "xhl", "x13": "xht", "x23": "xlt"}.get(p, p)] = sx.number(v)


def _xscarray(o, p, v, s) -> None:
    for key, x in zip(("xhl", "xht", "xlt"), sx.numbers(v), strict=False):
        o.xsc[key] = x


def _loadloss(o, p, v, s) -> None:
    o.w[0]["r"] = o.w[1]["r"] = sx.number(v) / 2


class Transformer(DssObject):
    kind = "transformer"
    props = ("phases", "windings", "wdg", "bus", "conn", "kv", "kva", "tap", "%r", "rneut", "xneut", "buses", "conns",
             "kvs", "kvas", "taps", "xhl", "xht", "xlt", "xscarray", "thermal", "n", "m", "flrise", "hsrise",
             "%loadloss", "%noloadloss", "normhkva", "emerghkva", "sub", "maxtap", "mintap", "numtaps", "subname",
             "%imag", "ppm_antifloat", "%rs", "bank", "xfmrcode", "xrconst", "x12", "x13", "x23", "leadlag",
             "wdgcurrents", "core", "rdcohms", "seasons", "ratings", "normamps", "emergamps", "faultrate", "pctperm",
             "repair", "basefreq", "enabled", "like")
    handlers = {"phases": integer(), "windings": lambda o, p, v, s: o.set_windings(sx.integer(v)), "wdg": _wdg,
                "bus": _winding_value("bus", str), "conn": _winding_value("conn", conn),
                "kv": _winding_value("kv", sx.number), "kva": _kva, "tap": _winding_value("tap", sx.number),
                "%r": _winding_value("r", sx.number), "rneut": _winding_value("rneut", sx.number),
                "xneut": _winding_value("xneut", sx.number), "maxtap": _winding_value("maxtap", sx.number),
                "mintap": _winding_value("mintap", sx.number), "numtaps": _winding_value("numtaps", sx.integer),
                "buses": _per_winding("bus", sx.string_list),
                "conns": _per_winding("conn", lambda v: [conn(c) for c in sx.string_list(v)]),
                "kvs": _per_winding("kv", sx.numbers), "kvas": _per_winding("kva", sx.numbers),
                "taps": _per_winding("tap", sx.numbers), "%rs": _per_winding("r", sx.numbers),
                **{k: _xsc for k in ("xhl", "xht", "xlt", "x12", "x13", "x23")}, "xscarray": _xscarray,
                "%loadloss": _loadloss, "%noloadloss": num("noload"), "%imag": num("imag"),
                "ppm_antifloat": num("ppm"), "bank": lower(),
                "leadlag": lambda o, p, v, s: setattr(o, "leads", v.strip().lower() in ("lead", "ansi")),
                "xfmrcode": refuse("XfmrCode is not supported; give the winding data on the transformer")}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.phases, self.active = 3, 0
        self.w: list[dict] = []
        self.set_windings(2)
        self.xsc = {"xhl": 7.0, "xht": 35.0, "xlt": 30.0}
        self.imag = self.noload = 0.0
        self.ppm = 1.0
        self.leads = False
        self.bank = None

    def set_windings(self, n: int) -> None:
        new = dict(bus=None, conn="wye", kv=12.47, kva=1000.0, tap=1.0, r=0.2, rneut=-1.0, xneut=0.0, maxtap=1.1,
                   mintap=0.9, numtaps=32)
        self.w = (self.w + [dict(new) for _ in range(n)])[:n]

    def _winding(self, k: int, w: dict, script) -> m.Winding:
        if w["bus"] is None:
            raise ValueError(f"winding {k} has no bus")
        return m.Winding(terminal=script.terminal(w["bus"], self.phases, 1), conn=w["conn"], kv=w["kv"], kva=w["kva"],
                         r_percent=w["r"], tap_pu=w["tap"], min_tap_pu=w["mintap"], max_tap_pu=w["maxtap"],
                         num_taps=w["numtaps"], r_neutral_ohm=w["rneut"], x_neutral_ohm=w["xneut"])

    def build(self, script) -> m.Transformer:
        nw = len(self.w)
        if nw > 3:
            raise ValueError("more than 3 windings are not supported")
        xs = [self.xsc["xhl"], self.xsc["xht"], self.xsc["xlt"]][: nw * (nw - 1) // 2]
        windings = [self._winding(k, w, script) for k, w in enumerate(self.w, 1)]
        return m.Transformer(id=self.name, n_phases=self.phases, windings=windings, xsc_percent=xs,
                             pct_imag=self.imag, pct_noload_loss=self.noload, ppm_antifloat=self.ppm,
                             hv_leads_lv=self.leads, bank=self.bank, enabled=self.enabled)


# ----------------------------------------------------------------------------------------------- controls
def _value(field: str, parse: Callable[[str], Any]) -> Handler:
    return lambda o, p, v, s: o.values.__setitem__(field, parse(v))


def _phase_choice(field: str, names: tuple[str, ...]) -> Handler:
    def handler(o, p, v, s) -> None:
        key = v.strip().lower()
        o.values[field] = key if key in names else sx.integer(key)
    return handler


def _reg_winding(o, p, v, s) -> None:
    o.values["winding"] = sx.integer(v)
    o.values.pop("tap_winding", None)  # OpenDSS: setting winding resets the tap winding


def _ldc_z(o, p, v, s) -> None:
    if sx.number(v) != 0:
        raise ValueError("Beckwith LDC_Z control is not supported")


class RegControl(DssObject):
    kind = "regcontrol"
    props = ("transformer", "winding", "vreg", "band", "ptratio", "ctprim", "r", "x", "bus", "delay", "reversible",
             "revvreg", "revband", "revr", "revx", "tapdelay", "debugtrace", "maxtapchange", "inversetime",
             "tapwinding", "vlimit", "ptphase", "revthreshold", "revdelay", "revneutral", "eventlog", "remoteptratio",
             "tapnum", "reset", "ldc_z", "rev_z", "cogen", "enabled", "like")
    handlers = {"transformer": _value("transformer", lambda v: v.strip().lower()), "winding": _reg_winding,
                "tapwinding": _value("tap_winding", sx.integer),
                **{k: _value(f, sx.number) for k, f in (("vreg", "vreg_v"), ("band", "band_v"), ("ptratio", "pt_ratio"),
                                                        ("ctprim", "ct_primary_a"), ("r", "r_ldc_v"),
                                                        ("x", "x_ldc_v"), ("delay", "delay_s"),
                                                        ("tapdelay", "tap_delay_s"), ("vlimit", "vlimit_v"))},
                "maxtapchange": _value("max_tap_change", lambda v: max(0, sx.integer(v))),
                "ptphase": _phase_choice("pt_phase", ("max", "min")),
                "inversetime": _value("inverse_time", sx.boolean),
                "tapnum": lambda o, p, v, s: setattr(o, "tapnum", sx.integer(v)),
                "bus": refuse("regulating a remote bus (bus=) is not supported"),
                "reversible": refuse_if_true("reversible=yes is not supported"),
                "cogen": refuse_if_true("cogen=yes is not supported"), "ldc_z": _ldc_z}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.values: dict = {}
        self.tapnum: int | None = None

    def build(self, script) -> m.RegControl:
        if "transformer" not in self.values:
            raise ValueError("transformer= is required")
        return m.RegControl(id=self.name, enabled=self.enabled, **self.values)


def _cap_type(o, p, v, s) -> None:
    kinds = {"c": "current", "v": "voltage", "k": "kvar", "p": "pf"}
    key = v.strip().lower()[:1]
    if key not in kinds:
        raise ValueError(f"CapControl type '{v}' is not supported (current, voltage, kvar, pf)")
    o.values["type"] = kinds[key]


class CapControl(DssObject):
    kind = "capcontrol"
    props = ("element", "terminal", "capacitor", "type", "ptratio", "ctratio", "onsetting", "offsetting", "delay",
             "voltoverride", "vmax", "vmin", "delayoff", "deadtime", "ctphase", "ptphase", "vbus", "eventlog",
             "usermodel", "userdata", "pctminkvar", "reset", "enabled", "like")
    handlers = {"element": _value("element", lambda v: v.strip().lower()),
                "capacitor": _value("capacitor", lambda v: v.strip().lower()),
                "terminal": _value("terminal", sx.integer), "type": _cap_type,
                **{k: _value(f, sx.number) for k, f in (("ptratio", "pt_ratio"), ("ctratio", "ct_ratio"),
                                                        ("onsetting", "on_setting"), ("offsetting", "off_setting"),
                                                        ("delay", "delay_s"), ("delayoff", "delay_off_s"),
                                                        ("vmax", "vmax_v"), ("vmin", "vmin_v"))},
                "voltoverride": _value("volt_override", sx.boolean),
                "ptphase": _phase_choice("pt_phase", ("avg", "max", "min")),
                "ctphase": _phase_choice("ct_phase", ("avg", "max", "min")),
                **{k: refuse(f"CapControl {k} is not supported") for k in ("vbus", "usermodel", "userdata")}}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.values: dict = {}

    def build(self, script) -> m.CapControl:
        if "capacitor" not in self.values or "element" not in self.values:
            raise ValueError("capacitor= and element= are required")
        return m.CapControl(id=self.name, enabled=self.enabled, **self.values)


# ----------------------------------------------------------------------------------------------- Capacitor, Load
def _cap_kvar(o, p, v, s) -> None:
    o.kvar = sx.numbers(v)
    o.states = (o.states + [1] * len(o.kvar))[: len(o.kvar)]


def _numsteps(o, p, v, s) -> None:
    n = sx.integer(v)
    o.kvar = (o.kvar * n)[:n] if len(o.kvar) == 1 else (o.kvar + [0.0] * n)[:n]
    o.states = (o.states + [1] * n)[:n]


def _no_series(o, p, v, s) -> None:
    if any(x != 0 for x in sx.numbers(v)):
        raise ValueError(f"capacitor {p} (series reactor / harmonic tuning) is not supported")


class Capacitor(DssObject):
    kind = "capacitor"
    props = ("bus1", "bus2", "phases", "kvar", "kv", "conn", "cmatrix", "cuf", "r", "xl", "harm", "numsteps", "states",
             "normamps", "emergamps", "faultrate", "pctperm", "repair", "basefreq", "enabled", "like")
    handlers = {"bus1": text(), "bus2": text(), "phases": integer(), "kvar": _cap_kvar, "kv": num(),
                "conn": lambda o, p, v, s: setattr(o, "conn", conn(v)),
                "states": lambda o, p, v, s: setattr(o, "states", [int(sx.number(x)) for x in sx.string_list(v)]),
                "numsteps": _numsteps, "r": _no_series, "xl": _no_series, "harm": _no_series,
                "cmatrix": refuse("cmatrix is not supported; give kvar and kv"),
                "cuf": refuse("cuf is not supported; give kvar and kv")}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.bus1 = self.bus2 = None
        self.phases, self.kvar, self.kv, self.conn = 3, [1200.0], 12.47, "wye"
        self.states: list[int] = [1]

    def build(self, script) -> m.Capacitor:
        closed = any(self.states)
        kvar = sum(k for k, s in zip(self.kvar, self.states, strict=False) if s) if closed else sum(self.kvar)
        return m.Capacitor(id=self.name, bus1=script.terminal(self.bus1, self.phases, 0),
                           bus2=script.terminal(self.bus2, self.phases, 0) if self.bus2 else None,
                           n_phases=self.phases, kvar=kvar, kv=self.kv, conn=self.conn, closed=closed,
                           enabled=self.enabled)


def _load_model(o, p, v, s) -> None:
    o.model = sx.integer(v)
    if o.model not in (1, 2, 3, 4, 5):
        raise ValueError(f"load model {o.model} is not supported (1, 2, 3, 4, 5)")


def _load_spec(attr: str, spec: str) -> Handler:
    def handler(o, p, v, s) -> None:
        setattr(o, attr, sx.number(v))
        o.spec = spec
    return handler


def _pf(o, p, v, s) -> None:
    o.pf = sx.number(v)
    if o.spec == "kw_kvar":
        o.spec = "kw_pf"


def _status(o, p, v, s) -> None:
    if v.strip().lower()[:1] not in ("v", "f", "e"):
        raise ValueError(f"unknown load status '{v}'")


def q_of(p_kw: float, pf: float) -> float:
    """kvar of p_kw at power factor pf (negative pf: leading)."""
    return p_kw * math.sqrt(1 / pf ** 2 - 1) * (1 if pf > 0 else -1) if pf != 0 else 0.0


class Load(DssObject):
    kind = "load"
    props = ("phases", "bus1", "kv", "kw", "pf", "model", "yearly", "daily", "duty", "growth", "conn", "kvar", "rneut",
             "xneut", "status", "class", "vminpu", "vmaxpu", "vminnorm", "vminemerg", "xfkva", "allocationfactor",
             "kva", "%mean", "%stddev", "cvrwatts", "cvrvars", "kwh", "kwhdays", "cfactor", "cvrcurve", "numcust",
             "zipv", "%seriesrl", "relweight", "vlowpu", "puxharm", "xrharm", "spectrum", "enabled", "like")
    handlers = {"bus1": text(), "phases": integer(), "conn": lambda o, p, v, s: setattr(o, "conn", conn(v)),
                "model": _load_model, "kv": num(), "kw": _load_spec("kw", "kw_pf"), "pf": _pf,
                "kvar": _load_spec("kvar", "kw_kvar"), "kva": _load_spec("kva", "kva_pf"), "vminpu": num("vmin"),
                "vmaxpu": num("vmax"), "vlowpu": num("vlow"), "cvrwatts": num("cvrw"), "cvrvars": num("cvrv"),
                "status": _status, "xneut": lambda o, p, v, s: None,
                "zipv": refuse("ZIPV (model 8) is not supported")}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.bus1, self.phases, self.conn, self.model = None, 3, "wye", 1
        self.kv, self.kw, self.pf = 12.47, 10.0, 0.88
        self.kvar: float | None = None
        self.kva: float | None = None
        self.spec = "kw_pf"
        self.vmin, self.vmax, self.vlow, self.cvrw, self.cvrv = 0.95, 1.05, 0.50, 1.0, 2.0

    def build(self, script) -> m.Load:
        if self.spec == "kw_kvar":
            kw, kvar = self.kw, self.kvar
        elif self.spec == "kva_pf":
            assert self.kva is not None  # the kva setter chose this spec
            kw = self.kva * abs(self.pf)
            kvar = q_of(kw, self.pf)
        else:
            kw, kvar = self.kw, q_of(self.kw, self.pf)
        return m.Load(id=self.name, terminal=script.terminal(self.bus1, self.phases, 0, load_conn=self.conn),
                      n_phases=self.phases, conn=self.conn, model=self.model, kv=self.kv, kw=kw, kvar=kvar,
                      vmin_pu=self.vmin, vmax_pu=self.vmax, vlow_pu=self.vlow, cvr_watts=self.cvrw,
                      cvr_vars=self.cvrv, enabled=self.enabled)


CLASSES: dict[str, type[DssObject]] = {c.kind: c for c in (Vsource, LineCode, Line, WireData, LineSpacing,
                                                          LineGeometry, Transformer, RegControl, Capacitor,
                                                          CapControl, Load)}
