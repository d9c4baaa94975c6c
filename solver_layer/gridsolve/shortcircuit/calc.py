"""IEC 60909 fault calculation on factorized sequence networks.

Each sequence Ybus is factorized once (scipy.sparse.linalg.splu); the Zbus columns of the fault
buses are obtained by block solves with unit vectors, a block of buses at a time, so faults at
all buses cost one factorization per sequence plus one triangular solve per bus — never a
refactorization per fault.

Conventions (IEC 60909-0 and pandapower, whose results this reproduces):
* equivalent voltage source c*Un/sqrt(3) at the fault, c per voltage level and case;
* fault impedance Zf = r_fault_ohm + j x_fault_ohm in each faulted phase
  (3ph: Z1+Zf; 2ph: Z1+Z2+2Zf; 1ph: Z1+Z2+Z0+3Zf; 2phg: phases b, c through Zf to earth);
* static generators add k*I_n as current sources (max case): their share
  |sum_j Z_ij I_j| / |Z_ii + Zf| is added arithmetically to I''k (as pandapower does);
* ip = sqrt(2) (kappa I''k,voltage-sources + I''k,current-sources), kappa by method C
  (equivalent frequency 20 Hz at 50 Hz, 24 Hz at 60 Hz) or method B (1.15 kappa(R/X) at the
  fault, capped at 2.0, 1.8 in LV);
* ith = I''k sqrt(m + n) with n = 1 (far from generator);
* ib: 3ph faults with synchronous machines or motors use IEC 60909-0 eq. (75) with the
  factor mu for the minimum time delay `tmin_s`; otherwise (far from generator, and all
  unbalanced faults, §9.1.4) ib = I''k;
* ik: the initial current without motor contributions (meshed networks, IEC 60909-0 §10.2.3).
"""

from __future__ import annotations

import time

import numpy as np
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from ..errors import StudyInputError
from ..model import Network
from .networks import SQRT3, Sequence, SequenceNetworks, build_sequence_networks
from .results import ShortCircuitResult

FAULTS = ("3ph", "2ph", "1ph", "2phg")
A = np.exp(2j * np.pi / 3)
# symmetrical components -> phases: [a, b, c] = T @ [0, 1, 2]
T = np.array([[1, 1, 1], [1, A * A, A], [1, A, A * A]])


def _kappa(rx: np.ndarray) -> np.ndarray:
    return 1.02 + 0.98 * np.exp(-3 * rx)


def _mu(ratio: np.ndarray, tmin_s: float) -> np.ndarray:
    """IEC 60909-0 eq. (70): decay factor mu of a machine's contribution, by minimum time delay.

    `ratio` is I''kG / I_rG; between the tabulated delays (0.02, 0.05, 0.1, >= 0.25 s) mu is
    interpolated linearly in t_min; mu = 1 where the ratio is at most 2.
    """
    table = ((0.02, 0.84, 0.26, 0.26), (0.05, 0.71, 0.51, 0.30), (0.10, 0.62, 0.72, 0.32), (0.25, 0.56, 0.94, 0.38))
    ts = [row[0] for row in table]
    t = min(max(tmin_s, ts[0]), ts[-1])
    hi = next(i for i, ti in enumerate(ts) if ti >= t)
    lo = max(hi - 1, 0)
    w = 0.0 if hi == lo else (t - ts[lo]) / (ts[hi] - ts[lo])

    def mu_at(i: int) -> np.ndarray:
        _, a, b, c = table[i]
        return a + b * np.exp(-c * ratio)

    mu = (1 - w) * mu_at(lo) + w * mu_at(hi)
    return np.where(ratio <= 2, 1.0, np.minimum(mu, 1.0))


def _factorize(y: sp.csc_matrix, what: str):
    try:
        # Ybus is structurally symmetric: minimum degree on A^T + A keeps the fill and solves small
        return splu(y.tocsc(), permc_spec="MMD_AT_PLUS_A")
    except RuntimeError as exc:  # exactly singular
        raise StudyInputError(f"the {what} network matrix is singular ({exc}); check for unearthed parts or "
                              "zero impedances", field="buses") from None


def _branch_shunts(seq: Sequence) -> tuple[np.ndarray, np.ndarray]:
    """Shunt admittance at each end of each two-port (y_from on the from side before the ratio)."""
    y_from = np.array([b.tp.yff * b.ratio**2 + b.tp.yft * b.ratio for b in seq.branches], dtype=complex)
    y_to = np.array([b.tp.ytt + b.tp.ytf * b.ratio for b in seq.branches], dtype=complex)
    return y_from, y_to


def run_short_circuit(
    net: Network,
    fault: str = "3ph",
    case: str = "max",
    buses: list[str] | None = None,
    r_fault_ohm: float = 0.0,
    x_fault_ohm: float = 0.0,
    tk_s: float = 1.0,
    ip_method: str = "C",
    c_factor: float | None = None,
    lv_tol_percent: float = 10,
    tmin_s: float = 0.02,
    detail: bool | None = None,
    block_size: int = 64,
    networks: SequenceNetworks | None = None,
) -> ShortCircuitResult:
    """Short-circuit currents at `buses` (default: every bus) per IEC 60909-0.

    fault: "3ph" | "2ph" | "1ph" | "2phg"; case: "max" | "min"; tk_s: duration for ith;
    ip_method: "C" (equivalent frequency) or "B" (1.15 kappa at the fault); c_factor overrides
    the voltage factor at every level; tmin_s is the minimum time delay for the breaking current;
    detail: keep per-fault branch currents, source contributions and post-fault voltages
    (default: when at most 10 buses are faulted). `networks`: sequence networks already built for this
    network and case (with the zero sequence for 1ph/2phg faults), so that a study compiles once.
    """
    t0 = time.perf_counter()
    if fault not in FAULTS:
        raise StudyInputError(f"unknown fault type '{fault}' (choose {', '.join(FAULTS)})", field="fault")
    if ip_method.upper() not in ("B", "C"):
        raise StudyInputError("ip_method must be 'B' or 'C'", field="ip_method")
    if tk_s <= 0:
        raise StudyInputError("tk_s must be positive", field="tk_s")
    ip_method = ip_method.upper()
    need0 = fault in ("1ph", "2phg")
    sn = networks
    if sn is None or sn.case != case or (need0 and not sn.has_zero_sequence):
        sn = build_sequence_networks(net, case=case, lv_tol_percent=lv_tol_percent, c_factor=c_factor,
                                     zero_sequence=need0)
    if need0 and sn.z0_missing:
        eid, fld = sn.z0_missing[0]
        raise StudyInputError(f"zero-sequence data missing for a {fault} fault "
                              f"({len(sn.z0_missing)} element(s) lack it)", element_id=eid, field=fld)
    cn = sn.compiled
    base = cn.base_mva
    n = sn.n_bus
    notes = list(cn.notes) + list(sn.notes)

    # Which buses: ids as given, each mapped to its compiled bus.
    in_service = {b.id for b in net.buses if b.in_service}
    if buses is None:
        report_ids = [b.id for b in net.buses]
    else:
        known = {b.id for b in net.buses}
        report_ids = list(dict.fromkeys(str(b) for b in buses))
        for b in report_ids:
            if b not in known:
                raise StudyInputError(f"unknown bus '{b}'", element_id=b, field="buses")
            if b not in in_service or not sn.energized[cn.bus_index[b]]:
                raise StudyInputError("fault at a de-energized bus (out of service or without a path to a "
                                      "short-circuit source)", element_id=b, field="buses")
    report_idx = np.array([cn.bus_index[b] if b in in_service else -1 for b in report_ids], dtype=np.int64)
    ok = report_idx >= 0
    ok[ok] = sn.energized[report_idx[ok]]
    fault_buses = np.unique(report_idx[ok])
    if detail is None:
        detail = len(fault_buses) <= 10

    # Energized subsystem and its factorizations (once per sequence).
    e = np.flatnonzero(sn.energized)
    loc = np.full(n, -1, dtype=np.int64)
    loc[e] = np.arange(len(e))
    ne = len(e)

    def sub(y):
        return y[e][:, e].tocsc()

    lu1 = _factorize(sub(sn.seq[1].ybus(n)), "positive-sequence")
    lu2 = lu1 if sn.negative_equals_positive else _factorize(sub(sn.seq[2].ybus(n)), "negative-sequence")
    lu0 = None
    earthed0 = np.ones(n, dtype=bool)
    if need0:
        y0 = sub(sn.seq[0].ybus(n)).tolil()
        earthed0 = _earthed_buses(sn, e, n)
        for k in np.flatnonzero(~earthed0[e]):
            y0[k, k] = y0[k, k] + 1.0  # regularize unearthed parts; their Z0 is infinite
        lu0 = _factorize(y0.tocsc(), "zero-sequence")
    f_hz = net.f_hz
    lu_c = None
    if ip_method == "C":
        fc = 20.0 if f_hz == 50 else 24.0 if f_hz == 60 else 0.4 * f_hz
        lu_c = _factorize(sub(sn.peak.ybus(n, x_scale=fc / f_hz)), "peak-current (method C)")
    lu_nm = None
    if fault == "3ph" and sn.motors_present:
        seq_nm = Sequence(sn.seq[1].branches, [s for s in sn.seq[1].shunts if s.kind != "motor"])
        lu_nm = _factorize(sub(seq_nm.ybus(n)), "positive-sequence without motors")

    # Current sources (static generators, max case).
    v_cv = None
    if sn.current_sources:
        cs_bus = np.array([loc[cs.bus] for cs in sn.current_sources])
        cs_i = np.array([cs.i_pu for cs in sn.current_sources])
        keep = cs_bus >= 0
        cs_bus, cs_i = cs_bus[keep], cs_i[keep]
        if len(cs_bus):
            if fault == "3ph":
                ub = np.unique(cs_bus)
                rhs = np.zeros((ne, len(ub)), dtype=complex)
                rhs[ub, np.arange(len(ub))] = 1
                zdiag = lu1.solve(rhs)[ub, np.arange(len(ub))]
                ang = dict(zip(ub.tolist(), (-np.angle(zdiag)).tolist(), strict=True))
                phasor = np.array([np.exp(1j * ang[b]) for b in cs_bus])
            else:
                phasor = np.full(len(cs_bus), -1j)
            inj = np.zeros(ne, dtype=complex)
            np.add.at(inj, cs_bus, cs_i * phasor)
            v_cv = lu1.solve(inj)

    # Branch matrices per sequence, zero-sequence branches matched to the positive-sequence list.
    seq1 = sn.seq[1]
    nbr = len(seq1.branches)
    yf = {s: m[0][:, e] for s, m in ((s, sn.seq[s].branch_matrices(n)) for s in ((1, 2, 0) if need0 else (1, 2)))}
    yt = {s: m[1][:, e] for s, m in ((s, sn.seq[s].branch_matrices(n)) for s in ((1, 2, 0) if need0 else (1, 2)))}
    br_f = np.array([b.f for b in seq1.branches], dtype=np.int64)
    br_t = np.array([b.t for b in seq1.branches], dtype=np.int64)
    map0 = None
    earth_f = earth_t = None
    if need0:
        key1 = {(b.element_id, b.f, b.t): k for k, b in enumerate(seq1.branches)}
        rows, cols = [], []
        for k0, b in enumerate(sn.seq[0].branches):
            k1 = key1.get((b.element_id, b.f, b.t))
            if k1 is not None:
                rows.append(k1)
                cols.append(k0)
        map0 = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(nbr, len(sn.seq[0].branches)))
        # transformer earthing shunts carry the zero-sequence current of that transformer's terminal
        ef, et = [], []
        for sh in sn.seq[0].shunts:
            if sh.kind != "transformer_earthing" or loc[sh.bus] < 0:
                continue
            for k1, b in enumerate(seq1.branches):
                if b.element_id == sh.element_id and sh.bus in (b.f, b.t):
                    (ef if sh.bus == b.f else et).append((k1, loc[sh.bus], sh.y_pu))
                    break
        earth_f, earth_t = ef, et
    vbase_f = base / (SQRT3 * sn.vn_kv[br_f]) if nbr else np.zeros(0)
    vbase_t = base / (SQRT3 * sn.vn_kv[br_t]) if nbr else np.zeros(0)

    # Sources: shunt admittance per sequence (by element).
    src_ids = [s.element_id for s in sn.sources]
    src_kind = [s.kind for s in sn.sources]
    src_bus = np.array([loc[s.bus] for s in sn.sources])
    src_y = {1: np.array([sn.seq[1].shunts[s.shunt_index[1]].y_pu for s in sn.sources]),
             2: np.array([sn.seq[2].shunts[s.shunt_index[1]].y_pu for s in sn.sources])}
    src_y0 = np.array([sn.seq[0].shunts[s.shunt_index[0]].y_pu if 0 in s.shunt_index else 0
                       for s in sn.sources]) if need0 else np.zeros(len(sn.sources))
    machine = np.array([k in ("generator", "motor") for k in src_kind])
    src_xk = np.array([s.xk_pu for s in sn.sources])
    src_ir = np.array([s.ir_ka for s in sn.sources])
    src_vbase = base / (SQRT3 * sn.vn_kv[[s.bus for s in sn.sources]])

    nf = len(fault_buses)
    out = {k: np.full(nf, np.nan) for k in (
        "ikss_ka", "ikss_vs_ka", "ikss_cs_ka", "ip_ka", "ith_ka", "ib_ka", "ik_ka", "skss_mva", "kappa",
        "rk_ohm", "xk_ohm", "rk2_ohm", "xk2_ohm", "rk0_ohm", "xk0_ohm", "ike_ka")}
    phase_i = np.zeros((nf, 3), dtype=complex)
    phase_v = np.zeros((nf, 3), dtype=complex)
    seq_i = np.zeros((nf, 3), dtype=complex)
    src_contrib = np.zeros((nf, len(sn.sources), 3), dtype=complex)  # phase currents a, b, c (kA)
    br_max_f = np.zeros(nbr)
    br_max_t = np.zeros(nbr)
    br_arg_f = np.full(nbr, -1, dtype=np.int64)
    br_arg_t = np.full(nbr, -1, dtype=np.int64)
    incident: list[list[tuple[int, str, np.ndarray]]] = [[] for _ in range(nf)]
    details: dict[int, dict] = {}
    adj_f = {}
    for k in range(nbr):
        adj_f.setdefault(br_f[k], []).append((k, "from"))
        adj_f.setdefault(br_t[k], []).append((k, "to"))

    zf_all = complex(r_fault_ohm, x_fault_ohm) / (sn.vn_kv ** 2 / base)
    for start in range(0, nf, block_size):
        blk = fault_buses[start:start + block_size]
        kb = len(blk)
        cols = np.arange(kb)
        lb = loc[blk]
        rhs = np.zeros((ne, kb), dtype=complex)
        rhs[lb, cols] = 1.0
        z1c = lu1.solve(rhs)
        z1 = z1c[lb, cols]
        z2c = z1c if lu2 is lu1 else lu2.solve(rhs)
        z2 = z2c[lb, cols]
        z0c = lu0.solve(rhs) if lu0 is not None else None
        z0 = z0c[lb, cols] if z0c is not None else np.full(kb, np.inf + 0j)
        earthed = earthed0[blk]
        zf = zf_all[blk]
        c = sn.c[blk]
        i0 = np.zeros(kb, dtype=complex)
        i1 = np.zeros(kb, dtype=complex)
        i2 = np.zeros(kb, dtype=complex)
        if fault == "3ph":
            i1 = c / (z1 + zf)
        elif fault == "2ph":
            i1 = c / (z1 + z2 + 2 * zf)
            i2 = -i1
        elif fault == "1ph":
            i1 = np.where(earthed, c / np.where(earthed, z1 + z2 + z0 + 3 * zf, 1), 0)
            i2 = i1.copy()
            i0 = i1.copy()
        else:  # 2phg
            za, zb_, zc_ = z1 + zf, z2 + zf, np.where(earthed, z0 + zf, 0)
            par = np.where(earthed, zb_ * zc_ / np.where(earthed, zb_ + zc_, 1), zb_)
            i1 = c / (za + par)
            i2 = np.where(earthed, -i1 * zc_ / np.where(earthed, zb_ + zc_, 1), -i1)
            i0 = np.where(earthed, -i1 * zb_ / np.where(earthed, zb_ + zc_, 1), 0)
        iseq = np.vstack([i0, i1, i2])  # (3, kb)
        iph = T @ iseq
        vbase = base / (SQRT3 * sn.vn_kv[blk])
        if fault == "3ph":
            ivs = np.abs(i1)
        elif fault == "2ph":
            ivs = np.abs(iph[1])
        elif fault == "1ph":
            ivs = np.abs(iph[0])
        else:
            ivs = np.maximum(np.abs(iph[1]), np.abs(iph[2]))
        ics = np.abs(v_cv[lb]) / np.abs(z1 + zf) if v_cv is not None else np.zeros(kb)
        sl = slice(start, start + kb)
        out["ikss_vs_ka"][sl] = ivs * vbase
        out["ikss_cs_ka"][sl] = ics * vbase
        ikss = (ivs + ics) * vbase
        out["ikss_ka"][sl] = ikss
        out["skss_mva"][sl] = (SQRT3 if fault == "3ph" else 1 / SQRT3) * ikss * sn.vn_kv[blk]
        zb_ohm = sn.vn_kv[blk] ** 2 / base
        out["rk_ohm"][sl] = (z1 + zf).real * zb_ohm
        out["xk_ohm"][sl] = (z1 + zf).imag * zb_ohm
        out["rk2_ohm"][sl] = (z2 + zf).real * zb_ohm
        out["xk2_ohm"][sl] = (z2 + zf).imag * zb_ohm
        if need0:
            out["rk0_ohm"][sl] = np.where(earthed, (z0 + zf).real * zb_ohm, np.inf)
            out["xk0_ohm"][sl] = np.where(earthed, (z0 + zf).imag * zb_ohm, np.inf)
            out["ike_ka"][sl] = np.abs(3 * i0) * vbase
        # peak factor
        if ip_method == "C":
            zc = lu_c.solve(rhs)[lb, cols]
            ratio = fc / f_hz
            rc, xc = zc.real + zf.real, zc.imag + zf.imag * ratio
            kappa = _kappa(rc / xc * ratio)
        else:
            zk = z1 + zf
            kappa = np.minimum(1.15 * _kappa(zk.real / zk.imag), np.where(sn.vn_kv[blk] < 1.0, 1.8, 2.0))
        out["kappa"][sl] = kappa
        out["ip_ka"][sl] = np.sqrt(2) * (kappa * ivs + ics) * vbase
        fth = 50.0 if f_hz == 50 else f_hz
        with np.errstate(divide="ignore", invalid="ignore"):
            lk = np.log(kappa - 1)
            m = (np.exp(4 * fth * tk_s * lk) - 1) / (2 * fth * tk_s * lk)
        m = np.where(kappa > 1.99, 0.0, m)
        out["ith_ka"][sl] = ikss * np.sqrt(m + 1)

        # voltage changes in each sequence, sources and branches
        dv = {1: -z1c * i1, 2: -z2c * i2}
        if need0:
            dv[0] = -z0c * i0
        phase_i[sl] = (iph * vbase).T
        vseq = np.vstack([dv[0][lb, cols] if need0 else np.zeros(kb), c + dv[1][lb, cols], dv[2][lb, cols]])
        phase_v[sl] = (T @ vseq).T
        seq_i[sl] = iseq.T * vbase[:, None]
        # source contributions (current from the source into the network), per phase
        if len(sn.sources):
            s1 = -src_y[1][:, None] * dv[1][src_bus]
            s2 = -src_y[2][:, None] * dv[2][src_bus]
            s0 = -src_y0[:, None] * dv[0][src_bus] if need0 else np.zeros_like(s1)
            sph = np.einsum("ij,jsk->isk", T, np.stack([s0, s1, s2]))  # (3, n_src, kb)
            src_contrib[sl] = np.transpose(sph, (2, 1, 0)) * src_vbase[None, :, None]
            if fault == "3ph":
                ib_vs = iseq[1].copy()
                if np.any(machine):
                    ig = s1[machine]  # (n_machine, kb) pu
                    ig_ka = np.abs(ig) * src_vbase[machine][:, None]
                    mu = _mu(ig_ka / src_ir[machine][:, None], tmin_s)
                    du = np.abs(src_xk[machine][:, None] * ig) / c[None, :]
                    ib_vs = ib_vs - np.sum(du * (1 - mu) * ig, axis=0)
                out["ib_ka"][sl] = (np.abs(ib_vs) + ics) * vbase
            else:
                out["ib_ka"][sl] = ikss
        if lu_nm is not None:
            znm = lu_nm.solve(rhs)[lb, cols]
            out["ik_ka"][sl] = (np.abs(c / (znm + zf)) + ics) * vbase
        else:
            out["ik_ka"][sl] = out["ib_ka"][sl] if fault != "3ph" else ikss
        # branch currents: current entering each branch end from its bus, per sequence
        if nbr:
            cur_f = {s: yf[s] @ dv[s] for s in dv}
            cur_t = {s: yt[s] @ dv[s] for s in dv}
            if need0:
                cur_f[0] = map0 @ cur_f[0]
                cur_t[0] = map0 @ cur_t[0]
                for k1, lbus, y in earth_f:
                    cur_f[0][k1] += y * dv[0][lbus]
                for k1, lbus, y in earth_t:
                    cur_t[0][k1] += y * dv[0][lbus]
            else:
                cur_f[0] = np.zeros((nbr, kb), dtype=complex)
                cur_t[0] = np.zeros((nbr, kb), dtype=complex)
            if v_cv is not None and fault == "3ph":
                # current sources: injections with the fault bus shorted in the delta network
                ifault = v_cv[lb] / z1  # current from the sources into the fault, pu
                dv_cs = v_cv[:, None] - z1c * ifault[None, :]
                cur_f[1] = cur_f[1] + yf[1] @ dv_cs
                cur_t[1] = cur_t[1] + yt[1] @ dv_cs
            ph_f = np.einsum("ij,jbk->ibk", T, np.stack([cur_f[0], cur_f[1], cur_f[2]]))  # (3, nbr, kb)
            ph_t = np.einsum("ij,jbk->ibk", T, np.stack([cur_t[0], cur_t[1], cur_t[2]]))
            mag_f = np.abs(ph_f).max(axis=0) * vbase_f[:, None]
            mag_t = np.abs(ph_t).max(axis=0) * vbase_t[:, None]
            jf, jt = mag_f.argmax(axis=1), mag_t.argmax(axis=1)
            vf, vt = mag_f[np.arange(nbr), jf], mag_t[np.arange(nbr), jt]
            upd = vf > br_max_f
            br_max_f[upd], br_arg_f[upd] = vf[upd], start + jf[upd]
            upd = vt > br_max_t
            br_max_t[upd], br_arg_t[upd] = vt[upd], start + jt[upd]
            for j, bus in enumerate(blk):
                for k, end in adj_f.get(bus, ()):
                    ph = ph_f[:, k, j] * vbase_f[k] if end == "from" else ph_t[:, k, j] * vbase_t[k]
                    incident[start + j].append((k, end, -ph))  # current from the branch into the fault bus
            if detail:
                for j in range(kb):
                    vseq_all = np.vstack([dv[0][:, j] if need0 else np.zeros(ne), sn.c[e] + dv[1][:, j],
                                          dv[2][:, j]])
                    details[start + j] = {
                        "branch_from": (ph_f[:, :, j] * vbase_f[None, :]).T,
                        "branch_to": (ph_t[:, :, j] * vbase_t[None, :]).T,
                        "v_phase": (T @ vseq_all).T,
                    }

    if need0 and not np.all(earthed0[fault_buses]):
        k = int(np.sum(~earthed0[fault_buses]))
        notes.append(f"{k} faulted bus(es) have no zero-sequence path to earth: their earth-fault current is zero")
    if sn.current_sources and fault != "3ph":
        notes.append("static generator (current source) contributions are included in I''k at the fault, not in "
                     "the branch currents of unbalanced faults")

    # Breaker duty.
    pos = {int(b): k for k, b in enumerate(fault_buses)}
    violations = []
    for sw in net.switches:
        if not sw.in_service or (sw.rated_ka is None and sw.peak_ka is None) or sw.bus not in cn.bus_index:
            continue
        k = pos.get(cn.bus_index[sw.bus])
        if k is None:
            continue
        for qty, rating in (("ib_ka", sw.rated_ka), ("ikss_ka", sw.rated_ka), ("ip_ka", sw.peak_ka)):
            if rating is not None and out[qty][k] > rating:
                violations.append({"switch": sw.id, "bus": sw.bus, "quantity": qty, "value_ka": float(out[qty][k]),
                                   "rating_ka": float(rating),
                                   "rating_field": "rated_ka" if qty != "ip_ka" else "peak_ka"})

    return ShortCircuitResult(
        fault=fault, case=case, ip_method=ip_method, tk_s=tk_s, base_mva=base, networks=sn,
        report_ids=report_ids, report_idx=report_idx, report_ok=ok, fault_buses=fault_buses, values=out,
        phase_i=phase_i, phase_v=phase_v, seq_i=seq_i, source_ids=src_ids, source_kind=src_kind,
        source_contrib=src_contrib, branch_max_from=br_max_f, branch_max_to=br_max_t, branch_arg_from=br_arg_f,
        branch_arg_to=br_arg_t, incident=incident, details=details, energized_local=e,
        violations=violations, notes=notes, wall_time_s=time.perf_counter() - t0,
        r_fault_ohm=r_fault_ohm, x_fault_ohm=x_fault_ohm,
    )


def _earthed_buses(sn: SequenceNetworks, e: np.ndarray, n: int) -> np.ndarray:
    """Buses whose zero-sequence network component has a path to earth (a shunt or charging)."""
    seq0 = sn.seq[0]
    grounded = np.zeros(n, dtype=bool)
    for sh in seq0.shunts:
        if sh.y_pu != 0:
            grounded[sh.bus] = True
    if seq0.branches:
        y_from, y_to = _branch_shunts(seq0)
        f = np.array([b.f for b in seq0.branches])
        t = np.array([b.t for b in seq0.branches])
        grounded[f[np.abs(y_from) > 0]] = True
        grounded[t[np.abs(y_to) > 0]] = True
    else:
        f = t = np.zeros(0, dtype=int)
    from scipy.sparse.csgraph import connected_components

    adj = sp.csr_matrix((np.ones(len(f)), (f, t)), shape=(n, n))
    _, labels = connected_components(adj, directed=False)
    comp_grounded = np.zeros(labels.max() + 1, dtype=bool)
    np.logical_or.at(comp_grounded, labels, grounded)
    return comp_grounded[labels]
