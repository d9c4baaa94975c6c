"""`python -m gridsolve tcc CURVE ...` and `python -m gridsolve protection NETWORK ...`.

Wired by gridsolve.cli.build_parser: `protection_cli.register(sub)`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import io as gio
from ..jsonout import dumps_text
from .curves import CURVES
from .report import table
from .study import ProtectionOptions, run_protection
from .tcc import tcc


def register(subparsers) -> None:
    p = subparsers.add_parser("tcc", help="operate times of a relay curve at given currents")
    p.add_argument("curve", help=f"curve name: {', '.join(CURVES)}")
    p.add_argument("--pickup", type=float, required=True, help="pickup current, A")
    p.add_argument("--dial", type=float, required=True, help="time dial / multiplier (DT: delay in s)")
    p.add_argument("--current", type=float, nargs="+", required=True, metavar="A", help="currents, A")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=run_tcc)

    q = subparsers.add_parser("protection", help="coordination check of the network's relays and fuses")
    q.add_argument("network", help="network file with relays/fuses/reclosers (GridSolve .json)")
    q.add_argument("--fault", choices=["3ph", "1ph"], default="3ph")
    q.add_argument("--auto", action="store_true", help="also run the automatic coordination")
    q.add_argument("--format", choices=["table", "json"], default="table")
    q.add_argument("--out", help="write the report to this file instead of stdout")
    q.add_argument("--input-format", default=None)
    q.set_defaults(func=run_protection_cmd)


def run_tcc(args: argparse.Namespace) -> int:
    data = tcc(args.curve, args.pickup, args.dial, args.current)
    if args.format == "json":
        sys.stdout.write(dumps_text(data))
        return 0
    lines = [f"curve {data['curve']}  pickup {data['pickup_a']:g} A  dial {data['dial']:g}", "",
             f"{'I A':>12} {'I/Ip':>8} {'t s':>10}"]
    for i, t in zip(args.current, data["times_s"], strict=True):
        lines.append(f"{i:12.2f} {i / args.pickup:8.3f} {'no trip' if t is None else f'{t:10.4f}':>10}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def run_protection_cmd(args: argparse.Namespace) -> int:
    net = gio.read_case(args.network, args.input_format)
    res = run_protection(net, ProtectionOptions(fault=args.fault, method="auto_coordination" if args.auto else "check"))
    text = dumps_text(res.to_dict()) if args.format == "json" else table(res)
    if args.out:
        Path(args.out).write_text(text)
    else:
        sys.stdout.write(text)
    return 0
