"""pypowsybl / OpenLoadFlow as the reference for the CGMES tests: a plain single-slack Newton
power flow (no distributed slack, no reactive limits, every control off, the slack pinned by
name, 1e-11 per equation, zero-MW machines still regulating), and the map from our buses to
pypowsybl's, found through the equipment both models share."""

from __future__ import annotations

import numpy as np
import pytest

pp = pytest.importorskip("pypowsybl")
lf = pytest.importorskip("pypowsybl.loadflow")


def plain_parameters(slack_bus_id: str) -> lf.Parameters:
    """DC initial angles: a flat start cannot follow a Dyn5 transformer's 150 degrees (the solution is
    the same; only the start differs)."""
    return lf.Parameters(
        voltage_init_mode=lf.VoltageInitMode.DC_VALUES, distributed_slack=False, use_reactive_limits=False,
        transformer_voltage_control_on=False,
        shunt_compensator_voltage_control_on=False, phase_shifter_regulation_on=False, read_slack_bus=False,
        twt_split_shunt_admittance=False,
        provider_parameters={"newtonRaphsonConvEpsPerEq": "1e-11", "slackBusSelectionMode": "NAME",
                             "slackBusesIds": slack_bus_id, "maxNewtonRaphsonIterations": "50",
                             "generatorsWithZeroMwTargetAreNotStarted": "false",
                             "minPlausibleTargetVoltage": "0.5", "maxPlausibleTargetVoltage": "1.5"},
    )


def bus_map(net_pp, ours) -> dict[str, str]:
    """Our bus id -> pypowsybl bus-view id, through elements present in both (same ids)."""
    out: dict[str, str] = {}

    def add(our_bus: str, pp_bus) -> None:
        if isinstance(pp_bus, str) and pp_bus:
            out.setdefault(our_bus, pp_bus)

    for frame, elements, fields in (
        (net_pp.get_generators(), ours.generators, (("bus", "bus_id"),)),
        (net_pp.get_loads(), ours.loads, (("bus", "bus_id"),)),
        (net_pp.get_shunt_compensators(), ours.shunts, (("bus", "bus_id"),)),
        (net_pp.get_lines(), ours.lines + ours.impedance_branches, (("from_bus", "bus1_id"), ("to_bus", "bus2_id"))),
        (net_pp.get_2_windings_transformers(), ours.impedance_branches,
         (("from_bus", "bus1_id"), ("to_bus", "bus2_id"))),
    ):
        for el in elements:
            if el.id in frame.index:
                for ours_field, pp_field in fields:
                    add(getattr(el, ours_field), frame.loc[el.id, pp_field])
    t3 = net_pp.get_3_windings_transformers()
    for br in ours.impedance_branches:
        tid, _, k = br.id.rpartition("#")
        if tid in t3.index and k in ("1", "2", "3"):
            add(br.from_bus, t3.loc[tid, f"bus{k}_id"])
    return out


def solve_plain(net_pp, slack_bus_ids: str | list[str]):
    """Solve every connected component; each takes its slack from `slack_bus_ids`. A component with
    no voltage source is not calculated (NO_CALCULATION), as our compile() de-energizes it."""
    ids = [slack_bus_ids] if isinstance(slack_bus_ids, str) else list(slack_bus_ids)
    params = plain_parameters(",".join(ids))
    params.component_mode = lf.ComponentMode.ALL_CONNECTED
    results = lf.run_ac(net_pp, params)
    for r in results:
        assert str(r.status).endswith(("CONVERGED", "NO_CALCULATION")), (r.connected_component_num, r.status)
    return results


def compare(net_pp, ours, result) -> tuple[float, float, int]:
    """Largest |dV| (pu) and |d angle| (deg) over the buses both models have, and how many of
    pypowsybl's buses were compared; angles are compared relative to the first mapped bus of each
    connected component. A bus pypowsybl leaves unsolved must be de-energized in ours, and back."""
    mapping = bus_map(net_pp, ours)
    buses = net_pp.get_buses()
    vls = net_pp.get_voltage_levels()
    idx = {b: i for i, b in enumerate(result.bus_ids)}
    first: dict[int, tuple[float, float]] = {}
    dv = da = 0.0
    for our, theirs in mapping.items():
        row = buses.loc[theirs]
        solved = bool(np.isfinite(row["v_mag"]))
        assert solved == bool(result.energized[idx[our]]), f"bus {our} / {theirs}: solved by one side only"
        if not solved:
            continue
        v_pu = row["v_mag"] / vls.loc[row["voltage_level_id"], "nominal_v"]
        dv = max(dv, abs(result.vm_pu[idx[our]] - v_pu))
        ref = first.setdefault(row["connected_component"], (result.va_deg[idx[our]], row["v_angle"]))
        d = (result.va_deg[idx[our]] - ref[0]) - (row["v_angle"] - ref[1])
        da = max(da, abs((d + 180) % 360 - 180))
    assert mapping, "no bus in common"
    return dv, da, len(set(mapping.values()))


def slack_buses(net_pp, ours, result) -> list[str]:
    """pypowsybl bus ids of our reference units (one per island)."""
    mapping = bus_map(net_pp, ours)
    units = {u for u, kind in zip(result.unit_ids, result.unit_kind, strict=True) if kind == "generator"}
    refs = [g.bus for g in ours.generators if g.slack and g.id in units]
    refs += [n.split("generator '")[1].split("'")[0] for n in result.notes if "was chosen as reference" in n]
    bus_of = {g.id: g.bus for g in ours.generators}
    return [mapping[bus_of.get(r, r)] for r in refs]


def max_abs(a) -> float:
    return float(np.max(np.abs(a))) if len(a) else 0.0
