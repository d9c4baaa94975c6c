"""Unbalanced three-phase power flow: GridSolve vs OpenDSS (dss-python) vs power-grid-model, same run.

    .venv/bin/python benchmarks/unbalanced_vs_peers.py [--repeat 5] [--copies 40]

Needs requirements-bench.txt (dss-python comes with requirements-dev.txt, power-grid-model with bench).

Feeders:
- IEEE 123 (tests/data/opendss/ieee123), both variants: Kersting's taps with controls off, and
  the regulators on control (script 1 of Run_IEEE123Bus.DSS: one tap per control iteration);
- IEEE 123 x N: N copies of the 123-bus feeder, each with its own regulators, behind the one
  4.16 kV source bus 150 (N = 40 gives 11,120 nodes), written out by `replicate_123`.

What is timed (median of --repeat runs, min-max in brackets), after the script is loaded:
- OpenDSS `Solve`: the snapshot solution with its control loop (Set Tolerance=1e-8), KLU inside;
  taps are reset to the script's values before each repetition (by recompiling, untimed).
- GridSolve `solve`: `solve_feeder` on the compiled feeder (Jacobian pattern analysis, no-load
  start, Newton iterations, control loop) to 1e-8 pu; `+results`: `run_unbalanced` end to end
  (compile, solve, all result models); `compile` alone.
- power-grid-model `asym`: `PowerGridModel.calculate_power_flow(symmetric=False, NR, tol 1e-6)`
  on the fixed-tap variants only (model construction untimed). power-grid-model has no
  single-phase or two-phase lines, no per-phase regulators and no delta loads, and its
  `asym_line` wants positive mutual terms, so it cannot express the IEEE feeders as they are
  (its input validation rejects this input; the calculation runs anyway). Its input is built
  from GridSolve's compiled feeder: every line a 3-phase `asym_line` (absent phases 1000 ohm,
  no coupling), switches and regulators ideal links (tap 1), the 480 V bank a transformer, delta
  legs as half their power on each phase, capacitors as negative constant-power kvar. It stalls
  near 1e-7 at 1e-8, hence its 1e-6. Its timing is for a network of the same size and structure;
  its answer is *not* the IEEE feeder, and the table says how far it is from OpenDSS.
Accuracy columns: max |V| difference from OpenDSS over all nodes, relative.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "solver_layer"))

from gridsolve.io.opendss import read_opendss  # noqa: E402
from gridsolve.unbalanced import UnbalancedOptions, run_unbalanced  # noqa: E402
from gridsolve.unbalanced.compile import compile_feeder, line_matrices  # noqa: E402
from gridsolve.unbalanced.study import solve_feeder  # noqa: E402

IEEE123 = REPO / "tests" / "data" / "opendss" / "ieee123"
TOL = 1e-8
PGM_TOL = 1e-6  # power-grid-model stalls near 1e-7 on these inputs (tiny and dummy impedances)


def _prefix_bus(spec: str, k: int) -> str:
    name, dot, rest = spec.partition(".")
    return spec if name.lower() == "150" else f"c{k}_{name}{dot}{rest}"


def _replicate_line(line: str, k: int) -> str:
    line = re.sub(r"(?i)(\bnew\s+\w+\.)(\S+)", lambda m: m.group(1) + f"c{k}_" + m.group(2), line)
    line = re.sub(r"(?i)(\bbus[12]?\s*=\s*)([^\s\[\]]+)", lambda m: m.group(1) + _prefix_bus(m.group(2), k), line)
    line = re.sub(r"(?i)(\bbuses\s*=\s*\[)([^\]]*)\]",
                  lambda m: m.group(1) + " ".join(_prefix_bus(b, k) for b in m.group(2).split()) + "]", line)
    return re.sub(r"(?i)(\b(?:transformer|like)\s*=\s*)(\S+)", lambda m: m.group(1) + f"c{k}_" + m.group(2), line)


def replicate_123(copies: int, folder: Path, *, fixed_taps: bool) -> Path:
    """Write `copies` IEEE 123 feeders behind the one source bus 150; returns the master script."""
    body = []
    for name in ("IEEE123Master.dss", "IEEE123Regulators.DSS", "IEEE123Loads.DSS"):
        for raw in (IEEE123 / name).read_text().splitlines():
            low = raw.strip().lower()
            if not low or low.startswith(("!", "//", "clear", "set ", "redirect", "calcv", "new object=circuit",
                                          "~ basekv")):
                continue
            body.append(raw)
    fixed = {"reg1a": 7, "reg2a": -1, "reg3a": 0, "reg3c": -1, "reg4a": 8, "reg4b": 1, "reg4c": 5}
    out = ["Clear", "Set DefaultBaseFrequency=60",
           "New object=circuit.ieee123x basekv=4.16 Bus1=150 pu=1.00 R1=0 X1=0.0001 R0=0 X0=0.0001",
           f"Redirect {IEEE123 / 'IEEELineCodes.DSS'}"]
    for k in range(copies):
        out += [_replicate_line(line, k) for line in body]
        if fixed_taps:
            out += [f"Transformer.c{k}_{t}.wdg=2 Tap={1 + 0.00625 * s}" for t, s in fixed.items()]
        else:
            out += [f"RegControl.c{k}_c{t}.maxtapchange=1 Delay={15 if t == 'reg1a' else 30}" for t in fixed]
    out += ["Set VoltageBases=[4.16, 0.48]", "Set ControlMode=OFF" if fixed_taps else "Set MaxControlIter=30"]
    path = folder / f"ieee123x{copies}_{'fixed' if fixed_taps else 'reg'}.dss"
    path.write_text("\n".join(out) + "\n")
    return path


def _stats(times: list[float]) -> str:
    return f"{statistics.median(times) * 1e3:9.1f} [{min(times) * 1e3:.1f}-{max(times) * 1e3:.1f}]"


def _without_solve(path: Path, folder: Path) -> Path:
    """The script minus its Solve commands, beside the original (so its Redirects resolve)."""
    keep = [ln for ln in path.read_text().splitlines() if ln.strip().lower() != "solve"]
    out = path.parent / f"_bench_{path.name}"
    out.write_text("\n".join(keep) + "\n")
    return out


def run_opendss(path: Path):
    """One OpenDSS run: load the script (untimed), then time Solve."""
    from dss import DSS  # noqa: PLC0415 - optional peer, only here

    DSS.Text.Command = "Clear"
    DSS.Text.Command = f'Redirect "{path}"'
    DSS.Text.Command = f"Set Tolerance={TOL}"
    DSS.Text.Command = "Set MaxIterations=100"
    t = time.perf_counter()
    DSS.Text.Command = "Solve"
    elapsed = time.perf_counter() - t
    c = DSS.ActiveCircuit
    v = np.array(c.AllBusVolts).reshape(-1, 2)
    volts = dict(zip(c.AllNodeNames, v[:, 0] + 1j * v[:, 1], strict=True))
    return elapsed, volts, c.Solution.Iterations, c.Solution.ControlIterations


def run_gridsolve(feeder, options):
    """One GridSolve run: compile, solve (timed apart), then the whole study with its results."""
    t = time.perf_counter()
    system = compile_feeder(feeder)
    t_compile = time.perf_counter() - t
    t = time.perf_counter()
    sol = solve_feeder(system, options)
    t_solve = time.perf_counter() - t
    t = time.perf_counter()
    result = run_unbalanced(feeder, options)
    t_full = time.perf_counter() - t
    return t_solve, t_full, t_compile, result, sol


def _pgm_loads(system, buses: list[str], bus_id: dict, n_id):
    """Wye asym_loads per bus: load elements (a delta leg's power half on each of its phases), capacitors."""
    from power_grid_model import LoadGenType, initialize_array  # noqa: PLC0415 - optional peer

    t = system.loads
    p = np.zeros((len(buses), 3))
    q = np.zeros((len(buses), 3))
    index = {b: k for k, b in enumerate(buses)}
    for e in range(len(t.p)):  # a delta leg's power goes half to each of its phases
        ends = [i for i in (t.p[e], t.q[e]) if i < system.n]
        for i in ends:
            k = index[system.node_bus[i]]
            p[k, system.node_num[i] - 1] += t.s_va[e].real / len(ends)
            q[k, system.node_num[i] - 1] += t.s_va[e].imag / len(ends)
    for cap in system.feeder.capacitors:
        k = index[cap.bus1.bus]
        for nd in cap.bus1.nodes:
            q[k, nd - 1] -= cap.kvar * 1e3 / cap.n_phases
    loaded = np.flatnonzero(np.abs(p).sum(1) + np.abs(q).sum(1) > 0)
    load = initialize_array("input", "asym_load", len(loaded))
    load["id"] = [next(n_id) for _ in loaded]
    load["node"] = [bus_id[buses[k]] for k in loaded]
    load["status"], load["type"] = 1, LoadGenType.const_power
    load["p_specified"], load["q_specified"] = p[loaded], q[loaded]
    return load


def pgm_input(system, vbase: np.ndarray):
    """power-grid-model asymmetric input for what it can express of a compiled feeder (see the module doc)."""
    from power_grid_model import WindingType, initialize_array  # noqa: PLC0415 - optional peer

    feeder, n_id = system.feeder, iter(range(1, 10 ** 9))
    buses = list(dict.fromkeys(system.node_bus))
    bus_id = {b: next(n_id) for b in buses}
    base = {}
    for i, b in enumerate(system.node_bus):
        base.setdefault(b, vbase[i] * np.sqrt(3))
    node = initialize_array("input", "node", len(buses))
    node["id"], node["u_rated"] = [bus_id[b] for b in buses], [base[b] for b in buses]
    cache, lines, links, trs = {}, [], set(), []
    w = 2 * np.pi * feeder.base_frequency_hz
    for line in feeder.lines:
        if line.switch:  # 1e-7 ohm switches as ideal links (they stall power-grid-model's iteration)
            links.add((bus_id[line.bus1.bus], bus_id[line.bus2.bus]))
            continue
        z, yc = line_matrices(feeder, line, cache)
        zz, cc = np.diag([1000.0 + 0j] * 3), np.zeros((3, 3))
        ph = [k - 1 for k in line.bus1.nodes]
        zz[np.ix_(ph, ph)] = z
        cc[np.ix_(ph, ph)] = (yc / (1j * w)).real
        lines.append((bus_id[line.bus1.bus], bus_id[line.bus2.bus], zz, cc))
    for tr in feeder.transformers:
        a, b = tr.windings[0], tr.windings[1]
        if a.kv == b.kv:  # regulators: no per-phase tap in power-grid-model; an ideal link
            links.add((bus_id[a.terminal.bus], bus_id[b.terminal.bus]))
        else:
            trs.append(tr)
    line_arr = initialize_array("input", "asym_line", len(lines))
    line_arr["id"] = [next(n_id) for _ in lines]
    line_arr["from_node"], line_arr["to_node"] = [x[0] for x in lines], [x[1] for x in lines]
    line_arr["from_status"] = line_arr["to_status"] = 1
    for name, (i, j) in {"aa": (0, 0), "ba": (1, 0), "bb": (1, 1), "ca": (2, 0), "cb": (2, 1), "cc": (2, 2)}.items():
        line_arr[f"r_{name}"] = [x[2][i, j].real for x in lines]
        line_arr[f"x_{name}"] = [x[2][i, j].imag for x in lines]
        line_arr[f"c_{name}"] = [x[3][i, j] for x in lines]
    link = initialize_array("input", "link", len(links))
    link["id"] = [next(n_id) for _ in links]
    link["from_node"], link["to_node"] = [x[0] for x in links], [x[1] for x in links]
    link["from_status"] = link["to_status"] = 1
    tra = initialize_array("input", "transformer", len(trs))
    for k, tr in enumerate(trs):
        a, b = tr.windings[0], tr.windings[1]
        tra[k] = (next(n_id), bus_id[a.terminal.bus], bus_id[b.terminal.bus], 1, 1, a.kv * 1e3, b.kv * 1e3,
                  a.kva * 1e3, tr.xsc_percent[0] / 100, (a.r_percent + b.r_percent) / 100 * a.kva * 1e3, 0, 0, 0, 0,
                  WindingType.delta if a.conn == "delta" else WindingType.wye_n,
                  WindingType.delta if b.conn == "delta" else WindingType.wye_n, 0, 0, 0, 0, 0, 0, 0,
                  *([np.nan] * 4), *([0.0] * 4))
    load = _pgm_loads(system, buses, bus_id, n_id)
    src = initialize_array("input", "source", len(feeder.sources))
    for k, s0 in enumerate(feeder.sources):
        src[k] = (next(n_id), bus_id[s0.terminal.bus], 1, s0.pu, np.radians(s0.angle_deg), 1e12, 0.1, 1.0)
    data = {"node": node, "asym_line": line_arr, "link": link, "transformer": tra, "asym_load": load, "source": src}
    return data, buses, bus_id


def run_pgm(path: Path, repeat: int):
    """power-grid-model asymmetric Newton-Raphson on its expression of the feeder (fixed taps only)."""
    from power_grid_model import CalculationMethod, PowerGridModel  # noqa: PLC0415 - optional peer

    feeder = read_opendss(path)
    system = compile_feeder(feeder)
    sol = solve_feeder(compile_feeder(feeder), UnbalancedOptions(tolerance_pu=TOL))
    data, buses, bus_id = pgm_input(system, sol.vbase)
    model = PowerGridModel(data)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = model.calculate_power_flow(symmetric=False, error_tolerance=PGM_TOL, max_iterations=100,
                                         calculation_method=CalculationMethod.newton_raphson)
        times.append(time.perf_counter() - t)
    u = {int(i): row for i, row in zip(out["node"]["id"], out["node"]["u"], strict=True)}
    volts = {f"{b}.{k}": float(u[bus_id[b]][k - 1]) for b, k in zip(system.node_bus, system.node_num, strict=True)
             if 1 <= k <= 3}
    return times, volts


def _max_rel(ours: dict[str, float], ref: dict[str, complex]) -> float:
    return max(abs(ours[k] / abs(z) - 1) for k, z in ref.items() if k in ours and abs(z) > 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--copies", type=int, default=40)
    ap.add_argument("--method", default="newton", choices=["newton", "fixed_point"])
    ap.add_argument("--no-pgm", action="store_true", help="skip power-grid-model")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = [("ieee123 fixed taps", IEEE123 / "ieee123_fixed_taps.dss"),
                 ("ieee123 regcontrol", IEEE123 / "ieee123_regcontrol.dss"),
                 (f"ieee123 x{args.copies} fixed", replicate_123(args.copies, Path(tmp), fixed_taps=True)),
                 (f"ieee123 x{args.copies} regcontrol", replicate_123(args.copies, Path(tmp), fixed_taps=False))]
        print(f"{'case':>26} {'nodes':>6} {'OpenDSS Solve ms':>22} {'GridSolve solve ms':>22} {'ratio':>6} "
              f"{'+compile+results ms':>22} {'max dV rel':>10} {'iter ours/dss':>14} {'ctrl it':>8}")
        options = UnbalancedOptions(method=args.method, tolerance_pu=TOL)
        for name, path in cases:
            feeder = read_opendss(path)
            dss_path = _without_solve(path, Path(tmp))
            o_t, s_t, f_t = [], [], []
            for _ in range(args.repeat):  # interleaved, so both see the same machine load
                t, o_v, o_it, o_ctl = run_opendss(dss_path)
                o_t.append(t)
                ts, tf, _, result, sol = run_gridsolve(feeder, options)
                s_t.append(ts)
                f_t.append(tf)
            dss_path.unlink()
            g_v = {f"{n['bus']}.{n['node']}": n["v_kv_ln"] * 1000 for n in result.nodes}
            ratio = statistics.median(o_t) / statistics.median(s_t)
            print(f"{name:>26} {len(g_v):6d} {_stats(o_t):>22} {_stats(s_t):>22} {ratio:6.2f} {_stats(f_t):>22} "
                  f"{_max_rel(g_v, o_v):10.1e} {sol.iterations:>6d}/{o_it:<7d} "
                  f"{sol.control_iterations:>3d}/{o_ctl:<3d}")
            if "fixed" in name and not args.no_pgm:
                p_t, p_v = run_pgm(path, args.repeat)
                print(f"{'  power-grid-model asym':>26} {len(p_v):6d} {'':>22} {_stats(p_t):>22} "
                      f"{statistics.median(o_t) / statistics.median(p_t):6.2f} {'':>22} {_max_rel(p_v, o_v):10.1e}  "
                      "(its approximation of the feeder, see the module doc)")
            sys.stdout.flush()
        print("ratio = OpenDSS / GridSolve (median solve times; > 1: GridSolve faster)")


if __name__ == "__main__":
    main()
