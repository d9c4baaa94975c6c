"""Power-flow results (`PowerFlowResultModel`): voltages and flows on the diagram, the voltage profile, bus,
branch and unit tables, totals and convergence."""

from __future__ import annotations

from chalicelib.reports import charts
from chalicelib.reports.document import ReportData, Section, figure, kv, para, table_block
from chalicelib.reports.sld import BAD as HIGH
from chalicelib.reports.sld import LOW as UNDER
from chalicelib.reports.sld import NORMAL, OFF, OK, Overlay, loading_color, voltage_color
from chalicelib.reports.sld import WARN as NEAR
from chalicelib.reports.tables import columns, fmt, row_model, table

from .common import scalar_pairs


def _band(data: ReportData) -> tuple[float | None, float | None]:
    """The voltage band violations were judged against (the options', else the buses' common one)."""
    vmin, vmax = data.options.get("vmin_pu"), data.options.get("vmax_pu")
    if vmin is None and data.network.buses:
        vmin = min(b.min_vm_pu for b in data.network.buses)
    if vmax is None and data.network.buses:
        vmax = max(b.max_vm_pu for b in data.network.buses)
    return vmin, vmax


def overlay(data: ReportData) -> Overlay:
    limits = {b.id: (data.options.get("vmin_pu") or b.min_vm_pu, data.options.get("vmax_pu") or b.max_vm_pu)
              for b in data.network.buses}
    limit = float(data.options.get("max_loading_percent") or 100.0)
    ov = Overlay(caption="Bus voltages |V| (pu) and angles; branch loading (% of rating).")
    for b in data.result.get("buses", []):
        lo, hi = limits.get(b["id"], (0.95, 1.05))
        ov.bus_color[b["id"]] = voltage_color(b.get("vm_pu"), lo, hi)
        if b.get("vm_pu"):
            ov.bus_text[b["id"]] = f"{b['vm_pu']:.4f} pu ∠{fmt(b.get('va_deg'), 2)}°"
    for br in data.result.get("branches", []):
        key = br["id"].rsplit("_", 1)[0] if br.get("kind", "").startswith("transformer3w") else br["id"]
        pct = br.get("loading_percent")
        ov.branch_color[key] = loading_color(pct, limit)
        if pct is not None:
            ov.branch_text[key] = f"{pct:.0f} %"
    ov.legend = [(OK, "|V| within limits"), (UNDER, "|V| below its minimum"), (HIGH, "|V| above its maximum"),
                 (OFF, "de-energized"), (NORMAL, f"loading up to {0.8 * limit:.0f} %"),
                 (NEAR, f"loading above {0.8 * limit:.0f} %"), (HIGH, f"overloaded (> {limit:.0f} %)")]
    return ov


def sections(data: ReportData) -> list[Section]:
    r, schema = data.result, data.schema
    vmin, vmax = _band(data)
    buses = r.get("buses", [])
    out = [Section("voltage-profile", "Voltage profile", [figure(
        charts.voltage_profile([b["id"] for b in buses], [b.get("vm_pu") for b in buses], vmin, vmax),
        f"Voltage magnitude of every bus in the network's order; band {fmt(vmin)}–{fmt(vmax)} pu.")])]
    totals = r.get("totals") or {}
    head = [kv([("Converged", fmt(r.get("converged"))), ("Method", str(r.get("method"))),
                ("Iterations", fmt(r.get("iterations")))] + scalar_pairs(schema, totals, "Totals"))]
    out.append(Section("totals", "Totals and convergence", head + _history(data)))
    for key, title in (("buses", "Bus results"), ("branches", "Branch results"),
                       ("generators", "Generator and external grid results")):
        rows = r.get(key) or []
        if rows:
            t = table(f"pf-{key}", title, columns(schema, row_model(schema, key)), rows)
            out.append(Section(f"pf-{key}", title, [table_block(t)]))
    return out


def _history(data: ReportData):
    history = data.result.get("history") or []
    if not history:
        return []
    if len(history) > 60:
        return [para(f"{len(history)} iterations; the convergence history is in the study's results.")]
    schema = data.schema
    return [table_block(table("pf-history", "Convergence history",
                              columns(schema, row_model(schema, "history")), history))]
