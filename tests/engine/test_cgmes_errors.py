"""CGMES import errors: each names the profile file, the object's mRID and the attribute.

Every case edits one profile of the shared IEEE 14 zip (tests/data/cgmes/ieee14) in memory.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from gridsolve import io as gio
from gridsolve.errors import ParseError, StudyInputError
from gridsolve.io.cgmes import read_cgmes, write_cgmes
from gridsolve.model import Bus, Generator, ImpedanceBranch, Load, Network
from tests.conftest import require_data


def _zip(edit: dict[str, tuple[str, str]] | None = None, drop: str | None = None) -> bytes:
    """The IEEE 14 zip with `old -> new` replaced (exactly once) in the member ending with each key."""
    out = io.BytesIO()
    with zipfile.ZipFile(require_data("cgmes/ieee14/ieee14.zip")) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            if drop and info.filename.endswith(drop):
                continue
            text = zin.read(info).decode()
            for suffix, (old, new) in (edit or {}).items():
                if info.filename.endswith(suffix):
                    assert text.count(old) == 1, old
                    text = text.replace(old, new)
            zout.writestr(info.filename, text)
    return out.getvalue()


def _error(data: bytes) -> ParseError:
    with pytest.raises(ParseError) as exc:
        gio.loads(data, "cgmes", source="ieee14.zip")
    return exc.value


def test_zip_without_eq():
    err = _error(_zip(drop="_EQ.xml"))
    assert err.file == "ieee14.zip" and err.field == "EQ" and "no EQ (equipment) profile" in err.message
    assert "ieee14_SSH.xml" in err.message  # lists what the zip holds


def test_zip_without_ssh():
    err = _error(_zip(drop="_SSH.xml"))
    assert err.field == "SSH" and "no SSH" in err.message


def test_dangling_terminal_node():
    err = _error(_zip({"_TP.xml": ('<cim:Terminal rdf:about="#_LOAD-2_EC_T_1">\n'
                                   '        <cim:Terminal.TopologicalNode rdf:resource="#_BUS-2"/>',
                                   '<cim:Terminal rdf:about="#_LOAD-2_EC_T_1">\n'
                                   '        <cim:Terminal.TopologicalNode rdf:resource="#_NOWHERE"/>')}))
    assert (err.element_id, err.field) == ("LOAD-2_EC_T_1", "Terminal.TopologicalNode")
    assert err.file == "ieee14.zip:ieee14_EQ.xml" and "dangling terminal" in err.message and "NOWHERE" in err.message


def test_dangling_terminal_equipment():
    err = _error(_zip({"_EQ.xml": ('<cim:Terminal.ConductingEquipment rdf:resource="#_LOAD-2"/>',
                                   '<cim:Terminal.ConductingEquipment rdf:resource="#_LOAD-99"/>')}))
    assert (err.element_id, err.field) == ("LOAD-2_EC_T_1", "Terminal.ConductingEquipment")
    assert "dangling terminal" in err.message and "LOAD-99" in err.message
    assert err.line is not None and err.file.endswith("ieee14_EQ.xml")


def test_unknown_base_voltage():
    err = _error(_zip({"_TP.xml": ('<cim:TopologicalNode rdf:ID="_BUS-1">\n'
                                   '        <cim:IdentifiedObject.name>BUS-1</cim:IdentifiedObject.name>\n'
                                   '        <cim:TopologicalNode.ConnectivityNodeContainer rdf:resource="#_VL-1"/>\n'
                                   '        <cim:TopologicalNode.BaseVoltage rdf:resource="#_1_BV"/>',
                                   '<cim:TopologicalNode rdf:ID="_BUS-1">\n'
                                   '        <cim:IdentifiedObject.name>BUS-1</cim:IdentifiedObject.name>\n'
                                   '        <cim:TopologicalNode.ConnectivityNodeContainer rdf:resource="#_VL-1"/>\n'
                                   '        <cim:TopologicalNode.BaseVoltage rdf:resource="#_999_BV"/>')}))
    assert (err.element_id, err.field) == ("BUS-1", "TopologicalNode.BaseVoltage")
    assert err.file.endswith("ieee14_TP.xml") and "BaseVoltage '999_BV'" in err.message


def test_transformer_end_without_terminal():
    err = _error(_zip({"_EQ.xml": ('        <cim:TransformerEnd.Terminal rdf:resource="#_TWT-4-7_PT_T_2"/>\n', "")}))
    assert (err.element_id, err.field) == ("TWT-4-7_TW2", "TransformerEnd.Terminal")
    assert "end 2 of transformer 'TWT-4-7' has no terminal" in err.message and err.file.endswith("ieee14_EQ.xml")


def test_unsupported_equipment_class():
    block = ('<cim:EnergyConsumer rdf:ID="_LOAD-2">\n'
             '        <cim:IdentifiedObject.name>LOAD-2</cim:IdentifiedObject.name>\n'
             '        <cim:Equipment.EquipmentContainer rdf:resource="#_VL-2"/>\n'
             '    </cim:EnergyConsumer>')
    err = _error(_zip({"_EQ.xml": (block, block.replace("EnergyConsumer", "CsConverter"))}))
    assert (err.element_id, err.field) == ("LOAD-2", "rdf:type") and "CsConverter is not supported" in err.message
    assert err.file.endswith("ieee14_EQ.xml")


def test_remote_voltage_control_is_unsupported():
    err = _error(_zip({"_EQ.xml": ('<cim:RegulatingControl.Terminal rdf:resource="#_GEN-2_SM_T_1"/>',
                                   '<cim:RegulatingControl.Terminal rdf:resource="#_LOAD-4_EC_T_1"/>')}))
    assert (err.element_id, err.field) == ("GEN-2_RC", "RegulatingControl.Terminal")
    assert "remote voltage control" in err.message


def test_bad_number_names_the_line():
    err = _error(_zip({"_EQ.xml": ("<cim:ACLineSegment.x>0.0005917</cim:ACLineSegment.x>",
                                   "<cim:ACLineSegment.x>0,0005917</cim:ACLineSegment.x>")}))
    assert (err.element_id, err.field) == ("LINE-1-2", "ACLineSegment.x") and "not a number" in err.message
    assert err.line is not None and err.line > 1


def test_malformed_xml_names_the_line():
    err = _error(_zip({"_SSH.xml": ("<cim:EnergyConsumer.p>21.7</cim:EnergyConsumer.p>",
                                    "<cim:EnergyConsumer.p>21.7</cim:EnergyConsumer.q>")}))
    assert err.file.endswith("ieee14_SSH.xml") and err.line is not None and "XML syntax error" in err.message


def test_not_a_zip_and_missing_path(tmp_path):
    with pytest.raises(ParseError, match="no such file"):
        read_cgmes(tmp_path / "absent.zip")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ParseError, match="no CIM XML files"):
        read_cgmes(tmp_path / "empty")


def test_export_needs_a_converged_state():
    net = Network(name="impossible", buses=[Bus(id="a", vn_kv=110), Bus(id="b", vn_kv=110)],
                  generators=[Generator(id="g", bus="a", slack=True)],
                  impedance_branches=[ImpedanceBranch(id="br", from_bus="a", to_bus="b", r_pu=0.5, x_pu=2.0)],
                  loads=[Load(id="l", bus="b", p_mw=500.0)])
    with pytest.raises(StudyInputError, match="does not converge"):
        write_cgmes(net)
