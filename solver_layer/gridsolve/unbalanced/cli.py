"""`python -m gridsolve solve FEEDER.dss`: the unbalanced study on the command line (table, json, csv)."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Literal

from ..io.opendss import read_opendss
from ..output import emit
from .results import UnbalancedResult
from .study import UnbalancedOptions, run_unbalanced

METHOD: dict[str, Literal["newton", "fixed_point"]] = {"nr": "newton", "gs": "fixed_point"}


def format_table(r: UnbalancedResult) -> str:
    lines = [f"converged {r.converged}  iterations {r.iterations}  control iterations {r.control_iterations}  "
             f"method {r.method}", "", f"{'bus':>12} {'node':>4} {'V kV (LN)':>10} {'V pu':>9} {'angle deg':>10}"]
    lines += [f"{n['bus']:>12} {n['node']:>4} {n['v_kv_ln']:10.5f} {n['v_pu']:9.5f} {n['angle_deg']:10.4f}"
              for n in r.nodes]
    if r.taps:
        lines += ["", f"{'regulator':>12} {'transformer':>12} {'step':>5} {'tap pu':>9}"]
        lines += [f"{t['regulator']:>12} {t['transformer']:>12} {t['tap_step']:5d} {t['tap_pu']:9.5f}" for t in r.taps]
    lines += ["", f"{'branch':>12} {'kind':>11} {'from':>8} {'to':>8} {'phase':>5} {'I1 A':>9} {'I2 A':>9} "
              f"{'loss kW':>9} {'loss kvar':>9}"]
    for b in r.branches:
        for p in b["phases"]:
            lines.append(f"{b['id']:>12} {b['kind']:>11} {b['bus1']:>8} {b['bus2']:>8} {p['phase']:5d} "
                         f"{p['i1_a']:9.3f} {p['i2_a']:9.3f} {p['p_loss_kw']:9.4f} {p['q_loss_kvar']:9.4f}")
    if r.unbalance:
        lines += ["", f"{'bus':>12} {'VUF %':>8} {'V0/V1 %':>8}"]
        lines += [f"{u['bus']:>12} {u['vuf_percent']:8.4f} {u['v0_over_v1_percent']:8.4f}" for u in r.unbalance]
    lines += ["", "totals: " + ", ".join(f"{k} {v:.4f}" if isinstance(v, float) else
                                          f"{k} {' '.join(f'{x:.4f}' for x in v)}"
                                          for k, v in r.totals.items())]
    lines += [f"note: {n}" for n in r.notes]
    return "\n".join(lines) + "\n"


def format_csv(r: UnbalancedResult) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    out.write("# nodes\n")
    w.writerow(["bus", "node", "v_kv_ln", "v_pu", "angle_deg"])
    w.writerows([n["bus"], n["node"], f"{n['v_kv_ln']:.9f}", f"{n['v_pu']:.9f}", f"{n['angle_deg']:.6f}"]
                for n in r.nodes)
    out.write("# taps\n")
    w.writerow(["regulator", "transformer", "tap_step", "tap_pu"])
    w.writerows([t["regulator"], t["transformer"], t["tap_step"], f"{t['tap_pu']:.6f}"] for t in r.taps)
    out.write("# branches\n")
    w.writerow(["branch", "kind", "bus1", "bus2", "phase", "i1_a", "i1_angle_deg", "i2_a", "i2_angle_deg",
                "p_loss_kw", "q_loss_kvar"])
    keys = ("i1_a", "i1_angle_deg", "i2_a", "i2_angle_deg", "p_loss_kw", "q_loss_kvar")
    for b in r.branches:
        w.writerows([b["id"], b["kind"], b["bus1"], b["bus2"], p["phase"], *(f"{p[k]:.6f}" for k in keys)]
                    for p in b["phases"])
    out.write("# unbalance\n")
    w.writerow(["bus", "vuf_percent", "v0_over_v1_percent", "vuf_ll_percent"])
    w.writerows([u["bus"], f"{u['vuf_percent']:.6f}", f"{u['v0_over_v1_percent']:.6f}", f"{u['vuf_ll_percent']:.6f}"]
                for u in r.unbalance)
    return out.getvalue()


def solve(args) -> int:
    """Solve a .dss feeder as its script defines it; exit 0, or 1 if it did not converge."""
    feeder = read_opendss(Path(args.case))
    options = UnbalancedOptions(method=METHOD.get(args.method, "newton"))
    result = run_unbalanced(feeder, options)
    emit(args.format, args.out, as_dict=result.to_dict, as_csv=lambda: format_csv(result),
         as_table=lambda: format_table(result))
    if not result.converged:
        print("error: unbalanced power flow did not converge", file=sys.stderr)
        return 1
    return 0
