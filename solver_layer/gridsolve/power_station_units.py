"""Power station units (IEC 60909-0 §6.7): a synchronous generator and its unit transformer.

A unit is flagged (`Generator.power_station_trafo`, or `Transformer.power_station_unit` with the
generator at the transformer's LV bus) or, on request, detected: a two-winding transformer whose
LV bus holds exactly one synchronous generator and no other branch. The correction factor of the
unit as a whole (K_S with, K_SO without on-load tap changer) then replaces K_G and K_T; a fault
between generator and transformer uses K_G,S / K_T,S (or K_G,SO / K_T,SO) instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .branch_models import UnitFactors, power_station_unit_factors
from .compile import CompiledNetwork
from .errors import StudyInputError


@dataclass(frozen=True)
class PowerStationUnit:
    generator_id: str
    transformer_id: str
    generator_pos: int  # in net.generators
    transformer_pos: int  # in net.transformers
    row: int  # the transformer's compiled branch row
    hv_bus: int  # compiled buses
    lv_bus: int
    factors: UnitFactors
    detected: bool  # found by topology rather than flagged
    u_rg_kv: float  # the generator's rated voltage (the source voltage c U_rG for faults inside the unit)


def _transformer_rows(cn: CompiledNetwork) -> dict[int, int]:
    """Transformer position in net.transformers -> its compiled branch row."""
    br = cn.branches
    return {int(br.element_pos[k]): k for k, kind in enumerate(br.kind) if kind == "transformer"}


def _synchronous_at(cn: CompiledNetwork) -> dict[int, list[int]]:
    """Compiled bus -> positions (net.generators) of the in-service synchronous generators there."""
    out: dict[int, list[int]] = {}
    for k, kind in enumerate(cn.units.kind):
        if kind == "generator" and cn.net.generators[cn.units.element_pos[k]].kind == "synchronous":
            out.setdefault(int(cn.units.bus[k]), []).append(int(cn.units.element_pos[k]))
    return out


def _flagged_pairs(cn: CompiledNetwork, rows: dict[int, int], gens: dict[int, list[int]]) -> dict[int, int]:
    """generator pos -> transformer pos for the flagged units; a flag that cannot hold is refused."""
    net, br = cn.net, cn.branches
    trafo_pos = {tr.id: p for p, tr in enumerate(net.transformers)}
    pairs: dict[int, int] = {}
    for bus, positions in gens.items():
        for gp in positions:
            g = net.generators[gp]
            if g.power_station_trafo is None:
                continue
            tp = trafo_pos.get(g.power_station_trafo)
            if tp is None or tp not in rows or br.t[rows[tp]] != bus:
                raise StudyInputError("a power station unit's transformer must be an in-service two-winding "
                                      "transformer whose LV bus is the generator's bus", element_id=g.id,
                                      field="power_station_trafo")
            pairs[gp] = tp
    for tp, k in rows.items():
        if not net.transformers[tp].power_station_unit or tp in pairs.values():
            continue
        at_lv = gens.get(int(br.t[k]), [])
        if len(at_lv) != 1:
            raise StudyInputError(f"a power station unit transformer needs exactly one synchronous generator at "
                                  f"its LV bus ({len(at_lv)} found)", element_id=net.transformers[tp].id,
                                  field="power_station_unit")
        pairs[at_lv[0]] = tp
    return pairs


def _detected_pairs(cn: CompiledNetwork, rows: dict[int, int], gens: dict[int, list[int]],
                    taken: dict[int, int]) -> dict[int, int]:
    """Transformers whose LV bus has one synchronous generator and no other branch."""
    br = cn.branches
    degree = np.bincount(np.r_[br.f, br.t], minlength=cn.n_bus)
    out = {}
    for tp, k in rows.items():
        lv = int(br.t[k])
        at_lv = gens.get(lv, [])
        if degree[lv] == 1 and len(at_lv) == 1 and at_lv[0] not in taken and tp not in taken.values():
            out[at_lv[0]] = tp
    return out


def power_station_units(cn: CompiledNetwork, c_max: np.ndarray, detect: bool = False) -> list[PowerStationUnit]:
    """The power station units of `cn` with their correction factors (c_max of the HV side for K_S/K_SO)."""
    rows, gens = _transformer_rows(cn), _synchronous_at(cn)
    pairs = _flagged_pairs(cn, rows, gens)
    detected = _detected_pairs(cn, rows, gens, pairs) if detect else {}
    out = []
    for gp, tp in sorted({**pairs, **detected}.items()):
        g, tr, k = cn.net.generators[gp], cn.net.transformers[tp], rows[tp]
        hv, lv = int(cn.branches.f[k]), int(cn.branches.t[k])
        factors = power_station_unit_factors(g, tr, float(cn.vn_kv[hv]), float(c_max[hv]))
        out.append(PowerStationUnit(g.id, tr.id, gp, tp, k, hv, lv, factors, gp in detected,
                                    float(g.vn_kv or tr.vn_lv_kv)))
    return out
