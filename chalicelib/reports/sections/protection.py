"""Protection-coordination results (`ProtectionResult`): devices on the diagram, the coordination (CTI) table,
violations with suggested settings, automatic coordination, and a time-current characteristic (TCC) plot per
primary/backup pair, currents referred to the primary's voltage."""

from __future__ import annotations

from typing import Any

from chalicelib.reports.charts import PALETTE, Axis, Chart
from chalicelib.reports.document import Block, ReportData, Section, figure, para, table_block
from chalicelib.reports.sld import BAD, OK, Overlay
from chalicelib.reports.tables import Column, columns, row_model, table

MAX_TCC_PLOTS = 24


def overlay(data: ReportData) -> Overlay:
    bad = {d for v in data.result.get("violations", []) for d in (v["primary"], v["backup"])}
    ov = Overlay(caption="Protective devices at their branches; red: part of a coordination violation.")
    for dev in data.result.get("devices", []):
        where = dev.get("branch") or dev.get("switch")
        if where:
            ov.branch_color[where] = BAD if dev["id"] in bad else OK
            ov.branch_text[where] = ", ".join(filter(None, [ov.branch_text.get(where), dev["id"]]))
    ov.legend = [(OK, "device coordinates"), (BAD, "device in a violation")]
    return ov


def _curve_series(dev: dict[str, Any], base_kv: float) -> list[tuple[list[float], list[float | None], str, str]]:
    """(currents referred to base_kv, times, label, dash) per curve of a device: its first curve solid."""
    scale = dev["vn_kv"] / base_kv if base_kv else 1.0
    return [([i * scale for i in c["i_a"]], c["t_s"], f"{dev['id']} {c['name']}", "" if k == 0 else "5,2")
            for k, c in enumerate(dev["curves"])]


def tcc_svg(tcc: dict[str, Any], ids: list[str], base_kv: float, title: str) -> str:
    devices = {d["id"]: d for d in tcc.get("devices", [])}
    series = [(s, k) for k, dev_id in enumerate(ids) if dev_id in devices
              for s in _curve_series(devices[dev_id], base_kv)]
    xs = [x for (xv, _, _, _), _ in series for x in xv if x > 0]
    chart = Chart(Axis(min(xs, default=10.0) * 0.8, max(xs, default=1e4) * 1.25,
                       f"Current (A at {base_kv:g} kV) — {title}", log=True),
                  Axis(0.01, 1000.0, "Time (s)", log=True), width=640, height=400)
    for (x, t, label, dash), k in series:
        chart.line(x, t, PALETTE[k % len(PALETTE)], 1.6 if not dash else 1.0, dash, label)
    for m in tcc.get("fault_markers", []):
        if m["device"] == ids[0]:
            chart.vline(m["i_a"] * devices[ids[0]]["vn_kv"] / base_kv, "#555",
                        f"{m['case']} {m['fault_bus']}")
    for a in tcc.get("annotations", []):
        if a["primary"] == ids[0] and len(ids) > 1 and a["backup"] == ids[1]:
            i = a["i_primary_a"] * devices[ids[0]]["vn_kv"] / base_kv
            chart.points([i, i], [a["t_primary_s"], a["t_backup_s"]], BAD if not a["ok"] else OK, 2.4)
    return chart.svg()


def _tcc_blocks(data: ReportData) -> list[Block]:
    tcc = data.result.get("tcc") or {}
    kv_of = {d["id"]: d["vn_kv"] for d in tcc.get("devices", [])}
    pairs = data.result.get("pairs", [])
    blocks: list[Block] = []
    for p in pairs[:MAX_TCC_PLOTS]:
        ids = [p["primary"], p["backup"]]
        if p["primary"] not in kv_of:
            continue
        margin = p.get("min_margin_s")
        verdict = "coordinated" if p["ok"] else "NOT coordinated"
        blocks.append(figure(tcc_svg(tcc, ids, kv_of[p["primary"]], f"{p['primary']} / {p['backup']}"),
                             f"{p['primary']} (primary) and {p['backup']} (backup), {p['rule'].replace('_', ' ')}: "
                             f"smallest margin {margin if margin is None else f'{margin:.3f}'} s, required "
                             f"{p['required_s']:.3f} s — {verdict}."))
    if len(pairs) > MAX_TCC_PLOTS:
        blocks.append(para(f"TCC plots are shown for the first {MAX_TCC_PLOTS} of {len(pairs)} pairs."))
    if not blocks and tcc.get("devices"):
        ids = [d["id"] for d in tcc["devices"]][:10]
        blocks.append(figure(tcc_svg(tcc, ids, tcc["devices"][0]["vn_kv"], "all devices"), "All devices."))
    return blocks or [para("No devices: nothing to plot.")]


def _cti_table(data: ReportData) -> Block:
    rows = []
    for p in data.result.get("pairs", []):
        for pt in p.get("points", []):
            rows.append({"primary": p["primary"], "backup": p["backup"], "rule": p["rule"], **pt,
                         "required_s": p["required_s"]})
    cols = [Column("primary", "Primary"), Column("backup", "Backup"), Column("rule", "Rule"),
            Column("fault_bus", "Fault at"), Column("case", "Case"),
            Column("i_primary_a", "I primary", "A", decimals=1), Column("i_backup_a", "I backup", "A", decimals=1),
            Column("t_primary_s", "t primary", "s", decimals=3), Column("t_backup_s", "t backup", "s", decimals=3),
            Column("margin_s", "Margin (CTI)", "s", decimals=3), Column("required_s", "Required", "s", decimals=3),
            Column("ok", "OK")]
    return table_block(table("prot-cti", "Coordination time intervals at the fault currents", cols, rows))


def sections(data: ReportData) -> list[Section]:
    r, schema = data.result, data.schema
    devices = table("prot-devices", "Protective devices", columns(schema, row_model(schema, "devices")),
                    r.get("devices", []))
    out = [Section("prot-devices", "Protective devices", [table_block(devices)]),
           Section("prot-cti", "Coordination (CTI table)", [_cti_table(data)])]
    violations = r.get("violations") or []
    vcols = columns(schema, row_model(schema, "violations"))
    out.append(Section("prot-violations", "Coordination violations", [
        table_block(table("prot-violations", "Violations", vcols, violations)) if violations
        else para("Every pair coordinates at every fault current checked.")]))
    auto = r.get("auto")
    if auto:
        blocks: list[Block] = [para(f"Automatic coordination: {auto['status']}. {auto.get('message', '')}")]
        if auto.get("settings"):
            blocks.append(table_block(table("prot-auto", "Settings found",
                                            columns(schema, row_model(schema, "settings", "AutoResult")),
                                            auto["settings"])))
        out.append(Section("prot-auto", "Automatic coordination", blocks))
    out.append(Section("prot-tcc", "Time-current characteristics", _tcc_blocks(data)))
    return out
