"""CGMES export (gridsolve.io.cgmes.write_cgmes) round trips through pypowsybl 1.16 / OpenLoadFlow.

Reference: pypowsybl loads our zip and OpenLoadFlow solves it (plain single slack, no reactive
limits, controls off, slack pinned to our reference bus, 1e-11 per equation); every bus voltage
must equal our own solution of the original network within 1e-6 pu and 1e-4 degrees (reached:
~1e-11). Cases: IEEE 14 and IEEE 118 (MATPOWER, bundled samples), PEGASE 1354 (MATPOWER,
tests/data), and pandapower's example_multivoltage (transformers with a Dyn5 shift and T-model
magnetizing, a 3-winding transformer, open and closed switches at line and transformer ends,
static generators, an impedance, extended wards). The other direction: pypowsybl's own
MATPOWER import of IEEE 118, exported by pypowsybl to CGMES and imported by us, against
OpenLoadFlow on pypowsybl's network.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
import scipy.io

from gridsolve import io as gio
from gridsolve import run_power_flow
from gridsolve.cli import main
from gridsolve.io.cgmes import read_cgmes, write_cgmes
from gridsolve.io.cgmes.rdfwrite import mrid
from gridsolve.io.matpower import parse_matpower
from tests.conftest import require_data
from tests.engine import cgmes_olf as olf

V_TOL, A_TOL = 1e-6, 1e-4
CASES = ["matpower/case14.m", "matpower/case118.m", "matpower/case1354pegase.m", "pandapower/example_multivoltage.json"]


def _reference_bus(net) -> str:
    return next((g.bus for g in net.generators if g.slack and g.in_service), None) or net.external_grids[0].bus


def _olf_on_export(data: bytes, tmp_path, slack: str):
    path = tmp_path / "export.zip"
    path.write_bytes(data)
    theirs = olf.pp.network.load(str(path))
    olf.solve_plain(theirs, theirs.get_bus_breaker_view_buses().loc[mrid(slack), "bus_id"])
    return theirs


@pytest.mark.parametrize("case", CASES)
def test_export_solved_by_openloadflow(case, tmp_path):
    net = gio.read_case(require_data(case))
    ours = run_power_flow(net, tol=1e-11)
    assert ours.converged
    data = write_cgmes(net, result=ours)
    slack = _reference_bus(net)
    theirs = _olf_on_export(data, tmp_path, slack)
    bbv = theirs.get_bus_breaker_view_buses()
    nominal = theirs.get_voltage_levels()["nominal_v"]
    k = {b: i for i, b in enumerate(ours.bus_ids)}
    live = [b.id for b in net.buses if ours.energized[k[b.id]]]
    rows = bbv.loc[[mrid(b) for b in live]]
    v = rows["v_mag"].to_numpy() / nominal.loc[rows["voltage_level_id"]].to_numpy()
    a = rows["v_angle"].to_numpy() - bbv.loc[mrid(slack), "v_angle"]
    idx = np.array([k[b] for b in live])
    dv = np.max(np.abs(v - ours.vm_pu[idx]))
    da = np.max(np.abs((a - (ours.va_deg[idx] - ours.va_deg[k[slack]]) + 180) % 360 - 180))
    print(f"{case}: OpenLoadFlow on our export vs our solution: |dV| {dv:.1e} pu, |dangle| {da:.1e} deg")
    assert np.all(np.isfinite(v)) and dv < V_TOL and da < A_TOL
    # And our own import of the export is the same network (same solution, the slack's angle from SV).
    back = run_power_flow(read_cgmes(data), tol=1e-11)
    kb = {b: i for i, b in enumerate(back.bus_ids)}
    assert max(abs(back.vm_pu[kb[mrid(b)]] - ours.vm_pu[k[b]]) for b in live) < V_TOL
    assert max(abs(back.va_deg[kb[mrid(b)]] - ours.va_deg[k[b]]) for b in live) < A_TOL


def test_topological_node_names_carry_bus_ids():
    net = gio.read_case(require_data("pandapower/example_multivoltage.json"))
    data = write_cgmes(net)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert sorted(n.rsplit("_", 1)[1] for n in z.namelist()) == ["EQ.xml", "SSH.xml", "SV.xml", "TP.xml"]
        tp = z.read(next(n for n in z.namelist() if n.endswith("_TP.xml"))).decode()
    back = read_cgmes(data)
    names = {b.id: b.name for b in back.buses}
    for bus in net.buses:
        assert names[mrid(bus.id)] == bus.id
        assert f"<cim:IdentifiedObject.name>{bus.id}</cim:IdentifiedObject.name>" in tp


def test_export_is_deterministic():
    net = gio.read_case(require_data("matpower/case118.m"))
    assert write_cgmes(net) == write_cgmes(net)


def test_pypowsybl_export_of_ieee118_imported(tmp_path):
    """pypowsybl's MATPOWER importer builds IEEE 118 (its own conventions), pypowsybl writes CGMES,
    we read it: our solution equals OpenLoadFlow's on pypowsybl's network."""
    data = parse_matpower(require_data("matpower/case118.m").read_text())
    mpc = {"version": "2", "baseMVA": data["baseMVA"], **{k: np.array(data[k].rows) for k in ("bus", "gen", "branch")}}
    scipy.io.savemat(tmp_path / "case118.mat", {"mpc": mpc})
    theirs = olf.pp.network.load(str(tmp_path / "case118.mat"))
    theirs.save(str(tmp_path / "case118_cgmes.zip"), format="CGMES",
                parameters={"iidm.export.cgmes.profiles": "EQ,TP,SSH,SV"})
    net = read_cgmes(tmp_path / "case118_cgmes.zip")
    ours = run_power_flow(net, tol=1e-11)
    assert ours.converged
    olf.solve_plain(theirs, olf.slack_buses(theirs, net, ours))
    dv, da, count = olf.compare(theirs, net, ours)
    print(f"pypowsybl's CGMES of IEEE 118, imported: |dV| {dv:.1e} pu, |dangle| {da:.1e} deg over {count} buses")
    assert count == 118 and dv < V_TOL and da < A_TOL


def test_cli_convert_and_solve(tmp_path):
    case = require_data("matpower/case14.m")
    out = tmp_path / "case14.zip"
    assert main(["convert", str(case), str(out)]) == 0
    assert main(["solve", str(out), "--format", "json", "--out", str(tmp_path / "r.json")]) == 0
    for target in ("back.json", "back.m"):
        assert main(["convert", str(out), str(tmp_path / target)]) == 0
    a = run_power_flow(gio.read_case(case), tol=1e-10)
    b = run_power_flow(gio.read_case(tmp_path / "back.m"), tol=1e-10)
    assert np.max(np.abs(a.vm_pu - b.vm_pu)) < 1e-9
