"""Bus P/Q of buses joined by closed bus-bus switches (one compiled bus): each reports its own elements.

Reference: pandapower's res_bus stored in example_multivoltage.json (solved by pandapower before it was saved):
bus_16 ... bus_31 are one switch-joined group holding load_0 (bus_20) and sgen_0 (bus_21); pandapower reports
-38 / +20 MW there and 0 on the other members. Before the fix the engine put the group's -18 MW on bus_16.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from gridsolve import io as gio
from gridsolve import run_power_flow
from gridsolve.compile import compile_network

DATA = Path(__file__).resolve().parents[1] / "data" / "pandapower" / "example_multivoltage.json"


def _pp_res_bus() -> dict[str, dict[str, float]]:
    obj = json.loads(DATA.read_text())["_object"]
    t = json.loads(obj["res_bus"]["_object"])
    return {f"bus_{i}": dict(zip(t["columns"], row, strict=True)) for i, row in zip(t["index"], t["data"], strict=True)}


def test_switch_joined_buses_report_their_own_injection():
    net = gio.read_case(DATA)
    res = run_power_flow(net, tol=1e-10)
    assert res.converged
    cn = compile_network(net)
    groups: dict[int, list[int]] = {}
    for i, b in enumerate(res.bus_ids):
        groups.setdefault(cn.bus_index[b], []).append(i)
    fused = [m for m in groups.values() if len(m) > 1]
    assert len(fused) == 2 and sum(len(m) for m in fused) == 32
    ref = _pp_res_bus()
    for members in fused:
        for i in members:
            b = res.bus_ids[i]
            # pandapower: load convention (consumption positive); ours: injection
            assert abs(res.p_mw[i] + ref[b]["p_mw"]) < 1e-6, (b, res.p_mw[i], ref[b]["p_mw"])
            assert abs(res.q_mvar[i] + ref[b]["q_mvar"]) < 1e-6, (b, res.q_mvar[i], ref[b]["q_mvar"])
    i20, i21, i16 = (res.bus_ids.index(b) for b in ("bus_20", "bus_21", "bus_16"))
    assert abs(res.p_mw[i20] + 38) < 1e-9 and abs(res.p_mw[i21] - 20) < 1e-9 and abs(res.p_mw[i16]) < 1e-9


def test_members_sum_to_the_group_injection_even_unconverged():
    """The group's first bus carries what its elements do not account for, so totals never change."""
    net = gio.read_case(DATA)
    res = run_power_flow(net, max_iter=1, init="flat")
    assert not res.converged
    cn = compile_network(net)
    v = res.v_compiled
    s_inj = v * np.conj(cn.ybus() @ v) * cn.base_mva
    for k in set(cn.bus_index[b] for b in res.bus_ids):
        members = [i for i, b in enumerate(res.bus_ids) if cn.bus_index[b] == k]
        assert abs(sum(res.p_mw[i] for i in members) - s_inj[k].real) < 1e-9
        assert abs(sum(res.q_mvar[i] for i in members) - s_inj[k].imag) < 1e-9
