"""`python -m gridsolve shortcircuit CASE [--fault ...] [--case ...] [--bus ID ...] [--format ...]`.

Wired by gridsolve.cli.build_parser: `sc_cli.register(sub)`; the subcommand's func is `run`.
"""

from __future__ import annotations

import argparse

from .. import io as gio
from ..output import emit
from .calc import run_short_circuit
from .options import FAULTS


def register(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("shortcircuit", help="IEC 60909 short-circuit currents (3ph, 2ph, 1ph, 2phg)")
    p.add_argument("case", help="case file: MATPOWER .m, PSS/E .raw, pandapower or GridSolve .json")
    p.add_argument("--fault", choices=FAULTS, default="3ph")
    p.add_argument("--case", dest="sc_case", choices=["max", "min"], default="max")
    p.add_argument("--bus", action="append", default=None, metavar="ID", help="fault this bus (repeatable; "
                   "default: every bus)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--tk", type=float, default=1.0, help="fault duration for ith, s (default 1)")
    p.add_argument("--ip-method", choices=["B", "C"], default="C", help="IEC 60909 peak-current method")
    p.add_argument("--c-factor", type=float, default=None, help="override the voltage factor c")
    p.add_argument("--lv-tol", type=float, choices=[6, 10], default=10, help="LV voltage tolerance, %%")
    p.add_argument("--r-fault", type=float, default=0.0, help="fault resistance, ohm")
    p.add_argument("--x-fault", type=float, default=0.0, help="fault reactance, ohm")
    p.add_argument("--sequence-networks", action="store_true", help="also print the sequence networks (json)")
    p.add_argument("--out", help="write results to this file instead of stdout")
    p.add_argument("--input-format", default=None)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    net = gio.read_case(args.case, args.input_format)
    result = run_short_circuit(net, fault=args.fault, case=args.sc_case, buses=args.bus, tk_s=args.tk,
                               ip_method=args.ip_method, c_factor=args.c_factor, lv_tol_percent=args.lv_tol,
                               r_fault_ohm=args.r_fault, x_fault_ohm=args.x_fault)
    def as_dict() -> dict:
        data = result.to_dict()
        if args.sequence_networks:
            data["sequence_networks"] = result.sequence_networks()
        return data

    emit(args.format, args.out, as_dict=as_dict, as_table=result.table,
         as_csv=lambda: "# buses\n" + result.buses_csv() + "\n# branches\n" + result.branches_csv())
    return 0
