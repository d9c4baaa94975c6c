"""The short-circuit study's contract: options model, result model, one compile, progress."""

from __future__ import annotations

import json

import pytest

import gridsolve.shortcircuit.networks as sc_networks
from gridsolve.compile import compile_network
from gridsolve.errors import StudyInputError
from gridsolve.shortcircuit import ShortCircuitOptions, build_sequence_networks, run_short_circuit
from gridsolve.shortcircuit.calc import run_short_circuit_study
from gridsolve.shortcircuit.models import ShortCircuitResultModel
from tests.engine.test_shortcircuit_iec import meshed_with_generator, radial


def test_options_defaults_units_and_validation():
    opts = ShortCircuitOptions()
    assert (opts.fault, opts.case, opts.tk_s, opts.tmin_s, opts.ip_method, opts.lv_tol_percent) == \
        ("3ph", "max", 1.0, 0.02, "C", 10)
    assert ShortCircuitOptions(ip_method="b").ip_method == "B"
    schema = ShortCircuitOptions.model_json_schema()["properties"]
    assert "ohm" in schema["r_fault_ohm"]["description"] and schema["tk_s"]["exclusiveMinimum"] == 0
    assert schema["fault"]["enum"] == ["3ph", "2ph", "1ph", "2phg"]
    for bad, field in ((dict(fault="4ph"), "fault"), (dict(tk_s=0), "tk_s"), (dict(c_factor=2.0), "c_factor"),
                       (dict(lv_tol_percent=8), "lv_tol_percent"), (dict(r_fault_ohm=-1), "r_fault_ohm"),
                       (dict(case="typical"), "case"), (dict(unknown=1), "unknown")):
        with pytest.raises(StudyInputError) as exc:
            ShortCircuitOptions.checked(**bad)
        assert exc.value.field == field


@pytest.mark.parametrize("fault", ["3ph", "2ph", "1ph", "2phg"])
@pytest.mark.parametrize("buses", [None, ["END", "GEN"]])
def test_to_dict_validates_against_result_model(fault, buses):
    net = meshed_with_generator()
    data = json.loads(json.dumps(run_short_circuit(net, fault=fault, buses=buses).to_dict()))
    model = ShortCircuitResultModel.model_validate(data)
    assert len(model.buses) == (len(net.buses) if buses is None else 2)
    assert (model.faults != []) == (buses is not None or len(net.buses) <= 10)


def test_result_model_names_an_unexpected_field():
    data = json.loads(json.dumps(run_short_circuit(radial(), buses=["END"]).to_dict()))
    data["buses"][0]["surprise"] = 1
    with pytest.raises(Exception, match="surprise"):
        ShortCircuitResultModel.model_validate(data)


def test_one_compile_for_results_and_the_full_sequence_view(monkeypatch):
    calls = []

    def counting(net, **kw):
        calls.append(1)
        return compile_network(net, **kw)

    monkeypatch.setattr(sc_networks, "compile_network", counting)
    net = radial()
    res = run_short_circuit(net, fault="3ph", case="min")
    full = res.sequence_networks(zero_sequence=True)
    assert len(calls) == 1
    assert res.sequence_networks()["sequences"]["zero"] == []  # the study's own view: no zero sequence for 3ph
    expected = build_sequence_networks(net, case="min", zero_sequence=True).to_dict()
    assert full == expected and full["sequences"]["zero"]


def test_compiled_network_can_be_passed_and_progress_is_reported():
    net = radial()
    cn = compile_network(net)
    seen = []
    res = run_short_circuit_study(net, ShortCircuitOptions(fault="1ph"), lambda f, m: seen.append((f, m)),
                                  compiled=cn)
    assert res.networks.compiled is cn
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and all(0 <= f <= 1 for f in fractions)
    assert res.value("END", "ikss_ka") == run_short_circuit(net, fault="1ph").value("END", "ikss_ka")


def test_compiled_rows_name_their_elements():
    """compile_network records each row's element position, so sequence columns need no id search."""
    net = meshed_with_generator()
    cn = compile_network(net)
    lists = {"line": net.lines, "transformer": net.transformers}
    for eid, kind, pos in zip(cn.branches.element_id, cn.branches.kind, cn.branches.element_pos, strict=True):
        assert lists[kind][pos].id == eid
    for eid, kind, pos in zip(cn.units.element_id, cn.units.kind, cn.units.element_pos, strict=True):
        assert (net.external_grids if kind == "external_grid" else net.generators)[pos].id == eid
