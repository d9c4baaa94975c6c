"""Command line: `python -m gridsolve solve|convert|shortcircuit|tcc|protection|contingency ...`.

Exit codes: 0 success, 1 not converged, 2 bad input (file, line, field or option; a file that cannot be read
or written), 3 internal error (a bug in gridsolve: the message says so; GRIDSOLVE_DEBUG=1 adds the traceback).
Errors print one line naming the file, line, element and field; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

from . import io as gio
from .bulk import paused_gc
from .contingency import cli as contingency_cli
from .errors import GridSolveError
from .output import emit
from .powerflow import METHODS, PowerFlowResult, run_power_flow
from .protection import cli as protection_cli
from .shortcircuit import cli as sc_cli
from .unbalanced import cli as unbalanced_cli

EXIT_OK, EXIT_NOT_CONVERGED, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class ProgressBar:
    """Iteration progress on stderr when it is a terminal: mismatch on a log scale towards tol."""

    def __init__(self, tol: float, label: str, stream=None) -> None:
        self.tol, self.label = tol, label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.start_mismatch: float | None = None
        self.started = time.perf_counter()

    def __call__(self, iteration: int, mismatch: float) -> None:
        if not self.enabled:
            return
        import math

        if self.start_mismatch is None:
            self.start_mismatch = max(mismatch, self.tol * 10)
        span = math.log10(self.start_mismatch) - math.log10(self.tol)
        done = (math.log10(self.start_mismatch) - math.log10(max(mismatch, self.tol))) / span if span > 0 else 1
        done = min(max(done, 0.0), 1.0)
        bar = "#" * int(30 * done) + "." * (30 - int(30 * done))
        self.stream.write(f"\r{self.label} [{bar}] it {iteration:3d}  max mismatch {mismatch:.2e} pu")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.start_mismatch is not None:
            self.stream.write(f"  ({time.perf_counter() - self.started:.2f} s)\n")


def _format_table(result: PowerFlowResult) -> str:
    lines = [
        f"method {result.method}  converged {result.converged}  iterations {result.iterations}  "
        f"time {result.wall_time_s * 1000:.1f} ms",
        "",
        f"{'bus':>10} {'|V| pu':>10} {'angle deg':>11} {'|V| kV':>10} {'P MW':>11} {'Q Mvar':>11}",
    ]
    for k, b in enumerate(result.bus_ids):
        kv = f"{result.vm_pu[k] * result.vn_kv[k]:10.4f}" if result.vn_kv[k] > 0 else f"{'-':>10}"  # 0 kV: unknown
        lines.append(f"{b:>10} {result.vm_pu[k]:10.6f} {result.va_deg[k]:11.5f} "
                     f"{kv} {result.p_mw[k]:11.4f} {result.q_mvar[k]:11.4f}")
    lines += ["", f"{'branch':>12} {'from':>8} {'to':>8} {'P from MW':>11} {'Q from Mvar':>12} {'P to MW':>11} "
              f"{'Q to Mvar':>11} {'loss MW':>9} {'load %':>8}"]
    p_loss = result.p_loss_mw
    for k, b in enumerate(result.branch_ids):
        loading = result.loading_percent[k]
        lines.append(
            f"{b:>12} {result.branch_from[k]:>8} {result.branch_to[k]:>8} {result.p_from_mw[k]:11.4f} "
            f"{result.q_from_mvar[k]:12.4f} {result.p_to_mw[k]:11.4f} {result.q_to_mvar[k]:11.4f} "
            f"{p_loss[k]:9.4f} {'' if loading != loading else f'{loading:8.1f}'}"
        )
    totals = result.totals()
    lines += ["", "totals: " + ", ".join(f"{k} {v:.4f}" for k, v in totals.items())]
    if result.notes:
        lines += [""] + [f"note: {n}" for n in result.notes]
    return "\n".join(lines) + "\n"


def _format_csv(result: PowerFlowResult) -> str:
    return "# buses\n" + result.buses_csv() + "\n# branches\n" + result.branches_csv()


def cmd_solve(args: argparse.Namespace) -> int:
    if Path(args.case).suffix.lower() == ".dss":  # an OpenDSS feeder: the unbalanced three-phase study
        return unbalanced_cli.solve(args)
    net = gio.read_case(args.case, args.input_format)
    bar = ProgressBar(args.tol, METHODS[args.method].upper())
    try:
        result = run_power_flow(net, method=args.method, tol=args.tol, max_iter=args.max_iter, init=args.init,
                                enforce_q_limits=args.enforce_q_lims, accel=args.accel, progress=bar,
                                slack_bus=args.slack, distributed_slack=args.distributed_slack)
    finally:
        bar.close()
    emit(args.format, args.out, as_dict=result.to_dict, as_csv=lambda: _format_csv(result),
         as_table=lambda: _format_table(result), as_json=lambda indent: result.to_json(indent=indent))
    if not result.converged:
        print("error: power flow did not converge: " + "; ".join(result.notes[-2:]), file=sys.stderr)
        return EXIT_NOT_CONVERGED
    return EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    net = gio.read_case(args.input, args.input_format)
    gio.write_case(net, args.output, args.output_format)
    print(f"wrote {args.output} ({len(net.buses)} buses)", file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gridsolve", description="GridSolve power-system analysis")
    sub = parser.add_subparsers(dest="command", required=True)

    solve = sub.add_parser("solve", help="AC power flow")
    solve.add_argument("case", help="case file: MATPOWER .m, PSS/E .raw, pandapower or GridSolve .json, "
                       "CGMES .zip or a folder of CGMES profiles; OpenDSS .dss (unbalanced three-phase)")
    solve.add_argument("--method", choices=["nr", "fd", "fdbx", "gs"], default="nr",
                       help="nr Newton-Raphson, fd fast-decoupled XB, fdbx fast-decoupled BX, gs Gauss-Seidel")
    solve.add_argument("--tol", type=float, default=1e-8, help="largest P/Q mismatch, pu (default 1e-8)")
    solve.add_argument("--max-iter", type=int, default=None)
    solve.add_argument("--init", choices=["auto", "flat", "warm", "dc"], default="auto",
                       help="start: auto (the case's voltages where the file has them, else flat; MATPOWER's "
                            "default), flat, warm (stored voltages) or dc (DC power-flow angles)")
    solve.add_argument("--slack", metavar="BUS", default=None, help="bus id to use as the reference (slack) bus")
    solve.add_argument("--distributed-slack", action="store_true",
                       help="share the slack among generators in proportion to Pmax (OpenLoadFlow's default)")
    solve.add_argument("--enforce-q-lims", action="store_true", help="switch PV buses to PQ at Q limits")
    solve.add_argument("--accel", type=float, default=1.0, help="Gauss-Seidel acceleration factor")
    solve.add_argument("--format", choices=["table", "json", "csv"], default="table")
    solve.add_argument("--out", help="write results to this file instead of stdout")
    solve.add_argument("--input-format", choices=sorted(gio.READERS), default=None)
    solve.set_defaults(func=cmd_solve)

    convert = sub.add_parser("convert", help="convert between case formats (.m, .raw, .json, CGMES .zip)")
    convert.add_argument("input")
    convert.add_argument("output")
    convert.add_argument("--input-format", choices=sorted(gio.READERS), default=None)
    convert.add_argument("--output-format", choices=sorted(gio.WRITERS), default=None)
    convert.set_defaults(func=cmd_convert)

    sc_cli.register(sub)
    protection_cli.register(sub)
    contingency_cli.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with paused_gc():  # a short-lived process building large cases: see gridsolve/bulk.py
            return args.func(args)
    except GridSolveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # an output file that cannot be written, a disk that is full
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # noqa: BLE001 - a bug: say so, with a distinct code (1 means "not converged")
        print(f"internal error: {exc.__class__.__name__}: {str(exc)[:300]} (this is a bug in gridsolve; "
              "please report it with the input file)", file=sys.stderr)
        if os.environ.get("GRIDSOLVE_DEBUG") == "1":
            traceback.print_exc()
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
