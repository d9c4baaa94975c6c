"""Short-circuit results (`ShortCircuitResultModel`): fault currents on the diagram and per bus, the branch
currents and source contributions, and breaker duty (each rated breaker against the currents at its bus)."""

from __future__ import annotations

from typing import Any

from chalicelib.reports.document import Block, ReportData, Section, kv, para, table_block
from chalicelib.reports.sld import BAD, OFF, OK, WARN, Overlay
from chalicelib.reports.tables import Column, columns, fmt, row_model, table

from .common import scalar_pairs

BUS_COLUMNS = ["id", "vn_kv", "ikss_ka", "ip_ka", "ith_ka", "ib_ka", "ik_ka", "skss_mva", "rk_ohm", "xk_ohm",
               "kappa", "ike_ka"]
CONTRIBUTION_ROWS = 3000
QUANTITY = {"ib_ka": "Ib", "ikss_ka": "I″k", "ip_ka": "ip"}


def overlay(data: ReportData) -> Overlay:
    buses = [b for b in data.result.get("buses", []) if b.get("ikss_ka") is not None]
    top = max((b["ikss_ka"] for b in buses), default=0.0) or 1.0
    ov = Overlay(caption=f"Initial symmetrical short-circuit current I″k per faulted bus "
                         f"({data.result.get('fault')}, {data.result.get('case')} case).")
    for b in data.result.get("buses", []):
        i = b.get("ikss_ka")
        ov.bus_color[b["id"]] = OFF if i is None else (BAD if i > 0.8 * top else WARN if i > 0.4 * top else OK)
        if i is not None:
            ov.bus_text[b["id"]] = f"I″k {i:.3f} kA"
    ov.legend = [(BAD, f"I″k above {0.8 * top:.2f} kA"), (WARN, f"I″k above {0.4 * top:.2f} kA"),
                 (OK, "lower"), (OFF, "not faulted / de-energized")]
    return ov


def _contributions(data: ReportData) -> list[Block]:
    rows: list[dict[str, Any]] = []
    for b in data.result.get("buses", []):
        for c in b.get("contributions") or []:
            ia = (c.get("i_ka") or [None, None, None]) + [None, None, None]
            rows.append({"bus": b["id"], "element": c["element"], "kind": c["kind"], "end": c.get("end"),
                         "ia_ka": ia[0], "ib_ka": ia[1], "ic_ka": ia[2]})
    if not rows:
        return [para("The study did not keep source contributions (parameter contributions).")]
    cols = [Column("bus", "Faulted bus"), Column("element", "Element"), Column("kind", "Kind"),
            Column("end", "End"), Column("ia_ka", "Ia", "kA", decimals=3), Column("ib_ka", "Ib", "kA", decimals=3),
            Column("ic_ka", "Ic", "kA", decimals=3)]
    note = f"the first {CONTRIBUTION_ROWS} of {len(rows)}" if len(rows) > CONTRIBUTION_ROWS else ""
    return [table_block(table("sc-contributions", "Contributions to the fault current", cols,
                              rows[:CONTRIBUTION_ROWS], note))]


def _duty(data: ReportData) -> list[Block]:
    """Rated breakers: Ib and I″k at their bus against the breaking rating, ip against the making rating."""
    at = {b["id"]: b for b in data.result.get("buses", [])}
    flagged = {(v["switch"], v["quantity"]) for v in data.result.get("breaker_violations", [])}
    rows = []
    for sw in data.network.switches:
        if sw.rated_ka is None and sw.peak_ka is None:
            continue
        b = at.get(sw.bus, {})
        ib, ip = b.get("ib_ka") or b.get("ikss_ka"), b.get("ip_ka")
        over = [q for q in ("ib_ka", "ikss_ka", "ip_ka") if (sw.id, q) in flagged]
        rows.append({"switch": sw.id, "bus": sw.bus, "ib_ka": ib, "rated_ka": sw.rated_ka,
                     "duty_percent": 100 * ib / sw.rated_ka if ib and sw.rated_ka else None, "ip_ka": ip,
                     "peak_ka": sw.peak_ka, "peak_duty_percent": 100 * ip / sw.peak_ka if ip and sw.peak_ka else None,
                     "verdict": ("EXCEEDED: " + ", ".join(QUANTITY[q] for q in over)) if over else "ok"})
    if not rows:
        return [para("No breaker in the network has a rating (rated_ka, peak_ka): no breaker duty to check.")]
    cols = [Column("switch", "Breaker"), Column("bus", "Bus"), Column("ib_ka", "Ib at bus", "kA", decimals=3),
            Column("rated_ka", "Rated Ib", "kA", decimals=2), Column("duty_percent", "Duty", "%", decimals=1),
            Column("ip_ka", "ip at bus", "kA", decimals=3), Column("peak_ka", "Rated ip", "kA", decimals=2),
            Column("peak_duty_percent", "Duty", "%", decimals=1), Column("verdict", "Verdict")]
    n_over = len({v["switch"] for v in data.result.get("breaker_violations", [])})
    return [table_block(table("sc-duty", "Breaker duty", cols, rows,
                              f"{n_over} of {len(rows)} rated breaker(s) exceeded at their bus's fault current"))]


def sections(data: ReportData) -> list[Section]:
    r, schema = data.result, data.schema
    case = [kv(scalar_pairs(schema, {k: r.get(k) for k in ("standard", "fault", "case", "ip_method", "tk_s",
                                                            "r_fault_ohm", "x_fault_ohm")}))]
    bus_cols = columns(schema, row_model(schema, "buses"), BUS_COLUMNS)
    faulted = [b for b in r.get("buses", []) if b.get("ikss_ka") is not None or not b.get("energized", True)]
    out = [Section("sc-case", "Fault case", case),
           Section("sc-buses", "Fault currents per bus",
                   [table_block(table("sc-buses", "Fault currents per bus", bus_cols, faulted))])]
    branches = r.get("branches") or []
    if branches:
        cols = columns(schema, row_model(schema, "branches"))
        out.append(Section("sc-branches", "Branch currents",
                           [table_block(table("sc-branches", "Largest fault current through each branch end", cols,
                                              branches))]))
    out.append(Section("sc-contributions", "Contributions", _contributions(data)))
    out.append(Section("sc-duty", "Breaker duty", _duty(data)))
    return out


__all__ = ["fmt", "overlay", "sections"]
