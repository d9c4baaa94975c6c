"""Live comparison with OpenDSS itself (dss-python, requirements-dev.txt) on what the IEEE feeders
do not exercise: conductor geometry with each earth model, a delta-wye bank, an open-delta regulator,
load models 1, 2, 4, 5, center-tapped split-phase and three-winding transformers, and capacitor controls
of every type. Same script into both engines;
both at tolerance 1e-10;
every node within 1e-5 relative magnitude and 1e-3 degrees."""

from __future__ import annotations

import numpy as np
import pytest

from gridsolve.io.opendss import read_opendss
from gridsolve.unbalanced import run_unbalanced
from tests.conftest import require_data

dss = pytest.importorskip("dss")


def _opendss(path) -> dict[str, complex]:
    engine = dss.DSS
    engine.Text.Command = "Clear"
    engine.Text.Command = f'Redirect "{path}"'
    circuit = engine.ActiveCircuit
    assert circuit.Solution.Converged
    v = np.array(circuit.AllBusVolts).reshape(-1, 2)
    return dict(zip(circuit.AllNodeNames, v[:, 0] + 1j * v[:, 1], strict=True))


def _compare(path) -> None:
    ref = _opendss(path)
    r = run_unbalanced(read_opendss(path))
    assert r.converged
    assert len(r.nodes) == len(ref)
    for n in r.nodes:
        z = ref[f"{n['bus']}.{n['node']}"]
        assert n["v_kv_ln"] * 1000 == pytest.approx(abs(z), rel=1e-5), (n["bus"], n["node"])
        assert abs((n["angle_deg"] - np.degrees(np.angle(z)) + 180) % 360 - 180) < 1e-3, (n["bus"], n["node"])


@pytest.mark.parametrize("earth", ["deri", "carson", "fullcarson"])
def test_mixed_feeder(tmp_path, earth):
    text = require_data("opendss/live/mixed_feeder.dss").read_text()
    text = text.replace("New WireData.336", f"Set EarthModel={earth}\nNew WireData.336", 1)
    text = text.replace("\nSolve", "\nSet Tolerance=1e-10\nSolve")  # OpenDSS's default 1e-4 is too loose to compare
    path = tmp_path / f"mixed_{earth}.dss"
    path.write_text(text)
    _compare(path)


def test_split_phase_and_three_winding(tmp_path):
    text = require_data("opendss/live/split_phase.dss").read_text().replace("\nSolve", "\nSet Tolerance=1e-10\nSolve")
    path = tmp_path / "split.dss"
    path.write_text(text)
    _compare(path)


@pytest.mark.parametrize("control", [
    "type=voltage ONsetting=124 OFFsetting=126 PTratio=20 ptphase=1 element=line.692675 terminal=1 Delay=5",
    "type=voltage ONsetting=120 OFFsetting=123 PTratio=20 element=line.692675 terminal=1",
    "type=current ONsetting=3 OFFsetting=1 CTratio=100 element=line.650632 terminal=1",
    "type=kvar ONsetting=200 OFFsetting=-400 element=line.692675 terminal=1",
    "type=pf ONsetting=0.95 OFFsetting=-0.98 element=line.650632 terminal=1",
])
def test_capcontrol_on_ieee13(tmp_path, control):
    """IEEE 13 with Cap1 open and a CapControl; its own Solve line is dropped so both engines start
    from the same taps (OpenDSS carries taps from one Solve to the next)."""
    src = require_data("opendss/ieee13/IEEE13Nodeckt.dss")
    lines = [ln for ln in src.read_text().splitlines() if ln.strip().lower() != "solve"]
    text = "\n".join(lines).replace("redirect IEEELineCodes.DSS", f'redirect "{src.parent / "IEEELineCodes.DSS"}"')
    text = text.replace("BusCoords IEEE13Node_BusXY.csv", "")
    path = tmp_path / "cc.dss"
    path.write_text(text + f"\nCapacitor.cap1.states=[0]\nNew CapControl.cc capacitor=cap1 {control}\n"
                    "Set Tolerance=1e-10\nSolve\n")
    _compare(path)
