"""CGMES import time of the largest models we can make, against pypowsybl and pandapower, same run.

    .venv/bin/python benchmarks/cgmes_import.py [--runs 3] [--cases case9241pegase case13659pegase]

Each model is pypowsybl's CGMES 2.4.15 export (EQ, TP, SSH, SV) of a MATPOWER PEGASE case from
../shared/data/matpower (pypowsybl's MATPOWER importer reads the case through a .mat file written
with scipy). Timed, median of --runs, one process: `gridsolve.io.cgmes.read_cgmes(zip)` (to a
validated Network), `pypowsybl.network.load(zip)` and pandapower's `from_cim` (skipped if it
fails), each in a fresh child process (module imports not timed; peak RSS includes them); the
readers take turns so that a change in machine load hits all of them. A case whose file is absent
prints a row that says so.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pypowsybl.network as pn
import scipy.io

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data" / "matpower"
sys.path.insert(0, str(REPO / "solver_layer"))

from gridsolve.io.matpower import parse_matpower  # noqa: E402

READERS = {  # (imports, the timed call)
    "gridsolve": ("from gridsolve.io.cgmes import read_cgmes", "read_cgmes(path)"),
    "pypowsybl": ("import pypowsybl.network as pn", "pn.load(str(path))"),
    "pandapower": ("from pandapower.converter.cim.cim2pp.from_cim import from_cim", "from_cim(file_list=[str(path)])"),
}
CHILD = """
import json, sys, time
from pathlib import Path
{setup}
path = Path(sys.argv[1])
t = time.perf_counter()
{call}
elapsed = time.perf_counter() - t
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({{"s": elapsed, "rss_mb": hwm / 1024}}))
"""


def make_model(case: str, workdir: Path) -> Path | None:
    source = SHARED / f"{case}.m"
    if not source.exists():
        return None
    data = parse_matpower(source.read_text())
    mpc = {"version": "2", "baseMVA": data["baseMVA"], **{k: np.array(data[k].rows) for k in ("bus", "gen", "branch")}}
    scipy.io.savemat(workdir / f"{case}.mat", {"mpc": mpc})
    out = workdir / f"{case}_cgmes.zip"
    pn.load(str(workdir / f"{case}.mat")).save(str(out), format="CGMES",
                                               parameters={"iidm.export.cgmes.profiles": "EQ,TP,SSH,SV"})
    return out


def run_once(setup: str, call: str, path: Path) -> dict | None:
    """One child process: seconds in the read call (imports excluded) and peak RSS (VmHWM, MB,
    imports included); None when it fails."""
    proc = subprocess.run([sys.executable, "-c", CHILD.format(setup=setup, call=call), str(path)], capture_output=True,
                          text=True,
                          env=dict(os.environ, PYTHONPATH=str(REPO / "solver_layer")))
    if proc.returncode != 0:
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def timed(path: Path, runs: int) -> dict[str, tuple[float, float] | None]:
    """Per reader (median seconds, peak RSS MB); the readers take turns so that load drifts hit all."""
    samples: dict[str, list[dict]] = {name: [] for name in READERS}
    failed: set[str] = set()
    for _ in range(runs):
        for name, (setup, call) in READERS.items():
            if name not in failed:
                info = run_once(setup, call, path)
                if info is None:
                    failed.add(name)
                else:
                    samples[name].append(info)
    return {name: None if name in failed else (statistics.median(i["s"] for i in rows), max(i["rss_mb"] for i in rows))
            for name, rows in samples.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--cases", nargs="*", default=["case9241pegase", "case13659pegase"])
    args = ap.parse_args()
    print(f"CGMES import (pypowsybl's export of the case), median of {args.runs}, seconds; peak RSS of the reader's "
          "process in MB (interpreter and imports included)")
    print(f"{'case':18} {'zip MB':>7} {'XML MB':>7} " + " ".join(f"{name:>22}" for name in READERS) + "   ratios")
    with tempfile.TemporaryDirectory(prefix="gridsolve-cgmes-") as tmp:
        for case in args.cases:
            path = make_model(case, Path(tmp))
            if path is None:
                print(f"{case:18} absent from {SHARED}")
                continue
            rows = timed(path, args.runs)
            xml_mb = sum(i.file_size for i in zipfile.ZipFile(path).infolist()) / 1e6
            cells = " ".join(f"{r[0]:9.2f} s {r[1]:7.0f} MB" if r else f"{'failed':>22}" for r in rows.values())
            ours = rows["gridsolve"][0]
            ratios = ", ".join(f"{name} / gridsolve {r[0] / ours:.2f}x" for name, r in rows.items()
                               if r and name != "gridsolve")
            print(f"{case:18} {path.stat().st_size / 1e6:7.1f} {xml_mb:7.1f} {cells}   {ratios}")


if __name__ == "__main__":
    main()
