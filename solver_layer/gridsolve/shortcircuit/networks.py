"""Sequence networks for IEC 60909 short-circuit studies.

The positive-, negative- and zero-sequence networks are built from the equipment data of the
shared model, in per unit on the network's base MVA and each bus's nominal voltage, with the
equivalent-voltage-source conventions of IEC 60909-0 (as pandapower implements them, so that
results can be compared bus by bus):

* loads, line capacitances (positive/negative sequence), transformer magnetizing branches and
  shunts are neglected; transformers use their rated ratio (taps ignored) and no phase shift;
* external grids are the impedance c*Un^2/S''k behind the fault; synchronous generators are
  K_G*(R_G + jX''d); asynchronous motors (max case only) Z_M = Un^2/(I_LR/I_rM * S_rM);
* transformers get the correction factor K_T (max case); line resistance is taken at the end
  temperature `endtemp_degree` in the min case;
* static generators (inverters) are current sources k*I_n (max case), not impedances;
* the zero sequence follows the transformer vector group and neutral earthing (YN/ZN earthed,
  D/Y blocking), lines use r0/x0/c0, external grids X0/X and R0/X0.

Everything here runs once per study; the fault calculation reuses the factorized matrices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from ..branch_models import TwoPort, pi_two_port
from ..compile import CompiledNetwork, compile_network
from ..errors import StudyInputError
from ..model import Generator, Line, Network, Transformer, Transformer3W

SQRT3 = np.sqrt(3.0)
#: Transformer star-point connection per winding token of a vector group.
_WINDING = re.compile(r"(yn|zn|y|d|z)")


def c_factors(vn_kv: np.ndarray, lv_tol_percent: float = 10) -> tuple[np.ndarray, np.ndarray]:
    """Voltage factors c_max and c_min per bus (IEC 60909-0:2016, table 1).

    Above 1 kV: c_max 1.10, c_min 1.00. Low voltage: c_max 1.05 / c_min 0.95 for a 6 % tolerance,
    c_max 1.10 / c_min 0.90 for 10 % (the 2016 edition's values, as pandapower uses).
    """
    if lv_tol_percent == 10:
        lv_max, lv_min = 1.10, 0.90
    elif lv_tol_percent == 6:
        lv_max, lv_min = 1.05, 0.95
    else:
        raise StudyInputError("the low-voltage tolerance must be 6 or 10 % (IEC 60909-0 table 1)",
                              field="lv_tol_percent")
    lv = vn_kv < 1.0
    return np.where(lv, lv_max, 1.10), np.where(lv, lv_min, 1.00)


def parse_vector_group(vector_group: str, n_windings: int, element_id: str) -> list[str]:
    """'Dyn5' -> ['d', 'yn']; 'YNyn0d5' -> ['yn', 'yn', 'd']."""
    text = re.sub(r"[0-9]", "", vector_group or "").lower()
    tokens = _WINDING.findall(text)
    if "".join(tokens) != text or len(tokens) != n_windings:
        raise StudyInputError(f"cannot read vector group '{vector_group}' ({n_windings} windings expected)",
                              element_id=element_id, field="vector_group")
    return tokens


@dataclass
class SeqBranch:
    """One two-port of one sequence network (for Ybus, contributions and the browser)."""

    element_id: str
    kind: str
    f: int
    t: int
    tp: TwoPort
    z_series_pu: complex  # series impedance (for display), on the `t` bus base
    ratio: float = 1.0


@dataclass
class SeqShunt:
    """An admittance from a bus to ground (sources and earthing paths)."""

    element_id: str
    kind: str  # external_grid | generator | motor | transformer_earthing | line_charging | ...
    bus: int
    y_pu: complex


@dataclass
class Sequence:
    branches: list[SeqBranch] = field(default_factory=list)
    shunts: list[SeqShunt] = field(default_factory=list)

    def ybus(self, n: int, x_scale: float = 1.0) -> sp.csc_matrix:
        """Bus admittance matrix; `x_scale` multiplies every reactance (IEC method C, f_c/f)."""
        rows, cols, vals = [], [], []
        for br in self.branches:
            tp = br.tp
            if x_scale != 1.0:
                z = br.z_series_pu
                tp = pi_two_port(complex(z.real, z.imag * x_scale), 0.0, 0.0, br.ratio)
            rows += [br.f, br.f, br.t, br.t]
            cols += [br.f, br.t, br.f, br.t]
            vals += [tp.yff, tp.yft, tp.ytf, tp.ytt]
        for sh in self.shunts:
            y = sh.y_pu
            if x_scale != 1.0 and y != 0:
                z = 1 / y
                y = 1 / complex(z.real, z.imag * x_scale)
            rows.append(sh.bus)
            cols.append(sh.bus)
            vals.append(y)
        rows += list(range(n))
        cols += list(range(n))
        vals += [0.0] * n
        return sp.coo_matrix((np.asarray(vals, dtype=complex), (rows, cols)), shape=(n, n)).tocsc()

    def branch_matrices(self, n: int) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        nb = len(self.branches)
        if nb == 0:
            empty = sp.csr_matrix((0, n), dtype=complex)
            return empty, empty
        f = np.array([b.f for b in self.branches])
        t = np.array([b.t for b in self.branches])
        r = np.arange(nb)
        yff = np.array([b.tp.yff for b in self.branches])
        yft = np.array([b.tp.yft for b in self.branches])
        ytf = np.array([b.tp.ytf for b in self.branches])
        ytt = np.array([b.tp.ytt for b in self.branches])
        yf = sp.csr_matrix((np.r_[yff, yft], (np.r_[r, r], np.r_[f, t])), shape=(nb, n))
        yt = sp.csr_matrix((np.r_[ytf, ytt], (np.r_[r, r], np.r_[f, t])), shape=(nb, n))
        return yf, yt


@dataclass
class SourceInfo:
    """Voltage sources (impedance behind c*Un) with the data the breaking current needs."""

    element_id: str
    kind: str  # external_grid | generator | motor
    bus: int
    shunt_index: dict[int, int]  # sequence -> index into Sequence.shunts
    xk_pu: float = 0.0  # K_G * X''d (generators, motors), system pu
    ir_ka: float = np.nan  # rated current (generators, motors)


@dataclass
class CurrentSource:
    element_id: str
    bus: int
    i_pu: float  # k * S_n / S_base


@dataclass
class SequenceNetworks:
    """The study's sequence networks on the compiled bus indexing."""

    compiled: CompiledNetwork
    case: str
    vn_kv: np.ndarray
    c: np.ndarray  # c factor per bus (for the chosen case)
    c_max: np.ndarray
    seq: dict[int, Sequence]
    peak: Sequence  # positive sequence at the equivalent frequency, method C (X scaled separately)
    sources: list[SourceInfo]
    current_sources: list[CurrentSource]
    energized: np.ndarray  # bool per compiled bus
    z0_complete: bool
    z0_missing: list[tuple[str, str]]
    negative_equals_positive: bool
    notes: list[str] = field(default_factory=list)
    motors_present: bool = False
    has_zero_sequence: bool = True

    @property
    def n_bus(self) -> int:
        return len(self.vn_kv)

    def to_dict(self) -> dict:
        """Per element and per sequence: connectivity and impedances, for the browser."""
        ids = self.compiled.bus_ids
        base = self.compiled.base_mva

        def z_ohm(z: complex, bus: int) -> tuple[float, float]:
            zb = self.vn_kv[bus] ** 2 / base
            return float(z.real * zb), float(z.imag * zb)

        out: dict = {"base_mva": base, "case": self.case,
                     "buses": [{"id": ids[k], "vn_kv": float(self.vn_kv[k]), "c": float(self.c[k]),
                                "energized": bool(self.energized[k])} for k in range(self.n_bus)],
                     "z0_complete": bool(self.z0_complete),
                     "z0_missing": [{"element_id": e, "field": f} for e, f in self.z0_missing],
                     "notes": list(self.notes),
                     "sequences": {}}
        names = {1: "positive", 2: "negative", 0: "zero"}
        for s, sq in self.seq.items():
            elements = []
            for br in sq.branches:
                r_ohm, x_ohm = z_ohm(br.z_series_pu, br.t)
                elements.append({"id": br.element_id, "kind": br.kind, "from_bus": ids[br.f], "to_bus": ids[br.t],
                                 "r_pu": float(br.z_series_pu.real), "x_pu": float(br.z_series_pu.imag),
                                 "r_ohm": r_ohm, "x_ohm": x_ohm, "ratio": float(br.ratio)})
            for sh in sq.shunts:
                z = 1 / sh.y_pu if sh.y_pu != 0 else complex(np.inf, np.inf)
                r_ohm, x_ohm = z_ohm(z, sh.bus)
                elements.append({"id": sh.element_id, "kind": sh.kind, "from_bus": ids[sh.bus], "to_bus": None,
                                 "r_pu": float(z.real), "x_pu": float(z.imag), "r_ohm": r_ohm, "x_ohm": x_ohm})
            out["sequences"][names[s]] = elements
        return out


# --------------------------------------------------------------------------------------------
# element models


def _ext_grid_z(eg, c: float, base: float, case: str) -> tuple[complex, complex | None, list[str], list[str]]:
    """Positive- and zero-sequence impedance (pu) of an external grid; missing zero fields listed."""
    s_sc = getattr(eg, f"s_sc_{case}_mva")
    if s_sc is None:
        raise StudyInputError(f"the external grid needs its short-circuit power for the {case} case",
                              element_id=eg.id, field=f"s_sc_{case}_mva")
    notes = []
    rx = getattr(eg, f"rx_{case}")
    if rx is None:
        rx = 0.1
        notes.append(f"external grid '{eg.id}': rx_{case} not given, R/X = 0.1 assumed (IEC 60909-0 §6.2)")
    z = c / (s_sc / base)
    x = z / np.sqrt(1 + rx**2)
    z1 = complex(rx * x, x)
    x0x, r0x0 = getattr(eg, f"x0x_{case}"), getattr(eg, f"r0x0_{case}")
    missing = [f for f, v in ((f"x0x_{case}", x0x), (f"r0x0_{case}", r0x0)) if v is None]
    z0 = None
    if not missing:
        x0 = x0x * x
        z0 = complex(r0x0 * x0, x0) if x0 > 0 else None
    return z1, z0, missing, notes


def _generator_data(g: Generator, vn_bus: float, c_max: float, base: float) -> dict:
    """IEC 60909-0 §6.6: Z_GK = K_G (R_G + jX''d), K_G = Un/UrG * c_max / (1 + x''d sin phi)."""
    for fld in ("sn_mva", "xdss_pu", "cos_phi"):
        if getattr(g, fld) is None:
            raise StudyInputError("synchronous generator needs short-circuit data", element_id=g.id, field=fld)
    vn_gen = g.vn_kv or vn_bus
    x_ohm = g.xdss_pu * vn_gen**2 / g.sn_mva
    if vn_gen <= 1.0:
        rf = 0.15
    elif g.sn_mva < 100:
        rf = 0.07
    else:
        rf = 0.05
    r_fict = rf * x_ohm  # R_Gf for the peak current
    r_ohm = g.rdss_ohm if g.rdss_ohm is not None else r_fict
    sin_phi = np.sqrt(max(1 - g.cos_phi**2, 0.0))
    kg = vn_bus / (vn_gen * (1 + g.pg_percent / 100)) * c_max / (1 + g.xdss_pu * sin_phi)
    zb = vn_bus**2 / base
    z1 = kg * complex(r_ohm, x_ohm) / zb
    zp = kg * complex(r_fict, x_ohm) / zb
    x2_ohm = (g.x2_pu if g.x2_pu is not None else g.xdss_pu) * vn_gen**2 / g.sn_mva
    z2 = kg * complex(r_ohm, x2_ohm) / zb
    z0 = None
    if g.x0_pu is not None:
        z0 = complex(r_ohm, g.x0_pu * vn_gen**2 / g.sn_mva) / zb
    ir = g.sn_mva / (SQRT3 * vn_gen)
    return {"z1": z1, "z2": z2, "zp": zp, "z0": z0, "kg": kg, "xk": float(kg * x_ohm / zb), "ir_ka": ir}


def _motor_z(g: Generator, vn_bus: float, base: float) -> tuple[complex, float]:
    for fld in ("sn_mva", "lrc_pu"):
        if getattr(g, fld) is None:
            raise StudyInputError("asynchronous motor needs short-circuit data", element_id=g.id, field=fld)
    vn_m = g.vn_kv or vn_bus
    rx = g.rx if g.rx is not None else (0.1 if vn_m > 1.0 else 0.42)
    z_ohm = 1 / g.lrc_pu * vn_m**2 / g.sn_mva
    x = z_ohm / np.sqrt(1 + rx**2)
    zb = vn_bus**2 / base
    return complex(rx * x, x) / zb, g.sn_mva / (SQRT3 * vn_m)


def _kt(vk: float, vkr: float, c_max: float) -> float:
    """IEC 60909-0 eq. (12a): K_T = 0.95 c_max / (1 + 0.6 x_T)."""
    xt = np.sqrt(max(vk**2 - vkr**2, 0.0)) / 100
    return 0.95 * c_max / (1 + 0.6 * xt)


def _line_r_factor(ln: Line, case: str) -> float:
    if case == "min" and ln.endtemp_degree is not None:
        return 1 + 0.004 * (ln.endtemp_degree - 20)
    return 1.0


def _series(eid: str, kind: str, f: int, t: int, z: complex, ratio: float = 1.0,
            y_from: complex = 0.0, y_to: complex = 0.0) -> SeqBranch:
    return SeqBranch(eid, kind, f, t, pi_two_port(z, y_from, y_to, ratio), z, ratio)


def _tr2_zero(tr: Transformer, f: int, t: int, vb_hv: float, vb_lv: float, base: float, kt: float,
              seq0: Sequence) -> list[str]:
    """Zero-sequence model of a two-winding transformer (pandapower's pi variant); returns missing fields."""
    hv_w, lv_w = parse_vector_group(tr.vector_group, 2, tr.id)
    earthed_hv, earthed_lv = hv_w in ("yn", "zn"), lv_w in ("yn", "zn")
    if not earthed_hv and not earthed_lv:
        return []  # no zero-sequence path through or to earth
    if tr.vk0_percent is None:
        return ["vk0_percent"]
    vk0 = tr.vk0_percent
    vkr0 = tr.vkr0_percent if tr.vkr0_percent is not None else tr.vkr_percent
    ratio = (tr.vn_hv_kv / tr.vn_lv_kv) / (vb_hv / vb_lv)
    tap_lv = (tr.vn_lv_kv / vb_lv) ** 2 * base
    tap_hv = (tr.vn_hv_kv / vb_hv) ** 2 * base
    group = hv_w + lv_w
    tap_corr = tap_hv if group in ("ynd", "yny", "zny", "znd") else tap_lv
    z_sc = vk0 / 100 / tr.sn_mva * tap_corr
    r_sc = vkr0 / 100 / tr.sn_mva * tap_corr
    x_sc = np.sqrt(max(z_sc**2 - r_sc**2, 0.0))
    z0k = complex(r_sc, x_sc) / tr.parallel * kt
    zn_ohm = complex(tr.rn_ohm or 0.0, tr.xn_ohm or 0.0)
    if zn_ohm != 0:
        vb_earth = vb_hv if hv_w in ("yn", "zn") and group not in ("dyn",) else vb_lv
        z0k = z0k + 3 * zn_ohm / (vb_earth**2 / base)

    def z_mag() -> complex:
        if tr.mag0_percent is None:
            raise KeyError("mag0_percent")
        rx = tr.mag0_rx or 0.0
        zm = z_sc * tr.mag0_percent / 100
        xm = zm / np.sqrt(rx**2 + 1)
        return complex(xm * rx, xm) / tr.parallel

    try:
        if group in ("dyn", "dzn"):
            seq0.shunts.append(SeqShunt(tr.id, "transformer_earthing", t, 1 / z0k))
        elif group in ("ynd", "znd"):
            seq0.shunts.append(SeqShunt(tr.id, "transformer_earthing", f, 1 / z0k))
        elif group in ("yyn", "yzn"):
            seq0.shunts.append(SeqShunt(tr.id, "transformer_earthing", t, 1 / (z_mag() + z0k)))
        elif group in ("yny", "zny"):
            seq0.shunts.append(SeqShunt(tr.id, "transformer_earthing", f, 1 / (z_mag() + z0k)))
        elif group in ("ynyn", "znyn", "ynzn", "znzn"):
            if tr.si0_hv_partial is None:
                return ["si0_hv_partial"]
            z1 = tr.si0_hv_partial * z0k
            z2 = (1 - tr.si0_hv_partial) * z0k
            z3 = z_mag()
            zt = z1 * z2 + z2 * z3 + z1 * z3
            za, zb, zc = zt / z2, zt / z1, zt / z3
            # T model as a pi: series zc, shunts za (HV, on the LV base) and zb (LV), ratio at HV.
            seq0.branches.append(_series(tr.id, "transformer", f, t, zc, ratio, 1 / za, 1 / zb))
        else:
            raise StudyInputError(f"zero-sequence model for vector group '{tr.vector_group}' is not available",
                                  element_id=tr.id, field="vector_group")
    except KeyError as exc:
        return [str(exc.args[0])]
    return []


def _tr3_star_values(tr: Transformer3W, vk: list[float], vkr: list[float], kt: list[float]
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Star (per winding) vkr and vkx in %, each on its winding's rating (pandapower's sc conversion)."""
    sn = np.array([tr.sn_hv_mva, tr.sn_mv_mva, tr.sn_lv_mva])
    sn_pair = np.array([min(sn[0], sn[1]), min(sn[1], sn[2]), min(sn[0], sn[2])])
    vk_d = sn[0] * np.asarray(vk) / sn_pair * np.asarray(kt)
    vkr_d = sn[0] * np.asarray(vkr) / sn_pair * np.asarray(kt)
    vkx_d = np.sqrt(np.maximum(vk_d**2 - vkr_d**2, 0.0))

    def star(z):
        return 0.5 * sn / sn[0] * np.array([z[0] + z[2] - z[1], z[1] + z[0] - z[2], z[2] + z[1] - z[0]])

    return star(vkr_d), star(vkx_d)


# --------------------------------------------------------------------------------------------
# builder


def build_sequence_networks(
    net: Network,
    case: str = "max",
    lv_tol_percent: float = 10,
    c_factor: float | None = None,
    zero_sequence: bool = True,
    compiled: CompiledNetwork | None = None,
) -> SequenceNetworks:
    """Positive-, negative- and (optionally) zero-sequence networks of `net` for `case`."""
    if case not in ("max", "min"):
        raise StudyInputError("case must be 'max' or 'min'", field="case")
    cn = compiled if compiled is not None else compile_network(net)
    base = cn.base_mva
    n = cn.n_bus
    vn = cn.vn_kv.astype(float)
    for k in range(n):
        if vn[k] <= 0:
            raise StudyInputError("short-circuit studies need each bus's nominal voltage", element_id=cn.bus_ids[k],
                                  field="vn_kv")
    c_max, c_min = c_factors(vn, lv_tol_percent)
    if c_factor is not None:
        if not 0.5 <= c_factor <= 1.5:
            raise StudyInputError("c_factor must lie between 0.5 and 1.5", field="c_factor")
        c_max = np.full(n, float(c_factor))
        c_min = np.full(n, float(c_factor))
    c = c_max if case == "max" else c_min
    notes: list[str] = []
    seq1, seq2, seq0, peak = Sequence(), Sequence(), Sequence(), Sequence()
    z0_missing: list[tuple[str, str]] = []
    idx = cn.bus_index

    lines = {ln.id: ln for ln in net.lines}
    trafos = {tr.id: tr for tr in net.transformers}
    trafos3 = {tr.id: tr for tr in net.transformers3w}
    imps = {br.id: br for br in net.impedance_branches}
    br_tab = cn.branches
    no_endtemp = 0
    done3: set[str] = set()
    for k, (eid, kind) in enumerate(zip(br_tab.element_id, br_tab.kind, strict=True)):
        f, t = int(br_tab.f[k]), int(br_tab.t[k])
        if kind == "line":
            ln = lines[eid]
            zb = vn[f] ** 2 / base
            rf = _line_r_factor(ln, case)
            if case == "min" and ln.endtemp_degree is None:
                no_endtemp += 1
            z1 = complex(ln.r_ohm_per_km * rf, ln.x_ohm_per_km) * ln.length_km / ln.parallel / zb
            seq1.branches.append(_series(eid, kind, f, t, z1))
            seq2.branches.append(_series(eid, kind, f, t, z1))
            peak.branches.append(_series(eid, kind, f, t, z1))
            if zero_sequence:
                if ln.r0_ohm_per_km is None or ln.x0_ohm_per_km is None:
                    z0_missing.append((eid, "r0_ohm_per_km" if ln.r0_ohm_per_km is None else "x0_ohm_per_km"))
                    continue
                z0 = complex(ln.r0_ohm_per_km * rf, ln.x0_ohm_per_km) * ln.length_km / ln.parallel / zb
                b0 = 2 * np.pi * net.f_hz * (ln.c0_nf_per_km or 0.0) * 1e-9 * zb * ln.length_km * ln.parallel
                seq0.branches.append(_series(eid, kind, f, t, z0, 1.0, 0.5j * b0, 0.5j * b0))
        elif kind == "transformer":
            tr = trafos[eid]
            vb_hv, vb_lv = vn[f], vn[t]
            tap_lv = (tr.vn_lv_kv / vb_lv) ** 2 * base
            z = tr.vk_percent / 100 / tr.sn_mva * tap_lv / tr.parallel
            r = tr.vkr_percent / 100 / tr.sn_mva * tap_lv / tr.parallel
            kt = 1.0
            if case == "max" and not tr.power_station_unit:
                kt = _kt(tr.vk_percent, tr.vkr_percent, c_max[t])
            z1 = complex(r, np.sqrt(max(z**2 - r**2, 0.0))) * kt
            ratio = (tr.vn_hv_kv / tr.vn_lv_kv) / (vb_hv / vb_lv)
            for s in (seq1, seq2, peak):
                s.branches.append(_series(eid, kind, f, t, z1, ratio))
            if zero_sequence:
                for fld in _tr2_zero(tr, f, t, vb_hv, vb_lv, base, kt, seq0):
                    z0_missing.append((eid, fld))
        elif kind.startswith("transformer3w"):
            if eid in done3:
                continue
            done3.add(eid)
            _add_tr3(trafos3[eid], cn, vn, base, case, seq1, seq2, peak, seq0 if zero_sequence else None,
                     z0_missing)
        elif kind == "impedance_branch":
            br = imps[eid]
            # pu on the network base and the buses' nominal kV; charging neglected (IEC 60909).
            z1 = complex(br.r_pu, br.x_pu)
            ratio = br.tap_ratio
            for s in (seq1, seq2, peak):
                s.branches.append(_series(eid, kind, f, t, z1, ratio))
            if zero_sequence:
                if br.x0_pu is None:
                    if not br.is_transformer:
                        z0_missing.append((eid, "x0_pu"))
                else:
                    seq0.branches.append(_series(eid, kind, f, t, complex(br.r0_pu or 0.0, br.x0_pu), ratio))
    if zero_sequence:
        _open_ended_zero(net, cn, vn, base, case, set(br_tab.element_id), seq0)
    if no_endtemp:
        notes.append(f"{no_endtemp} line(s) have no endtemp_degree: their resistance is taken at 20 degC")

    # Sources.
    sources: list[SourceInfo] = []
    current_sources: list[CurrentSource] = []
    motors = False
    for eg in net.external_grids:
        if not (eg.in_service and eg.bus in idx):
            continue
        b = idx[eg.bus]
        z1, z0, missing, more = _ext_grid_z(eg, c[b], base, case)
        notes += more
        src = SourceInfo(eg.id, "external_grid", b, {})
        src.shunt_index[1] = len(seq1.shunts)
        seq1.shunts.append(SeqShunt(eg.id, "external_grid", b, 1 / z1))
        seq2.shunts.append(SeqShunt(eg.id, "external_grid", b, 1 / z1))
        peak.shunts.append(SeqShunt(eg.id, "external_grid", b, 1 / z1))
        if zero_sequence:
            if missing:
                z0_missing += [(eg.id, m) for m in missing]
            elif z0 is not None:
                src.shunt_index[0] = len(seq0.shunts)
                seq0.shunts.append(SeqShunt(eg.id, "external_grid", b, 1 / z0))
        sources.append(src)
    neg_equal = True
    for g in net.generators:
        if not (g.in_service and g.bus in idx):
            continue
        b = idx[g.bus]
        if g.kind == "synchronous":
            d = _generator_data(g, vn[b], c_max[b], base)
            src = SourceInfo(g.id, "generator", b, {1: len(seq1.shunts)}, xk_pu=d["xk"], ir_ka=d["ir_ka"])
            seq1.shunts.append(SeqShunt(g.id, "generator", b, 1 / d["z1"]))
            seq2.shunts.append(SeqShunt(g.id, "generator", b, 1 / d["z2"]))
            if d["z2"] != d["z1"]:
                neg_equal = False
            peak.shunts.append(SeqShunt(g.id, "generator", b, 1 / d["zp"]))
            if zero_sequence and d["z0"] is not None:
                src.shunt_index[0] = len(seq0.shunts)
                seq0.shunts.append(SeqShunt(g.id, "generator", b, 1 / d["z0"]))
            sources.append(src)
        elif g.kind == "motor":
            if case != "max":
                continue
            zm, ir = _motor_z(g, vn[b], base)
            motors = True
            src = SourceInfo(g.id, "motor", b, {1: len(seq1.shunts)}, xk_pu=float(zm.imag), ir_ka=ir)
            for s in (seq1, seq2, peak):
                s.shunts.append(SeqShunt(g.id, "motor", b, 1 / zm))
            sources.append(src)
        else:  # static generator: current source in the max case (IEC 60909-0 §6.9, pandapower)
            if case != "max":
                continue
            if g.sn_mva is None or g.k is None:
                raise StudyInputError("static generator needs sn_mva and k (I_k = k * I_n) for short circuit",
                                      element_id=g.id, field="sn_mva" if g.sn_mva is None else "k")
            current_sources.append(CurrentSource(g.id, idx[g.bus], g.k * g.sn_mva / base))

    if not sources:
        raise StudyInputError("the network has no short-circuit source (external grid, synchronous generator or "
                              "motor in service)", field="external_grids")

    # Energized buses: connected over positive-sequence branches to a voltage source.
    if seq1.branches:
        fr = np.array([b.f for b in seq1.branches])
        to = np.array([b.t for b in seq1.branches])
    else:
        fr = to = np.zeros(0, dtype=int)
    adj = sp.csr_matrix((np.ones(len(fr)), (fr, to)), shape=(n, n))
    _, labels = connected_components(adj, directed=False)
    fed = np.zeros(labels.max() + 1 if n else 0, dtype=bool)
    for src in sources:
        fed[labels[src.bus]] = True
    energized = fed[labels]

    return SequenceNetworks(
        compiled=cn, case=case, vn_kv=vn, c=c, c_max=c_max, seq={1: seq1, 2: seq2, 0: seq0}, peak=peak,
        sources=sources, current_sources=current_sources, energized=energized,
        z0_complete=zero_sequence and not z0_missing, z0_missing=z0_missing,
        negative_equals_positive=neg_equal, notes=notes, motors_present=motors, has_zero_sequence=zero_sequence,
    )


def _add_tr3(tr: Transformer3W, cn: CompiledNetwork, vn: np.ndarray, base: float, case: str,
             seq1: Sequence, seq2: Sequence, peak: Sequence, seq0: Sequence | None,
             z0_missing: list[tuple[str, str]]) -> None:
    idx = cn.bus_index
    star = idx[f"{tr.id}#star"]
    buses = [idx[tr.hv_bus], idx[tr.mv_bus], idx[tr.lv_bus]]
    vk = [tr.vk_hv_percent, tr.vk_mv_percent, tr.vk_lv_percent]
    vkr = [tr.vkr_hv_percent, tr.vkr_mv_percent, tr.vkr_lv_percent]
    kt = [_kt(a, b, 1.1) if case == "max" else 1.0 for a, b in zip(vk, vkr, strict=True)]
    sn = [tr.sn_hv_mva, tr.sn_mv_mva, tr.sn_lv_mva]
    vn_w = [tr.vn_hv_kv, tr.vn_mv_kv, tr.vn_lv_kv]

    def legs(vkr_s, vkx_s):
        out = []
        for w in range(3):
            # winding w: HV leg hv bus -> star; MV/LV legs star -> bus (pandapower's decomposition)
            vb_lv = vn[star] if w == 0 else vn[buses[w]]
            vn_lv = tr.vn_hv_kv if w == 0 else vn_w[w]
            tap = (vn_lv / vb_lv) ** 2 * base
            z = complex(vkr_s[w], vkx_s[w]) / 100 / sn[w] * tap
            if w == 0:
                ratio = (tr.vn_hv_kv / tr.vn_hv_kv) / (vn[buses[0]] / vn[star])
                out.append((buses[0], star, z, ratio))
            else:
                ratio = (tr.vn_hv_kv / vn_w[w]) / (vn[star] / vn[buses[w]])
                out.append((star, buses[w], z, ratio))
        return out

    vkr_s, vkx_s = _tr3_star_values(tr, vk, vkr, kt)
    for f, t, z, ratio in legs(vkr_s, vkx_s):
        for s in (seq1, seq2, peak):
            s.branches.append(_series(tr.id, "transformer3w", f, t, z, ratio))
    if seq0 is None:
        return
    windings = parse_vector_group(tr.vector_group, 3, tr.id)
    if not any(w in ("yn", "zn") for w in windings):
        return
    vk0 = [tr.vk0_hv_percent, tr.vk0_mv_percent, tr.vk0_lv_percent]
    if any(v is None for v in vk0):
        names = ("vk0_hv_percent", "vk0_mv_percent", "vk0_lv_percent")
        z0_missing.append((tr.id, next(nm for nm, v in zip(names, vk0, strict=True) if v is None)))
        return
    vkr0 = [a if a is not None else b for a, b in
            zip([tr.vkr0_hv_percent, tr.vkr0_mv_percent, tr.vkr0_lv_percent], vkr, strict=True)]
    vkr0_s, vkx0_s = _tr3_star_values(tr, vk0, vkr0, kt)
    for w, (f, t, z, ratio) in enumerate(legs(vkr0_s, vkx0_s)):
        if windings[w] in ("yn", "zn"):
            seq0.branches.append(_series(tr.id, "transformer3w", f, t, z, ratio))
        elif windings[w] == "d":  # delta: a zero-sequence path from the star point to earth
            z_star = z * ratio**2 if w > 0 else z
            seq0.shunts.append(SeqShunt(tr.id, "transformer_earthing", star, 1 / z_star))


def _open_ended_zero(net: Network, cn: CompiledNetwork, vn: np.ndarray, base: float, case: str,
                     in_table: set[str], seq0: Sequence) -> None:
    """Zero-sequence shunts of branches switched open at one end (line charging, transformer earthing)."""
    open_ends = {(sw.element, sw.bus) for sw in net.switches if sw.in_service and sw.et != "bus" and not sw.closed}
    if not open_ends:
        return
    idx = cn.bus_index
    for ln in net.lines:
        if ln.id in in_table or not ln.in_service or ln.from_bus not in idx or ln.to_bus not in idx:
            continue
        f_open, t_open = (ln.id, ln.from_bus) in open_ends, (ln.id, ln.to_bus) in open_ends
        if f_open == t_open or ln.r0_ohm_per_km is None or ln.x0_ohm_per_km is None or not ln.c0_nf_per_km:
            continue
        f, t = idx[ln.from_bus], idx[ln.to_bus]
        zb = vn[f] ** 2 / base
        z0 = complex(ln.r0_ohm_per_km * _line_r_factor(ln, case), ln.x0_ohm_per_km) * ln.length_km / ln.parallel / zb
        yh = 0.5j * 2 * np.pi * net.f_hz * ln.c0_nf_per_km * 1e-9 * zb * ln.length_km * ln.parallel
        y_eq = yh + 1 / (z0 + 1 / yh)  # near-end half plus the far half through the series impedance
        seq0.shunts.append(SeqShunt(ln.id, "line_charging", t if f_open else f, y_eq))
    c_max, _ = c_factors(vn)
    for tr in net.transformers:
        if tr.id in in_table or not tr.in_service or tr.hv_bus not in idx or tr.lv_bus not in idx:
            continue
        f_open, t_open = (tr.id, tr.hv_bus) in open_ends, (tr.id, tr.lv_bus) in open_ends
        if f_open == t_open:
            continue
        f, t = idx[tr.hv_bus], idx[tr.lv_bus]
        kt = _kt(tr.vk_percent, tr.vkr_percent, c_max[t]) if case == "max" and not tr.power_station_unit else 1.0
        tmp = Sequence()
        if _tr2_zero(tr, f, t, vn[f], vn[t], base, kt, tmp):
            continue
        live = t if f_open else f
        seq0.shunts += [sh for sh in tmp.shunts if sh.bus == live]
