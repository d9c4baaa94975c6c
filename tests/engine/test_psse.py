"""PSS/E RAW reader: every shared RAW file, references, per-unit conversions, error paths.

References and tolerances:
- pypowsybl 1.16.1 / OpenLoadFlow (tests/data/psse/make_pypowsybl_refs.py; single slack at the
  PSS/E swing bus, no Q limits, controls off, machines with PG = 0 still regulating as in PSS/E):
  IEEE 14, Kundur and Polish agree to 1e-6 pu / 1e-4 deg (achieved: 5e-13 pu on IEEE 14 and
  Kundur, 5e-9 pu / 1.5e-8 deg on the 3,120-bus Polish case).
- MATPOWER case14.m solved by GridSolve: the RAW file holds the same data, agreement 1e-10.
- MATPOWER case118.m is NOT the same data as gridpack_118_PTIv33.raw: the RAW has 20 synchronous
  condensers out of service, parallel circuits merged into one rounded branch and some different
  impedances (56-59), so only a loose bound holds. The RAW's own stored solution (PSS/E, with Q
  limits) is the sharp reference: 1e-5 pu / 1e-3 deg (VM/VA are written with 5 and 4 decimals).
- t_psse_case2.raw (rev 29, PowerFactory export with 150 deg vector-group shifts) and the Kundur
  case agree with their stored solutions to 1e-5 pu / 1e-4 deg.
"""

from __future__ import annotations

import cmath
import gzip

import numpy as np
import pytest

from gridsolve import compile_network, run_power_flow
from gridsolve import io as gio
from gridsolve.errors import ParseError
from gridsolve.io.psse import read_psse, split_record
from tests.conftest import DATA, read_csv, require_data

PSSE = DATA / "psse"


def raw_text(name: str) -> str:
    path = PSSE / name
    if not path.exists():
        path = require_data(f"psse/{name}")
    data = path.read_bytes()
    return (gzip.decompress(data) if path.suffix == ".gz" or data[:2] == b"\x1f\x8b" else data).decode()


def solve(net, **kw):
    result = run_power_flow(net, method="nr", tol=1e-8, **kw)
    assert result.converged, result.notes
    return result


def slack_index(net, result) -> int:
    slack = next(g.bus for g in net.generators if g.slack and g.in_service)
    return result.bus_ids.index(slack)


def compare_with_stored(net, result, vm_tol: float, va_tol: float) -> None:
    stored = {b.id: (b.vm_init_pu, b.va_init_degree) for b in net.buses if "#" not in b.id}
    k = [i for i, b in enumerate(result.bus_ids) if b in stored]
    vm = np.array([stored[result.bus_ids[i]][0] for i in k])
    va = np.array([stored[result.bus_ids[i]][1] for i in k])
    s = slack_index(net, result)
    assert np.max(np.abs(result.vm_pu[k] - vm)) < vm_tol
    dva = (result.va_deg[k] - result.va_deg[s]) - (va - stored[result.bus_ids[s]][1])
    assert np.max(np.abs((dva + 180) % 360 - 180)) < va_tol


# --- tokenizer ------------------------------------------------------------------------------


def test_split_record_quotes_commas_blanks_and_comments():
    # The four records of MATPOWER's tokenizer fixture t_psse_case.raw.
    lines = [ln for ln in raw_text("t_psse_case.raw").splitlines() if ln[:4].strip()[:1] in "1234"][:4]
    assert split_record(lines[0]) == ["1", "Line 1   ", "1.1000", "-.1", "1.1e-2", "1", "1.1", "A", "", "A"]
    assert split_record(lines[1]) == ["2", 'Line, "2"', "2.2000", "-0.2", "0.022", "2 ", " 2.2", "B", "", "B"]
    assert split_record(lines[2]) == ["3", "Line, '3'", "3.3000", "-0.3", "33E-3", " 3 ", "\t3.3", "C", "", "C"]
    assert split_record(lines[3]) == ["4", "Line\t4", "44e-1", "-0.4", "0.44E-1", "4", "4.4", "D", "", "D"]


def test_tokenizer_fixture_is_not_a_case():
    # t_psse_case.raw only exercises the tokenizer: its first line is "Header 1".
    with pytest.raises(ParseError) as exc:
        read_psse(raw_text("t_psse_case.raw"), "t_psse_case.raw")
    assert exc.value.line == 1 and exc.value.field == "case_identification.IC"
    assert "t_psse_case.raw:1" in str(exc.value)


# --- every shared RAW file ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["gridpack_IEEE14_PTIv33.raw", "gridpack_118_PTIv33.raw",
                                  "gridpack_kundur-twoarea_v33.raw"])
def test_v33_files_import_and_solve(name):
    # The Polish case is imported (through read_case and .gz) and solved in the pypowsybl test.
    net = read_psse(raw_text(name), name)
    assert net.source_format == "psse" and net.f_hz in (50.0, 60.0)
    solve(net)


def test_rev29_powerfactory_export_matches_its_stored_solution():
    # t_psse_case2.raw has no REV field (the comment says PSS/E-29), bus GL/BL, and GSU
    # transformers with ANG1 = 150 deg. From a flat start (all angles 0) Newton diverges, as the
    # solution sits 150 deg away; PSS/E's own flat start rotates angles by the shifts. Started
    # from the stored voltages it converges to that stored solution.
    net = read_psse(raw_text("t_psse_case2.raw"), "t_psse_case2.raw")
    assert {b.shift_degree for b in net.impedance_branches if b.is_transformer} == {150.0}
    result = solve(net, init="warm")
    compare_with_stored(net, result, 1e-5, 1e-4)


def test_matpower_save2psse_dc_lines_error_or_fixed_power():
    text = raw_text("t_case9_save2psse.raw")
    with pytest.raises(ParseError) as exc:
        read_psse(text, "t_case9_save2psse.raw")
    assert exc.value.line == 44 and exc.value.field == "two_terminal_dc.MDC"
    assert "hvdc='fixed_power'" in str(exc.value)
    net = read_psse(text, "t_case9_save2psse.raw", hvdc="fixed_power")
    dc = {ld.id: (ld.bus, ld.p_mw) for ld in net.loads if ld.id.startswith("dcline_")}
    assert dc == {"dcline_DCLINE_1_rectifier": ("3", 4.0), "dcline_DCLINE_1_inverter": ("4", -4.0),
                  "dcline_DCLINE_2_rectifier": ("4", 3.0), "dcline_DCLINE_2_inverter": ("7", -3.0)}
    # The second transformer is written with WINDV1 = 0 (MATPOWER's "no tap"): read as 1.0.
    tx = next(b for b in net.impedance_branches if b.id == "tx_9_4_1")
    assert tx.tap_ratio == 1.0 and tx.shift_degree == 5.0
    solve(net)


def test_psse_sample_case_with_hvdc_and_facts_is_refused_precisely():
    # t_psse_case3.raw is PSS/E's savnw sample (rev 30): two LCC DC lines carry ~3 GW from the
    # area-3 island into bus 152, plus VSC, multi-terminal DC and FACTS devices, none of which
    # the model has. It cannot be solved faithfully, so the reader refuses it by default.
    text = raw_text("t_psse_case3.raw")
    with pytest.raises(ParseError) as exc:
        read_psse(text, "t_psse_case3.raw")
    assert exc.value.line == 199 and exc.value.field == "two_terminal_dc.MDC"
    with pytest.raises(ParseError) as exc:
        read_psse(text, "t_psse_case3.raw", hvdc="fixed_power")
    assert exc.value.line == 206 and exc.value.field == "vsc_dc.MDC"


def test_three_winding_transformers_reproduce_psse_solution():
    # With the DC/FACTS devices dropped the case no longer balances, but the stored PSS/E
    # voltages must still satisfy the power balance wherever no DC or FACTS device connects:
    # in particular at the three-winding transformers' buses and star points (VMSTAR/ANSTAR).
    net = read_psse(raw_text("t_psse_case3.raw"), "t_psse_case3.raw", hvdc="ignore")
    stars = [b.id for b in net.buses if b.id.endswith("#star")]
    assert stars == ["3w_205_215_216_3#star", "3w_205_217_218_4#star", "3w_3002_3001_3011_1#star",
                     "3w_3008_3009_3010_2#star"]
    cn = compile_network(net)
    stored = {b.id: (b.vm_init_pu or 1.0) * cmath.exp(1j * np.deg2rad(b.va_init_degree or 0.0)) for b in net.buses}
    v = np.array([stored[b] for b in cn.bus_ids])
    mismatch_mva = np.abs(v * np.conj(cn.ybus() @ v) - cn.s_bus(np.abs(v))) * cn.base_mva
    for bus in ["215", "216", "217", "218", "3001", "3002", "3009", "3010", *stars]:
        assert mismatch_mva[cn.bus_index[bus]] < 0.2, bus  # data written with 4-5 decimals


# --- references -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["gridpack_IEEE14_PTIv33", "gridpack_kundur-twoarea_v33",
                                  "gridpack_Polish_model_v33"])
def test_matches_pypowsybl_openloadflow(case):
    if case.startswith("gridpack_Polish"):
        net = gio.read_case(PSSE / f"{case}.raw.gz")  # format from ".raw", gzip from ".gz"
        assert len(net.buses) == 3120 and net.source_format == "psse"
    else:
        net = read_psse(raw_text(case + ".raw"), case)
    result = run_power_flow(net, method="nr", tol=1e-10)
    assert result.converged
    ref = read_csv(PSSE / "reference" / f"{case}_olf_buses.csv")
    index = {b: k for k, b in enumerate(result.bus_ids)}
    k = np.array([index[r["bus"]] for r in ref])
    vm = np.array([float(r["v_pu"]) for r in ref])
    va = np.array([float(r["angle_deg"]) for r in ref])
    s = slack_index(net, result)
    s_ref = [r["bus"] for r in ref].index(result.bus_ids[s])
    assert np.max(np.abs(result.vm_pu[k] - vm)) < 1e-6
    assert np.max(np.abs((result.va_deg[k] - result.va_deg[s]) - (va - va[s_ref]))) < 1e-4


def test_ieee14_matches_matpower_case14():
    a = solve(read_psse(raw_text("gridpack_IEEE14_PTIv33.raw")))
    b = solve(gio.read_case(require_data("matpower/case14.m")))
    k = [b.bus_ids.index(x) for x in a.bus_ids]
    assert np.max(np.abs(a.vm_pu - b.vm_pu[k])) < 1e-10
    assert np.max(np.abs(a.va_deg - b.va_deg[k])) < 1e-8


def test_ieee118_against_matpower_and_its_stored_solution():
    net = read_psse(raw_text("gridpack_118_PTIv33.raw"))
    # Its own PSS/E solution (generator Q limits applied).
    compare_with_stored(net, solve(net, enforce_q_limits=True), 1e-5, 1e-3)
    # case118.m: switch the 20 condensers back on; the rest is the RAW's different branch data.
    off = [g for g in net.generators if not g.in_service]
    assert len(off) == 20
    for g in off:
        g.in_service = True
    a = solve(net)
    b = solve(gio.read_case(require_data("matpower/case118.m")))
    k = [b.bus_ids.index(x) for x in a.bus_ids]
    assert np.max(np.abs(a.vm_pu - b.vm_pu[k])) < 5e-4
    assert np.max(np.abs((a.va_deg - a.va_deg[68]) - (b.va_deg[k] - b.va_deg[k[68]]))) < 1.0


# --- conversions --------------------------------------------------------------------------------

HEAD = "0, 100.0, 33, 0, 0, 50.0 / test\nTITLE\n\n"
BUSES = ("1,'A', 230.0, 3\n2,'B', 115.0, 1\n3,'C', 13.8, 1\n4,'D', 230.0, 1\n0 / END OF BUS DATA\n")
TAIL = "0 / END OF TRANSFORMER DATA\nQ\n"


def case(loads="", gens="1,'1', 0, 0, 999, -999, 1.0\n", branches="1, 4, '1', 0.01, 0.1, 0.02\n",
         transformers="", buses=BUSES) -> str:
    return (HEAD + buses + loads + "0 / END OF LOAD DATA\n0 / END OF FIXED SHUNT DATA\n" + gens
            + "0 / END OF GENERATOR DATA\n" + branches + "0 / END OF BRANCH DATA\n" + transformers + TAIL)


def branch_ybus(text: str, branch_id: str) -> np.ndarray:
    net = read_psse(text)
    net.impedance_branches = [b for b in net.impedance_branches if b.id == branch_id]
    net.shunts = []
    cn = compile_network(net)
    return cn.ybus().toarray()[np.ix_([cn.bus_index["1"], cn.bus_index["2"]], [cn.bus_index["1"], cn.bus_index["2"]])]


def two_winding(cw: int, cz: int, cm: int, mag: tuple, z: tuple, w1: tuple, w2: tuple) -> str:
    return case(transformers=(f"1, 2, 0, 'T', {cw}, {cz}, {cm}, {mag[0]}, {mag[1]}, 2, 'TX', 1\n"
                              f"{z[0]}, {z[1]}, {z[2]}\n{w1[0]}, {w1[1]}, {w1[2]}\n{w2[0]}, {w2[1]}\n"))


def test_two_winding_codes_are_equivalent_and_put_ym_at_bus_i():
    # Reference: system-base data (CW=1, CZ=1, CM=1). Bus 1 is 230 kV, bus 2 is 115 kV.
    r, x, g, b = 0.002, 0.08, 0.001, -0.004
    w1, w2, ang = 1.05, 0.98, 3.0
    ref = branch_ybus(two_winding(1, 1, 1, (g, b), (r, x, 100), (w1, 0, ang), (w2, 0)), "tx_1_2_T")
    # Hand model: Ym at bus 1, then ratio w1/ang, series Z, ratio w2 at bus 2.
    t = w1 / w2 * cmath.exp(1j * np.deg2rad(ang))
    ys = 1 / (complex(r, x) * w2 * w2)
    assert abs(ref[0, 0] - (complex(g, b) + ys / abs(t) ** 2)) < 1e-12
    assert abs(ref[0, 1] - (-ys / t.conjugate())) < 1e-12
    assert abs(ref[1, 1] - ys) < 1e-12
    # CW=2 (kV) with NOMV = 0 (bus kV); CZ=2 on a 50 MVA winding base; CM=2 (W and pu of SBASE1-2).
    s12 = 50.0
    kv = two_winding(2, 2, 2, (g * 100e6, abs(complex(g, b)) * 100 / s12), (r * s12 / 100, x * s12 / 100, s12),
                     (w1 * 230, 0, ang), (w2 * 115, 0))
    assert np.allclose(branch_ybus(kv, "tx_1_2_T"), ref, atol=1e-12)
    # CW=3 (pu of NOMV = 220 kV and 110 kV); CM=2 values given at NOMV1 = 220 kV.
    nomv1, nomv2 = 220.0, 110.0
    scale = (nomv1 / 230) ** 2  # Ym(bus base) = Ym(NOMV base) * (BASKV/NOMV)^2
    cw3 = two_winding(3, 1, 2, (g * 100e6 * scale, abs(complex(g, b)) * scale), (r, x, 100),
                      (w1 * 230 / nomv1, nomv1, ang), (w2 * 115 / nomv2, nomv2))
    assert np.allclose(branch_ybus(cw3, "tx_1_2_T"), ref, atol=1e-12)
    # CZ=3: R is the load loss in W and X is |Z|, both on SBASE1-2.
    r12, z12 = r * s12 / 100, abs(complex(r, x)) * s12 / 100
    cz3 = two_winding(1, 3, 1, (g, b), (r12 * s12 * 1e6, z12, s12), (w1, 0, ang), (w2, 0))
    assert np.allclose(branch_ybus(cz3, "tx_1_2_T"), ref, atol=1e-12)


def test_three_winding_star_and_partial_status():
    tx3 = ("1, 2, 3, 'X', 1, 2, 1, 0, 0, 2, 'T3', {stat}\n"
           "0.001, 0.1, 200, 0.002, 0.2, 100, 0.0015, 0.15, 150, 1.01, -2.0\n"
           "1.02, 0, 0\n1.0, 0, -30\n0.99, 0, 0\n")
    net = read_psse(case(transformers=tx3.format(stat=1)))
    star = next(b for b in net.buses if b.id == "3w_1_2_3_X#star")
    assert star.vn_kv == 230.0 and star.vm_init_pu == 1.01 and star.va_init_degree == -2.0
    legs = {b.id: b for b in net.impedance_branches if b.id.startswith("3w_")}
    z12, z23, z31 = complex(0.001, 0.1) / 2, complex(0.002, 0.2), complex(0.0015, 0.15) / 1.5
    w1, w2, w3 = (legs[f"3w_1_2_3_X_w{n}"] for n in (1, 2, 3))
    assert complex(w1.r_pu, w1.x_pu) == pytest.approx((z12 + z31 - z23) / 2)
    assert complex(w2.r_pu, w2.x_pu) == pytest.approx((z12 + z23 - z31) / 2)
    assert complex(w3.r_pu, w3.x_pu) == pytest.approx((z23 + z31 - z12) / 2)
    assert (w1.tap_ratio, w2.shift_degree, w3.tap_ratio) == (1.02, -30.0, 0.99)
    assert all(leg.to_bus == star.id for leg in legs.values())
    solve(net)
    for stat, off in ((0, {1, 2, 3}), (2, {2}), (3, {3}), (4, {1})):
        net = read_psse(case(transformers=tx3.format(stat=stat)))
        legs = {int(b.id[-1]): b for b in net.impedance_branches if b.id.startswith("3w_")}
        assert {n for n, b in legs.items() if not b.in_service} == off


def test_loads_zip_parts_and_shunts():
    loads = ("4, '1', 1, 1, 1, 60, 30, 30, 15, 10, -5\n"  # proportional parts: one Load with shares
             "4, '2', 1, 1, 1, 10, 5, 4, 0, 0, 2\n"  # different splits (capacitive YQ): one Load per part
             "2, '3', 0, 1, 1, 7, 1\n")
    net = read_psse(case(loads=loads, branches="1, 4, '1', 0.01, 0.1, 0.02, 0, 0, 0, 0.001, 0.01, 0, 0.02\n"
                                                 "2, 4, '1', 0.01, 0.1, 0.02, 0, 0, 0, 0, 0, 0, 0, 0\n"))
    loads = {ld.id: ld for ld in net.loads}
    one = loads["load_4_1"]
    assert (one.p_mw, one.q_mvar, one.const_i_percent, one.const_z_percent) == (100, 50, 30, 10)
    assert {k for k in loads if k.startswith("load_4_2")} == {"load_4_2", "load_4_2#i", "load_4_2#z"}
    assert (loads["load_4_2#z"].p_mw, loads["load_4_2#z"].q_mvar) == (0, -2)
    assert not loads["load_2_3"].in_service
    cn = compile_network(net)
    b4 = cn.bus_index["4"]
    assert cn.s_const[b4] * 100 == pytest.approx(-(60 + 30j) - (10 + 5j))
    assert cn.s_current[b4] * 100 == pytest.approx(-(30 + 15j) - 4)
    assert cn.s_impedance[b4] * 100 == pytest.approx(-(10 + 5j) + 2j)
    shunts = {s.id: s for s in net.shunts}
    assert (shunts["line_1_4_1#shunt_1"].p_mw, shunts["line_1_4_1#shunt_1"].q_mvar) == (0.1, -1.0)
    assert shunts["line_1_4_1#shunt_4"].q_mvar == -2.0
    assert not any(k.startswith("line_2_4_1#") for k in shunts)  # zero line shunts add nothing


def test_generators_slack_fixed_q_and_ids():
    gens = ("1,'1', 50, 0, 999, -999, 1.02\n"
            "1,'2', 20, 0, 999, -999, 1.02\n"
            "2,'G', 30, 12, 5, 5, 1.01\n")  # type-1 bus, and no Q range: fixed P/Q
    net = read_psse(case(gens=gens, branches="1, 4, '1', 0.01, 0.1, 0.02\n1, 2, '1', 0.01, 0.1, 0.02\n"))
    g = {x.id: x for x in net.generators}
    assert g["gen_1_1"].slack and not g["gen_1_2"].slack and g["gen_1_2"].voltage_control
    assert not g["gen_2_G"].voltage_control and g["gen_2_G"].q_mvar == 12
    solve(net)


def test_revision_35_layout():
    text = ("0, 100.0, 35, 0, 0, 60.0 / rev 35\nT35\n\n"
            "GENERAL, THRSHZ=0.0001\n0 / END OF SYSTEM-WIDE DATA\n"
            "@!   I,'NAME', BASKV, IDE\n"
            "1,'A', 230.0, 3\n2,'B', 230.0, 1\n3,'C', 230.0, 1\n0 / END OF BUS DATA\n"
            "2, '1', 1, 1, 1, 80, 20\n0 / END OF LOAD DATA\n"
            "3, '1', 1, 0, 15\n0 / END OF FIXED SHUNT DATA\n"
            "1, '1', 0, 0, 999, -999, 1.03, 0, 0, 100\n0 / END OF GENERATOR DATA\n"
            "1, 2, '1', 0.01, 0.1, 0.02, 'LINE A', 250, 260, 270, 0,0,0,0,0,0,0,0,0, 0, 0, 0, 0, 1\n"
            "0 / END OF BRANCH DATA\n"
            "2, 3, '1', 0.0, 1, 1\n0 / END OF SYSTEM SWITCHING DEVICE DATA\n"
            "0 / END OF TRANSFORMER DATA\n" + "0 /\n" * 10
            + "3, '1', 0, 1, 1, 1.05, 0.95, 0, 0, 100, '', 25.0\n0 / END OF SWITCHED SHUNT DATA\nQ\n")
    net = read_psse(text, "v35.raw")
    line = net.impedance_branches[0]
    assert (line.id, line.name, line.rate_a_mva, line.rate_c_mva) == ("line_1_2_1", "LINE A", 250, 270)
    assert net.switches[0].id == "switch_2_3_1" and net.switches[0].closed
    assert {s.id: s.q_mvar for s in net.shunts} == {"shunt_3_1": -15.0, "swshunt_3_1": -25.0}
    assert net.generators[0].sn_mva == 100 and net.f_hz == 60.0
    solve(net)


# --- error paths --------------------------------------------------------------------------------


def first_line(text: str, start: str) -> int:
    return next(i for i, ln in enumerate(text.splitlines(), start=1) if ln.startswith(start))


def test_truncated_file_names_line_and_section():
    text = raw_text("gridpack_IEEE14_PTIv33.raw")
    lines = text.splitlines()
    cut = first_line(text, "    4,    9,    0,")  # a transformer's first line, its other 3 lines gone
    with pytest.raises(ParseError) as exc:
        read_psse("\n".join(lines[:cut]), "cut.raw")
    assert exc.value.line == cut and exc.value.field == "transformer_z2"
    assert f"cut.raw:{cut}" in str(exc.value) and "incomplete" in exc.value.message
    cut = first_line(text, "    7,'BUS-7")  # inside the bus data
    with pytest.raises(ParseError) as exc:
        read_psse("\n".join(lines[:cut]), "cut.raw")
    assert exc.value.line == cut and exc.value.field == "bus" and "truncated" in exc.value.message


def test_non_numeric_field_names_line_and_field():
    text = raw_text("gridpack_IEEE14_PTIv33.raw")
    bad = text.replace("    2,     4,'BL', 0.05811, 0.17632", "    2,     4,'BL', 0.05811, 0.1x632")
    with pytest.raises(ParseError) as exc:
        read_psse(bad, "bad.raw")
    line = first_line(text, "    2,     4,'BL'")
    assert (exc.value.line, exc.value.field) == (line, "branch.X")
    assert str(exc.value).startswith(f"bad.raw:{line}, field 'branch.X'") and "0.1x632" in str(exc.value)


def test_branch_to_unknown_bus_names_line_and_field():
    text = raw_text("gridpack_IEEE14_PTIv33.raw")
    bad = text.replace("   13,    14,'BL'", "   13,    41,'BL'")
    with pytest.raises(ParseError) as exc:
        read_psse(bad, "bad.raw")
    assert (exc.value.line, exc.value.field) == (first_line(text, "   13,    14,'BL'"), "branch.J")
    assert "bus 41 is not in the bus data" in str(exc.value)


def test_other_malformed_records():
    with pytest.raises(ParseError) as exc:
        read_psse(case(gens="1,'1', 0, 0, -5, 5, 1.0\n"))
    assert exc.value.field == "generator.QB" and exc.value.line == 11
    with pytest.raises(ParseError) as exc:
        read_psse(case(transformers="1, 2, 0, 'T', 4, 1, 1\n0, 0.1, 100\n1, 0, 0\n1, 0\n"))
    assert exc.value.field == "transformer.CW"
    with pytest.raises(ParseError) as exc:
        read_psse(case(branches="1, 4, '1', 0.01, 0.1\n1, 4, '1', 0.01, 0.1\n"))
    assert "duplicate" in exc.value.message and exc.value.line == 14
    with pytest.raises(ParseError) as exc:
        read_psse("")
    assert exc.value.line == 1
    with pytest.raises(ParseError) as exc:
        read_psse(case(), hvdc="maybe")
    assert exc.value.field == "hvdc"
