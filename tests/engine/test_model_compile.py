"""Network model validation and compile(): islands, references, switches, de-energized buses, errors."""

from __future__ import annotations

import numpy as np
import pytest

from gridsolve import SingularSystemError, compile_network, parse_network, run_power_flow
from gridsolve.errors import InvalidNetworkError, ParseError


def base_net(**extra):
    data = {
        "name": "three-bus",
        "buses": [{"id": "b1", "vn_kv": 110}, {"id": "b2", "vn_kv": 110}, {"id": "b3", "vn_kv": 110}],
        "external_grids": [{"id": "grid", "bus": "b1", "vm_pu": 1.02}],
        "lines": [
            {"id": "l12", "from_bus": "b1", "to_bus": "b2", "length_km": 10, "r_ohm_per_km": 0.1,
             "x_ohm_per_km": 0.4, "c_nf_per_km": 10, "max_i_ka": 0.5},
            {"id": "l23", "from_bus": "b2", "to_bus": "b3", "length_km": 5, "r_ohm_per_km": 0.1,
             "x_ohm_per_km": 0.4, "c_nf_per_km": 10, "max_i_ka": 0.5},
        ],
        "loads": [{"id": "ld3", "bus": "b3", "p_mw": 20, "q_mvar": 5}],
    }
    for key, value in extra.items():
        data[key] = data.get(key, []) + value if isinstance(value, list) else value
    return data


def test_unknown_bus_reference_names_element_and_field():
    data = base_net(loads=[{"id": "bad", "bus": "nowhere", "p_mw": 1}])
    with pytest.raises(InvalidNetworkError) as err:
        parse_network(data)
    assert err.value.element_id == "bad" and err.value.field == "bus"
    assert "unknown bus 'nowhere'" in str(err.value)


def test_duplicate_id_is_rejected():
    data = base_net(loads=[{"id": "l12", "bus": "b2", "p_mw": 1}])
    with pytest.raises(InvalidNetworkError, match="duplicate id") as err:
        parse_network(data)
    assert err.value.element_id == "l12"


def test_field_validation_names_element_and_field():
    data = base_net()
    data["lines"][1]["length_km"] = -3
    with pytest.raises(InvalidNetworkError) as err:
        parse_network(data)
    assert err.value.element_id == "l23" and err.value.field == "length_km"
    assert "greater than 0" in err.value.message


def test_malformed_json_names_line():
    with pytest.raises(ParseError) as err:
        parse_network('{"buses": [\n  {"id": "b1",, }\n]}')
    assert err.value.line == 2


def test_transformer_ur_above_uk_is_rejected():
    data = base_net(
        buses=[{"id": "lv", "vn_kv": 20}],
        transformers=[{"id": "t1", "hv_bus": "b3", "lv_bus": "lv", "sn_mva": 40, "vn_hv_kv": 110, "vn_lv_kv": 20,
                       "vk_percent": 10, "vkr_percent": 12}],
    )
    with pytest.raises(InvalidNetworkError) as err:
        compile_network(parse_network(data))
    assert err.value.element_id == "t1" and err.value.field == "vkr_percent"


def test_zero_impedance_line_is_rejected():
    data = base_net()
    data["lines"][0].update(r_ohm_per_km=0, x_ohm_per_km=0)
    with pytest.raises(InvalidNetworkError, match="zero impedance") as err:
        compile_network(parse_network(data))
    assert err.value.element_id == "l12"


def test_island_without_source_is_de_energized_not_solved():
    data = base_net(buses=[{"id": "x1", "vn_kv": 110}, {"id": "x2", "vn_kv": 110}],
                    lines=[{"id": "lx", "from_bus": "x1", "to_bus": "x2", "r_ohm_per_km": 0.1, "x_ohm_per_km": 0.4}],
                    loads=[{"id": "ldx", "bus": "x2", "p_mw": 3}])
    result = run_power_flow(parse_network(data))
    assert result.converged
    k = [result.bus_ids.index(b) for b in ("x1", "x2")]
    assert not result.energized[k].any() and np.all(result.vm_pu[k] == 0)
    assert any("de-energized: x1, x2" in n for n in result.notes)
    assert result.energized[result.bus_ids.index("b3")]


def test_island_with_generator_gets_a_reference_and_a_note():
    data = base_net(buses=[{"id": "y1", "vn_kv": 110}, {"id": "y2", "vn_kv": 110}],
                    lines=[{"id": "ly", "from_bus": "y1", "to_bus": "y2", "r_ohm_per_km": 0.1, "x_ohm_per_km": 0.4}],
                    generators=[{"id": "small", "bus": "y1", "p_mw": 1, "max_p_mw": 5, "vm_pu": 1.0},
                                {"id": "big", "bus": "y2", "p_mw": 1, "max_p_mw": 50, "vm_pu": 1.01}],
                    loads=[{"id": "ldy", "bus": "y1", "p_mw": 10}])
    result = run_power_flow(parse_network(data))
    assert result.converged
    assert any("generator 'big' at bus 'y2' was chosen as reference" in n for n in result.notes)
    p = dict(zip(result.unit_ids, result.unit_p_mw, strict=True))
    assert p["small"] == pytest.approx(1.0)
    losses = result.p_loss_mw[result.branch_ids.index("ly")]
    assert p["big"] == pytest.approx(10 - 1 + losses, abs=1e-9)  # the reference balances its island


def test_closed_bus_coupler_fuses_buses_open_one_separates():
    data = base_net(buses=[{"id": "b3b", "vn_kv": 110}],
                    loads=[{"id": "ld3b", "bus": "b3b", "p_mw": 10}],
                    switches=[{"id": "cpl", "bus": "b3", "element": "b3b", "et": "bus", "closed": True}])
    closed = run_power_flow(parse_network(data))
    assert closed.converged
    assert closed.bus_vm("b3b") == closed.bus_vm("b3") and closed.load_mw == pytest.approx(30)
    data["switches"][0]["closed"] = False
    opened = run_power_flow(parse_network(data))
    assert not opened.energized[opened.bus_ids.index("b3b")]
    assert opened.bus_vm("b3") > closed.bus_vm("b3")


def test_coupler_between_voltage_levels_is_rejected():
    data = base_net(buses=[{"id": "mv", "vn_kv": 20}],
                    switches=[{"id": "bad", "bus": "b3", "element": "mv", "et": "bus", "closed": True}])
    with pytest.raises(InvalidNetworkError, match="different nominal voltage"):
        compile_network(parse_network(data))


def test_open_line_end_keeps_charging_at_the_other_end():
    data = base_net(switches=[{"id": "s", "bus": "b3", "element": "l23", "et": "line", "closed": False}])
    result = run_power_flow(parse_network(data))
    # b3 is cut off; the open-ended line l23 still draws its charging current at b2 (capacitive).
    assert not result.energized[result.bus_ids.index("b3")]
    cn = compile_network(parse_network(data))
    b2 = cn.bus_index["b2"]
    x_total = 0.4 * 5 / (110**2 / 100)
    b_total = 2 * np.pi * 50 * 10e-9 * 5 * (110**2 / 100)
    ys, yc = 1 / complex(0.1 * 5 / (110**2 / 100), x_total), 1j * b_total / 2
    expected = (ys + yc) - ys * ys / (ys + yc)
    assert cn.y_shunt[b2] == pytest.approx(expected, rel=1e-12)
    # ...and the line is still reported: its charging enters at b2, nothing flows at the open end.
    k = result.branch_ids.index("l23")
    assert (result.branch_from[k], result.branch_to[k]) == ("b2", "b3")
    v2 = result.bus_vm("b2")
    s_expected = v2**2 * np.conj(expected) * 100
    assert complex(result.p_from_mw[k], result.q_from_mvar[k]) == pytest.approx(s_expected, rel=1e-12)
    assert result.q_from_mvar[k] < 0 and result.p_to_mw[k] == 0 and result.i_to_ka[k] == 0
    assert result.i_from_ka[k] == pytest.approx(abs(s_expected) / (np.sqrt(3) * 110 * v2), rel=1e-12)
    assert result.loading_percent[k] == pytest.approx(100 * result.i_from_ka[k] / 0.5)


def test_singular_jacobian_names_the_bus():
    data = {
        "buses": [{"id": "1", "vn_kv": 0}, {"id": "2", "vn_kv": 0}],
        "generators": [{"id": "g", "bus": "1", "slack": True}],
        "impedance_branches": [
            {"id": "a", "from_bus": "1", "to_bus": "2", "r_pu": 0, "x_pu": 1},
            {"id": "b", "from_bus": "1", "to_bus": "2", "r_pu": 0, "x_pu": -1},
        ],
        "loads": [{"id": "ld", "bus": "2", "p_mw": 1}],
    }
    with pytest.raises(SingularSystemError) as err:
        run_power_flow(parse_network(data))
    assert "bus(es) 2" in str(err.value) and err.value.element_id == "2"


def test_results_are_deterministic():
    net = parse_network(base_net())
    a, b = run_power_flow(net), run_power_flow(net)
    assert np.array_equal(a.vm_pu, b.vm_pu) and np.array_equal(a.va_deg, b.va_deg)
    assert np.array_equal(a.p_from_mw, b.p_from_mw)


def test_zip_load_shares_change_the_solution_consistently():
    data = base_net()
    data["external_grids"][0]["vm_pu"] = 0.97
    const_p = run_power_flow(parse_network(data), tol=1e-12)
    data["loads"][0]["const_z_percent"] = 100
    const_z = run_power_flow(parse_network(data), tol=1e-12)
    v3 = const_z.bus_vm("b3")
    assert v3 > const_p.bus_vm("b3")  # a constant-impedance load draws less at reduced voltage
    assert const_z.load_mw == pytest.approx(20 * v3**2, rel=1e-9)


def test_line_loading_uses_current_rating():
    result = run_power_flow(parse_network(base_net()), tol=1e-12)
    k = result.branch_ids.index("l23")
    assert result.loading_percent[k] == pytest.approx(100 * max(result.i_from_ka[k], result.i_to_ka[k]) / 0.5)
    # |I| = |S| / (sqrt(3) |V|)
    s_to = abs(complex(result.p_to_mw[k], result.q_to_mvar[k]))
    assert result.i_to_ka[k] == pytest.approx(s_to / (np.sqrt(3) * 110 * result.bus_vm("b3")), rel=1e-9)


def test_q_limits_switch_pv_to_pq_and_hold_the_limit():
    from gridsolve import io as gio
    from tests.conftest import require_data

    net = gio.read_case(require_data("matpower/case14.m"))
    free = run_power_flow(net, tol=1e-10)
    q_free = dict(zip(free.unit_ids, free.unit_q_mvar, strict=True))
    gen = next(g for g in net.generators if g.id == "gen_5")  # at bus 8, ~17.6 Mvar unconstrained
    gen.max_q_mvar = 10.0
    assert q_free["gen_5"] > 10
    limited = run_power_flow(net, tol=1e-10, enforce_q_limits=True)
    q = dict(zip(limited.unit_ids, limited.unit_q_mvar, strict=True))
    assert limited.converged
    assert q["gen_5"] == pytest.approx(10.0, abs=1e-6)
    assert limited.bus_vm("8") < gen.vm_pu - 1e-4
    assert any("bus '8' reached its Q limit" in n for n in limited.notes)
    for g in net.generators:
        if g.in_service and not g.slack:  # the slack is not limited (as in MATPOWER)
            assert q[g.id] <= g.max_q_mvar + 1e-6 and q[g.id] >= g.min_q_mvar - 1e-6


def test_negative_no_load_current_gives_capacitive_magnetizing_branch():
    from gridsolve.branch_models import transformer_two_port

    args = dict(sn_mva=100, vn_hv_kv=110, vn_lv_kv=20, vk_percent=10, vkr_percent=0.5, pfe_kw=0,
                shift_degree=0, bus_hv_kv=110, bus_lv_kv=20, base_mva=100, model="pi")
    inductive = transformer_two_port(i0_percent=1.0, **args)
    capacitive = transformer_two_port(i0_percent=-1.0, **args)
    series = transformer_two_port(i0_percent=0.0, **args)
    # pi model: half the magnetizing admittance at each end, 1% of 100 MVA on a 100 MVA base = 0.01 pu.
    assert (inductive.ytt - series.ytt) == pytest.approx(-0.005j, rel=1e-9)
    assert (capacitive.ytt - series.ytt) == pytest.approx(0.005j, rel=1e-9)


@pytest.mark.parametrize("case", ["case14", "case118", "case1354pegase"])
def test_totals_balance(case):
    """Generation = load + branch losses + shunt consumption, for P and Q."""
    from gridsolve import io as gio
    from tests.conftest import require_data

    t = run_power_flow(gio.read_case(require_data(f"matpower/{case}.m")), tol=1e-10).totals()
    assert t["generation_mw"] == pytest.approx(t["load_mw"] + t["losses_mw"] + t["shunt_mw"], abs=1e-6)
    assert t["generation_mvar"] == pytest.approx(t["load_mvar"] + t["losses_mvar"] + t["shunt_mvar"], abs=1e-6)


def test_totals_balance_with_open_line_zip_load_and_shunt():
    data = base_net(switches=[{"id": "s", "bus": "b3", "element": "l23", "et": "line", "closed": False}],
                    shunts=[{"id": "cap", "bus": "b2", "q_mvar": -2.0}],
                    loads=[{"id": "ld2", "bus": "b2", "p_mw": 8, "q_mvar": 3, "const_z_percent": 40,
                            "const_i_percent": 30}])
    t = run_power_flow(parse_network(data), tol=1e-12).totals()
    assert t["shunt_mvar"] < 0  # a capacitor delivers reactive power
    assert t["generation_mw"] == pytest.approx(t["load_mw"] + t["losses_mw"] + t["shunt_mw"], abs=1e-9)
    assert t["generation_mvar"] == pytest.approx(t["load_mvar"] + t["losses_mvar"] + t["shunt_mvar"], abs=1e-9)
