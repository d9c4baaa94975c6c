"""Device placement (branch end, switch, bus coupler, across a transformer), fuse rules, recloser
sequences with timed reset, and damage curves, each checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gridsolve.errors import InvalidNetworkError, StudyInputError
from gridsolve.model import parse_network
from gridsolve.protection import (
    CURVES,
    ProtectionOptions,
    cable_damage_curve,
    fuse_curves,
    fuse_library,
    operate_time,
    run_protection,
    transformer_damage_curve,
)
from gridsolve.protection.devices import build_devices

UN = 11e3


def line(i, f, t, km):
    return {"id": i, "from_bus": f, "to_bus": t, "length_km": km, "r_ohm_per_km": 0.16, "x_ohm_per_km": 0.35}


def net2(devices: dict, extra_buses=(), extra_lines=(), switches=()) -> dict:
    """grid(250 MVA) S --L1 3 km-- A --L2 4 km-- B, plus whatever the test adds."""
    return {"buses": [{"id": b, "vn_kv": 11.0} for b in ("S", "A", "B", *extra_buses)],
            "external_grids": [{"id": "grid", "bus": "S", "s_sc_max_mva": 250, "s_sc_min_mva": 150, "rx_max": 0.1,
                                "rx_min": 0.1}],
            "lines": [line("L1", "S", "A", 3.0), line("L2", "A", "B", 4.0), *extra_lines],
            "switches": list(switches), **devices}


def i3(km: float, case: str = "max") -> float:
    """IEC 60909 I''k3 at `km` of line from S (c 1.1/1.0, Z_Q = c Un^2/S''k, R/X 0.1; no end temperature given)."""
    c, s = (1.1, 250e6) if case == "max" else (1.0, 150e6)
    xq = c * UN**2 / s / math.sqrt(1.01)
    return c * UN / (math.sqrt(3) * abs(complex(0.1 * xq + 0.16 * km, xq + 0.35 * km)))


def relay(rid, curve="IEC-SI", pickup=300.0, dial=0.2, **kw):
    loc = {k: kw.pop(k) for k in ("branch", "bus", "switch") if k in kw}
    return {"id": rid, **loc, "elements": [{"function": "51", "curve": curve, "pickup_a": pickup, "dial": dial, **kw}]}


def test_relay_on_switch_and_on_coupler_see_the_branch_current():
    devices = {"relays": [relay("Rsw", switch="sw_L2"), relay("Rbr", branch="L2", bus="A", pickup=250.0),
                          relay("Rcb", switch="cb", pickup=400.0)]}
    # the coupler cb joins S to S2, which feeds L3 (2 km) to C: its relay sees L3's current
    data = net2(devices, extra_buses=("S2", "C"), extra_lines=[line("L3", "S2", "C", 2.0)],
                switches=[{"id": "sw_L2", "bus": "A", "element": "L2", "et": "line"},
                          {"id": "cb", "bus": "S", "element": "S2", "et": "bus"}])
    res = run_protection(parse_network(data))
    dev = {d.id: d for d in res.devices}
    assert dev["Rsw"].i_max_a == pytest.approx(i3(3.0), rel=1e-5) == dev["Rbr"].i_max_a
    assert dev["Rsw"].i_min_a == pytest.approx(i3(7.0, "min"), rel=1e-5)
    assert dev["Rcb"].i_max_a == pytest.approx(i3(0.0), rel=1e-5)  # close-in: the whole bus current
    assert dev["Rcb"].i_min_a == pytest.approx(i3(2.0, "min"), rel=1e-5)  # far end of L3
    assert dev["Rcb"].zone == ["C", "S2"] and dev["Rsw"].backups == [] and dev["Rsw"].switch == "sw_L2"


def test_recloser_shots_with_timed_reset_of_the_backup_relay():
    def make(reset):
        return {"relays": [relay("R", "IEEE-VI", 300.0, 2.0, branch="L1", bus="S", reset=reset)],
                "reclosers": [{"id": "REC", "branch": "L2", "bus": "A", "pickup_a": 200.0, "fast_shots": 1,
                               "delayed_shots": 2, "reclose_intervals_s": [0.5, 2.0], "interrupting_time_s": 0.05}]}

    i = i3(7.0)  # fault at B, max case: the same current through both
    m_r, m_rec = i / 300.0, i / 200.0
    t_r = 2.0 * (19.61 / (m_r**2 - 1) + 0.491)
    fast = operate_time(CURVES["OpenDSS-A"], [m_rec], 1.0)[0]
    slow = operate_time(CURVES["OpenDSS-D"], [m_rec], 1.0)[0]
    t_r0 = 2.0 * 21.6  # IEEE C37.112 reset from full travel at M = 0
    travel = max(0.0, (fast + 0.05) / t_r - 0.5 / t_r0)
    travel = max(0.0, travel + (slow + 0.05) / t_r - 2.0 / t_r0)
    expected = {"timed": (1 - travel) * t_r - slow, "instantaneous": t_r - slow}
    for reset, margin in expected.items():
        res = run_protection(parse_network(net2(make(reset))))
        pr = next(p for p in res.pairs if p.primary == "REC")
        pt = next(p for p in pr.points if p.fault_bus == "B" and p.case == "max")
        assert pt.i_primary_a == pytest.approx(i, rel=1e-5)
        assert pt.margin_s == pytest.approx(margin, rel=1e-4), reset
    assert expected["timed"] < expected["instantaneous"]


def test_fuse_saving_range_is_reported_for_a_fuse_below_a_recloser():
    data = net2({"reclosers": [{"id": "REC", "branch": "L1", "bus": "S", "pickup_a": 200.0}],
                 "fuses": [{"id": "F", "branch": "L2", "bus": "A", "fuse_type": "T", "rated_a": 65.0}]})
    res = run_protection(parse_network(data))
    pr = next(p for p in res.pairs if p.primary == "F")
    assert pr.rule == "fuse_then_relay" and any(n.startswith("fuse saving") for n in pr.notes)


def test_fuse_fuse_75_percent_rule_and_suggested_rating():
    data = net2({"fuses": [{"id": "F1", "branch": "L1", "bus": "S", "fuse_type": "K", "rated_a": 65.0},
                           {"id": "F2", "branch": "L2", "bus": "A", "fuse_type": "K", "rated_a": 40.0}]})
    res = run_protection(parse_network(data))
    pr = next(p for p in res.pairs if (p.primary, p.backup) == ("F2", "F1"))
    assert pr.rule == "fuse_backup"
    k_i = [2.0, 2.2, 3.0, 4.0, 6.0, 30.0]
    k_t = [300.0, 20.0, 4.0, 1.3, 0.41, 0.02]

    def k_link(rating, i):  # OpenDSS KLink: straight lines on log-log axes, last time beyond 30 x
        return float(np.exp(np.interp(np.log(i / rating), np.log(k_i), np.log(k_t))))

    for pt in pr.points:
        i = pt.i_primary_a
        assert pt.i_backup_a == pytest.approx(i, rel=1e-9)
        assert pt.margin_s == pytest.approx(0.75 * k_link(65.0, i) - k_link(40.0, i), abs=1e-9)
    assert not pr.ok  # beyond 30 x both links sit at 0.02 s: no 75 % margin at high currents
    sug = next(s for s in pr.suggestions if s.field == "rated_a")
    assert sug.device == "F1"
    i_max = max(pt.i_primary_a for pt in pr.points)
    assert 0.75 * k_link(sug.value, i_max) >= k_link(40.0, i_max) - 1e-9


def test_hv_fuse_across_a_transformer_sees_the_hv_current():
    data = {"buses": [{"id": "HV", "vn_kv": 20.0}, {"id": "LV", "vn_kv": 0.4}, {"id": "X", "vn_kv": 0.4}],
            "external_grids": [{"id": "grid", "bus": "HV", "s_sc_max_mva": 100, "s_sc_min_mva": 50, "rx_max": 0.1,
                                "rx_min": 0.1}],
            "transformers": [{"id": "T", "hv_bus": "HV", "lv_bus": "LV", "sn_mva": 0.63, "vn_hv_kv": 20.0,
                              "vn_lv_kv": 0.4, "vk_percent": 6.0, "vkr_percent": 1.0, "vector_group": "Dyn5"}],
            "lines": [{"id": "L", "from_bus": "LV", "to_bus": "X", "length_km": 0.1, "r_ohm_per_km": 0.2067,
                       "x_ohm_per_km": 0.080424}],
            "fuses": [{"id": "FHV", "branch": "T", "bus": "HV", "fuse_type": "HV 63A"},
                      {"id": "FLV", "branch": "L", "bus": "LV", "fuse_type": "Siemens NH-2-315"}]}
    res = run_protection(parse_network(data))
    pr = next(p for p in res.pairs if (p.primary, p.backup) == ("FLV", "FHV"))
    for pt in pr.points:  # balanced fault: the HV current is the LV current times 0.4/20
        assert pt.i_backup_a == pytest.approx(pt.i_primary_a * 0.4 / 20.0, rel=1e-6)
    damage = [d for d in res.tcc.damage if d.element == "T"]
    assert {d.kind for d in damage} == {"transformer_hv", "transformer_lv"}
    hv = next(d for d in damage if d.kind == "transformer_hv")
    assert hv.details["category"] == 2 and hv.vn_kv == 20.0


def test_transformer_and_cable_damage_curves_by_hand():
    # IEEE C57.109 category II (2.5 MVA, 3 phases), Z = 5.75 %, frequent faults
    d = transformer_damage_curve(2.5, 5.75, 1.0)
    i, t = np.array(d["i_a"]), np.array(d["t_s"])
    i_max = 1 / 0.0575
    assert d["category"] == 2 and d["i_max_pu"] == pytest.approx(i_max)
    assert i[-1] == pytest.approx(i_max) and t[-1] == pytest.approx(2.0)  # 2 s at the maximum current
    knee = 0.7 * i_max
    thermal = i <= knee * (1 - 1e-12)
    assert t[thermal] == pytest.approx(1250 / i[thermal] ** 2)  # I^2 t = 1250
    mech = i >= knee * (1 + 1e-12)
    assert t[mech] == pytest.approx(2 * i_max**2 / i[mech] ** 2)
    assert t[0] == pytest.approx(50.0)
    assert transformer_damage_curve(0.3, 4.0, 1.0)["category"] == 1
    assert transformer_damage_curve(20.0, 10.0, 1.0, frequent_faults=False)["frequent_faults"] is False
    assert transformer_damage_curve(50.0, 12.0, 1.0, frequent_faults=False)["frequent_faults"] is True  # cat IV
    # cable: I^2 t = (k S)^2, 95 mm2 copper XLPE, k = 143 (IEC 60364-4-43 Table 43A)
    c = cable_damage_curve(95.0, 143.0)
    assert np.array(c["i_a"]) ** 2 * np.array(c["t_s"]) == pytest.approx((143.0 * 95.0) ** 2)
    data = net2({"relays": [relay("R", branch="L1", bus="S")]})
    res = run_protection(parse_network(data), ProtectionOptions(cables={"L1": {"area_mm2": 400.0,
                                                                               "insulation": "pvc"}}))
    cab = next(x for x in res.tcc.damage if x.element == "L1")
    assert cab.details["k"] == 103.0  # PVC above 300 mm2


def test_fuse_library_and_curves():
    lib = fuse_library()["fuse_types"]
    by_name = {f["name"]: f for f in lib}
    assert by_name["K"]["published"] == by_name["Siemens NH-2-315"]["published"] == \
        "one curve, used as both minimum-melting and total-clearing"
    assert by_name["HV 63A"]["published"] == "minimum-melting and total-clearing"
    assert "HV 10A" not in by_name  # not monotone as published: the library leaves it out
    assert all(f["source"] for f in lib)
    k = fuse_curves("K", 25.0)
    assert k.min_melting([49.0, 50.0, 750.0, 1000.0]) == pytest.approx([np.inf, 300.0, 0.02, 0.02])
    mid = math.sqrt(75.0 * 100.0)  # halfway between 3 x and 4 x on log axes
    assert k.total_clearing([mid])[0] == pytest.approx(math.sqrt(4.0 * 1.3))
    with pytest.raises(StudyInputError, match="generic: give rated_a"):
        fuse_curves("T")
    with pytest.raises(StudyInputError, match="rated 63 A, not 50 A"):
        fuse_curves("HV 63A", 50.0)


def test_bad_devices_are_named():
    with pytest.raises(InvalidNetworkError) as exc:
        run_protection(parse_network(net2({"fuses": [{"id": "F", "branch": "L1", "bus": "S", "fuse_type": "Q"}]})))
    assert exc.value.element_id == "F" and exc.value.field == "fuse_type"
    with pytest.raises(InvalidNetworkError) as exc:
        run_protection(parse_network(net2({"fuses": [{"id": "F", "branch": "L1", "bus": "S", "fuse_type": "K"}]})))
    assert exc.value.element_id == "F" and exc.value.field == "rated_a"
    with pytest.raises(InvalidNetworkError) as exc:
        run_protection(parse_network(net2({"relays": [relay("R", "DT", branch="L1", bus="S", reset="timed")]})))
    assert exc.value.element_id == "R" and exc.value.field == "elements.0.reset_model"
    with pytest.raises(InvalidNetworkError) as exc:
        parse_network(net2({"relays": [relay("R", switch="nope")]}))
    assert exc.value.element_id == "R" and exc.value.field == "switch"
    with pytest.raises(StudyInputError, match="no in-service relay, fuse or recloser"):
        run_protection(parse_network(net2({})))


def test_ground_and_instantaneous_elements_and_taps():
    r = {"id": "R", "branch": "L1", "bus": "S", "ct_primary_a": 400.0, "ct_secondary_a": 5.0, "breaker_time_s": 0.08,
         "elements": [{"function": "51", "curve": "IEEE-VI", "tap_a": 5.0, "dial": 2.0},  # 400 A primary
                      {"function": "50", "pickup_a": 4000.0, "delay_s": 0.05},
                      {"function": "51N", "curve": "IEC-SI", "pickup_a": 100.0, "dial": 0.1},
                      {"function": "50N", "pickup_a": 2000.0, "in_service": False}]}
    dev = build_devices(parse_network(net2({"relays": [r]})))["R"]
    i = np.array([300.0, 800.0, 5000.0])
    t51 = 2.0 * (19.61 / ((i / 400.0) ** 2 - 1) + 0.491)
    t51n = 0.1 * 0.14 / ((i / 100.0) ** 0.02 - 1)
    phase = dev.operate_time(i)
    assert np.isinf(phase[0]) and phase[1] == pytest.approx(t51[1]) and phase[2] == pytest.approx(0.05)
    earth = dev.operate_time(i, ground=True)  # earth faults: the residual elements too
    assert earth == pytest.approx([t51n[0], min(t51[1], t51n[1]), 0.05])
    assert dev.clearing_time(i[1:])[0] == pytest.approx(t51[1] + 0.08)
    assert dev.pickups_a() == [100.0, 400.0, 4000.0]
