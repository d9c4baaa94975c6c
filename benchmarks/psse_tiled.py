"""PSS/E reader at scale: gridpack_Polish_model_v33.raw tiled K times (bus numbers offset by 10^5 per copy).

    .venv/bin/python benchmarks/psse_tiled.py [--copies 25] [--repeat 3] [--reference]

Each copy is an island with its own swing bus; every bus-number field of every record type (bus I; load,
fixed shunt, generator I; branch I, J; transformer I, J, K; switched shunt I and SWREM) is offset. Prints read
time per bus at 1 copy and at K copies, with --reference also for the per-record reader kept under tests/
(tests/engine/psse_reference/reader_v1.py), and checks that the tiled case solves (run_power_flow converges).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO.parent / "shared" / "data" / "psse" / "gridpack_Polish_model_v33.raw"
OFFSET = 100_000
# section -> positions (0-based) of the bus-number fields, revision 33
BUS_FIELDS = {"bus": (0,), "load": (0,), "fixed_shunt": (0,), "generator": (0,), "branch": (0, 1),
              "transformer": (0, 1, 2), "switched_shunt": (0, 6)}
SECTIONS = ["bus", "load", "fixed_shunt", "generator", "branch", "transformer", "area", "two_terminal_dc", "vsc_dc",
            "impedance_correction", "multi_terminal_dc", "multi_section_line", "zone", "inter_area", "owner", "facts",
            "switched_shunt", "gne", "induction_machine"]


def _offset_fields(line: str, positions: tuple[int, ...], delta: int) -> str:
    pieces = line.split(",")
    for k in positions:
        number = int(pieces[k])
        if number:
            pieces[k] = str(number + delta if number > 0 else number - delta).rjust(len(pieces[k]))
    return ",".join(pieces)


def sections(text: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(the three header lines, each section's record lines, its end lines), for the comma-separated file."""
    lines = text.splitlines()
    head, body = lines[:3], lines[3:]
    out: list[list[str]] = [[]]
    ends: list[str] = []
    for ln in body:
        if ln.lstrip().startswith(("0 /", "Q")) and ln.split("/")[0].strip() in ("0", "Q"):
            ends.append(ln)
            out.append([])
        else:
            out[-1].append(ln)
    return head, out, ends


def tiled_psse(k: int, tmp: Path) -> Path:
    """k copies of the Polish model in one RAW file."""
    head, blocks, ends = sections(SOURCE.read_text())
    lines = list(head)
    for s, name in enumerate(SECTIONS):
        block = blocks[s]
        positions = BUS_FIELDS.get(name)
        for copy in range(k):
            if positions is None:
                if copy == 0:
                    lines += block
                continue
            delta = copy * OFFSET
            if name == "transformer":  # first line of each record: 4 lines (2-winding) or 5 (3-winding)
                i = 0
                while i < len(block):
                    three = int(block[i].split(",")[2]) != 0
                    lines.append(_offset_fields(block[i], positions, delta))
                    lines += block[i + 1:i + (5 if three else 4)]
                    i += 5 if three else 4
            else:
                lines += [_offset_fields(ln, positions, delta) for ln in block]
        lines.append(ends[s])
    lines += ends[len(SECTIONS):]
    path = tmp / f"polish_x{k}.raw"
    path.write_text("\n".join(lines) + "\n")
    return path


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    import tempfile

    sys.path[:0] = [str(REPO / "solver_layer"), str(REPO)]
    from gridsolve import run_power_flow
    from gridsolve.io.psse import read_psse

    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=25)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reference", action="store_true", help="also time the per-record reader (tests/)")
    args = ap.parse_args()
    readers = {"columnar": read_psse}
    if args.reference:
        from tests.engine.psse_reference.reader_v1 import read_psse as reference

        readers["per-record (reference)"] = reference
    with tempfile.TemporaryDirectory() as d:
        rows = [(1, SOURCE), (args.copies, tiled_psse(args.copies, Path(d)))]
        read_psse(SOURCE.read_text())  # numba's scanner compiled (or loaded from its cache) before timing
        print(f"{'reader':26s} {'buses':>7s} {'read s':>8s} {'us/bus':>7s}")
        net = None
        for _, path in rows:
            text = path.read_text()
            for label, reader in readers.items():
                seconds = _best(lambda reader=reader, text=text, name=path.name: reader(text, name), args.repeat)
                net = read_psse(text, path.name)
                n = len(net.buses)
                print(f"{label:26s} {n:7d} {seconds:8.3f} {seconds / n * 1e6:7.1f}")
        assert net is not None
        t = time.perf_counter()
        result = run_power_flow(net, method="nr", tol=1e-8)
        print(f"tiled x{args.copies}: run_power_flow converged={result.converged} in {result.iterations} iterations "
              f"({time.perf_counter() - t:.2f} s)")


if __name__ == "__main__":
    main()
