"""OpenDSS import: syntax, OpenDSS's property side effects, and errors that name file, line and property."""

from __future__ import annotations

import pytest

from gridsolve.errors import InvalidNetworkError, ParseError
from gridsolve.io import dss_syntax as sx
from gridsolve.io.opendss import read_opendss
from gridsolve.unbalanced import parse_feeder, run_unbalanced
from tests.conftest import require_data

HEAD = """Clear
New Circuit.t basekv=12.47 bus1=s
New Linecode.c nphases=3 r1=0.1 x1=0.2 units=kft
"""


def test_syntax_pieces():
    assert sx.tokens("rmatrix = (1 | 2 3) units=mi Line.L115 1") == [
        ("rmatrix", "1 | 2 3"), ("units", "mi"), (None, "Line.L115"), (None, "1")]
    assert sx.rpn("8 1000 /") == pytest.approx(0.008)
    assert sx.number("(0.00625 -1 * 1 +)".strip("()")) == pytest.approx(0.99375)
    assert sx.matrix("1 | 2 3", 2) == [[1, 2], [2, 3]]
    assert sx.matrix("1 2 2 3", 2) == [[1, 2], [2, 3]]
    assert sx.bus_spec("632.1.2") == ("632", [1, 2])
    assert sx.strip_comment("New Load.a kw=1 ! comment // more") == "New Load.a kw=1"


def test_ieee13_structure_and_coordinates():
    f = read_opendss(require_data("opendss/ieee13/IEEE13Nodeckt.dss"))
    assert f.name == "ieee13nodeckt"
    assert f.voltage_bases_kv == [115, 4.16, 0.48]
    assert len(f.lines) == 12 and len(f.loads) == 15 and len(f.reg_controls) == 3
    sub = f.by_id("transformers")["sub"]
    assert sub.xsc_percent == [pytest.approx(0.008)]  # XHL=(8 1000 /)
    assert [w.conn for w in sub.windings] == ["delta", "wye"]
    reg = f.by_id("transformers")["reg1"]
    assert reg.n_phases == 1 and reg.windings[1].terminal.nodes == [1, 0]
    assert reg.windings[0].r_percent == pytest.approx(0.005)  # %LoadLoss=0.01 split over two windings
    sw = f.by_id("lines")["671692"]
    assert sw.switch and sw.r1_ohm == 1e-4 and sw.length == 0.001
    ld = f.by_id("loads")["646"]
    assert ld.conn == "delta" and ld.terminal.nodes == [2, 3] and ld.model == 2
    assert f.coordinates["650"] == (200.0, 350.0)  # BusCoords, kept for diagrams only


def test_like_copies_and_edit_forms():
    f = read_opendss(require_data("opendss/ieee123/ieee123_fixed_taps.dss"))
    trs = f.by_id("transformers")
    # reg3c like=reg3a: its own bus and tap, reg3a untouched
    assert trs["reg3c"].windings[0].terminal.model_dump() == {"bus": "25", "nodes": [3, 0]}
    assert trs["reg3a"].windings[0].terminal.nodes == [1, 0]
    assert trs["reg3a"].windings[1].tap_pu == pytest.approx(1.0)
    assert trs["reg3c"].windings[1].tap_pu == pytest.approx(0.99375)
    assert f.settings.control_mode == "off"
    rc = f.by_id("reg_controls")["creg4b"]
    assert (rc.vreg_v, rc.r_ldc_v, rc.x_ldc_v, rc.ct_primary_a) == (124, 1.4, 2.6, 300)  # like=creg4a, own R X
    assert any("energymeter" in n for n in f.notes)


def test_text_input_with_base_dir():
    folder = require_data("opendss/ieee13/IEEE13Nodeckt.dss").parent
    f = read_opendss("Redirect IEEE13Nodeckt.dss\nSet ControlMode=OFF\n", base_dir=folder)
    assert f.settings.control_mode == "off" and len(f.loads) == 15


@pytest.mark.parametrize("extra,field,message", [
    ("New Line.l1 bus1=s bus2=a linecode=c lenght=1\n", "lenght", "unknown property 'lenght' of line.l1"),
    ("New Line.l1 bus1=s bus2=a linecode=c length=abc\n", "length", "could not convert"),
    ("Frobnicate now\n", None, "unsupported command 'Frobnicate'"),
    ("New Storage.b bus1=s\n", None, "unsupported element class 'storage'"),
    ("Set mode=daily\n", "mode", "snapshot only"),
    ("Redirect nothere.dss\n", None, "cannot find 'nothere.dss'"),
    ("New Load.z bus1=s model=8\n", "model", "load model 8 is not supported"),
])
def test_parse_errors_name_file_line_property(extra, field, message):
    with pytest.raises(ParseError) as exc:
        read_opendss(HEAD + extra)
    assert exc.value.line == 4 and exc.value.file == "<text>"
    assert exc.value.field == field
    assert message in str(exc.value)


def test_parse_error_in_a_redirected_file(tmp_path):
    (tmp_path / "inner.dss").write_text("New Line.l1 bus1=s bus2=a\n~ linecode=c kvv=3\n")
    (tmp_path / "main.dss").write_text(HEAD + "Redirect inner.dss\n")
    with pytest.raises(ParseError) as exc:
        read_opendss(tmp_path / "main.dss")
    assert exc.value.file.endswith("inner.dss") and exc.value.line == 2 and exc.value.field == "kvv"


def test_report_commands_are_skipped_with_a_note():
    f = read_opendss(HEAD + "New Line.l1 bus1=s bus2=a linecode=c\nShow voltages\nPlot profile\n")
    assert [n.split(": ", 1)[1] for n in f.notes] == ["'Show' skipped (report command)",
                                                       "'Plot' skipped (report command)"]


@pytest.mark.parametrize("extra,error,element,field", [
    ("New Line.l1 bus1=s bus2=a linecode=nope\n", InvalidNetworkError, "l1", "line_code"),
    ("New Line.l1 bus1=s.1.2 bus2=a.1.2 phases=2 r1=0.1 x1=0.2\nNew Load.x bus1=a.3 phases=1 kv=7.2\n",
     InvalidNetworkError, "a", "nodes"),
    ("New Transformer.x buses=[s a] kvs=[12.47 4.16] xhl=0 %loadloss=0\n", InvalidNetworkError, "x", "xsc_percent"),
    ("New Transformer.x buses=[s a] conns=[wye delta] kvs=[12.47 4.16] ppm_antifloat=0\n", InvalidNetworkError,
     "a", "nodes"),
])
def test_network_errors_name_element_and_field(extra, error, element, field):
    """A missing line code, an isolated phase, a singular transformer bank, a floating delta."""
    with pytest.raises(error) as exc:
        run_unbalanced(read_opendss(HEAD + extra))
    assert exc.value.element_id == element and exc.value.field == field
    if "a.3" in extra:
        assert "isolated phase" in str(exc.value) and "a.3" in str(exc.value)
    if "ppm_antifloat=0" in extra:
        assert "floating section" in str(exc.value) and "a.1" in str(exc.value)


def test_feeder_json_round_trip_solves_the_same():
    """A project stores the imported feeder as JSON; reading it back gives the same solution."""
    feeder = read_opendss(require_data("opendss/ieee13/IEEE13Nodeckt.dss"))
    again = parse_feeder(feeder.model_dump_json())
    assert again == feeder
    a, b = run_unbalanced(feeder), run_unbalanced(again)
    assert [n["v_kv_ln"] for n in a.nodes] == [n["v_kv_ln"] for n in b.nodes]


def test_model_errors_name_element_and_field():
    data = read_opendss(require_data("opendss/ieee13/IEEE13Nodeckt.dss")).model_dump()
    data["loads"][3]["model"] = 7
    with pytest.raises(InvalidNetworkError) as exc:
        parse_feeder(data)
    assert exc.value.element_id == data["loads"][3]["id"] and exc.value.field == "model"
