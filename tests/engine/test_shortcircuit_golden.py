"""Golden regression test: the short-circuit engine against its own earlier results, to the last digit.

`tests/data/golden/shortcircuit.json.xz` holds, for every network the short-circuit tests use (the
pandapower references in tests/data/shortcircuit, the pandapower JSON networks in tests/data/pandapower
with and without completed short-circuit data, pandapower's CIGRE LV and MV Oberrhein networks completed as
in test_shortcircuit_reference, and the hand-built networks of test_shortcircuit_iec plus a few that reach
the remaining code paths: motors, static generators, open branch ends, impedance branches, a delta
winding), the network itself (GridSolve JSON) and, for 3ph/2ph/1ph/2phg x max/min and some option
variants, the full `to_dict()` and `sequence_networks()` of `run_short_circuit`, or the error it raised,
plus `build_sequence_networks(..., zero_sequence=True).to_dict()` per case (the service's view).

The file was written by `python -m tests.engine.test_shortcircuit_golden` on the engine as it was before
the one-compiler refactoring (main at 906b5a0). Comparison: strings, booleans, None and the structure
exactly; every number x to |x_new - x_old| <= 1e-12 * max(|x_old|, |x_new|, S), where S is the largest
magnitude of the same quantity in the same run (all buses' I''k, all branch currents of one fault...;
voltages at least 1 pu). Why not bit-exact: the sequence Ybus is now assembled by `compile.make_ybus`,
which sums the two-port entries of a diagonal in a different order than the old Python loop, so the LU
factors, and every result, move in the last bits; a current that is the difference of larger ones (a
small branch contribution, the 1e-15 kA "current" of a branch outside the faulted part) then moves by
1e-16 of the large ones, not of itself (so every current of a run counts as one quantity). The angle of
a phasor below 1e-9 S is not compared, and the fault named as maximizing a branch current may differ
where that current is below 1e-9 S or where the run's per-fault detail shows both faults giving it the
same current to the tolerance (ties, e.g. a branch carrying a static generator's fixed current).

Issue 19 (IEC 60909-0 to the letter) changes some values on purpose; each change is listed in
GOLDEN_CHANGES below with its reason and the largest relative change it may make; the stored file is the
pre-refactoring one, unchanged. Keys and notes issue 19 added (which rules and corrections a fault used)
are listed in ADDED_KEYS and ADDED_NOTES and are not compared.
"""

from __future__ import annotations

import json
import lzma
import math
import re
from pathlib import Path
from typing import Any

import pytest

from gridsolve.errors import GridSolveError
from gridsolve.io.native import upgrade
from gridsolve.model import Network
from gridsolve.shortcircuit import build_sequence_networks, run_short_circuit
from gridsolve.shortcircuit.models import ShortCircuitResultModel

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "golden" / "shortcircuit.json.xz"
FAULTS = ("3ph", "2ph", "1ph", "2phg")
REL = 1e-12
NOISE = 1e-9
ANGLE_KEYS = {"i_deg": "i_ka", "v_deg": "v_pu"}
#: result keys issue 19 added (which IEC rules and corrections a fault used); not in the golden file
ADDED_KEYS = {"corrections", "near_to_generator", "ik_rule", "inside_unit", "motors_negligible", "motors_neglected",
              "decay"}
#: (case, quantity) -> (largest relative change, reason): values issue 19 changed on purpose
GOLDEN_CHANGES = {
    ("example_simple", "result.buses.ib_ka"): (
        2e-3, "IEC 60909-0 §9.1.2: in a non-meshed network (example_simple is radial) the breaking current near a "
        "generator is the sum of the partial currents, each times its own source's mu; the old engine used the "
        "meshed-network formula eq. (75) everywhere. The sum reproduces PowerFactory's ib for IEC TR 60909-4's "
        "two-unit network to 0.003 % (test_shortcircuit_iec60909_4)"),
}
# Not issue 19's: numpy 2.4 / scipy 1.17 (the versions a fresh install gets since December 2026) factorize this
# network's zero-sequence matrix with different round-off than numpy 2.2 did when the file was written: the commit
# before any of this stop's engine changes fails here alike. 5e-10 relative was measured; allowed: 1e-9.
GOLDEN_CHANGES[("multivoltage_filled", "result.buses.rk0_ohm")] = (
    1e-9, "platform round-off of the zero-sequence LU (numpy 2.4 / scipy 1.17 vs 2.2), not an engine change")
#: Messages issue 18 made more precise: "(2 element(s) lack it)" now names them ("... lack it: gen_1, line_3)").
NAMED_ELEMENTS = re.compile(r"^(?P<head>.*element\(s\) lack it)(?::[^)]*)?\)$")


def _same_message(old: str, new: str) -> bool:
    a, b = NAMED_ELEMENTS.match(old), NAMED_ELEMENTS.match(new)
    return old == new or (a is not None and b is not None and a["head"] == b["head"])


#: notes issue 19 added (the same, as text)
ADDED_NOTES = ("Ik near generators of a non-meshed network needs lambda", "motor contributions neglected",
               "power station unit ")


def _error(exc: GridSolveError) -> dict[str, Any]:
    return {"error": type(exc).__name__, "element_id": exc.element_id, "field": exc.field, "message": exc.message}


def _run(net: Network, kwargs: dict[str, Any]) -> dict[str, Any]:
    try:
        res = run_short_circuit(net, **kwargs)
    except GridSolveError as exc:
        return _error(exc)
    data = res.to_dict()
    data.pop("wall_time_s")
    return {"result": data, "sequence_networks": res.sequence_networks()}


def _service_view(net: Network, case: str) -> dict[str, Any]:
    try:
        return {"result": build_sequence_networks(net, case=case, zero_sequence=True).to_dict()}
    except GridSolveError as exc:
        return _error(exc)


def runs_for(name: str, net: Network) -> list[dict[str, Any]]:
    """The option sets a network is run with (all buses, a few buses with per-fault detail, variants)."""
    runs: list[dict[str, Any]] = []
    first = [b.id for b in net.buses if b.in_service][:3]
    for case in ("max", "min"):
        for fault in FAULTS:
            runs.append({"fault": fault, "case": case})
            if case == "max":
                runs.append({"fault": fault, "case": case, "buses": first})
    if name in ("meshed_gen_motor_sgen", "example_simple", "multivoltage_filled"):
        for fault in FAULTS:
            runs += [
                {"fault": fault, "ip_method": "B"},
                {"fault": fault, "r_fault_ohm": 0.5, "x_fault_ohm": 0.3, "buses": first},
                {"fault": fault, "tmin_s": 0.1, "tk_s": 0.5},
                {"fault": fault, "c_factor": 1.05, "case": "min"},
                {"fault": fault, "tmin_s": 0.07, "block_size": 2},
            ]
    if name == "lv":
        runs += [{"fault": f, "lv_tol_percent": 6, "case": c} for f in FAULTS for c in ("max", "min")]
    return runs


def evaluate(name: str, net: Network) -> dict[str, Any]:
    return {
        "runs": [{"kwargs": kw, **_run(net, kw)} for kw in runs_for(name, net)],
        "service_view": {case: _service_view(net, case) for case in ("max", "min")},
    }


# ---- comparison ------------------------------------------------------------------------------------


def _key(path: str) -> str:
    """A quantity's name in a run: its path without list indices ('result.buses.rk_ohm'); every
    current (kA) of a run is one quantity, so a branch's noise is measured against the fault current."""
    key = re.sub(r"\[\d+\]", "", path.split(".", 1)[-1])
    return "kA" if key.endswith("_ka") else key


def _is_num(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def scales(obj: Any, path: str, table: dict[str, float]) -> dict[str, float]:
    """The largest finite magnitude of each quantity (voltages: at least 1 pu)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            scales(v, f"{path}.{k}", table)
    elif isinstance(obj, list):
        for j, v in enumerate(obj):
            scales(v, f"{path}[{j}]", table)
    elif _is_num(obj) and math.isfinite(obj):
        key = _key(path)
        table[key] = max(table.get(key, 1.0 if key.endswith("v_pu") else 0.0), abs(obj))
    return table


def _close(a: float, b: float, scale: float) -> bool:
    if not (math.isfinite(a) and math.isfinite(b)):
        return a == b or (math.isnan(a) and math.isnan(b))
    return abs(a - b) <= REL * max(abs(a), abs(b), scale)


def _angles(old: dict, new: dict, key: str, path: str, scale: dict[str, float], problems: list[str]) -> None:
    """Phasor angles, where the phasor is not noise; tolerance from the magnitude's error bound."""
    mags = old[ANGLE_KEYS[key]]
    s = scale.get(_key(f"{path}.{ANGLE_KEYS[key]}"), 0.0)
    for j, (a, b) in enumerate(zip(old[key], new[key], strict=True)):
        if mags[j] <= NOISE * s:
            continue
        d = abs(a - b) % 360
        if min(d, 360 - d) > 10 * math.degrees(REL * s / mags[j]):
            problems.append(f"{path}.{key}[{j}]: {a!r} -> {b!r}")


def _tied(old: dict, new: dict, key: str, path: str, scale: dict[str, float]) -> bool:
    """Whether the branch's largest current is noise, or (from the run's per-fault detail) the faults
    at the old and the new bus give it the same current to the tolerance."""
    end = key[len("fault_bus_"):]
    s = scale.get("kA", 0.0)
    if old[f"ikss_{end}_ka"] <= NOISE * s:
        return True
    details = _RUN_DETAILS.get(path.split(".result")[0], {})
    if old[key] not in details or new[key] not in details:
        return False
    by_id = {b["id"] + b["from_bus"] + b["to_bus"]: b for b in details[new[key]]["branches"]}
    row = by_id.get(old["id"] + old["from_bus"] + old["to_bus"])
    return row is not None and abs(max(row[f"i_{end}_ka"]) - old[f"ikss_{end}_ka"]) <= REL * s


_RUN_DETAILS: dict[str, dict[str, dict]] = {}  # run path -> fault bus -> the golden's per-fault detail


def compare(old: Any, new: Any, path: str, problems: list[str], scale: dict[str, float]) -> None:
    """Append a line per difference; `scale` holds each quantity's largest magnitude in the run."""
    if len(problems) > 20:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        _compare_dicts(old, new, path, problems, scale)
    elif isinstance(old, list) and isinstance(new, list):
        if path.endswith(".notes"):
            new = [n for n in new if not n.startswith(ADDED_NOTES)]
        if len(old) != len(new):
            problems.append(f"{path}: length {len(old)} -> {len(new)}")
            return
        for j, (a, b) in enumerate(zip(old, new, strict=True)):
            compare(a, b, f"{path}[{j}]", problems, scale)
    elif _is_num(old) and _is_num(new):
        _compare_numbers(float(old), float(new), path, problems, scale)
    elif path.endswith(".message") and isinstance(old, str) and isinstance(new, str) and _same_message(old, new):
        return
    elif old != new:
        problems.append(f"{path}: {old!r} -> {new!r}")


def _compare_dicts(old: dict, new: dict, path: str, problems: list[str], scale: dict[str, float]) -> None:
    if set(old) - set(new) or set(new) - set(old) - ADDED_KEYS:
        problems.append(f"{path}: keys {sorted(set(old) ^ set(new))} differ")
        return
    for key in old:
        if key in ANGLE_KEYS and ANGLE_KEYS[key] in old:
            _angles(old, new, key, path, scale, problems)
        elif key.startswith("fault_bus_") and old[key] != new[key] and _tied(old, new, key, path, scale):
            continue  # equal maxima (or no current at all): which fault is named is arbitrary
        else:
            compare(old[key], new[key], f"{path}.{key}", problems, scale)


def _compare_numbers(old: float, new: float, path: str, problems: list[str], scale: dict[str, float]) -> None:
    changed = GOLDEN_CHANGES.get((path.split(".")[0], re.sub(r"\[\d+\]", "", path.split(".", 2)[-1])))
    if changed is not None:
        if abs(new - old) > changed[0] * abs(old):
            problems.append(f"{path}: {old!r} -> {new!r} (more than the {changed[0]:g} allowed: {changed[1]})")
    elif not _close(old, new, scale.get(_key(path), 0.0)):
        problems.append(f"{path}: {old!r} -> {new!r}")


def compare_case(expected: dict[str, Any], actual: dict[str, Any], name: str) -> list[str]:
    problems: list[str] = []
    runs = [(f"{name}.runs[{j}]", a, b) for j, (a, b) in enumerate(zip(expected["runs"], actual["runs"], strict=True))]
    runs += [(f"{name}.service_view.{c}", expected["service_view"][c], actual["service_view"][c])
             for c in expected["service_view"]]
    if len(expected["runs"]) != len(actual["runs"]):
        problems.append(f"{name}: {len(expected['runs'])} runs -> {len(actual['runs'])}")
    for path, old, new in runs:
        if isinstance(old.get("result"), dict) and "faults" in old["result"]:
            _RUN_DETAILS[path] = {f["bus"]: f for f in old["result"]["faults"]}
        compare(old, new, path, problems, scales(old, path, {}))
    return problems


# ---- the stored file -------------------------------------------------------------------------------


def load_golden() -> dict[str, Any]:
    return json.loads(lzma.decompress(GOLDEN.read_bytes()))


def _golden_cases() -> list[str]:
    return sorted(load_golden()["cases"]) if GOLDEN.exists() else []


@pytest.fixture(scope="module")
def golden() -> dict[str, Any]:
    return load_golden()


@pytest.mark.parametrize("name", _golden_cases())
def test_matches_golden(golden: dict[str, Any], name: str) -> None:
    case = golden["cases"][name]
    net = Network.model_validate(upgrade(case["network"])[0])  # stored as schema 1.0 (diagram fields on buses)
    actual = json.loads(json.dumps(evaluate(name, net)))
    problems = compare_case(case["expected"], actual, name)
    assert not problems, "\n".join(problems[:20])
    for run in actual["runs"]:  # every result has the documented shape
        if "result" in run:
            ShortCircuitResultModel.model_validate({**run["result"], "wall_time_s": 0.0})


def test_golden_covers_every_case() -> None:
    assert GOLDEN.exists(), "run python -m tests.engine.test_shortcircuit_golden to write the golden file"
    assert len(_golden_cases()) >= 15


# ---- generation (run once, on the engine the golden describes) -------------------------------------


def golden_networks() -> dict[str, Network]:
    """Every network of the short-circuit tests, as GridSolve models (pandapower ones imported once)."""
    from gridsolve import io as gio
    from tests.conftest import DATA
    from tests.engine import test_shortcircuit_iec as iec

    nets: dict[str, Network] = {}
    for case in ("example_simple", "cigre_mv", "case9"):
        nets[case] = gio.read_case(DATA / "shortcircuit" / f"{case}.json")
    nets["multivoltage"] = gio.read_case(DATA / "pandapower" / "example_multivoltage.json")
    nets["multivoltage_filled"] = fill_gridsolve(gio.read_case(DATA / "pandapower" / "example_multivoltage.json"))
    nets.update(_pandapower_examples())
    nets["radial_Dyn"] = iec.radial()
    nets["radial_YNd"] = iec.radial("YNd")
    nets["radial_YNyn"] = iec.radial("YNyn")
    nets["radial_Yyn"] = iec.radial("Yyn")
    nets["radial_YNy"] = iec.radial("YNy")
    nets["radial_switches"] = iec.radial(switches=[
        iec.Switch(id="CB1", bus="MV", element="L1", et="line", rated_ka=5.0, peak_ka=100.0),
        iec.Switch(id="CB2", bus="END", element="L1", et="line", rated_ka=50.0, peak_ka=5.0)])
    nets["radial_no_x0"] = iec.radial()
    nets["radial_no_x0"].lines[0].x0_ohm_per_km = None
    nets["meshed_gen"] = iec.meshed_with_generator()
    nets["meshed_gen_motor_sgen"] = _with_motor_and_sgen(iec.meshed_with_generator())
    nets["mesh_z0_eq_z1"] = _mesh_z0_eq_z1()
    nets["lv"] = Network(buses=[iec.Bus(id="a", vn_kv=0.4)],
                         external_grids=[iec.ExternalGrid(id="g", bus="a", s_sc_max_mva=20, s_sc_min_mva=15,
                                                          rx_max=0.1, rx_min=0.1)])
    nets["open_ends_impedance"] = _open_ends_and_impedance(iec.radial())
    return nets


def fill_gridsolve(net: Network) -> Network:
    """Completed short-circuit data in GridSolve terms (the README's typical values, plus a delta winding)."""
    for ln in net.lines:
        ln.r0_ohm_per_km, ln.x0_ohm_per_km = 4 * ln.r_ohm_per_km, 3 * ln.x_ohm_per_km
        ln.c0_nf_per_km, ln.endtemp_degree = ln.c_nf_per_km, 80.0
    for eg in net.external_grids:
        eg.s_sc_max_mva, eg.s_sc_min_mva = eg.s_sc_max_mva or 1000.0, eg.s_sc_min_mva or 800.0
        eg.rx_max, eg.rx_min, eg.x0x_max, eg.x0x_min, eg.r0x0_max, eg.r0x0_min = 0.1, 0.1, 1.0, 1.0, 0.1, 0.1
    for tr in net.transformers:
        tr.vk0_percent, tr.vkr0_percent, tr.mag0_percent, tr.mag0_rx = tr.vk_percent, tr.vkr_percent, 100.0, 0.0
        tr.si0_hv_partial, tr.vector_group = 0.9, "Dyn"
    for t3 in net.transformers3w:
        t3.vector_group = "YNyn0d5"
        t3.vk0_hv_percent, t3.vk0_mv_percent, t3.vk0_lv_percent = t3.vk_hv_percent, t3.vk_mv_percent, t3.vk_lv_percent
    for g in net.generators:
        if g.kind == "static":
            g.sn_mva = g.sn_mva or 1.1 * abs(g.p_mw) + 1e-3
            g.k = 1.2
        elif g.kind == "synchronous":
            g.sn_mva = g.sn_mva or max(abs(g.p_mw) / 0.85, 1.0)
            g.xdss_pu, g.cos_phi = 0.2, 0.85
    for br in net.impedance_branches:
        br.r0_pu, br.x0_pu = 2 * br.r_pu, 3 * br.x_pu
    return net


def _pandapower_examples() -> dict[str, Network]:
    import tempfile
    import warnings

    import pandapower as pp
    import pandapower.networks as pn

    from gridsolve import io as gio
    from tests.engine.test_shortcircuit_reference import fill_sc_data

    out = {}
    for name in ("create_cigre_network_lv", "mv_oberrhein"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pp_net = fill_sc_data(getattr(pn, name)())
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "net.json"
            pp.to_json(pp_net, str(path))
            out[name] = gio.read_case(path)
    return out


def _with_motor_and_sgen(net: Network) -> Network:
    from tests.engine import test_shortcircuit_iec as iec

    net.buses.append(iec.Bus(id="MOT", vn_kv=20))
    net.lines.append(iec.Line(id="L4", from_bus="END", to_bus="MOT", length_km=1, r_ohm_per_km=0.2,
                              x_ohm_per_km=0.4, r0_ohm_per_km=0.8, x0_ohm_per_km=1.2))
    net.generators.append(iec.Generator(id="M1", bus="MOT", kind="motor", p_mw=-2, sn_mva=2.5, lrc_pu=5.0,
                                        voltage_control=False))
    net.generators.append(iec.Generator(id="PV1", bus="END", kind="static", p_mw=3, sn_mva=3.3, k=1.2,
                                        voltage_control=False))
    net.generators.append(iec.Generator(id="G2", bus="MV", p_mw=5, sn_mva=8, vn_kv=20, xdss_pu=0.18, x2_pu=0.2,
                                        x0_pu=0.08, rdss_ohm=0.3, cos_phi=0.9, pg_percent=2.0))
    return net


def _mesh_z0_eq_z1() -> Network:
    from tests.engine import test_shortcircuit_iec as iec

    return Network(
        buses=[iec.Bus(id="A", vn_kv=20), iec.Bus(id="B", vn_kv=20), iec.Bus(id="C", vn_kv=20)],
        external_grids=[iec.ExternalGrid(id="g", bus="A", s_sc_max_mva=300, s_sc_min_mva=250, rx_max=0.2,
                                         rx_min=0.2, x0x_max=1.0, r0x0_max=0.2, x0x_min=1.0, r0x0_min=0.2)],
        lines=[iec.Line(id="l1", from_bus="A", to_bus="B", length_km=3, r_ohm_per_km=0.3, x_ohm_per_km=0.35,
                        r0_ohm_per_km=0.3, x0_ohm_per_km=0.35),
               iec.Line(id="l2", from_bus="B", to_bus="C", length_km=2, r_ohm_per_km=0.1, x_ohm_per_km=0.4,
                        r0_ohm_per_km=0.1, x0_ohm_per_km=0.4),
               iec.Line(id="l3", from_bus="A", to_bus="C", length_km=6, r_ohm_per_km=0.2, x_ohm_per_km=0.3,
                        r0_ohm_per_km=0.2, x0_ohm_per_km=0.3)],
    )


def _open_ends_and_impedance(net: Network) -> Network:
    """Open line and transformer ends (zero-sequence shunts), impedance branches, an earthing reactance."""
    from gridsolve.model import ImpedanceBranch
    from tests.engine import test_shortcircuit_iec as iec

    net.buses += [iec.Bus(id="X", vn_kv=20), iec.Bus(id="Y", vn_kv=20), iec.Bus(id="LV", vn_kv=0.4)]
    net.lines.append(iec.Line(id="L5", from_bus="MV", to_bus="X", length_km=3, r_ohm_per_km=0.1,
                              x_ohm_per_km=0.3, c_nf_per_km=250, r0_ohm_per_km=0.4, x0_ohm_per_km=1.0,
                              c0_nf_per_km=180, endtemp_degree=70))
    net.transformers.append(iec.Transformer(
        id="T2", hv_bus="MV", lv_bus="LV", sn_mva=0.63, vn_hv_kv=20, vn_lv_kv=0.4, vk_percent=6, vkr_percent=1.1,
        vector_group="Dyn5", vk0_percent=6, vkr0_percent=1.1, xn_ohm=0.01, rn_ohm=0.002, shift_degree=150))
    net.transformers.append(iec.Transformer(
        id="T3", hv_bus="HV", lv_bus="Y", sn_mva=25, vn_hv_kv=115, vn_lv_kv=21, vk_percent=10, vkr_percent=0.4,
        vector_group="YNd11", vk0_percent=9, vkr0_percent=0.4, xn_ohm=5.0, tap_side="hv", tap_pos=2,
        tap_step_percent=1.5))
    net.switches += [iec.Switch(id="S5", bus="X", element="L5", et="line", closed=False),
                     iec.Switch(id="S3", bus="Y", element="T3", et="transformer", closed=False)]
    net.impedance_branches += [
        ImpedanceBranch(id="Z1", from_bus="END", to_bus="Y", r_pu=0.05, x_pu=0.2, r0_pu=0.1, x0_pu=0.5),
        ImpedanceBranch(id="Z2", from_bus="MV", to_bus="Y", r_pu=0.02, x_pu=0.3, tap_ratio=1.02,
                        is_transformer=True),
    ]
    return net


def write_golden() -> None:
    cases = {}
    for name, net in golden_networks().items():
        cases[name] = {"network": net.model_dump(mode="json"), "expected": evaluate(name, net)}
        print(name, len(cases[name]["expected"]["runs"]), "runs")
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"engine": "gridsolve main 906b5a0", "cases": cases}, separators=(",", ":"))
    GOLDEN.write_bytes(lzma.compress(text.encode(), preset=9 | lzma.PRESET_EXTREME))
    print(GOLDEN, GOLDEN.stat().st_size, "bytes")


if __name__ == "__main__":
    write_golden()
