"""Read an OpenDSS script (.dss) into a three-phase `Feeder`.

Supported: what the IEEE test feeders use. Commands Clear, New, Edit, More/~, the
`Class.name.prop=value` edit form, Set (voltagebases, controlmode, tolerance, maxiterations,
maxcontroliter, defaultbasefrequency, loadmult, mode=snapshot, earthmodel, algorithm),
Redirect/Compile (paths relative to the file; Compile moves the base directory), CalcVoltageBases,
BusCoords, Solve. Classes Circuit/Vsource, LineCode, Line (Switch=yes lines too), WireData,
LineSpacing, LineGeometry, Transformer, RegControl, Capacitor, CapControl, Load. Show, Plot,
Export and other report commands, EnergyMeter and Monitor (which do not change a snapshot
solution) are skipped with a note. Anything else stops with a ParseError naming the file, the
line and the property. Each class applies its properties in the order written, with OpenDSS's
side effects (the active winding, `like=`, Switch=yes resetting the impedances, kVA of winding 1
propagating, %loadloss splitting over windings 1 and 2).
"""

from __future__ import annotations

import copy
import math
from pathlib import Path

from ..errors import GridSolveError, ParseError
from ..unbalanced import elements as el
from ..unbalanced import model as m
from ..unbalanced.linecon import length_factor
from . import dss_syntax as sx

SKIPPED_COMMANDS = {"show", "plot", "export", "help", "visualize", "summary", "totals", "dump", "sample",
                    "select", "interpolate", "makebuslist", "cleanup", "fileedit", "_initsnap", "var",
                    "formedit", "closedi", "get", "reset", "zsc", "zsc10", "zscrefresh", "voltages", "currents",
                    "powers", "losses", "capacity", "alignfile", "rotate", "relcalc", "guids", "node",
                    "dofile"}
SKIPPED_CLASSES = {"energymeter", "monitor", "loadshape", "growthshape", "spectrum", "tcc_curve", "xycurve"}
SET_OPTIONS = {"voltagebases", "controlmode", "tolerance", "maxiterations", "maxiter", "maxcontroliter",
               "defaultbasefrequency", "loadmult", "mode", "earthmodel", "algorithm", "datapath", "casename",
               "normvminpu", "normvmaxpu", "emergvminpu", "emergvmaxpu", "editor", "showexport", "markcapacitors",
               "markregulators", "markswitches", "marktransformers", "trapezoidal", "cktmodel", "demandinterval",
               "overloadreport", "voltexceptionreport", "log", "keeplist", "basefrequency", "number", "hour",
               "sec", "year", "time", "stepsize", "h", "random", "loadmodel"}
LENGTH_UNITS = {"none": "none", "mi": "mi", "mile": "mi", "miles": "mi", "kft": "kft", "km": "km", "m": "m",
                "meter": "m", "ft": "ft", "feet": "ft", "foot": "ft", "in": "in", "inch": "in", "cm": "cm",
                "mm": "mm"}


def _units(v: str) -> str:
    key = v.strip().lower()
    if key not in LENGTH_UNITS:
        raise ValueError(f"unknown length unit '{v}'")
    return LENGTH_UNITS[key]


def _conn(v: str) -> str:
    key = v.strip().lower()
    if key in ("wye", "y", "ln", "w"):
        return "wye"
    if key in ("delta", "d", "ll"):
        return "delta"
    raise ValueError(f"unknown connection '{v}' (wye or delta)")


class DssObject:
    """An element under construction: properties applied in order, with OpenDSS side effects."""

    kind = ""
    props: tuple[str, ...] = ()

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
        if prop in self.props:
            self.last_prop = self.props.index(prop)
            return prop
        matches = [p for p in self.props if p.startswith(prop)]
        if len(matches) == 1:
            self.last_prop = self.props.index(matches[0])
            return matches[0]
        raise KeyError(prop)

    def set(self, prop: str, value: str, script: Script) -> None:
        if prop == "enabled":
            self.enabled = sx.boolean(value)
        elif prop == "like":
            other = script.objects[self.kind].get(value.strip().lower())
            if other is None:
                raise ValueError(f"like= names an unknown {self.kind} '{value}'")
            self.copy_from(other)
        else:
            self.apply(prop, value, script)

    def copy_from(self, other: DssObject) -> None:
        name = self.name
        self.__dict__.update(copy.deepcopy(other.__dict__))
        self.name = name

    def apply(self, prop: str, value: str, script: Script) -> None:  # pragma: no cover - abstract
        raise KeyError(prop)


IGNORED = ("normamps", "emergamps", "faultrate", "pctperm", "repair", "basefreq", "seasons", "ratings",
           "spectrum", "linetype", "daily", "yearly", "duty", "growth", "class", "numcust", "relweight",
           "eventlog", "debugtrace", "puxharm", "xrharm", "%mean", "%stddev", "cvrcurve", "kwh", "kwhdays",
           "cfactor", "xfkva", "allocationfactor", "thermal", "n", "m", "flrise", "hsrise", "normhkva",
           "emerghkva", "sub", "subname", "wdgcurrents", "core", "rdcohms", "vminnorm", "vminemerg", "%seriesrl",
           "basekv_ref")


class Vsource(DssObject):
    kind = "vsource"
    props = ("bus1", "basekv", "pu", "angle", "frequency", "phases", "mvasc3", "mvasc1", "x1r1", "x0r0", "isc3",
             "isc1", "r1", "x1", "r0", "x0", "scantype", "sequence", "bus2", "z1", "z0", "z2", "puz1", "puz0", "puz2",
             "basemva", "enabled", "like", "spectrum")

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.bus1, self.bus2 = "sourcebus", None
        self.basekv, self.pu, self.angle, self.phases = 115.0, 1.0, 0.0, 3
        self.mvasc3, self.mvasc1, self.x1r1, self.x0r0 = 2000.0, 2100.0, 4.0, 3.0
        self.isc3, self.isc1 = 10041.0, 10543.0
        self.z = [1.0, 4.0, 1.0, 3.0]
        self.spec = 1
        self.basemva = 100.0

    def apply(self, prop: str, value: str, script: Script) -> None:
        if prop in ("bus1", "bus2"):
            setattr(self, prop, value)
        elif prop in ("basekv", "pu", "angle", "mvasc3", "mvasc1", "x1r1", "x0r0", "isc3", "isc1", "basemva"):
            setattr(self, prop, sx.number(value))
            if prop in ("mvasc3", "mvasc1"):
                self.spec = 1
            elif prop in ("isc3", "isc1"):
                self.spec = 2
        elif prop == "phases":
            self.phases = sx.integer(value)
        elif prop in ("r1", "x1", "r0", "x0"):
            self.z[("r1", "x1", "r0", "x0").index(prop)] = sx.number(value)
            self.spec = 3
        elif prop in ("z1", "z0", "puz1", "puz0"):
            rx = sx.numbers(value)
            base = self.basekv ** 2 / self.basemva if prop.startswith("pu") else 1.0
            k = 0 if prop.endswith("1") else 2
            self.z[k], self.z[k + 1] = rx[0] * base, rx[1] * base
            self.spec = 3
        elif prop == "frequency":
            script.frequency = sx.number(value)
        elif prop in ("scantype", "sequence", "spectrum"):
            if prop == "sequence" and value.strip().lower() not in ("pos", "positive"):
                raise ValueError("only a positive-sequence source is supported")
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.Source:
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
        return m.Source(id=self.name, terminal=script.terminal(self.bus1, self.phases, 0),
                        neutral=script.terminal(self.bus2, self.phases, 0, ground_default=True) if self.bus2 else None,
                        base_kv=self.basekv, pu=self.pu, angle_deg=self.angle, r1_ohm=r1, x1_ohm=x1, r0_ohm=r0,
                        x0_ohm=x0, enabled=self.enabled)


class LineCode(DssObject):
    kind = "linecode"
    props = ("nphases", "r1", "x1", "r0", "x0", "c1", "c0", "units", "rmatrix", "xmatrix", "cmatrix", "basefreq",
             "normamps", "emergamps", "faultrate", "pctperm", "repair", "kron", "rg", "xg", "rho", "neutral", "b1",
             "b0", "seasons", "ratings", "linetype", "like")
    SEQ = ("r1", "x1", "r0", "x0", "c1", "c0")

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.nphases, self.units, self.freq = 3, "none", 60.0
        self.seq = dict(r1=0.0580, x1=0.1206, r0=0.1784, x0=0.4047, c1=3.4, c0=1.6)
        self.rmatrix = self.xmatrix = self.cmatrix = None
        self.norm_amps = 400.0

    def apply(self, prop: str, value: str, script: Script) -> None:
        if prop == "nphases":
            self.nphases = sx.integer(value)
        elif prop in self.SEQ:
            self.seq[prop] = sx.number(value)
            self.rmatrix = self.xmatrix = self.cmatrix = None
        elif prop in ("b1", "b0"):
            self.seq["c" + prop[1]] = sx.number(value) / (2 * math.pi * self.freq) * 1e3
            self.rmatrix = self.xmatrix = self.cmatrix = None
        elif prop in ("rmatrix", "xmatrix", "cmatrix"):
            setattr(self, prop, sx.matrix(value, self.nphases))
        elif prop == "units":
            self.units = _units(value)
        elif prop == "basefreq":
            self.freq = sx.number(value)
        elif prop == "normamps":
            self.norm_amps = sx.number(value)
        elif prop in ("rg", "xg", "rho", "neutral") or prop in IGNORED:
            pass
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.LineCode:
        mats = {}
        if self.rmatrix is not None or self.xmatrix is not None:
            z1 = self.nphases
            mats = dict(r_matrix_ohm=self.rmatrix or [[0.0] * z1 for _ in range(z1)],
                        x_matrix_ohm=self.xmatrix or [[0.0] * z1 for _ in range(z1)], c_matrix_nf=self.cmatrix)
        seq = {k + ("_ohm" if k[0] in "rx" else "_nf"): v for k, v in self.seq.items()}
        return m.LineCode(id=self.name, n_phases=self.nphases, units=self.units, base_freq_hz=self.freq,
                          norm_amps=self.norm_amps, **mats, **seq)


class Line(DssObject):
    kind = "line"
    props = ("bus1", "bus2", "linecode", "length", "phases", "r1", "x1", "r0", "x0", "c1", "c0", "rmatrix", "xmatrix",
             "cmatrix", "switch", "rg", "xg", "rho", "geometry", "units", "spacing", "wires", "earthmodel", "cncables",
             "tscables", "b1", "b0", "seasons", "ratings", "linetype", "normamps", "emergamps", "faultrate", "pctperm",
             "repair", "basefreq", "enabled", "like")

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

    def _own(self) -> None:
        self.linecode = self.geometry = self.spacing = None
        self.wires = None

    def apply(self, prop: str, value: str, script: Script) -> None:
        if prop in ("bus1", "bus2"):
            setattr(self, prop, value)
        elif prop == "linecode":
            code = script.objects["linecode"].get(value.strip().lower())
            self.linecode = value.strip().lower()
            self.geometry = self.spacing = None
            if code is not None:
                self.phases = code.nphases
        elif prop == "length":
            self.length = sx.number(value)
        elif prop == "phases":
            self.phases = sx.integer(value)
        elif prop in ("r1", "x1", "r0", "x0", "c1", "c0"):
            self._own()
            self.rmatrix = self.xmatrix = self.cmatrix = None
            self.seq[prop] = sx.number(value)
            self.cap_given |= prop[0] == "c"
            self.units = "none"
        elif prop in ("b1", "b0"):
            self._own()
            self.seq["c" + prop[1]] = sx.number(value) / (2 * math.pi * script.frequency) * 1e3
            self.cap_given = True
        elif prop in ("rmatrix", "xmatrix", "cmatrix"):
            self._own()
            setattr(self, prop, sx.matrix(value, self.phases))
            self.units = "none"
        elif prop == "switch":
            self.switch = sx.boolean(value)
            if self.switch:
                self._own()
                self.rmatrix = self.xmatrix = self.cmatrix = None
                self.seq = dict(r1=1.0, x1=1.0, r0=1.0, x0=1.0, c1=1.1, c0=1.0)
                self.cap_given, self.length, self.units = True, 0.001, "none"
        elif prop == "units":
            self.units = _units(value)
        elif prop == "geometry":
            self.geometry, self.linecode, self.spacing = value.strip().lower(), None, None
            geo = script.objects["linegeometry"].get(self.geometry)
            if geo is not None:
                self.phases = geo.nphases if geo.reduce else geo.nconds
        elif prop == "spacing":
            self.spacing, self.linecode, self.geometry = value.strip().lower(), None, None
            sp = script.objects["linespacing"].get(self.spacing)
            if sp is not None:
                self.phases = sp.nphases
        elif prop == "wires":
            self.wires = [w.lower() for w in sx.string_list(value)]
        elif prop == "rho":
            self.rho = sx.number(value)
        elif prop == "earthmodel":
            self.earth = _earth_model(value)
        elif prop in ("cncables", "tscables"):
            raise ValueError("concentric-neutral and tape-shield cables are not supported")
        elif prop in ("rg", "xg") or prop in IGNORED:
            pass
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.Line:
        extra: dict = {}
        if self.linecode:
            extra["line_code"] = self.linecode
        elif self.geometry:
            extra["geometry"] = self.geometry
        elif self.spacing:
            extra.update(spacing=self.spacing, wires=self.wires)
        elif self.rmatrix is not None:
            n = self.phases
            zero = [[0.0] * n for _ in range(n)]
            extra.update(r_matrix_ohm=self.rmatrix or zero, x_matrix_ohm=self.xmatrix or zero,
                         c_matrix_nf=self.cmatrix)
        else:
            seq = dict(self.seq)
            if not self.cap_given:  # OpenDSS: default capacitances are per kft
                factor = length_factor("kft", self.units)
                seq["c1"], seq["c0"] = seq["c1"] / factor, seq["c0"] / factor
            extra.update({k + ("_ohm" if k[0] in "rx" else "_nf"): v for k, v in seq.items()})
        return m.Line(id=self.name, bus1=script.terminal(self.bus1, self.phases, 0),
                      bus2=script.terminal(self.bus2, self.phases, 0), n_phases=self.phases, length=self.length,
                      length_units=self.units, switch=self.switch, earth_model=self.earth or "deri",
                      rho_ohm_m=self.rho, enabled=self.enabled, **extra)


def _earth_model(v: str) -> str:
    key = v.strip().lower()
    if key not in ("carson", "fullcarson", "deri"):
        raise ValueError(f"unknown earth model '{v}' (carson, fullcarson, deri)")
    return key


class WireData(DssObject):
    kind = "wiredata"
    props = ("rdc", "rac", "runits", "gmrac", "gmrunits", "radius", "radunits", "normamps", "emergamps", "diam",
             "seasons", "ratings", "capradius", "like")

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.rdc = self.rac = self.gmr = self.radius = -1.0
        self.runits = self.gmrunits = self.radunits = "none"
        self.norm_amps = 400.0

    def apply(self, prop: str, value: str, script: Script) -> None:
        if prop in ("rdc", "rac", "radius"):
            setattr(self, prop, sx.number(value))
        elif prop == "gmrac":
            self.gmr = sx.number(value)
        elif prop == "diam":
            self.radius = sx.number(value) / 2
        elif prop in ("runits", "gmrunits", "radunits"):
            setattr(self, prop, _units(value))
        elif prop == "normamps":
            self.norm_amps = sx.number(value)
        elif prop in ("capradius",) or prop in IGNORED:
            pass
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.WireData:
        rac = self.rac if self.rac >= 0 else 1.02 * self.rdc
        gmr, radius = self.gmr, self.radius
        gmr_units, rad_units = self.gmrunits, self.radunits
        if gmr < 0 and radius > 0:
            gmr, gmr_units = 0.7788 * radius, rad_units
        if radius < 0 and gmr > 0:
            radius, rad_units = gmr / 0.7788, gmr_units
        return m.WireData(id=self.name, r_ac_ohm_per_unit=rac, r_units=self.runits, gmr=gmr, gmr_units=gmr_units,
                          radius=radius, radius_units=rad_units, norm_amps=self.norm_amps)


class LineSpacing(DssObject):
    kind = "linespacing"
    props = ("nconds", "nphases", "x", "h", "units", "like")

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.nconds, self.nphases, self.x, self.h, self.units = 3, 3, [0.0] * 3, [32.0] * 3, "ft"

    def apply(self, prop: str, value: str, script: Script) -> None:
        if prop in ("nconds", "nphases"):
            setattr(self, prop, sx.integer(value))
        elif prop in ("x", "h"):
            setattr(self, prop, sx.numbers(value))
        elif prop == "units":
            self.units = _units(value)
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.LineSpacing:
        return m.LineSpacing(id=self.name, n_conds=self.nconds, n_phases=self.nphases, x=self.x, h=self.h,
                             units=self.units)


class LineGeometry(DssObject):
    kind = "linegeometry"
    props = ("nconds", "nphases", "cond", "wire", "x", "h", "units", "normamps", "emergamps", "reduce", "spacing",
             "wires", "cncable", "tscable", "cncables", "tscables", "seasons", "ratings", "linetype", "like")

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.nconds, self.nphases, self.active = 3, 3, 0
        self.wires = [""] * 3
        self.x, self.h, self.units = [0.0] * 3, [0.0] * 3, "ft"
        self.reduce = False

    def _resize(self, n: int) -> None:
        self.nconds = n
        for attr, fill in (("wires", ""), ("x", 0.0), ("h", 0.0)):
            cur = getattr(self, attr)
            setattr(self, attr, (cur + [fill] * n)[:n])

    def apply(self, prop: str, value: str, script: Script) -> None:
        if prop == "nconds":
            self._resize(sx.integer(value))
        elif prop == "nphases":
            self.nphases = sx.integer(value)
        elif prop == "cond":
            self.active = sx.integer(value) - 1
            if not 0 <= self.active < self.nconds:
                raise ValueError(f"cond={value} outside 1..{self.nconds}")
        elif prop == "wire":
            self.wires[self.active] = value.strip().lower()
        elif prop == "wires":
            names = [w.lower() for w in sx.string_list(value)]
            self.wires = (names + [""] * self.nconds)[: self.nconds]
        elif prop in ("x", "h"):
            getattr(self, prop)[self.active] = sx.number(value)
        elif prop == "units":
            self.units = _units(value)
        elif prop == "reduce":
            self.reduce = sx.boolean(value)
        elif prop == "spacing":
            sp = script.objects["linespacing"].get(value.strip().lower())
            if sp is None:
                raise ValueError(f"unknown line spacing '{value}'")
            self._resize(sp.nconds)
            self.nphases, self.x, self.h, self.units = sp.nphases, list(sp.x), list(sp.h), sp.units
        elif prop in ("cncable", "tscable", "cncables", "tscables"):
            raise ValueError("concentric-neutral and tape-shield cables are not supported")
        elif prop in IGNORED:
            pass
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.LineGeometry:
        return m.LineGeometry(id=self.name, n_conds=self.nconds, n_phases=self.nphases, wires=self.wires, x=self.x,
                              h=self.h, units=self.units, reduce=self.reduce)


class Transformer(DssObject):
    kind = "transformer"
    props = ("phases", "windings", "wdg", "bus", "conn", "kv", "kva", "tap", "%r", "rneut", "xneut", "buses", "conns",
             "kvs", "kvas", "taps", "xhl", "xht", "xlt", "xscarray", "thermal", "n", "m", "flrise", "hsrise",
             "%loadloss", "%noloadloss", "normhkva", "emerghkva", "sub", "maxtap", "mintap", "numtaps", "subname",
             "%imag", "ppm_antifloat", "%rs", "bank", "xfmrcode", "xrconst", "x12", "x13", "x23", "leadlag",
             "wdgcurrents", "core", "rdcohms", "seasons", "ratings", "normamps", "emergamps", "faultrate", "pctperm",
             "repair", "basefreq", "enabled", "like")
    WDG_FIELDS = ("bus", "conn", "kv", "kva", "tap", "r", "rneut", "xneut", "maxtap", "mintap", "numtaps")

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.phases, self.active = 3, 0
        self.w: list[dict] = []
        self._windings(2)
        self.xsc = {"xhl": 7.0, "xht": 35.0, "xlt": 30.0}
        self.imag = self.noload = 0.0
        self.ppm = 1.0
        self.leads = False
        self.bank = None

    @staticmethod
    def _new_winding() -> dict:
        return dict(bus=None, conn="wye", kv=12.47, kva=1000.0, tap=1.0, r=0.2, rneut=-1.0, xneut=0.0, maxtap=1.1,
                    mintap=0.9, numtaps=32)

    def _windings(self, n: int) -> None:
        self.w = (self.w + [self._new_winding() for _ in range(n)])[:n]

    def _per_winding(self, key: str, values: list) -> None:
        if len(values) > len(self.w):
            raise ValueError(f"{len(values)} values for {len(self.w)} windings")
        for k, v in enumerate(values):
            self.w[k][key] = v

    def apply(self, prop: str, value: str, script: Script) -> None:
        w = self.w[self.active]
        if prop == "phases":
            self.phases = sx.integer(value)
        elif prop == "windings":
            self._windings(sx.integer(value))
        elif prop == "wdg":
            self.active = sx.integer(value) - 1
            if not 0 <= self.active < len(self.w):
                raise ValueError(f"wdg={value} outside 1..{len(self.w)}")
        elif prop == "bus":
            w["bus"] = value
        elif prop == "conn":
            w["conn"] = _conn(value)
        elif prop == "kv":
            w["kv"] = sx.number(value)
        elif prop == "kva":
            w["kva"] = sx.number(value)
            if self.active == 0:
                for other in self.w[1:]:
                    other["kva"] = w["kva"]
            elif len(self.w) == 2:
                self.w[0]["kva"] = w["kva"]
        elif prop == "tap":
            w["tap"] = sx.number(value)
        elif prop == "%r":
            w["r"] = sx.number(value)
        elif prop in ("rneut", "xneut", "maxtap", "mintap"):
            w[prop] = sx.number(value)
        elif prop == "numtaps":
            w["numtaps"] = sx.integer(value)
        elif prop == "buses":
            self._per_winding("bus", sx.string_list(value))
        elif prop == "conns":
            self._per_winding("conn", [_conn(c) for c in sx.string_list(value)])
        elif prop == "kvs":
            self._per_winding("kv", sx.numbers(value))
        elif prop == "kvas":
            self._per_winding("kva", sx.numbers(value))
        elif prop == "taps":
            self._per_winding("tap", sx.numbers(value))
        elif prop == "%rs":
            self._per_winding("r", sx.numbers(value))
        elif prop in ("xhl", "xht", "xlt", "x12", "x13", "x23"):
            self.xsc[{"x12": "xhl", "x13": "xht", "x23": "xlt"}.get(prop, prop)] = sx.number(value)
        elif prop == "xscarray":
            for key, x in zip(("xhl", "xht", "xlt"), sx.numbers(value), strict=False):
                self.xsc[key] = x
        elif prop == "%loadloss":
            r = sx.number(value) / 2
            self.w[0]["r"] = self.w[1]["r"] = r
        elif prop == "%noloadloss":
            self.noload = sx.number(value)
        elif prop == "%imag":
            self.imag = sx.number(value)
        elif prop == "ppm_antifloat":
            self.ppm = sx.number(value)
        elif prop == "bank":
            self.bank = value.strip().lower()
        elif prop == "leadlag":
            self.leads = value.strip().lower() in ("lead", "ansi")
        elif prop == "xfmrcode":
            raise ValueError("XfmrCode is not supported; give the winding data on the transformer")
        elif prop == "xrconst" or prop in IGNORED:
            pass
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.Transformer:
        nw = len(self.w)
        xs = [self.xsc["xhl"], self.xsc["xht"], self.xsc["xlt"]][: nw * (nw - 1) // 2] if nw <= 3 else None
        if xs is None:
            raise ValueError("more than 3 windings are not supported")
        windings = []
        for k, w in enumerate(self.w, 1):
            if w["bus"] is None:
                raise ValueError(f"winding {k} has no bus")
            windings.append(m.Winding(
                terminal=script.terminal(w["bus"], self.phases, 1, transformer_conn=w["conn"]), conn=w["conn"],
                kv=w["kv"], kva=w["kva"], r_percent=w["r"], tap_pu=w["tap"], min_tap_pu=w["mintap"],
                max_tap_pu=w["maxtap"], num_taps=w["numtaps"], r_neutral_ohm=w["rneut"], x_neutral_ohm=w["xneut"]))
        return m.Transformer(id=self.name, n_phases=self.phases, windings=windings, xsc_percent=xs,
                             pct_imag=self.imag, pct_noload_loss=self.noload, ppm_antifloat=self.ppm,
                             hv_leads_lv=self.leads, bank=self.bank, enabled=self.enabled)


class RegControl(DssObject):
    kind = "regcontrol"
    props = ("transformer", "winding", "vreg", "band", "ptratio", "ctprim", "r", "x", "bus", "delay", "reversible",
             "revvreg", "revband", "revr", "revx", "tapdelay", "debugtrace", "maxtapchange", "inversetime",
             "tapwinding", "vlimit", "ptphase", "revthreshold", "revdelay", "revneutral", "eventlog", "remoteptratio",
             "tapnum", "reset", "ldc_z", "rev_z", "cogen", "enabled", "like")
    FIELDS = {"vreg": "vreg_v", "band": "band_v", "ptratio": "pt_ratio", "ctprim": "ct_primary_a", "r": "r_ldc_v",
              "x": "x_ldc_v", "delay": "delay_s", "tapdelay": "tap_delay_s", "vlimit": "vlimit_v"}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.values: dict = {}
        self.tapnum: int | None = None

    def apply(self, prop: str, value: str, script: Script) -> None:
        if prop == "transformer":
            self.values["transformer"] = value.strip().lower()
        elif prop == "winding":
            self.values["winding"] = sx.integer(value)
            self.values.pop("tap_winding", None)
        elif prop == "tapwinding":
            self.values["tap_winding"] = sx.integer(value)
        elif prop in self.FIELDS:
            self.values[self.FIELDS[prop]] = sx.number(value)
        elif prop == "maxtapchange":
            self.values["max_tap_change"] = max(0, sx.integer(value))
        elif prop == "ptphase":
            v = value.strip().lower()
            self.values["pt_phase"] = v if v in ("max", "min") else sx.integer(v)
        elif prop == "inversetime":
            self.values["inverse_time"] = sx.boolean(value)
        elif prop == "tapnum":
            self.tapnum = sx.integer(value)
        elif prop == "bus":
            raise ValueError("regulating a remote bus (bus=) is not supported")
        elif prop in ("reversible", "cogen") and sx.boolean(value):
            raise ValueError(f"{prop}=yes is not supported")
        elif prop == "ldc_z" and sx.number(value) != 0:
            raise ValueError("Beckwith LDC_Z control is not supported")
        elif prop in ("reversible", "cogen", "ldc_z", "revvreg", "revband", "revr", "revx", "revthreshold", "revdelay",
                      "revneutral", "remoteptratio", "reset", "rev_z") or prop in IGNORED:
            pass
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.RegControl:
        if "transformer" not in self.values:
            raise ValueError("transformer= is required")
        return m.RegControl(id=self.name, enabled=self.enabled, **self.values)


class Capacitor(DssObject):
    kind = "capacitor"
    props = ("bus1", "bus2", "phases", "kvar", "kv", "conn", "cmatrix", "cuf", "r", "xl", "harm", "numsteps", "states",
             "normamps", "emergamps", "faultrate", "pctperm", "repair", "basefreq", "enabled", "like")

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.bus1 = self.bus2 = None
        self.phases, self.kvar, self.kv, self.conn = 3, [1200.0], 12.47, "wye"
        self.states: list[int] = [1]

    def apply(self, prop: str, value: str, script: Script) -> None:
        if prop in ("bus1", "bus2"):
            setattr(self, prop, value)
        elif prop == "phases":
            self.phases = sx.integer(value)
        elif prop == "kvar":
            self.kvar = sx.numbers(value)
            self.states = (self.states + [1] * len(self.kvar))[: len(self.kvar)]
        elif prop == "kv":
            self.kv = sx.number(value)
        elif prop == "conn":
            self.conn = _conn(value)
        elif prop == "states":
            self.states = [int(sx.number(s)) for s in sx.string_list(value)]
        elif prop == "numsteps":
            n = sx.integer(value)
            self.kvar = (self.kvar * n)[:n] if len(self.kvar) == 1 else (self.kvar + [0.0] * n)[:n]
            self.states = (self.states + [1] * n)[:n]
        elif prop in ("r", "xl", "harm") and any(x != 0 for x in sx.numbers(value)):
            raise ValueError(f"capacitor {prop} (series reactor / harmonic tuning) is not supported")
        elif prop in ("cmatrix", "cuf"):
            raise ValueError(f"{prop} is not supported; give kvar and kv")
        elif prop in ("r", "xl", "harm") or prop in IGNORED:
            pass
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.Capacitor:
        kvar = sum(k for k, s in zip(self.kvar, self.states, strict=False) if s)
        closed = any(self.states)
        return m.Capacitor(id=self.name, bus1=script.terminal(self.bus1, self.phases, 0),
                           bus2=script.terminal(self.bus2, self.phases, 0) if self.bus2 else None,
                           n_phases=self.phases, kvar=kvar if closed else sum(self.kvar), kv=self.kv, conn=self.conn,
                           closed=closed, enabled=self.enabled)


class CapControl(DssObject):
    kind = "capcontrol"
    props = ("element", "terminal", "capacitor", "type", "ptratio", "ctratio", "onsetting", "offsetting", "delay",
             "voltoverride", "vmax", "vmin", "delayoff", "deadtime", "ctphase", "ptphase", "vbus", "eventlog",
             "usermodel", "userdata", "pctminkvar", "reset", "enabled", "like")
    FIELDS = {"ptratio": "pt_ratio", "ctratio": "ct_ratio", "onsetting": "on_setting", "offsetting": "off_setting",
              "delay": "delay_s", "delayoff": "delay_off_s", "vmax": "vmax_v", "vmin": "vmin_v"}

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.values: dict = {}

    def apply(self, prop: str, value: str, script: Script) -> None:
        if prop in ("element", "capacitor"):
            self.values[prop] = value.strip().lower()
        elif prop == "terminal":
            self.values["terminal"] = sx.integer(value)
        elif prop == "type":
            t = value.strip().lower()
            kinds = {"c": "current", "v": "voltage", "k": "kvar", "p": "pf"}
            if t[:1] not in kinds or t.startswith("t"):
                raise ValueError(f"CapControl type '{value}' is not supported (current, voltage, kvar, pf)")
            self.values["type"] = kinds[t[:1]]
        elif prop in self.FIELDS:
            self.values[self.FIELDS[prop]] = sx.number(value)
        elif prop == "voltoverride":
            self.values["volt_override"] = sx.boolean(value)
        elif prop in ("ptphase", "ctphase"):
            v = value.strip().lower()
            self.values[prop[:2] + "_phase"] = v if v in ("avg", "max", "min") else sx.integer(v)
        elif prop in ("vbus", "usermodel", "userdata"):
            raise ValueError(f"CapControl {prop} is not supported")
        elif prop in ("deadtime", "pctminkvar", "reset") or prop in IGNORED:
            pass
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.CapControl:
        if "capacitor" not in self.values or "element" not in self.values:
            raise ValueError("capacitor= and element= are required")
        return m.CapControl(id=self.name, enabled=self.enabled, **self.values)


class Load(DssObject):
    kind = "load"
    props = ("phases", "bus1", "kv", "kw", "pf", "model", "yearly", "daily", "duty", "growth", "conn", "kvar", "rneut",
             "xneut", "status", "class", "vminpu", "vmaxpu", "vminnorm", "vminemerg", "xfkva", "allocationfactor",
             "kva", "%mean", "%stddev", "cvrwatts", "cvrvars", "kwh", "kwhdays", "cfactor", "cvrcurve", "numcust",
             "zipv", "%seriesrl", "relweight", "vlowpu", "puxharm", "xrharm", "spectrum", "enabled", "like")

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.bus1, self.phases, self.conn, self.model = None, 3, "wye", 1
        self.kv, self.kw, self.pf, self.kvar, self.kva = 12.47, 10.0, 0.88, None, None
        self.spec = "kw_pf"
        self.vmin, self.vmax, self.vlow, self.cvrw, self.cvrv = 0.95, 1.05, 0.50, 1.0, 2.0

    def apply(self, prop: str, value: str, script: Script) -> None:
        if prop == "bus1":
            self.bus1 = value
        elif prop == "phases":
            self.phases = sx.integer(value)
        elif prop == "conn":
            self.conn = _conn(value)
        elif prop == "model":
            self.model = sx.integer(value)
            if self.model not in (1, 2, 3, 4, 5):
                raise ValueError(f"load model {self.model} is not supported (1, 2, 3, 4, 5)")
        elif prop == "kv":
            self.kv = sx.number(value)
        elif prop == "kw":
            self.kw, self.spec = sx.number(value), "kw_pf"
        elif prop == "pf":
            self.pf = sx.number(value)
            if self.spec == "kw_kvar":
                self.spec = "kw_pf"
        elif prop == "kvar":
            self.kvar, self.spec = sx.number(value), "kw_kvar"
        elif prop == "kva":
            self.kva, self.spec = sx.number(value), "kva_pf"
        elif prop in ("vminpu", "vmaxpu", "vlowpu", "cvrwatts", "cvrvars"):
            key = {"vminpu": "vmin", "vmaxpu": "vmax", "vlowpu": "vlow", "cvrwatts": "cvrw", "cvrvars": "cvrv"}[prop]
            setattr(self, key, sx.number(value))
        elif prop == "status":
            if value.strip().lower()[:1] not in ("v", "f", "e"):
                raise ValueError(f"unknown load status '{value}'")
        elif prop in ("rneut", "xneut", "zipv") and prop == "zipv":
            raise ValueError("ZIPV (model 8) is not supported")
        elif prop in ("rneut", "xneut") or prop in IGNORED:
            pass
        else:
            raise KeyError(prop)

    def build(self, script: Script) -> m.Load:
        q_of = lambda p, pf: p * math.sqrt(1 / pf ** 2 - 1) * (1 if pf > 0 else -1) if pf != 0 else 0.0  # noqa: E731
        if self.spec == "kw_kvar":
            kw, kvar = self.kw, self.kvar
        elif self.spec == "kva_pf":
            kw = self.kva * abs(self.pf)
            kvar = q_of(kw, self.pf)
        else:
            kw, kvar = self.kw, q_of(self.kw, self.pf)
        return m.Load(id=self.name, terminal=script.terminal(self.bus1, self.phases, 0, load_conn=self.conn),
                      n_phases=self.phases, conn=self.conn, model=self.model, kv=self.kv, kw=kw, kvar=kvar,
                      vmin_pu=self.vmin, vmax_pu=self.vmax, vlow_pu=self.vlow, cvr_watts=self.cvrw,
                      cvr_vars=self.cvrv, enabled=self.enabled)


CLASSES = {c.kind: c for c in (Vsource, LineCode, Line, WireData, LineSpacing, LineGeometry, Transformer, RegControl,
                               Capacitor, CapControl, Load)}
ALIASES = {"circuit": "vsource", "xfmr": "transformer", "wire": "wiredata"}
BUILD_ORDER = [("vsource", "sources"), ("linecode", "line_codes"), ("wiredata", "wire_data"),
               ("linespacing", "line_spacings"), ("linegeometry", "line_geometries"), ("line", "lines"),
               ("transformer", "transformers"), ("regcontrol", "reg_controls"), ("capacitor", "capacitors"),
               ("capcontrol", "cap_controls"), ("load", "loads")]


class Script:
    """Executes script commands against the object store, then builds the Feeder."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.objects: dict[str, dict[str, DssObject]] = {k: {} for k in CLASSES}
        self.where: dict[tuple[str, str], tuple[str, int]] = {}
        self.created: dict[tuple[str, str], int] = {}  # definition order, across files
        self.active: DssObject | None = None
        self.name = "feeder"
        self.frequency = 60.0
        self.earth_model = "deri"
        self.voltage_bases: list[float] = []
        self.settings: dict = {}
        self.coordinates: dict[str, tuple[float, float]] = {}
        self.notes: list[str] = []

    # ----- files and lines
    def run_file(self, path: Path) -> None:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise ParseError(f"cannot read file: {exc.strerror or exc}", file=str(path)) from None
        self.run_text(text, str(path), path.parent)

    def run_text(self, text: str, file: str, base: Path) -> None:
        state = {"base": base}
        for line_no, line in sx.logical_lines(text):
            try:
                self.command(line, file, line_no, state)
            except GridSolveError:
                raise
            except (ValueError, KeyError, IndexError, ZeroDivisionError) as exc:
                raise sx.fail(str(exc).strip("'\""), file, line_no) from None

    def command(self, line: str, file: str, line_no: int, state: dict) -> None:
        if line.startswith("~"):
            return self._props(self._need_active(file, line_no), sx.tokens(line[1:]), file, line_no)
        head, _, rest = line.partition(" ")
        verb = head.lower()
        if "=" in head or ("." in head and verb not in ("redirect", "compile")):
            return self._dotted(line, file, line_no)
        toks = sx.tokens(rest)
        if verb in ("more", "m"):
            self._props(self._need_active(file, line_no), toks, file, line_no)
        elif verb == "new":
            self._new(toks, file, line_no)
        elif verb == "edit":
            self._edit(toks, file, line_no)
        elif verb == "clear":
            self.clear()
        elif verb in ("set", "opt", "option"):
            for name, value in toks:
                self._set(name, value, file, line_no)
        elif verb in ("redirect", "compile"):
            self._include(toks, file, line_no, state, verb == "compile")
        elif verb == "solve":
            for name, value in toks:
                self._set(name or "mode", value, file, line_no)
        elif verb in ("calcvoltagebases", "calcv", "calcvoltagebase"):
            pass  # bases are computed at solve time from the final network (OpenDSS's no-load snapshot)
        elif verb == "buscoords":
            self._buscoords(toks, file, line_no, state)
        elif verb in SKIPPED_COMMANDS:
            self.notes.append(f"{Path(file).name}:{line_no}: '{head}' skipped (report command)")
        else:
            raise sx.fail(f"unsupported command '{head}'", file, line_no)

    # ----- objects
    def _need_active(self, file: str, line_no: int) -> DssObject:
        if self.active is None:
            raise sx.fail("'~' continues no element", file, line_no)
        return self.active

    def _split_name(self, spec: str, file: str, line_no: int) -> tuple[str, str]:
        cls, _, name = spec.strip().partition(".")
        cls = ALIASES.get(cls.lower(), cls.lower())
        if not name:
            raise sx.fail(f"'{spec}': expected Class.name", file, line_no)
        return cls, name.lower()

    def _new(self, toks: list, file: str, line_no: int) -> None:
        if not toks:
            raise sx.fail("New needs Class.name", file, line_no)
        (key, spec), rest = toks[0], toks[1:]
        if key not in (None, "object"):
            raise sx.fail("New needs Class.name first", file, line_no, key)
        raw_cls = spec.partition(".")[0].lower()
        cls, name = self._split_name(spec, file, line_no)
        if cls in SKIPPED_CLASSES:
            self.active = None
            self.notes.append(f"{Path(file).name}:{line_no}: {raw_cls} '{name}' skipped (no effect on a snapshot)")
            return
        if cls not in CLASSES:
            raise sx.fail(f"unsupported element class '{raw_cls}'", file, line_no)
        if raw_cls == "circuit":
            self.name = name
            name = "source"
        obj = CLASSES[cls](name)
        if isinstance(obj, Line):
            obj.earth = self.earth_model  # OpenDSS: Set EarthModel applies to lines defined after it
        self.objects[cls][name] = obj
        self.where[(cls, name)] = (file, line_no)
        self.created.setdefault((cls, name), len(self.created))
        self.active = obj
        self._props(obj, rest, file, line_no)

    def _edit(self, toks: list, file: str, line_no: int) -> None:
        if not toks:
            raise sx.fail("Edit needs Class.name", file, line_no)
        cls, name = self._split_name(toks[0][1], file, line_no)
        obj = self._find(cls, name, file, line_no)
        if obj is not None:
            self._props(obj, toks[1:], file, line_no)

    def _find(self, cls: str, name: str, file: str, line_no: int) -> DssObject | None:
        if cls in SKIPPED_CLASSES:
            return None
        if cls == "circuit":
            cls, name = "vsource", "source"
        obj = self.objects.get(cls, {}).get(name)
        if obj is None:
            raise sx.fail(f"unknown element {cls}.{name}", file, line_no)
        self.active = obj
        return obj

    def _dotted(self, line: str, file: str, line_no: int) -> None:
        toks = sx.tokens(line)
        key, value = toks[0]
        if key is None:
            cls, name = self._split_name(value, file, line_no)
            obj = self._find(cls, name, file, line_no)
            rest = toks[1:]
        else:
            parts = key.split(".")
            if len(parts) != 3:
                raise sx.fail(f"'{key}': expected Class.name.property=value", file, line_no)
            obj = self._find(ALIASES.get(parts[0], parts[0]), parts[1], file, line_no)
            rest = [(parts[2], value)] + toks[1:]
        if obj is not None:
            self._props(obj, rest, file, line_no)

    def _props(self, obj: DssObject, toks: list, file: str, line_no: int) -> None:
        for name, value in toks:
            try:
                prop = obj.resolve(name)
            except KeyError:
                raise sx.fail(f"unknown property '{name}' of {obj.kind}.{obj.name}", file, line_no, name) from None
            except ValueError as exc:
                raise sx.fail(f"{obj.kind}.{obj.name}: {exc}", file, line_no, value) from None
            try:
                obj.set(prop, value, self)
            except KeyError:
                raise sx.fail(f"property '{prop}' of {obj.kind}.{obj.name} is not supported", file, line_no,
                              prop) from None
            except (ValueError, IndexError, ZeroDivisionError) as exc:
                raise sx.fail(f"{obj.kind}.{obj.name}: {exc}", file, line_no, prop) from None

    # ----- options and files
    def _set(self, name: str | None, value: str, file: str, line_no: int) -> None:
        key = (name or "").lower()
        try:
            if key == "voltagebases":
                self.voltage_bases = sx.numbers(value)
            elif key == "controlmode":
                mode = value.strip().lower()
                table = {"static": "static", "off": "off", "event": "event", "time": "time"}
                if mode not in table:
                    raise ValueError(f"unknown control mode '{value}'")
                if mode in ("event", "time"):
                    raise ValueError(f"control mode '{value}' is not supported (static or off)")
                self.settings["control_mode"] = table[mode]
            elif key == "tolerance":
                self.settings["tolerance_pu"] = sx.number(value)
            elif key in ("maxiterations", "maxiter"):
                self.settings["max_iterations"] = sx.integer(value)
            elif key == "maxcontroliter":
                self.settings["max_control_iterations"] = sx.integer(value)
            elif key in ("defaultbasefrequency", "basefrequency"):
                self.frequency = sx.number(value)
            elif key == "loadmult":
                self.settings["load_mult"] = sx.number(value)
            elif key == "mode":
                if value.strip().lower() not in ("snapshot", "snap", "s"):
                    raise ValueError(f"solution mode '{value}' is not supported (snapshot only)")
            elif key == "earthmodel":
                self.earth_model = _earth_model(value)
            elif key == "algorithm":
                pass
            elif key in SET_OPTIONS:
                self.notes.append(f"{Path(file).name}:{line_no}: Set {key} ignored")
            else:
                raise KeyError(key)
        except KeyError:
            raise sx.fail(f"unsupported option '{name}'", file, line_no, name) from None
        except ValueError as exc:
            raise sx.fail(str(exc), file, line_no, name) from None

    def _path(self, toks: list, file: str, line_no: int, base: Path) -> Path:
        if not toks:
            raise sx.fail("a file name is required", file, line_no)
        raw = toks[0][1] if toks[0][0] is None else f"{toks[0][0]}={toks[0][1]}"
        path = Path(raw)
        return path if path.is_absolute() else base / path

    def _include(self, toks: list, file: str, line_no: int, state: dict, compile_: bool) -> None:
        path = self._path(toks, file, line_no, state["base"])
        if not path.exists():
            raise sx.fail(f"cannot find '{toks[0][1]}' (looked in {path.parent})", file, line_no)
        self.run_file(path)
        if compile_:
            state["base"] = path.parent

    def _buscoords(self, toks: list, file: str, line_no: int, state: dict) -> None:
        path = self._path(toks, file, line_no, state["base"])
        try:
            text = path.read_text(errors="replace")
        except OSError as exc:
            raise sx.fail(f"cannot read bus coordinates '{path}': {exc.strerror or exc}", file, line_no) from None
        for k, raw in enumerate(text.splitlines(), 1):
            row = sx.string_list(sx.strip_comment(raw))
            if not row:
                continue
            try:
                self.coordinates[row[0].lower()] = (float(row[1]), float(row[2]))
            except (IndexError, ValueError):
                raise sx.fail("expected 'bus, x, y'", str(path), k) from None

    # ----- build
    def terminal(self, spec: str | None, n_phases: int, extra: int, *, ground_default: bool = False,
                 transformer_conn: str | None = None, load_conn: str | None = None) -> m.Terminal:
        """Bus spec with OpenDSS's default nodes: phases 1..n, then 0 for further conductors."""
        if spec is None:
            raise ValueError("a bus is required")
        name, given = sx.bus_spec(spec)
        if load_conn == "delta":
            nconds = n_phases + 1 if n_phases < 3 else 3
        elif load_conn == "wye":
            nconds = n_phases + 1
        else:
            nconds = n_phases + extra
        defaults = [(j if j <= n_phases and not ground_default else 0) for j in range(1, nconds + 1)]
        if load_conn == "delta":
            defaults = list(range(1, nconds + 1))
        nodes = (given + defaults[len(given):])[:nconds]
        return m.Terminal(bus=name, nodes=nodes)

    def build(self) -> m.Feeder:
        data: dict = {}
        built: dict[tuple[str, str], object] = {}
        for kind, field in BUILD_ORDER:
            items = []
            for name, obj in self.objects[kind].items():
                file, line_no = self.where[(kind, name)]
                try:
                    items.append(obj.build(self))
                except GridSolveError:
                    raise
                except Exception as exc:  # pydantic ValidationError or ValueError: name the element
                    msg = _validation_message(exc)
                    raise ParseError(f"{kind}.{name}: {msg}", file=file, line=line_no) from None
                built[(kind, name)] = items[-1]
            data[field] = items
        if not data["sources"]:
            raise ParseError("the script defines no circuit (New Circuit.name)")
        trs = {t.id: t for t in data["transformers"]}
        for rc in self.objects["regcontrol"].values():
            if rc.tapnum is not None and rc.values.get("transformer") in trs:
                tr = trs[rc.values["transformer"]]
                w = tr.windings[rc.values.get("winding", 1) - 1]
                inc = (w.max_tap_pu - w.min_tap_pu) / w.num_taps
                w.tap_pu = min(max(rc.tapnum * inc + (w.max_tap_pu + w.min_tap_pu) / 2, w.min_tap_pu), w.max_tap_pu)
        return m.Feeder(name=self.name, base_frequency_hz=self.frequency, voltage_bases_kv=self.voltage_bases,
                        bus_order=self._bus_order(built),
                        settings=m.SolveSettings(**self.settings), coordinates=self.coordinates, notes=self.notes,
                        **data)


    def _bus_order(self, built: dict) -> list[str]:
        """Buses in the order their elements were defined (OpenDSS's bus list order)."""
        order: dict[str, None] = {}
        for key in sorted(built, key=lambda k: self.created[k]):
            for term in _terminals(built[key]):
                order.setdefault(term.bus)
        return list(order)


def _terminals(el_model) -> list[m.Terminal]:
    if isinstance(el_model, m.Source):
        return [el_model.terminal]
    if isinstance(el_model, m.Line):
        return [el_model.bus1, el_model.bus2]
    if isinstance(el_model, m.Transformer):
        return [w.terminal for w in el_model.windings]
    if isinstance(el_model, m.Capacitor):
        return [el_model.bus1]
    if isinstance(el_model, m.Load):
        return [el_model.terminal]
    return []


def _validation_message(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        err = errors()[0]
        loc = ".".join(str(p) for p in err.get("loc", ()))
        return f"{loc}: {err.get('msg', '').removeprefix('Value error, ')}" if loc else err.get("msg", "")
    return str(exc)


def read_opendss(path_or_text: str | Path, base_dir: str | Path | None = None) -> m.Feeder:
    """Run an OpenDSS script (a path, or the script text with `base_dir` for its Redirects) into a Feeder."""
    script = Script()
    is_path = isinstance(path_or_text, Path) or ("\n" not in path_or_text and Path(path_or_text).suffix.lower()
                                                 in (".dss", ".txt") and Path(path_or_text).exists())
    if is_path:
        script.run_file(Path(path_or_text))
    else:
        script.run_text(str(path_or_text), "<text>", Path(base_dir) if base_dir else Path.cwd())
    return script.build()

