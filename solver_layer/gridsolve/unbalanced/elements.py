"""Primitive admittance matrices (Yprim, siemens) of the three-phase elements.

Each element is a small dense matrix over its conductors, in OpenDSS's conductor order, so that
the assembled nodal matrix and the terminal currents are those of OpenDSS:
- source: Thevenin EMF behind the sequence impedances (OpenDSS VSource.pas RecalcElementData);
- line: series Z and shunt Yc/2 at each end, the pi-section (Kersting ch. 6.1; OpenDSS Line.pas);
- transformer: per phase an N-winding unit on a one-volt base, Y = N A^T Zb^-1 A N^T with
  N = diag(1/(V_base tap)) mapping terminal to winding voltages, then wired wye or delta
  (Dugan, "A perspective on transformer modeling for distribution system analysis", IEEE PES GM
  2003; OpenDSS Transformer.pas CalcY_Terminal, SetTermRef, AddNeutralToY);
- capacitor: jwC per phase, wye to bus2 or delta (OpenDSS Capacitor.pas).
"""

from __future__ import annotations

import math

import numpy as np

from .model import Capacitor, Source, Transformer

SQRT3 = math.sqrt(3.0)


def quad_root(a: float, b: float, c: float) -> float:
    """The larger root of a x^2 + b x + c = 0 (OpenDSS QuadSolver)."""
    disc = b * b - 4 * a * c
    if disc < 0:
        return float("nan")
    return (-b + math.sqrt(disc)) / (2 * a)


def source_impedance_from_mvasc(kv: float, mvasc3: float, mvasc1: float, x1r1: float, x0r0: float,
                                n_phases: int = 3) -> tuple[float, float, float, float]:
    """(r1, x1, r0, x0) ohm from short-circuit MVA and X/R ratios, as OpenDSS VSource does."""
    factor = 1.0 if n_phases == 1 else SQRT3
    x1 = kv ** 2 / mvasc3 / math.sqrt(1 + 1 / x1r1 ** 2)
    r1 = x1 / x1r1
    isc1 = mvasc1 * 1000 / (factor * kv)
    r0 = quad_root(1 + x0r0 ** 2, 4 * (r1 + x1 * x0r0), 4 * (r1 ** 2 + x1 ** 2) - (3 * kv * 1000 / factor / isc1) ** 2)
    if math.isnan(r0):
        raise ValueError("no real zero-sequence resistance fits MVAsc1; check MVAsc1/MVAsc3")
    return r1, x1, r0, r0 * x0r0


def source_model(src: Source) -> tuple[np.ndarray, np.ndarray]:
    """Phase impedance matrix (ohm) and EMF phasors (V) of a source."""
    n = len(src.terminal.nodes)
    z1, z0 = complex(src.r1_ohm, src.x1_ohm), complex(src.r0_ohm, src.x0_ohm)
    if n == 1:
        z0 = z1
    zs, zm = (2 * z1 + z0) / 3, (z0 - z1) / 3
    z = zm + (zs - zm) * np.eye(n)
    vmag = src.base_kv * src.pu * 1000 / (1 if n == 1 else SQRT3)
    ang = np.deg2rad(src.angle_deg - 360.0 / n * np.arange(n))
    return z, vmag * np.exp(1j * ang)


def series_shunt_prim(y_series: np.ndarray, y_shunt: np.ndarray) -> np.ndarray:
    """Two-terminal primitive [[Ys + Yh, -Ys], [-Ys, Ys + Yh]] for a batch (m, n, n) of pi-sections."""
    top = np.concatenate([y_series + y_shunt, -y_series], axis=-1)
    bottom = np.concatenate([-y_series, y_series + y_shunt], axis=-1)
    return np.concatenate([top, bottom], axis=-2)


def winding_vbase(tr: Transformer) -> np.ndarray:
    """Winding voltage bases in volts: line-to-neutral for 2-3 phase wye, else the winding kV."""
    return np.array([w.kv * 1000 / (SQRT3 if (w.conn == "wye" and tr.n_phases > 1) else 1.0)
                     for w in tr.windings])


def delta_direction(tr: Transformer) -> int:
    """+1: delta phase i goes to phase i+1; -1: to i-1 (OpenDSS: HV delta lags unless hv_leads_lv)."""
    w1, w2 = tr.windings[0], tr.windings[1]
    if w1.conn == w2.conn:
        return 1
    hv = w1 if w1.kv >= w2.kv else w2
    lead = tr.hv_leads_lv
    if hv.conn == "wye":
        return -1 if lead else 1
    return 1 if lead else -1


def rotate_phase(i: int, n_phases: int, direction: int) -> int:
    """Next conductor (1-based) of a delta winding; 2-phase (open) delta wraps to conductor 3."""
    j = i + direction
    if n_phases > 2:
        return 1 if j > n_phases else (n_phases if j < 1 else j)
    return 3 if j < 1 else j


def term_ref(tr: Transformer) -> np.ndarray:
    """0-based conductor of each winding end, ordered (phase, winding, +/-) as in OpenDSS SetTermRef."""
    nc, nw = tr.n_phases + 1, len(tr.windings)
    direction = delta_direction(tr)
    ref = []
    for i in range(1, tr.n_phases + 1):
        for j, w in enumerate(tr.windings):
            if tr.n_phases == 1:
                ref += [j * nc, j * nc + nc - 1]
            elif w.conn == "wye":
                ref += [j * nc + i - 1, j * nc + nc - 1]
            else:
                ref += [j * nc + i - 1, j * nc + rotate_phase(i, tr.n_phases, direction) - 1]
    return np.array(ref).reshape(tr.n_phases, 2 * nw)


def transformer_parts(tr: Transformer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Y at unit taps without the tap-independent adders, those adders, winding of each conductor).

    Taps only scale winding voltages, so Y(taps) = Y1 * f f^T + Y0 with f = 1/tap of each
    conductor's winding; this is how a tap change is applied without rebuilding the bank.
    """
    nw, nph = len(tr.windings), tr.n_phases
    nc = nph + 1
    va_phase = tr.windings[0].kva * 1000 / nph
    zbase = 1 / va_phase
    rpu = np.array([w.r_percent / 100 for w in tr.windings])
    xsc = np.array(tr.xsc_percent) / 100
    zb = np.zeros((nw - 1, nw - 1), complex)
    for i in range(nw - 1):
        zb[i, i] = complex(rpu[0] + rpu[i + 1], xsc[i]) * zbase
    k = nw - 1
    for i in range(nw - 1):
        for j in range(i + 1, nw - 1):
            zb[i, j] = zb[j, i] = (zb[i, i] + zb[j, j] - complex(rpu[i + 1] + rpu[j + 1], xsc[k]) * zbase) / 2
            k += 1
    a = np.zeros((nw - 1, nw))
    a[:, 0] = -1
    a[np.arange(nw - 1), np.arange(1, nw)] = 1
    y1 = a.T @ np.linalg.inv(zb) @ a
    y1[1, 1] += complex(tr.pct_noload_loss / 100 / zbase, -tr.pct_imag / 100 / zbase)
    vb = winding_vbase(tr)
    n = np.zeros((2 * nw, nw))
    n[2 * np.arange(nw), np.arange(nw)] = 1 / vb
    n[2 * np.arange(nw) + 1, np.arange(nw)] = -1 / vb
    yterm = n @ y1 @ n.T
    y_ppm = -tr.ppm_antifloat * 1e-6 / (vb ** 2 / va_phase) / 2
    ref = term_ref(tr)
    y_unit = np.zeros((nw * nc, nw * nc), complex)
    y_fixed = np.zeros((nw * nc, nw * nc), complex)
    for p in range(nph):
        np.add.at(y_unit, (ref[p][:, None], ref[p][None, :]), yterm)
        np.add.at(y_fixed, (ref[p], ref[p]), 1j * np.repeat(y_ppm, 2))
    for j, w in enumerate(tr.windings):
        if w.conn != "wye":
            continue
        neutral = j * nc + nc - 1
        if w.r_neutral_ohm >= 0:
            y_fixed[neutral, neutral] += 1e6 if (w.r_neutral_ohm == 0 and w.x_neutral_ohm == 0) else \
                1 / complex(w.r_neutral_ohm, w.x_neutral_ohm)
        elif tr.ppm_antifloat:
            y_fixed[neutral, neutral] += 1j * y_ppm[j]
    return y_unit, y_fixed, np.repeat(np.arange(nw), nc)


def transformer_prim(tr: Transformer, taps: np.ndarray | None = None, parts=None) -> np.ndarray:
    """Yprim over the (phases + neutral) conductors of every winding, winding by winding."""
    y_unit, y_fixed, winding = parts or transformer_parts(tr)
    taps = np.array([w.tap_pu for w in tr.windings]) if taps is None else np.asarray(taps, float)
    f = 1 / np.where(taps == 0, 1e-4, taps)[winding]
    return y_unit * np.outer(f, f) + y_fixed


def winding_voltages(tr: Transformer, winding: int, v_cond: np.ndarray) -> np.ndarray:
    """Voltage across each phase of winding `winding` (1-based) from its conductor voltages."""
    nc = tr.n_phases + 1
    v = v_cond[(winding - 1) * nc: winding * nc]
    if tr.windings[winding - 1].conn == "wye":
        return v[:tr.n_phases] - v[nc - 1]
    d = delta_direction(tr)
    return np.array([v[i - 1] - v[rotate_phase(i, tr.n_phases, d) - 1] for i in range(1, tr.n_phases + 1)])


def capacitor_prim(cap: Capacitor, closed: bool = True) -> np.ndarray:
    """Yprim over bus1 then bus2 conductors (wye), or over bus1 conductors (delta)."""
    n = cap.n_phases
    phase_kv = cap.kv if (cap.conn == "delta" or n == 1) else cap.kv / SQRT3
    y = 1j * cap.kvar * 1000 / n / (phase_kv * 1000) ** 2 if closed else 0j
    if cap.conn == "wye":
        return series_shunt_prim(y * np.eye(n)[None], np.zeros((1, n, n)))[0]
    prim = np.zeros((n, n), complex)
    for i in range(n):
        j = (i + 1) % n
        prim[i, i] += y
        prim[j, j] += y
        prim[i, j] -= y
        prim[j, i] -= y
    return prim
