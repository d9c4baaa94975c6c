"""Which elements can be outaged, and the outage sets a campaign runs (N-1, user lists).

An outageable element is an in-service branch connected at both ends (a line, a MATPOWER/PSS/E impedance
branch, a 2-winding transformer, a 3-winding transformer: its three two-ports go out together) or an
in-service generator. Ids are the ones `solve` reports (`br_<row>` for MATPOWER branches, `gen_<row>`
for generators). Element classes: "branches" (lines and impedance branches that are not transformers),
"transformers" (2W and 3W transformers, and impedance branches with an off-nominal tap or a phase shift,
MATPOWER's own test), "generators".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..compile import CompiledNetwork
from ..errors import FieldError, StudyInputError

ELEMENT_CLASSES = ("branches", "transformers", "generators")


class ContingencyError(StudyInputError):
    """A contingency campaign that cannot run: unknown element ids, an empty outage set, a base case that
    does not converge. Names the ids or the option at fault."""

    code = "contingency_input"


@dataclass(frozen=True)
class Outageable:
    """One element that can go out: its class, its compiled branch rows or its unit index."""

    id: str
    element_class: str  # branches | transformers | generators
    rows: tuple[int, ...] = ()  # compiled branch rows (a 3W transformer has three)
    unit: int = -1  # compiled unit index (generators)


def catalogue(cn: CompiledNetwork) -> dict[str, Outageable]:
    """Every outageable element of the compiled network by id, in network order (branches, then generators)."""
    br = cn.branches
    rows: dict[str, list[int]] = {}
    cls: dict[str, str] = {}
    imp = cn.net.impedance_branches
    for k, (eid, kind) in enumerate(zip(br.element_id, br.kind, strict=True)):
        rows.setdefault(eid, []).append(k)
        if kind == "impedance_branch":
            b = imp[int(br.element_pos[k])]
            is_tr = b.is_transformer or b.tap_ratio != 1 or b.shift_degree != 0
            cls[eid] = "transformers" if is_tr else "branches"
        else:
            cls[eid] = "branches" if kind == "line" else "transformers"
    out = {eid: Outageable(eid, cls[eid], rows=tuple(r)) for eid, r in rows.items()}
    u = cn.units
    for k, (uid, kind) in enumerate(zip(u.element_id, u.kind, strict=True)):
        if kind == "generator" and uid not in out and cn.island[u.bus[k]] >= 0:
            out[uid] = Outageable(uid, "generators", unit=k)
    return out


def n1_outages(cat: dict[str, Outageable], elements: list[str]) -> list[list[str]]:
    """One outage per element of the chosen classes, in catalogue order."""
    chosen = set(elements)
    return [[e.id] for e in cat.values() if e.element_class in chosen]


def check_user_outages(cat: dict[str, Outageable], outages: list[list[str]]) -> list[list[str]]:
    """User-given outage sets: every id must be an outageable element; an empty set or a repeated id is refused."""
    unknown: list[str] = []
    problems: list[FieldError] = []
    for i, outage in enumerate(outages):
        if not outage:
            problems.append(FieldError(field=f"parameters.outages[{i}]",
                                       message="an outage needs at least one element"))
        if len(set(outage)) != len(outage):
            problems.append(FieldError(field=f"parameters.outages[{i}]", message="an element is listed twice"))
        for eid in outage:
            if eid not in cat and eid not in unknown:
                unknown.append(eid)
                problems.append(FieldError(element_id=eid, field=f"parameters.outages[{i}]",
                                           message="not an in-service branch, transformer or generator"))
    if unknown:
        shown = ", ".join(f"'{u}'" for u in unknown[:10]) + (" ..." if len(unknown) > 10 else "")
        raise ContingencyError(f"unknown element id(s) in the outage list: {shown} (not an in-service branch, "
                               "transformer or generator of the network)", element_id=unknown[0],
                               field="parameters.outages", errors=problems, details={"unknown": unknown})
    if problems:
        raise ContingencyError(problems[0].message, field=problems[0].field, errors=problems)
    return [list(o) for o in outages]


def require_outages(outages: list[list[str]], what: str) -> list[list[str]]:
    if not outages:
        raise ContingencyError(f"the outage set is empty: {what}", field="parameters.outages")
    return outages


def branch_rows(cat: dict[str, Outageable], outage: list[str]) -> np.ndarray:
    """Compiled branch rows an outage removes."""
    return np.array([r for eid in outage for r in cat[eid].rows], dtype=np.int64)


def unit_rows(cat: dict[str, Outageable], outage: list[str]) -> np.ndarray:
    """Compiled unit indices an outage removes."""
    return np.array([cat[eid].unit for eid in outage if cat[eid].unit >= 0], dtype=np.int64)
