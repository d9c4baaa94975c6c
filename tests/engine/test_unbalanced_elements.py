"""Element models of the unbalanced engine against hand calculations written out here.

References: W. H. Kersting, Distribution System Modeling and Analysis (4th ed.), Example 4.1
(series impedance of a 4-wire overhead line by modified Carson and Kron reduction) and Example 5.1
(its shunt admittance); the transformer and regulator checks are the ideal-transformer relations.
"""

from __future__ import annotations

import cmath
import math

import numpy as np
import pytest

from gridsolve.io.opendss import read_opendss
from gridsolve.unbalanced import elements as el
from gridsolve.unbalanced import linecon, run_unbalanced
from gridsolve.unbalanced.compile import LoadTable, compile_feeder
from gridsolve.unbalanced.loadmodel import LoadModel
from gridsolve.unbalanced.model import Source, Terminal, Transformer, Winding
from gridsolve.unbalanced.study import UnbalancedOptions, build_result, solve_feeder
from tests.conftest import require_data

FT, MI, INCH = 0.3048, 1609.344, 0.0254

# Kersting Example 4.1: 336,400 26/7 ACSR phases (GMR 0.0244 ft, r 0.306 ohm/mi, d 0.721 in) at
# (0, 29), (2.5, 29), (7, 29) ft, 4/0 6/1 ACSR neutral (GMR 0.00814 ft, r 0.592 ohm/mi, d 0.563 in) at (4, 25).
X = np.array([0, 2.5, 7, 4]) * FT
H = np.array([29, 29, 29, 25]) * FT
GMR = np.array([0.0244] * 3 + [0.00814]) * FT
RADIUS = np.array([0.721 / 2] * 3 + [0.563 / 2]) * INCH
RAC = np.array([0.306] * 3 + [0.592]) / MI
KERSTING_ZABC = np.array([  # ohm/mile
    [0.4576 + 1.0780j, 0.1560 + 0.5017j, 0.1535 + 0.3849j],
    [0.1560 + 0.5017j, 0.4666 + 1.0482j, 0.1580 + 0.4236j],
    [0.1535 + 0.3849j, 0.1580 + 0.4236j, 0.4615 + 1.0651j]])
KERSTING_YABC = 1j * np.array([  # microsiemens/mile
    [5.6711, -1.8362, -0.7033],
    [-1.8362, 5.9774, -1.1690],
    [-0.7033, -1.1690, 5.3911]])


def test_carson_kron_matches_kersting_example_4_1():
    z, _ = linecon.geometry_matrices(X, H, GMR, RADIUS, RAC, 3, earth_model="carson", reduce=True)
    # Kersting prints four decimals; his 0.09530 and 0.12134 ohm/mi constants are rounded
    np.testing.assert_allclose(z * MI, KERSTING_ZABC, atol=2e-4)


def test_kron_reduction_formula():
    """Z_abc = Z_ij - Z_in Z_nn^-1 Z_nj, written out for the single neutral of Example 4.1."""
    full, _ = linecon.geometry_matrices(X, H, GMR, RADIUS, RAC, 3, earth_model="carson", reduce=False)
    by_hand = full[:3, :3] - np.outer(full[:3, 3], full[3, :3]) / full[3, 3]
    np.testing.assert_allclose(linecon.kron(full, 3), by_hand, rtol=1e-13)


def test_shunt_admittance_matches_kersting_example_5_1():
    _, y = linecon.geometry_matrices(X, H, GMR, RADIUS, RAC, 3, earth_model="carson", reduce=True)
    # Kersting's potential coefficient 11.17689 mile/uF fixes his permittivity; OpenDSS (and we) use 8.854e-12 F/m
    eps_kersting = 1 / (2 * math.pi * 11.17689e6 * MI)
    np.testing.assert_allclose(y * MI * 1e6 * eps_kersting / linecon.E0, KERSTING_YABC, atol=2e-4)


def test_sequence_expansion():
    z, y = linecon.sequence_matrices(3, 0.1, 0.3, 0.4, 1.2, 10.0, 4.0, 60.0)
    assert z[0, 0] == pytest.approx((2 * (0.1 + 0.3j) + (0.4 + 1.2j)) / 3)
    assert z[0, 1] == pytest.approx(((0.4 + 1.2j) - (0.1 + 0.3j)) / 3)
    a = np.exp(2j * np.pi / 3)
    t = np.array([[1, 1, 1], [1, a * a, a], [1, a, a * a]])
    zseq = np.linalg.inv(t) @ z @ t
    np.testing.assert_allclose(np.diag(zseq), [0.4 + 1.2j, 0.1 + 0.3j, 0.1 + 0.3j], atol=1e-14)
    assert y[0, 0].imag == pytest.approx(2 * math.pi * 60 * (2 * 10 + 4) / 3 * 1e-9)


def test_source_impedance_from_short_circuit_mva():
    """|Z1| = kV^2/MVAsc3 split by X1/R1; the 1-phase fault current 3 V / |2 Z1 + Z0| equals MVAsc1/(sqrt3 kV)."""
    kv, s3, s1 = 115.0, 20000.0, 21000.0
    r1, x1, r0, x0 = el.source_impedance_from_mvasc(kv, s3, s1, 4.0, 3.0)
    assert abs(complex(r1, x1)) == pytest.approx(kv ** 2 / s3)
    assert x1 / r1 == pytest.approx(4.0) and x0 / r0 == pytest.approx(3.0)
    isc1 = s1 * 1e3 / (math.sqrt(3) * kv)
    assert 3 * kv * 1e3 / math.sqrt(3) / abs(2 * complex(r1, x1) + complex(r0, x0)) == pytest.approx(isc1)
    src = Source(id="s", terminal=Terminal(bus="b", nodes=[1, 2, 3]), base_kv=kv, angle_deg=30, r1_ohm=r1,
                 x1_ohm=x1, r0_ohm=r0, x0_ohm=x0)
    z, emf = el.source_model(src)
    assert np.degrees(np.angle(emf)) == pytest.approx([30, -90, 150])
    assert abs(emf[0]) == pytest.approx(kv * 1e3 / math.sqrt(3))


def test_single_phase_transformer_primitive_by_hand():
    """One phase, two windings: Y = N y [[1, -1], [-1, 1]] N^T with N = diag(1/V) on (+, -) ends."""
    tr = Transformer(id="t", n_phases=1, xsc_percent=[2.0], ppm_antifloat=0.0, windings=[
        Winding(terminal=Terminal(bus="a", nodes=[1, 0]), kv=7.2, kva=50, r_percent=0.5, tap_pu=1.0),
        Winding(terminal=Terminal(bus="b", nodes=[1, 0]), kv=0.24, kva=50, r_percent=0.5, tap_pu=1.025)])
    y = 1 / (complex(0.01, 0.02) / 50e3)  # per-unit impedance on a one-volt, 50 kVA base
    v1, v2 = 7200.0, 240.0 * 1.025
    n = np.array([[1 / v1, 0], [-1 / v1, 0], [0, 1 / v2], [0, -1 / v2]])
    by_hand = n @ (y * np.array([[1, -1], [-1, 1]])) @ n.T
    np.testing.assert_allclose(el.transformer_prim(tr), by_hand, rtol=1e-12)


DELTA_WYE = """
Clear
New Circuit.dy basekv=12.47 pu=1.0 angle=0 phases=3 bus1=hv MVAsc3=1e6 MVAsc1=1e6
New Transformer.t phases=3 windings=2 buses=[hv lv] conns=[{c1} {c2}] kvs=[12.47 0.48] kvas=[500 500]
~ xhl=2 %r=0.5 {extra}
Set voltagebases=[12.47 0.48]
Solve
"""


@pytest.mark.parametrize("c1,c2,extra,shift", [("delta", "wye", "", -30.0), ("wye", "delta", "", -30.0),
                                               ("delta", "wye", "leadlag=lead", 30.0), ("wye", "wye", "", 0.0)])
def test_delta_wye_bank_phase_shift(c1, c2, extra, shift):
    """No load: LV phase voltages are the HV ones times kV2/kV1 shifted by 30 degrees
    (ANSI C57.12: HV leads LV by 30 degrees; `leadlag=lead` reverses it; a floating delta LV sits
    symmetric about ground through the antifloat admittances, so its phase-to-ground voltages
    are LL/sqrt3 too)."""
    r = run_unbalanced(read_opendss(DELTA_WYE.format(c1=c1, c2=c2, extra=extra)))
    v = {(n["bus"], n["node"]): n for n in r.nodes}
    for k in (1, 2, 3):
        hv, lv = v[("hv", k)], v[("lv", k)]
        assert lv["v_kv_ln"] / hv["v_kv_ln"] == pytest.approx(0.48 / 12.47, rel=1e-6)
        d = (lv["angle_deg"] - hv["angle_deg"] - shift + 180) % 360 - 180
        assert abs(d) < 1e-5


OPEN_DELTA = """
Clear
New Circuit.od basekv=12.47 pu=1.0 phases=3 bus1=src MVAsc3=1e6 MVAsc1=1e6
New Transformer.rab phases=1 windings=2 buses=[src.1.2 reg.1.2] kvs=[12.47 12.47] kvas=[2000 2000]
~ xhl=0.01 %loadloss=0.01
New Transformer.rcb phases=1 windings=2 buses=[src.3.2 reg.3.2] kvs=[12.47 12.47] kvas=[2000 2000]
~ xhl=0.01 %loadloss=0.01
Transformer.rab.taps=[1 {t1}]
Transformer.rcb.taps=[1 {t2}]
New Load.d bus1=reg phases=3 conn=delta kv=12.47 kw={kw} kvar={kvar} model=2
Set voltagebases=[12.47]
Set controlmode=off
Solve
"""


def test_open_delta_regulator_by_hand():
    """Two line-to-line regulators (AB and CB) with phase B common: V'ab = t1 Vab and V'cb = t2 Vcb,
    so V'ca = t2 Vcb - t1 Vab; at no load exactly, under load within the regulators' own drop:
    each unit of an open delta carries the line current at line voltage, S/sqrt3, through
    |z| = |0.01 % + j0.01 %| on 2000 kVA; the impedance load sees t V, so it draws t times its
    rated current and the primary side t^2 times; V'ca adds the drops of both units."""
    t1, t2 = 1.05, 1.025
    drop = abs(complex(0.01, 0.01)) / 100 * (abs(complex(900, 400)) * t1 ** 2 / math.sqrt(3)) / 2000
    for kw, kvar, tol in ((0, 0, 1e-9), (900, 400, 1.02 * drop)):
        r = run_unbalanced(read_opendss(OPEN_DELTA.format(t1=t1, t2=t2, kw=kw, kvar=kvar)))
        v = {(n["bus"], n["node"]): cmath.rect(n["v_kv_ln"], math.radians(n["angle_deg"])) for n in r.nodes}
        vab, vcb = v["src", 1] - v["src", 2], v["src", 3] - v["src", 2]
        ab, cb = v["reg", 1] - v["reg", 2], v["reg", 3] - v["reg", 2]
        assert abs(ab / (t1 * vab) - 1) < tol
        assert abs(cb / (t2 * vcb) - 1) < tol
        assert abs((v["reg", 3] - v["reg", 1]) / (t2 * vcb - t1 * vab) - 1) < 2 * tol


def _table(model: int, s: complex, vbase: float) -> LoadTable:
    one = lambda x, t=float: np.array([x], t)  # noqa: E731
    return LoadTable(one(0, int), one(0, int), one(1, int), one(s, complex), one(vbase), one(model, int), one(0.95),
                     one(1.05), one(0.5), one(0.8), one(3.0))


@pytest.mark.parametrize("pu", [0.98, 1.02, 0.90, 0.60, 0.40, 1.08])
@pytest.mark.parametrize("model", [1, 2, 4, 5])
def test_load_model_currents_by_hand(model, pu):
    """OpenDSS Load.pas: the model between vmin and vmax; below vlow an impedance; between vlow and vmin
    a current linear in |V| from Yeq*Vlow to the model's current at vmin; above vmax an impedance."""
    s, vb = 120e3 + 50e3j, 2400.0
    u = vb * pu * cmath.exp(0.3j)
    yeq = np.conj(s) / vb ** 2

    def model_current(uu: complex) -> complex:
        m = abs(uu) / vb
        if model == 1:
            return np.conj(s / uu)
        if model == 2:
            return yeq * uu
        if model == 5:
            return np.conj(s) / vb * uu / abs(uu)
        return np.conj(complex(s.real * m ** 0.8, s.imag * m ** 3.0) / uu)  # CVR exponents 0.8 and 3

    if model == 2 or 0.95 <= pu <= 1.05:
        expect = model_current(u)
    elif pu > 1.05:
        expect = (yeq / 1.05 if model == 5 else yeq / 1.05 ** 2) * u
    elif pu <= 0.5:
        expect = yeq * u
    else:
        i95 = yeq * vb if model == 5 else yeq / 0.95 ** 2 * 0.95 * vb
        ilow = yeq * 0.5 * vb
        expect = (ilow + (i95 - ilow) / (0.45 * vb) * (abs(u) - 0.5 * vb)) * u / abs(u)
    got = LoadModel(_table(model, s, vb)).current(np.array([u]))[0]
    assert got == pytest.approx(expect, rel=1e-12)


@pytest.mark.parametrize("pu", [0.98, 0.7, 1.1])
@pytest.mark.parametrize("model", [1, 2, 4, 5])
def test_load_model_wirtinger_derivatives(model, pu):
    """dg/du and dg/dconj(u) against central differences along the real and imaginary axes."""
    lm = LoadModel(_table(model, 90e3 + 40e3j, 7200.0))
    u = np.array([7200 * pu * cmath.exp(-0.4j)])
    _, a, b = lm.current(u, derivatives=True)
    h = 1e-3
    dx = (lm.current(u + h) - lm.current(u - h)) / (2 * h)
    dy = (lm.current(u + 1j * h) - lm.current(u - 1j * h)) / (2 * h)
    assert a[0] == pytest.approx((dx[0] - 1j * dy[0]) / 2, rel=1e-6)
    assert b[0] == pytest.approx((dx[0] + 1j * dy[0]) / 2, rel=1e-6, abs=1e-8 * abs(a[0]))  # FD round-off


def test_line_drop_compensator_by_hand():
    """Kersting ch. 7.3: the compensator sees V_reg/PT - (R + jX) I_line/CT (R, X in volts on a CT
    secondary rated CTprim). On IEEE 13 at its final taps: computed from the solved node voltage of
    RG60 and the current leaving it into line 650632, it sits inside the 122 V +- 1 V band."""
    path = require_data("opendss/ieee13/IEEE13Nodeckt.dss")
    sol = solve_feeder(compile_feeder(read_opendss(path)), UnbalancedOptions())
    r = build_result(sol)
    v = {(n["bus"], n["node"]): cmath.rect(n["v_kv_ln"] * 1000, math.radians(n["angle_deg"])) for n in r.nodes}
    line = next(b for b in r.branches if b["id"] == "650632")
    for k, ph in enumerate(line["phases"]):
        i_line = cmath.rect(ph["i1_a"], math.radians(ph["i1_angle_deg"]))
        by_hand = v["rg60", ph["phase"]] / 20 - complex(3, 9) * i_line / 700
        assert abs(by_hand - sol.regulators.control_voltage(sol.v)[k]) < 1e-6
        assert abs(abs(by_hand) - 122) <= 1.0
