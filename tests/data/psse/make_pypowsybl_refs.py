"""Make the pypowsybl / OpenLoadFlow reference voltages for tests/engine/test_psse.py.

Run with a throwaway environment, never the project venv:

    python3 -m venv /tmp/pws && /tmp/pws/bin/pip install pypowsybl
    /tmp/pws/bin/python tests/data/psse/make_pypowsybl_refs.py

For each RAW file pypowsybl reads (IEEE 14, Polish, Kundur two-area) it imports the case with
pypowsybl's PSS/E importer and solves it with OpenLoadFlow as a plain single-slack Newton power
flow: no distributed slack, no reactive limits, every control off, the slack pinned to the
PSS/E swing bus (IDE 3), a 1e-11 convergence threshold per equation, and machines with a zero MW
target still regulating voltage (as in PSS/E; OpenLoadFlow's default would switch them off). It writes
reference/<case>_olf_buses.csv with `bus` (PSS/E bus number), `v_pu` (v / nominal kV), `angle_deg`,
and reference/<case>_olf_summary.csv with the pypowsybl version, the slack bus and the status.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pypowsybl as pp
import pypowsybl.loadflow as lf

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2].parent / "shared" / "data" / "psse"
CASES = {
    "gridpack_IEEE14_PTIv33": "gridpack_IEEE14_PTIv33.raw",
    "gridpack_Polish_model_v33": "gridpack_Polish_model_v33.raw",
    "gridpack_kundur-twoarea_v33": "gridpack_kundur-twoarea_v33.raw",
}


def find(raw: str) -> Path:
    for candidate in (HERE / raw, SHARED / raw):
        if candidate.exists():
            return candidate
    sys.exit(f"{raw} is neither in {HERE} nor in {SHARED}")


def swing_bus(path: Path) -> int:
    """The first bus with IDE = 3 (a v33 bus record: I, 'NAME', BASKV, IDE, ...)."""
    lines = path.read_text().splitlines()
    for line in lines[3:]:
        fields = [f.strip() for f in line.split("/")[0].split(",")]
        if fields[0] == "0":
            break
        if len(fields) > 3 and fields[3] == "3":
            return int(fields[0])
    raise ValueError(f"no swing bus in {path}")


def main() -> None:
    out = HERE / "reference"
    out.mkdir(exist_ok=True)
    for case, raw in CASES.items():
        path = find(raw)
        net = pp.network.load(str(path))
        slack = swing_bus(path)
        bbv = net.get_bus_breaker_view_buses()
        slack_bus_view = bbv.loc[f"B{slack}", "bus_id"]
        params = lf.Parameters(
            distributed_slack=False,
            use_reactive_limits=False,
            transformer_voltage_control_on=False,
            shunt_compensator_voltage_control_on=False,
            phase_shifter_regulation_on=False,
            read_slack_bus=False,
            provider_parameters={
                "newtonRaphsonConvEpsPerEq": "1e-11",
                "slackBusSelectionMode": "NAME",
                "slackBusesIds": slack_bus_view,
                "maxNewtonRaphsonIterations": "50",
                # PSS/E (and GridSolve) let a machine with PG = 0 < PB regulate voltage; OpenLoadFlow by
                # default treats it as "not started" (Polish buses 3116 and 3118, 3e-3 pu apart).
                "generatorsWithZeroMwTargetAreNotStarted": "false",
            },
        )
        results = lf.run_ac(net, params)
        main_cc = results[0]
        bbv = net.get_bus_breaker_view_buses()
        vls = net.get_voltage_levels()
        rows = []
        for bus_id, row in bbv.iterrows():
            number = int(str(bus_id).removeprefix("B"))
            nominal = vls.loc[row["voltage_level_id"], "nominal_v"]
            rows.append((number, row["v_mag"] / nominal, row["v_angle"]))
        rows.sort()
        with open(out / f"{case}_olf_buses.csv", "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["bus", "v_pu", "angle_deg"])
            for number, v, a in rows:
                w.writerow([number, f"{v:.12f}", f"{a:.12f}"])
        with open(out / f"{case}_olf_summary.csv", "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["key", "value"])
            w.writerow(["pypowsybl_version", pp.__version__])
            w.writerow(["raw_file", raw])
            w.writerow(["status", str(main_cc.status)])
            w.writerow(["iterations", main_cc.iteration_count])
            w.writerow(["slack_bus", slack])
            w.writerow(["slack_bus_view_id", slack_bus_view])
            w.writerow(["reference_bus_id", getattr(main_cc, "reference_bus_id", "")])
            w.writerow(["slack_mismatch_mw", main_cc.slack_bus_results[0].active_power_mismatch
                        if getattr(main_cc, "slack_bus_results", None) else ""])
            w.writerow(["parameters", "distributed_slack=False use_reactive_limits=False "
                        "transformer/shunt/phase-shifter control off, slackBusSelectionMode=NAME, "
                        "newtonRaphsonConvEpsPerEq=1e-11, generatorsWithZeroMwTargetAreNotStarted=false"])
        print(case, main_cc.status, main_cc.iteration_count, "buses", len(rows))


if __name__ == "__main__":
    main()
