"""`python -m gridsolve contingency CASE [--outages n-1|n-2|FILE] [--elements ...] [--screen dc|none]
[--threads N] [--format table|json|csv] [--out FILE]`.

An outage FILE is JSON (a list of outages, each a list of element ids) or text: one outage per line, its
element ids separated by commas or spaces, `#` starting a comment. Wired by gridsolve.cli.build_parser.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from .. import io as gio
from ..errors import ParseError
from ..output import csv_table, emit
from ..studies import contingency as study
from ..studies.jsonsafe import json_safe
from . import campaign
from .spreadsheet import TABLE, csv_rows

TABLE_ROWS = 50  # contingencies listed by the table format (all of them in json/csv)


def register(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(study.STUDY.name, help="N-1 / N-2 contingency analysis (full AC per outage), ranked")
    p.add_argument("case", help="case file: MATPOWER .m, PSS/E .raw, pandapower or GridSolve .json, CGMES")
    p.add_argument("--outages", default="n-1", metavar="n-1|n-2|FILE",
                   help="n-1 (every element of --elements), n-2 (generated branch pairs) or a file of outages")
    p.add_argument("--elements", default="branches,transformers,generators",
                   help="element classes, comma-separated: branches, transformers, generators")
    p.add_argument("--screen", choices=["dc", "none"], default="none", help="DC (LODF) screening before AC")
    p.add_argument("--n2-from", choices=["worst", "lodf"], default="worst", help="how n-2 pairs are generated")
    p.add_argument("--n2-max-pairs", type=int, default=200)
    p.add_argument("--loading-limit", type=float, default=100.0, help="overload above this loading, %%")
    p.add_argument("--threads", type=int, default=None, help="processes (default: the machine's cores)")
    p.add_argument("--tol", type=float, default=1e-8, help="largest P/Q mismatch, pu (default 1e-8)")
    p.add_argument("--max-iter", type=int, default=30)
    p.add_argument("--worst", type=int, default=10,
                   help="contingencies whose state after the outage (|V|, angles, loadings, flows) is kept")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--out", help="write results to this file instead of stdout")
    p.add_argument("--input-format", default=None)
    p.set_defaults(func=run)
    return p


def read_outage_file(path: str) -> list[list[str]]:
    """Outages from a JSON or text file; a malformed file is refused naming its line."""
    file = Path(path)
    try:
        text = file.read_text()
    except OSError as exc:
        raise ParseError(f"cannot read the outage file: {exc.strerror or exc}", file=path) from None
    if file.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ParseError(f"invalid JSON: {exc.msg}", file=path, line=exc.lineno) from None
        if not (isinstance(data, list) and all(isinstance(o, list) and all(isinstance(e, str) for e in o)
                                               for o in data)):
            raise ParseError("expected a list of outages, each a list of element ids (strings)", file=path)
        return data
    outages = []
    for line in text.splitlines():
        ids = line.split("#", 1)[0].replace(",", " ").split()
        if ids:
            outages.append(ids)
    return outages


class Bar:
    """Outages done on stderr when it is a terminal."""

    def __init__(self, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        frac = done / max(total, 1)
        bar = "#" * int(30 * frac) + "." * (30 - int(30 * frac))
        rate = done / max(time.perf_counter() - self.started, 1e-9)
        self.stream.write(f"\rcontingency [{bar}] {done}/{total} outages  {rate:.0f}/s")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write(f"  ({time.perf_counter() - self.started:.2f} s)\n")


def _options(args: argparse.Namespace) -> study.ContingencyOptions:
    outages: Any = args.outages if args.outages in ("n-1", "n-2") else read_outage_file(args.outages)
    params = {"outages": outages, "elements": [e.strip() for e in args.elements.split(",") if e.strip()],
              "screen": args.screen, "n2_pairs_from": args.n2_from, "n2_max_pairs": args.n2_max_pairs,
              "loading_limit_percent": args.loading_limit, "tol": args.tol, "max_iter": args.max_iter,
              "full_voltages_worst": args.worst}
    if args.threads is not None:
        params["threads"] = args.threads
    opts = study.STUDY.parse_options(None, params)
    assert isinstance(opts, study.ContingencyOptions)
    return opts


def _fmt(x: float | None, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def table(result: dict[str, Any], summary: dict[str, Any]) -> str:
    b = result["base"]
    lines = [f"base case: |V| {_fmt(b['min_vm_pu'], '.4f')} ({b['min_vm_bus']}) .. {_fmt(b['max_vm_pu'], '.4f')} "
             f"({b['max_vm_bus']}) pu, max loading {_fmt(b['max_loading_percent'], '.1f')} % "
             f"({b['max_loading_branch'] or '-'}), {len(b['violations'])} violation(s)",
             f"{summary['outages']} outages: {summary['converged']} converged, {summary['non_converged']} not, "
             f"{summary['islanding']} islanding, {summary['with_violations']} with violations"
             + (f", {summary['screened_out']} screened out (DC)" if summary.get("screened_out") else ""),
             "", f"{'rank':>4} {'outage':<24} {'conv':>4} {'isl':>3} {'min |V| pu':>16} {'max |V| pu':>16} "
             f"{'max load %':>20} {'viol':>4} {'severity':>10}"]
    for r in result["contingencies"][:TABLE_ROWS]:
        low = _fmt(r["min_vm_pu"], ".4f") + " " + str(r["min_vm_bus"] or "")
        high = _fmt(r["max_vm_pu"], ".4f") + " " + str(r["max_vm_bus"] or "")
        load = _fmt(r["max_loading_percent"], ".1f") + " " + str(r["max_loading_branch"] or "")
        lines.append(
            f"{r['rank']:>4} {'+'.join(r['outage']):<24} {'yes' if r['converged'] else 'NO':>4} "
            f"{'yes' if r['islanding'] else '':>3} {low:>16} {high:>16} {load:>20} "
            f"{len(r['violations']):>4} {r['severity']:>10.2f}")
    if len(result["contingencies"]) > TABLE_ROWS:
        lines.append(f"... {len(result['contingencies']) - TABLE_ROWS} more (--format json or csv lists all)")
    lines += ["", "severity: " + result["severity_formula"]]
    return "\n".join(lines) + "\n"


def csv_text(result: dict[str, Any]) -> str:
    """The ranked table as the service's CSV download has it (`spreadsheet.csv_rows`, formula-safe cells)."""
    return csv_table(csv_rows(TABLE, result["contingencies"]))


def run(args: argparse.Namespace) -> int:
    net = gio.read_case(args.case, args.input_format)
    options = _options(args)
    bar = Bar()
    try:
        result, summary = campaign.run(net, options, None, bar)
    finally:
        bar.close()
    result, summary = json_safe(result), json_safe(summary)
    emit(args.format, args.out, as_dict=lambda: {**result, "summary": summary}, as_csv=lambda: csv_text(result),
         as_table=lambda: table(result, summary))
    return 0
