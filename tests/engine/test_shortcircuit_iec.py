"""IEC 60909 by hand on a radial case, symmetry/sanity checks, error paths, CLI and result shapes."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gridsolve.errors import StudyInputError
from gridsolve.model import Bus, ExternalGrid, Generator, Line, Network, Switch, Transformer
from gridsolve.shortcircuit import run_short_circuit

C = 1.1
SQ3 = np.sqrt(3)


def radial(vector_group: str = "Dyn", **kw) -> Network:
    """110 kV grid (1000 MVA) - 40 MVA 110/20 kV transformer - 5 km 20 kV line."""
    return Network(
        name="radial", base_mva=100.0, f_hz=50.0,
        buses=[Bus(id="HV", vn_kv=110), Bus(id="MV", vn_kv=20), Bus(id="END", vn_kv=20)],
        external_grids=[ExternalGrid(id="grid", bus="HV", s_sc_max_mva=1000, s_sc_min_mva=800, rx_max=0.1,
                                     rx_min=0.1, x0x_max=1.0, x0x_min=1.0, r0x0_max=0.1, r0x0_min=0.1)],
        transformers=[Transformer(id="T1", hv_bus="HV", lv_bus="MV", sn_mva=40, vn_hv_kv=110, vn_lv_kv=20,
                                  vk_percent=12, vkr_percent=0.5, vector_group=vector_group, vk0_percent=12,
                                  vkr0_percent=0.5, mag0_percent=100, mag0_rx=0, si0_hv_partial=0.9)],
        lines=[Line(id="L1", from_bus="MV", to_bus="END", length_km=5, r_ohm_per_km=0.2, x_ohm_per_km=0.4,
                    r0_ohm_per_km=0.8, x0_ohm_per_km=1.2, endtemp_degree=80)],
        **kw,
    )


def kappa(rx):
    return 1.02 + 0.98 * np.exp(-3 * rx)


def hand_impedances(case="max"):
    """Z1 at MV and END, and Z0 at END, in ohm at 20 kV, from the IEC formulas."""
    s_sc = 1000 if case == "max" else 800
    c = 1.1 if case == "max" else 1.0
    zq = c * 110**2 / s_sc / (110 / 20) ** 2
    xq = zq / np.sqrt(1 + 0.1**2)
    z_q = complex(0.1 * xq, xq)
    zt = 0.12 * 20**2 / 40
    rt = 0.005 * 20**2 / 40
    xt = np.sqrt(zt**2 - rt**2)
    kt = 0.95 * 1.1 / (1 + 0.6 * np.sqrt(0.12**2 - 0.005**2)) if case == "max" else 1.0
    z_t = kt * complex(rt, xt)
    r_fac = 1 + 0.004 * (80 - 20) if case == "min" else 1.0
    z_l = complex(0.2 * 5 * r_fac, 0.4 * 5)
    z_l0 = complex(0.8 * 5 * r_fac, 1.2 * 5)
    return z_q + z_t, z_q + z_t + z_l, z_t + z_l0  # Dyn: the 110 kV grid is not seen in zero sequence


@pytest.mark.parametrize("case", ["max", "min"])
def test_radial_by_hand(case):
    c = 1.1 if case == "max" else 1.0
    z_mv, z_end, z0_end = hand_impedances(case)
    net = radial()
    r3 = run_short_circuit(net, fault="3ph", case=case)
    for bus, z in (("MV", z_mv), ("END", z_end)):
        ik = c * 20 / (SQ3 * abs(z))
        assert r3.value(bus, "ikss_ka") == pytest.approx(ik, rel=1e-9)
        assert r3.value(bus, "rk_ohm") == pytest.approx(z.real, rel=1e-9)
        assert r3.value(bus, "xk_ohm") == pytest.approx(z.imag, rel=1e-9)
        # radial: method C's R/X equals the R/X at the fault
        k = kappa(z.real / z.imag)
        assert r3.value(bus, "ip_ka") == pytest.approx(k * np.sqrt(2) * ik, rel=1e-9)
        lk = np.log(k - 1)
        m = (np.exp(4 * 50 * 1.0 * lk) - 1) / (2 * 50 * 1.0 * lk)
        assert r3.value(bus, "ith_ka") == pytest.approx(ik * np.sqrt(m + 1), rel=1e-9)
        assert r3.value(bus, "ib_ka") == pytest.approx(ik, rel=1e-12)  # far from generators
        assert r3.value(bus, "ik_ka") == pytest.approx(ik, rel=1e-12)
        assert r3.value(bus, "skss_mva") == pytest.approx(SQ3 * 20 * ik, rel=1e-12)
    r2 = run_short_circuit(net, fault="2ph", case=case, buses=["END"])
    assert r2.value("END", "ikss_ka") == pytest.approx(c * 20 / (2 * abs(z_end)), rel=1e-9)
    r1 = run_short_circuit(net, fault="1ph", case=case, buses=["END"])
    ik1 = SQ3 * c * 20 / abs(2 * z_end + z0_end)
    assert r1.value("END", "ikss_ka") == pytest.approx(ik1, rel=1e-9)
    assert r1.value("END", "rk0_ohm") == pytest.approx(z0_end.real, rel=1e-9)
    assert r1.value("END", "ike_ka") == pytest.approx(ik1, rel=1e-9)  # 3 I0 = Ia for 1ph
    # earth fault on the 110 kV side of a Dyn transformer sees only the grid's Z0
    r1h = run_short_circuit(net, fault="1ph", case=case, buses=["HV"])
    zq = c * 110**2 / (1000 if case == "max" else 800)
    xq = zq / np.sqrt(1.01)
    z1q_hv = complex(0.1 * xq, xq)
    z0q_hv = complex(0.1 * xq, xq)  # X0/X = 1, R0/X0 = 0.1
    assert r1h.value("HV", "ikss_ka") == pytest.approx(SQ3 * c * 110 / abs(2 * z1q_hv + z0q_hv), rel=1e-9)


def test_fault_impedance_and_2phg():
    net = radial()
    z_mv, z_end, z0_end = hand_impedances()
    zf = complex(0.5, 0.2)
    r3 = run_short_circuit(net, fault="3ph", buses=["END"], r_fault_ohm=0.5, x_fault_ohm=0.2)
    assert r3.value("END", "ikss_ka") == pytest.approx(C * 20 / (SQ3 * abs(z_end + zf)), rel=1e-9)
    r1 = run_short_circuit(net, fault="1ph", buses=["END"], r_fault_ohm=0.5, x_fault_ohm=0.2)
    assert r1.value("END", "ikss_ka") == pytest.approx(SQ3 * C * 20 / abs(2 * z_end + z0_end + 3 * zf), rel=1e-9)
    # double line to earth (bolted): I1 = c/(Z1 + Z2||Z0), phase b and c currents, earth current 3 I0
    rg = run_short_circuit(net, fault="2phg", buses=["END"])
    ub = 20 / SQ3
    i1 = C * ub / (z_end + z_end * z0_end / (z_end + z0_end))
    i2 = -i1 * z0_end / (z_end + z0_end)
    i0 = -i1 * z_end / (z_end + z0_end)
    a = np.exp(2j * np.pi / 3)
    ib, ic = i0 + a * a * i1 + a * i2, i0 + a * i1 + a * a * i2
    assert rg.value("END", "ikss_ka") == pytest.approx(max(abs(ib), abs(ic)), rel=1e-9)
    assert rg.value("END", "ike_ka") == pytest.approx(abs(3 * i0), rel=1e-9)
    phases = rg.to_dict()["buses"][0]["phases"]
    assert phases["i_ka"][0] == pytest.approx(0, abs=1e-9)  # phase a is healthy
    assert phases["v_pu"][1] == pytest.approx(0, abs=1e-9) and phases["v_pu"][2] == pytest.approx(0, abs=1e-9)


def test_symmetry_2ph_is_sqrt3_over_2_of_3ph():
    net = radial()
    r3 = run_short_circuit(net, fault="3ph")
    r2 = run_short_circuit(net, fault="2ph")
    np.testing.assert_allclose(r2.array("ikss_ka"), SQ3 / 2 * r3.array("ikss_ka"), rtol=1e-12)


def test_1ph_equals_3ph_when_z0_equals_z1():
    net = Network(
        buses=[Bus(id="A", vn_kv=20), Bus(id="B", vn_kv=20), Bus(id="C", vn_kv=20)],
        external_grids=[ExternalGrid(id="g", bus="A", s_sc_max_mva=300, rx_max=0.2, x0x_max=1.0, r0x0_max=0.2)],
        lines=[Line(id="l1", from_bus="A", to_bus="B", length_km=3, r_ohm_per_km=0.3, x_ohm_per_km=0.35,
                    r0_ohm_per_km=0.3, x0_ohm_per_km=0.35),
               Line(id="l2", from_bus="B", to_bus="C", length_km=2, r_ohm_per_km=0.1, x_ohm_per_km=0.4,
                    r0_ohm_per_km=0.1, x0_ohm_per_km=0.4),
               Line(id="l3", from_bus="A", to_bus="C", length_km=6, r_ohm_per_km=0.2, x_ohm_per_km=0.3,
                    r0_ohm_per_km=0.2, x0_ohm_per_km=0.3)],
    )
    r3 = run_short_circuit(net, fault="3ph")
    r1 = run_short_circuit(net, fault="1ph")
    np.testing.assert_allclose(r1.array("ikss_ka"), r3.array("ikss_ka"), rtol=1e-12)
    rg = run_short_circuit(net, fault="2phg")
    assert np.all(rg.array("ikss_ka") > run_short_circuit(net, fault="2ph").array("ikss_ka"))


def meshed_with_generator() -> Network:
    net = radial()
    net.buses.append(Bus(id="GEN", vn_kv=20))
    net.lines.append(Line(id="L2", from_bus="END", to_bus="GEN", length_km=2, r_ohm_per_km=0.2, x_ohm_per_km=0.4,
                          r0_ohm_per_km=0.8, x0_ohm_per_km=1.2))
    net.lines.append(Line(id="L3", from_bus="MV", to_bus="GEN", length_km=4, r_ohm_per_km=0.15, x_ohm_per_km=0.35,
                          r0_ohm_per_km=0.6, x0_ohm_per_km=1.0))
    net.generators.append(Generator(id="G1", bus="GEN", p_mw=8, sn_mva=10, vn_kv=20, xdss_pu=0.15, cos_phi=0.85))
    return net


@pytest.mark.parametrize("fault", ["3ph", "2ph", "1ph", "2phg"])
def test_contributions_sum_to_fault_current(fault):
    net = meshed_with_generator()
    res = run_short_circuit(net, fault=fault, buses=["END", "MV", "GEN", "HV"])
    for row in range(len(res.fault_buses)):
        total = np.zeros(3, dtype=complex)
        for _k, _end, ph in res.incident[row]:
            total += ph
        bus = res.fault_buses[row]
        for s, src in enumerate(res.networks.sources):
            if src.bus == bus:
                total += res.source_contrib[row, s]
        np.testing.assert_allclose(total, res.phase_i[row], atol=1e-9 * np.abs(res.phase_i[row]).max())
    # sources feed the whole fault current in a 3ph fault (no shunts elsewhere); compare in per unit
    if fault == "3ph":
        base = net.base_mva
        vn_src = res.networks.vn_kv[[s.bus for s in res.networks.sources]]
        for row, bus in enumerate(res.fault_buses):
            src_pu = (res.source_contrib[row] * (SQ3 * vn_src / base)[:, None]).sum(axis=0)
            fault_pu = res.phase_i[row] * SQ3 * res.networks.vn_kv[bus] / base
            np.testing.assert_allclose(src_pu, fault_pu, rtol=1e-9)


def test_generator_breaking_current_and_all_bus_reuse():
    net = meshed_with_generator()
    full = run_short_circuit(net, fault="3ph", block_size=2)
    for bus in ("HV", "MV", "END", "GEN"):
        single = run_short_circuit(net, fault="3ph", buses=[bus])
        for q in ("ikss_ka", "ip_ka", "ith_ka", "ib_ka"):
            assert full.value(bus, q) == pytest.approx(single.value(bus, q), rel=1e-12)
    # near a generator the breaking current decays below I''k (IEC 60909-0 eq. (75))
    assert full.value("GEN", "ib_ka") < full.value("GEN", "ikss_ka")
    later = run_short_circuit(net, fault="3ph", buses=["GEN"], tmin_s=0.25)
    assert later.value("GEN", "ib_ka") < full.value("GEN", "ib_ka")
    # method B is at least method C here and capped at 2
    rb = run_short_circuit(net, fault="3ph", ip_method="B")
    assert np.all(rb.array("kappa") <= 2.0)


def test_c_factor_override_and_lv():
    net = radial()
    r = run_short_circuit(net, fault="3ph", buses=["END"], c_factor=1.0)
    assert r.value("END", "ikss_ka") > 0
    lv = Network(buses=[Bus(id="a", vn_kv=0.4)], external_grids=[ExternalGrid(id="g", bus="a", s_sc_max_mva=20,
                                                                               rx_max=0.1)])
    i10 = run_short_circuit(lv, lv_tol_percent=10).value("a", "ikss_ka")
    i6 = run_short_circuit(lv, lv_tol_percent=6).value("a", "ikss_ka")
    assert i10 == pytest.approx(i6, rel=1e-12)  # external grid impedance scales with c as well
    assert run_short_circuit(lv, case="max").networks.c[0] == 1.1
    with pytest.raises(StudyInputError, match="6 or 10"):
        run_short_circuit(lv, lv_tol_percent=8)


def test_breaker_duty_and_sequence_networks():
    net = radial(switches=[Switch(id="CB1", bus="MV", element="L1", et="line", rated_ka=5.0, peak_ka=100.0),
                           Switch(id="CB2", bus="END", element="L1", et="line", rated_ka=50.0, peak_ka=5.0)])
    res = run_short_circuit(net, fault="3ph")
    v = {(x["switch"], x["quantity"]) for x in res.violations}
    assert ("CB1", "ib_ka") in v and ("CB1", "ip_ka") not in v
    assert ("CB2", "ip_ka") in v and ("CB2", "ib_ka") not in v
    seqs = run_short_circuit(net, fault="1ph", buses=["END"]).sequence_networks()["sequences"]
    assert {"positive", "negative", "zero"} <= set(seqs)
    zero = {(e["id"], e["kind"]) for e in seqs["zero"]}
    assert ("T1", "transformer_earthing") in zero and ("L1", "line") in zero
    assert any(e["id"] == "grid" and e["to_bus"] is None for e in seqs["positive"])


def test_sequence_networks_name_missing_zero_sequence_data():
    from gridsolve.shortcircuit import build_sequence_networks

    assert build_sequence_networks(radial()).to_dict()["z0_complete"] is True
    net = radial()
    net.lines[0].x0_ohm_per_km = None
    data = build_sequence_networks(net).to_dict()
    assert data["z0_complete"] is False
    assert data["z0_missing"] == [{"element_id": "L1", "field": "x0_ohm_per_km"}]
    assert "L1" not in {e["id"] for e in data["sequences"]["zero"]}


def test_ynd_and_unearthed_parts():
    net = radial("YNd")  # the MV side has no earth: no earth-fault current there
    res = run_short_circuit(net, fault="1ph")
    assert res.value("END", "ikss_ka") == 0.0
    assert res.value("HV", "ikss_ka") > 0
    assert any("no zero-sequence path" in n for n in res.notes)


def test_result_dict_and_cli(tmp_path, capsys):
    from gridsolve.cli import main

    net = radial()
    data = run_short_circuit(net, fault="1ph", buses=["END"]).to_dict()
    assert data["fault"] == "1ph" and data["case"] == "max"
    bus = data["buses"][0]
    for key in ("id", "ikss_ka", "ip_ka", "ith_ka", "ib_ka", "ik_ka", "skss_mva", "rk_ohm", "xk_ohm", "rk0_ohm"):
        assert key in bus
    assert data["faults"] and data["faults"][0]["voltages"]
    assert {b["id"] for b in data["branches"]} == {"T1", "L1"}
    json.dumps(data)
    path = tmp_path / "radial.json"
    path.write_text(net.model_dump_json())
    assert main(["shortcircuit", str(path), "--fault", "2ph", "--bus", "END", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["fault"] == "2ph" and [b["id"] for b in out["buses"]] == ["END"]
    assert main(["shortcircuit", str(path), "--format", "csv", "--case", "min"]) == 0
    assert capsys.readouterr().out.startswith("# buses\nid,vn_kv")
    assert main(["shortcircuit", str(path), "--bus", "NOPE"]) == 2


def test_errors_name_bus_element_and_field():
    net = radial()
    net.buses.append(Bus(id="ISLAND", vn_kv=20))
    with pytest.raises(StudyInputError, match="de-energized") as exc:
        run_short_circuit(net, buses=["ISLAND"])
    assert exc.value.element_id == "ISLAND"
    res = run_short_circuit(net)  # all buses: the island is reported, not faulted
    assert not res.to_dict()["buses"][-1]["energized"]

    net = radial()
    net.lines[0].r0_ohm_per_km = None
    with pytest.raises(StudyInputError, match="zero-sequence") as exc:
        run_short_circuit(net, fault="1ph")
    assert (exc.value.element_id, exc.value.field) == ("L1", "r0_ohm_per_km")
    run_short_circuit(net, fault="3ph")  # not needed for balanced faults

    net = radial()
    net.transformers[0].vk0_percent = None
    with pytest.raises(StudyInputError) as exc:
        run_short_circuit(net, fault="2phg")
    assert (exc.value.element_id, exc.value.field) == ("T1", "vk0_percent")

    net = radial()
    net.external_grids = []
    with pytest.raises(StudyInputError, match="no short-circuit source"):
        run_short_circuit(net)

    net = radial()
    net.external_grids[0].s_sc_min_mva = None
    with pytest.raises(StudyInputError) as exc:
        run_short_circuit(net, case="min")
    assert (exc.value.element_id, exc.value.field) == ("grid", "s_sc_min_mva")

    net = meshed_with_generator()
    net.generators[0].xdss_pu = None
    with pytest.raises(StudyInputError) as exc:
        run_short_circuit(net)
    assert (exc.value.element_id, exc.value.field) == ("G1", "xdss_pu")

    with pytest.raises(StudyInputError, match="unknown fault"):
        run_short_circuit(radial(), fault="4ph")
