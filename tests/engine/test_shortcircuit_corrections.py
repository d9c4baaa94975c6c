"""IEC 60909-0 corrections worked by hand: K_S, K_SO, a motor group, mu, q and lambda, near/far, the
motor-neglect rule, three-winding K_T per pair, and the results' statement of what was applied."""

from __future__ import annotations

import numpy as np
import pytest

from gridsolve.branch_models import power_station_unit_factors
from gridsolve.model import Bus, ExternalGrid, Generator, Line, Motor, Network, Transformer, Transformer3W
from gridsolve.shortcircuit import run_short_circuit
from gridsolve.shortcircuit.formulas import mu_factor, q_factor

SQ3 = np.sqrt(3)
C = 1.1


def unit(oltc: bool, **gen) -> Network:
    """A power station unit alone: 100 MVA 10.5 kV generator, 120/10.5 kV unit transformer, 110 kV bus."""
    return Network(
        buses=[Bus(id="Q", vn_kv=110), Bus(id="G", vn_kv=10.5)],
        transformers=[Transformer(id="T", hv_bus="Q", lv_bus="G", sn_mva=100, vn_hv_kv=120, vn_lv_kv=10.5,
                                  vk_percent=12, vkr_percent=0.5, oltc=oltc, power_station_unit=True,
                                  pt_percent=None if oltc else 5.0)],
        generators=[Generator(id="GEN", bus="G", p_mw=90, vn_kv=10.5, xdss_pu=0.16, rdss_ohm=0.005, cos_phi=0.9,
                              sn_mva=100, **gen)],
    )


@pytest.mark.parametrize("oltc", [True, False])
def test_power_station_unit_on_the_hv_side_by_hand(oltc):
    """I''kS = c U_nQ / (sqrt3 |K_S (t_r^2 Z_G + Z_THV)|), IEC 60909-0 §6.7.1 (K_S) / §6.7.2 (K_SO)."""
    pg = 0.0 if oltc else 0.075
    net = unit(oltc, pg_percent=pg * 100)
    sin_phi = np.sqrt(1 - 0.9**2)
    xd, xt = 0.16, np.sqrt(12**2 - 0.5**2) / 100
    if oltc:
        k = 110**2 / 10.5**2 * 10.5**2 / 120**2 * C / (1 + abs(xd - xt) * sin_phi)
    else:
        k = 110 / (10.5 * (1 + pg)) * 10.5 / 120 * (1 - 0.05) * C / (1 + xd * sin_phi)
    f = power_station_unit_factors(net.generators[0], net.transformers[0], 110, C)
    assert f.unit[1] == pytest.approx(k, rel=1e-12) and f.unit[0] == ("K_S" if oltc else "K_SO")
    t_r = 120 / 10.5
    z_g = complex(0.005, xd * 10.5**2 / 100)
    z_thv = complex(0.005, xt) * 120**2 / 100
    ik = C * 110 / (SQ3 * abs(k * (t_r**2 * z_g + z_thv)))
    res = run_short_circuit(net, buses=["Q"])
    assert res.value("Q", "ikss_ka") == pytest.approx(ik, rel=1e-9)
    applied = {(x["element"], x["factor"]) for x in res.to_dict()["corrections"]}
    name = "K_S" if oltc else "K_SO"
    assert {("GEN", name), ("T", name), ("GEN", name.replace("K_S", "K_G,S")),
            ("T", name.replace("K_S", "K_T,S"))} <= applied
    assert ("GEN", "K_G") not in applied and ("T", "K_T") not in applied
    # single-fed, near to generator: ib = mu I''k (mu from the generator's own I''kG / I_rG)
    i_rg = 100 / (SQ3 * 10.5)
    i_kg = ik * 120 / 10.5  # the generator-side current: I''kS t_r (rated ratio)
    mu = 0.62 + 0.72 * np.exp(-0.32 * i_kg / i_rg)
    r01 = run_short_circuit(net, buses=["Q"], tmin_s=0.1)
    assert r01.value("Q", "ib_ka") == pytest.approx(mu * ik, rel=1e-9)


def test_unit_zero_sequence_with_neutral_reactance():
    """Z(0)S = K_S Z(0)THV + 3 Z_N (IEC 60909-0 §6.7; IEC TR 60909-4:2021 example 4.4.2)."""
    net = unit(True)
    tr = net.transformers[0]
    tr.vector_group, tr.vk0_percent, tr.vkr0_percent, tr.xn_ohm = "YNd", 11.0, 0.5, 20.0
    net.external_grids = [ExternalGrid(id="N", bus="Q", s_sc_max_mva=3000, rx_max=0.1, x0x_max=1.0, r0x0_max=0.1)]
    res = run_short_circuit(net, fault="1ph", buses=["Q"])
    k = power_station_unit_factors(net.generators[0], tr, 110, C).unit[1]
    z0_unit = k * complex(0.005, np.sqrt(0.11**2 - 0.005**2)) * 120**2 / 100 + 3j * 20.0
    zq = C * 110**2 / 3000
    xq = zq / np.sqrt(1.01)
    z0_grid = complex(0.1 * xq, xq)
    z0 = 1 / (1 / z0_unit + 1 / z0_grid)
    assert complex(res.value("Q", "rk0_ohm"), res.value("Q", "xk0_ohm")) == pytest.approx(z0, rel=1e-9)


def test_motor_group_contribution_by_hand():
    """An MV motor and an LV motor group (IEC 60909-0 §6.8): Z_M = U_rM^2 / (I_LR/I_rM S_rM), R/X by the
    rule, ib = I''kQ + mu q I''kM (non-meshed), ik without motors, all written out."""
    net = Network(
        buses=[Bus(id="A", vn_kv=10), Bus(id="LV", vn_kv=0.4)],
        external_grids=[ExternalGrid(id="Q", bus="A", s_sc_max_mva=250, rx_max=0.1)],
        transformers=[Transformer(id="TL", hv_bus="A", lv_bus="LV", sn_mva=1.0, vn_hv_kv=10, vn_lv_kv=0.4,
                                  vk_percent=6, vkr_percent=1.0)],
        motors=[Motor(id="M", bus="A", pn_mech_mw=2.0, cos_phi=0.88, efficiency_percent=96, lrc_pu=5.5, vn_kv=10,
                      pole_pairs=2),
                Motor(id="LVG", bus="LV", pn_mech_mw=0.4, cos_phi=0.85, efficiency_percent=92, vn_kv=0.4)],
    )
    s_rm = 2.0 / (0.96 * 0.88)
    z_m = 1 / 5.5 * 10**2 / s_rm
    rx = 0.10  # MV, m = P_rM / p = 1 MW >= 1 MW
    z_m = complex(rx, 1) * z_m / np.sqrt(1 + rx**2)
    zq = C * 10**2 / 250
    z_q = complex(0.1, 1) * zq / np.sqrt(1.01)
    # the LV group behind TL: Z = U^2 / (5 S_rM) with R/X = 0.42 (LV group, I_LR/I_rM = 5 assumed)
    s_lv = 0.4 / (0.92 * 0.85)
    z_lv = complex(0.42, 1) * (1 / 5 * 0.4**2 / s_lv) / np.sqrt(1 + 0.42**2) * (10 / 0.4) ** 2
    kt = 0.95 * C / (1 + 0.6 * np.sqrt(0.06**2 - 0.01**2))
    z_t = kt * complex(0.01, np.sqrt(0.06**2 - 0.01**2)) * 10**2 / 1.0
    u = C * 10 / SQ3
    i_q, i_m, i_lv = u / z_q, u / z_m, u / (z_t + z_lv)
    res = run_short_circuit(net, buses=["A"], tmin_s=0.05)
    assert res.value("A", "ikss_ka") == pytest.approx(abs(i_q + i_m + i_lv), rel=1e-9)
    row = res.to_dict()["buses"][0]
    assert row["near_to_generator"]  # motors feed more than 5 % of I''k without motors
    decay = {d["element"]: d for d in row["decay"]}
    i_rm = s_rm / (SQ3 * 10)
    mu = 0.71 + 0.51 * np.exp(-0.30 * abs(i_m) / i_rm)
    q = 0.79 + 0.12 * np.log(1.0)
    assert decay["M"]["mu"] == pytest.approx(mu, rel=1e-12) and decay["M"]["q"] == pytest.approx(q, rel=1e-12)
    i_rlv = s_lv / (SQ3 * 0.4)
    ratio_lv = abs(i_lv) * 10 / 0.4 / i_rlv  # the group's own current, at 0.4 kV
    mu_lv = 0.71 + 0.51 * np.exp(-0.30 * ratio_lv)
    q_lv = min(0.79 + 0.12 * np.log(0.05), 1.0)  # LV group: m = 0.05 MW when not known
    assert decay["LVG"]["q"] == pytest.approx(q_lv, rel=1e-12)
    ib = abs(i_q) + mu * q * abs(i_m) + mu_lv * q_lv * abs(i_lv)
    assert res.value("A", "ib_ka") == pytest.approx(ib, rel=1e-9)
    assert res.value("A", "ik_ka") == pytest.approx(abs(i_q), rel=1e-9)  # motors: no steady-state current


@pytest.mark.parametrize("tmin", [0.02, 0.05, 0.10, 0.25])
def test_mu_and_q_at_the_tabulated_delays(tmin):
    """IEC 60909-0 eq. (70) and (73) at t_min = 0.02, 0.05, 0.10, >= 0.25 s."""
    a, b, c = {0.02: (0.84, 0.26, 0.26), 0.05: (0.71, 0.51, 0.30), 0.10: (0.62, 0.72, 0.32),
               0.25: (0.56, 0.94, 0.38)}[tmin]
    ratios = np.array([1.5, 2.0, 3.0, 5.0, 8.0])
    expected = np.where(ratios <= 2, 1.0, np.minimum(a + b * np.exp(-c * ratios), 1.0))
    np.testing.assert_allclose(mu_factor(ratios, tmin), expected, rtol=1e-15)
    assert mu_factor(np.array([8.0]), 1.0)[0] == pytest.approx(0.56 + 0.94 * np.exp(-0.38 * 8))  # >= 0.25 s
    qa, qb = {0.02: (1.03, 0.12), 0.05: (0.79, 0.12), 0.10: (0.57, 0.12), 0.25: (0.26, 0.10)}[tmin]
    m = np.array([0.05, 0.3, 1.0, 4.0])
    # at most 1, and not below 0 (0.26 + 0.10 ln m < 0 for m < 0.075 MW at >= 0.25 s)
    np.testing.assert_allclose(q_factor(m, tmin), np.clip(qa + qb * np.log(m), 0.0, 1.0), rtol=1e-15)
    assert q_factor(np.array([np.nan]), tmin)[0] == 1.0


def test_mu_and_q_between_the_tabulated_delays():
    r, m = np.array([5.0]), np.array([2.0])
    mid = 0.5 * (0.62 + 0.72 * np.exp(-0.32 * 5)) + 0.5 * (0.71 + 0.51 * np.exp(-0.30 * 5))
    assert mu_factor(r, 0.075)[0] == pytest.approx(mid, rel=1e-12)
    assert q_factor(m, 0.075)[0] == pytest.approx(0.5 * (0.57 + 0.79) + 0.12 * np.log(2), rel=1e-12)


@pytest.mark.parametrize("case", ["max", "min"])
def test_lambda_for_a_single_fed_fault(case):
    """Ik = lambda I_rG at the generator, I_rG lambda / t_r on the unit's HV side (IEC 60909-0 §10.2.1)."""
    net = unit(True, lambda_max=1.8, lambda_min=0.55)
    net.external_grids = []
    res = run_short_circuit(net, case=case)
    lam = 1.8 if case == "max" else 0.55
    i_rg = 100 / (SQ3 * 10.5)
    assert res.value("G", "ik_ka") == pytest.approx(lam * i_rg, rel=1e-9)
    assert res.value("Q", "ik_ka") == pytest.approx(lam * i_rg * 10.5 / 120, rel=1e-9)
    rows = {r["id"]: r for r in res.to_dict()["buses"]}
    assert rows["Q"]["ik_rule"].startswith("Ik = sum of the partial currents")
    net.generators[0].lambda_max = net.generators[0].lambda_min = None
    res = run_short_circuit(net, case=case)
    assert res.value("Q", "ik_ka") == pytest.approx(res.value("Q", "ikss_ka"), rel=1e-12)
    assert any("lambda" in n for n in res.notes)


def grid_and_generator() -> Network:
    """A 10 MVA generator 60 km from the grid's busbar: a fault at its terminals is near to it, one at
    the far busbar is fed by it with less than twice its rated current."""
    return Network(
        buses=[Bus(id="A", vn_kv=20), Bus(id="B", vn_kv=20)],
        external_grids=[ExternalGrid(id="Q", bus="A", s_sc_max_mva=500, rx_max=0.1)],
        lines=[Line(id="L", from_bus="A", to_bus="B", length_km=60, r_ohm_per_km=0.1, x_ohm_per_km=0.4)],
        generators=[Generator(id="GEN", bus="B", p_mw=8, sn_mva=10, vn_kv=20, xdss_pu=0.15, cos_phi=0.85)],
    )


def test_near_or_far_decided_per_fault():
    """Near to generator (I''kG > 2 I_rG, IEC 60909-0 §3.16): decay; far (§3.17): ib = ik = I''k."""
    res = run_short_circuit(grid_and_generator(), tmin_s=0.05)
    rows = {r["id"]: r for r in res.to_dict()["buses"]}
    assert rows["B"]["near_to_generator"] and res.value("B", "ib_ka") < res.value("B", "ikss_ka")
    assert rows["B"]["decay"][0]["ratio"] > 2
    assert not rows["A"]["near_to_generator"] and "decay" not in rows["A"]
    gen = next(c for c in rows["A"]["contributions"] if c["element"] == "GEN")
    assert gen["i_ka"][0] <= 2 * 10 / (SQ3 * 20)
    assert res.value("A", "ib_ka") == res.value("A", "ikss_ka") == res.value("A", "ik_ka")


def test_motor_neglect_only_where_allowed():
    """IEC 60909-0 §6.8: motors may be neglected where sum I_rM <= 0.01 I''kM; results say where."""
    net = Network(buses=[Bus(id="A", vn_kv=20), Bus(id="B", vn_kv=20)],
                  external_grids=[ExternalGrid(id="Q", bus="A", s_sc_max_mva=1000, rx_max=0.1)],
                  lines=[Line(id="L", from_bus="A", to_bus="B", length_km=30, r_ohm_per_km=0.3, x_ohm_per_km=0.4)],
                  motors=[Motor(id="M", bus="B", pn_mech_mw=1.5, cos_phi=0.88, efficiency_percent=96, lrc_pu=5,
                                pole_pairs=1)])
    full = run_short_circuit(net)
    allowed = run_short_circuit(net, motors="neglect_where_allowed")
    rows = {r["id"]: r for r in allowed.to_dict()["buses"]}
    i_rm = 1.5 / (0.96 * 0.88) / (SQ3 * 20)
    without = net.model_copy(deep=True)
    without.motors = []
    bare = run_short_circuit(without)
    assert i_rm <= 0.01 * bare.value("A", "ikss_ka") and i_rm > 0.01 * bare.value("B", "ikss_ka")
    assert rows["A"]["motors_neglected"] and rows["A"]["motors_negligible"]
    assert not rows["B"]["motors_neglected"] and not rows["B"]["motors_negligible"]
    assert allowed.value("A", "ikss_ka") == pytest.approx(bare.value("A", "ikss_ka"), rel=1e-12)
    assert allowed.value("B", "ikss_ka") == full.value("B", "ikss_ka")
    assert full.value("A", "ikss_ka") > allowed.value("A", "ikss_ka")
    assert any("neglected at 1 fault" in n for n in allowed.notes)


def test_three_winding_correction_per_pair():
    """K_TAB, K_TBC, K_TAC = 0.95 c_max / (1 + 0.6 x_T,pair) (IEC 60909-0 §6.3.3 eq. (13))."""
    net = Network(buses=[Bus(id="H", vn_kv=110), Bus(id="M", vn_kv=20), Bus(id="L", vn_kv=10)],
                  external_grids=[ExternalGrid(id="Q", bus="H", s_sc_max_mva=2000, rx_max=0.1)],
                  transformers3w=[Transformer3W(id="T", hv_bus="H", mv_bus="M", lv_bus="L", sn_hv_mva=40,
                                                sn_mv_mva=40, sn_lv_mva=20, vn_hv_kv=110, vn_mv_kv=20, vn_lv_kv=10,
                                                vk_hv_percent=12, vk_mv_percent=8, vk_lv_percent=10,
                                                vkr_hv_percent=0.4, vkr_mv_percent=0.3, vkr_lv_percent=0.35)])
    got = {x["factor"]: x["value"] for x in run_short_circuit(net).to_dict()["corrections"] if x["element"] == "T"}
    for pair, vk, vkr in (("HV-MV", 12, 0.4), ("MV-LV", 8, 0.3), ("HV-LV", 10, 0.35)):
        assert got[f"K_T {pair}"] == pytest.approx(0.95 * C / (1 + 0.6 * np.sqrt(vk**2 - vkr**2) / 100), rel=1e-12)


def test_unbalanced_faults_inside_a_unit_use_the_same_corrections():
    """2ph = sqrt3/2 3ph inside and outside the unit (Z2 = Z1 with the same K_G,S, K_T,S and K_S)."""
    net = unit(True)
    net.external_grids = [ExternalGrid(id="N", bus="Q", s_sc_max_mva=3000, rx_max=0.1)]
    r3, r2 = run_short_circuit(net, fault="3ph"), run_short_circuit(net, fault="2ph")
    np.testing.assert_allclose(r2.array("ikss_ka"), SQ3 / 2 * r3.array("ikss_ka"), rtol=1e-12)
    assert r2.to_dict()["buses"][1]["inside_unit"]["factors"] == ["K_G,S", "K_T,S"]


def test_legacy_motor_generator_still_loads_and_equals_the_motor_element():
    legacy = Network.model_validate({
        "buses": [{"id": "A", "vn_kv": 10}],
        "external_grids": [{"id": "Q", "bus": "A", "s_sc_max_mva": 200, "rx_max": 0.1}],
        "generators": [{"id": "M", "bus": "A", "kind": "motor", "sn_mva": 2.5, "lrc_pu": 5, "rx": 0.1,
                        "voltage_control": False}]})
    motor = Network(buses=legacy.buses, external_grids=legacy.external_grids,
                    motors=[Motor(id="M", bus="A", pn_mech_mw=2.5, cos_phi=1.0, efficiency_percent=100,
                                  lrc_pu=5, rx=0.1)])
    assert run_short_circuit(legacy).value("A", "ikss_ka") == pytest.approx(
        run_short_circuit(motor).value("A", "ikss_ka"), rel=1e-12)
