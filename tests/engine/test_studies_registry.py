"""The study registry: one options model, one run function and one result model per study type."""

from __future__ import annotations

import pytest

from gridsolve import io, parse_network
from gridsolve.errors import GridSolveError
from gridsolve.studies import STUDY_TYPES, InvalidOptionsError, get_study_type
from gridsolve.studies.base import CLI_ONLY
from tests.conftest import SAMPLES


def test_registered_types():
    assert {"power_flow", "short_circuit"} <= set(STUDY_TYPES)
    for st in STUDY_TYPES.values():
        assert st.methods and st.title
        assert "method" not in st.parameters_schema().get("properties", {})
        assert st.options.model_fields["method"].default == st.methods[0]


def test_cli_only_options_are_left_out_of_the_forms():
    """An option only an in-process run uses (the contingency CLI's process count) is marked CLI_ONLY in the options
    schema the API documents and is no form field (the browser's option forms come from `form_fields`); every mark
    in an options model is spelled CLI_ONLY (engine models that cannot import it spell the key out)."""
    ctg = get_study_type("contingency")
    schema = ctg.options.model_json_schema()["properties"]
    assert schema["threads"].get(CLI_ONLY) is True
    assert "threads" not in ctg.form_fields and "method" not in ctg.form_fields
    assert ctg.form_fields == [f for f in ctg.options.model_fields if f not in ("threads", "method")]
    assert ctg.parse_options(None, {"threads": 2}).threads == 2  # the CLI still sets it through the study type
    for st in STUDY_TYPES.values():
        props = st.options.model_json_schema()["properties"]
        marks = {k for p in props.values() for k in p if k.startswith("x-")}
        assert marks <= {CLI_ONLY}, (st.name, marks)
        assert st.form_fields == [f for f in st.options.model_fields if f != "method" and not props[f].get(CLI_ONLY)]


def test_unknown_study_type_is_refused_by_name():
    with pytest.raises(InvalidOptionsError) as err:
        get_study_type("magic")
    assert err.value.field_errors[0].field == "study_type"
    assert "power_flow" in err.value.field_errors[0].message


def test_unknown_and_ill_typed_options_are_named():
    st = get_study_type("power_flow")
    with pytest.raises(InvalidOptionsError) as err:
        st.parse_options(None, {"tol": "small", "foo": 1})
    fields = {e.field: e.message for e in err.value.field_errors}
    assert set(fields) == {"parameters.tol", "parameters.foo"}
    assert fields["parameters.foo"] == "unknown parameter"
    for bad in ({"tol": 5}, {"max_iter": 0}, {"enforce_q_limits": "yes"}, {"method": "gs"}):
        with pytest.raises(InvalidOptionsError) as err:
            st.parse_options(None, bad)
        assert err.value.field_errors[0].field == "parameters." + next(iter(bad))
    with pytest.raises(InvalidOptionsError) as err:
        st.parse_options("iec_60909", {})
    assert err.value.field_errors[0].field == "analysis_method"
    sc = get_study_type("short_circuit")
    for bad in ({"fault": "3phase"}, {"lv_tol_percent": 7}, {"buses": []}, {"tk_s": -1}):
        with pytest.raises(GridSolveError) as err:
            sc.parse_options(None, bad)
        assert err.value.field_errors[0].field == "parameters." + next(iter(bad))
    assert sc.parse_options(None, {"buses": [1, "2"]}).bus_ids() == ["1", "2"]


def test_power_flow_outcome_matches_its_models():
    net = io.read_case(SAMPLES / "case14.m")
    st = get_study_type("power_flow")
    seen = []
    outcome = st.run(net, st.parse_options("newton_raphson", {"tol": 1e-10}), lambda f, m, **d: seen.append((f, d)))
    assert outcome.status == "completed"
    st.result.model_validate(outcome.result)
    st.summary.model_validate(outcome.summary)
    # losses of IEEE 14 (MATPOWER case14 solved with PYPOWER: 13.393 MW, tests/data/matpower/reference)
    assert outcome.summary["losses_mw"] == pytest.approx(13.3933, abs=1e-3)
    assert [d["iteration"] for _, d in seen] == list(range(len(seen)))
    assert all(0 < f < 1 for f, _ in seen) and seen[-1][1]["max_mismatch"] <= 1e-10
    assert outcome.history[-1]["max_mismatch"] == pytest.approx(seen[-1][1]["max_mismatch"])


def test_diverged_power_flow_is_failed_without_violations():
    net = io.read_case(SAMPLES / "case14.m")
    st = get_study_type("power_flow")
    outcome = st.run(net, st.parse_options("gauss_seidel", {"max_iter": 3}), None)
    assert outcome.status == "failed" and "did not converge" in outcome.error_message
    assert outcome.summary["converged"] is False and outcome.summary["voltage_violation_count"] == 0


SC_NET = {
    "buses": [{"id": "b1", "vn_kv": 110.0}, {"id": "b2", "vn_kv": 110.0}],
    "external_grids": [{"id": "g", "bus": "b1", "s_sc_max_mva": 1000, "s_sc_min_mva": 800, "rx_max": 0.1,
                        "rx_min": 0.1, "x0x_max": 1.0, "x0x_min": 1.0, "r0x0_max": 0.1, "r0x0_min": 0.1}],
    "lines": [{"id": "l1", "from_bus": "b1", "to_bus": "b2", "length_km": 10, "r_ohm_per_km": 0.1,
               "x_ohm_per_km": 0.4, "r0_ohm_per_km": 0.3, "x0_ohm_per_km": 1.2}],
}


def test_short_circuit_outcome_matches_its_models():
    st = get_study_type("short_circuit")
    for fault in ("3ph", "1ph"):
        outcome = st.run(parse_network(SC_NET), st.parse_options(None, {"fault": fault}), None)
        st.result.model_validate(outcome.result)
        st.summary.model_validate(outcome.summary)
        seq = outcome.artifacts["sequence_networks"]
        assert set(seq["sequences"]) == {"positive", "negative", "zero"}
