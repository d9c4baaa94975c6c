"""The equipment library: provenance, plausibility, values against their cited sources, element mapping."""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest

from gridsolve.errors import InvalidNetworkError, ParseError, StudyInputError
from gridsolve.library import (
    CATEGORIES,
    STANDARD_CURVES,
    carson_inputs,
    element_fields,
    get_entry,
    load_library,
    missing_fields,
)
from gridsolve.library.checks import problems
from gridsolve.library.loader import load_file
from gridsolve.library.mapping import ELEMENT_KINDS
from gridsolve.model import (
    Fuse,
    Generator,
    LibraryReference,
    Line,
    Motor,
    Network,
    Relay,
    Switch,
    Transformer,
    Transformer3W,
    parse_network,
)

MI = 1.609344  # km per mile
FT = 304.8  # mm per foot
IN = 25.4  # mm per inch
KFT = 0.3048  # km per 1000 ft

LIB = load_library()


def test_library_has_500_entries_in_every_category():
    counts = Counter(e.category for e in LIB)
    assert len(LIB) >= 500
    assert set(counts) == set(CATEGORIES), counts


def test_ids_unique_and_stable_slugs():
    ids = [e.id for e in LIB]
    assert len(ids) == len(set(ids))
    assert get_entry("southwire-acsr-drake").parameters.code_name == "Drake"


@pytest.mark.parametrize("entry", LIB, ids=lambda e: e.id)
def test_every_entry_cites_a_source_and_is_plausible(entry):
    prov = entry.provenance
    assert prov.sources and all(s.title and s.locator and s.licence for s in prov.sources)
    assert not prov.typical or prov.typical_basis
    if entry.manufacturer in ("typical", "generic"):
        assert prov.typical, "an entry without a manufacturer must say where its typical values come from"
    assert problems(entry) == []


def test_relay_curves_use_the_protection_names():
    relays = [e for e in LIB if e.category == "relay"]
    assert len(relays) >= 15
    for e in relays:
        assert set(e.parameters.curves) <= set(STANDARD_CURVES)
        assert set(e.parameters.curve_names_in_manual.values()) <= set(e.parameters.curves)


# -------------------------------------------------------------------- spot checks against the sources
# Each tuple: entry id, parameter name, value copied from the cited source (converted where the source's unit
# differs: the conversion is written out), relative tolerance for the conversion's rounding.
SPOT = [
    # pandapower 3.5.6 std_types.py basic_line_std_types() (Heuck 2013 p. 744 / 742 f.)
    ("pp-nayy-4x50-se", "r_ohm_per_km", 0.642, 0),
    ("pp-nayy-4x50-se", "x_ohm_per_km", 0.083, 0),
    ("pp-nayy-4x50-se", "c_nf_per_km", 210, 0),
    ("pp-nayy-4x50-se", "ampacity_a", 142, 1e-12),
    ("pp-na2xs2y-1x240-rm-25-12-20-kv", "r_ohm_per_km", 0.122, 0),
    ("pp-na2xs2y-1x240-rm-25-12-20-kv", "c_nf_per_km", 304, 0),
    ("pp-679-al1-86-st1a-380.0", "x_ohm_per_km", 0.25, 0),
    ("pp-679-al1-86-st1a-380.0", "c_nf_per_km", 14.6, 0),
    # pandapower basic_trafo_std_types()
    ("pp-trafo-0.63-mva-10-0.4-kv", "vkr_percent", 1.0794, 0),
    ("pp-trafo-0.63-mva-10-0.4-kv", "pfe_kw", 1.18, 0),
    ("pp-trafo-63-mva-110-20-kv", "vk_percent", 18, 0),
    ("pp-trafo-63-mva-110-20-kv", "i0_percent", 0.04, 0),
    # PyPSA line_types.csv (Oeding & Oswald 2011, ch. 9)
    ("pypsa-al-st-240-40-4-bundle-380.0", "x_ohm_per_km", 0.246, 0),
    ("pypsa-al-st-240-40-4-bundle-380.0", "ampacity_a", 2580, 1e-12),
    # OpenDSS WireData.txt: ACSR1/0 GMR=0.00446 ft DIAM=0.398 in RAC=1.12 ohm/mi NormAmps=230
    ("dss-acsr1-0", "gmr_mm", 0.00446 * FT, 1e-4),
    ("dss-acsr1-0", "diameter_mm", 0.398 * IN, 1e-4),
    ("dss-acsr1-0", "r_ohm_per_km", 1.12 / MI, 1e-6),
    ("dss-acsr1-0", "ampacity_a", 230, 0),
    # WireData.txt: CU4/0 GMR=0.01579 ft DIAM=0.522 in RAC=0.303 ohm/mi 480 A; SAC795 RAC=0.1296 ohm/mi 965 A
    ("dss-cu4-0", "gmr_mm", 0.01579 * FT, 1e-4),
    ("dss-cu4-0", "r_ohm_per_km", 0.303 / MI, 1e-6),
    ("dss-sac795", "r_ohm_per_km", 0.1296 / MI, 1e-6),
    ("dss-sac795", "ampacity_a", 965, 0),
    # IEEE 8500-node WireData.dss: 556_ACSR_26/7 Rac=0.11309 ohm/km GMRac=0.954024 cm Radius=1.17729 cm 902 A
    ("ieee8500-556-acsr-26-7", "r_ohm_per_km", 0.11309, 1e-9),
    ("ieee8500-556-acsr-26-7", "gmr_mm", 9.54024, 1e-6),
    ("ieee8500-556-acsr-26-7", "diameter_mm", 2 * 11.7729, 1e-6),
    # EPRI ckt24 Wiredata: OH_477_AAC diam=0.793 in GMRac=0.3 in Rac=0.1968 ohm/mi normamps=650
    ("epri-ckt24-oh-477-aac", "gmr_mm", 0.3 * IN, 1e-6),
    ("epri-ckt24-oh-477-aac", "r_ohm_per_km", 0.1968 / MI, 1e-6),
    # EPRI J1 LineCodes.dss: OH-3X_477AAC_477AACN r1=0.12241009 x1=0.39494091 r0=0.25708354 x0=1.1976615
    # c1=11.1973 c0=4.8372 (per km) normamps=732
    ("epri-j1-oh-3x-477aac-477aacn", "r_ohm_per_km", 0.12241009, 1e-6),
    ("epri-j1-oh-3x-477aac-477aacn", "x0_ohm_per_km", 1.1976615, 1e-6),
    ("epri-j1-oh-3x-477aac-477aacn", "c0_nf_per_km", 4.8372, 1e-6),
    # EPRI ckt24 Linecodes: UG_600_Al_XLPE_35kV R1=0.2666 X1=0.3506 R0=0.7207 X0=0.1272 c1=346.368 per mile, 508 A
    ("epri-ckt24-ug-600-al-xlpe-35kv", "r_ohm_per_km", 0.2666 / MI, 1e-5),
    ("epri-ckt24-ug-600-al-xlpe-35kv", "r0_ohm_per_km", 0.7207 / MI, 1e-5),
    ("epri-ckt24-ug-600-al-xlpe-35kv", "c_nf_per_km", 346.368 / MI, 1e-5),
    # IEEE European LV feeder LineCode.txt: 4c_70 R1=0.446 X1=0.071 R0=1.505 X0=0.083 ohm/km
    ("ieee-eulv-4c-70", "r_ohm_per_km", 0.446, 0),
    ("ieee-eulv-4c-70", "r0_ohm_per_km", 1.505, 0),
    ("ieee-eulv-4c-70", "x0_ohm_per_km", 0.083, 0),
    # Southwire ACSR data sheet: Drake 26/7 1.107 in, 0.0263 ohm/1000 ft (75 degC ac), 907 A; Linnet 0.720 in ...
    ("southwire-acsr-drake", "diameter_mm", 1.107 * IN, 1e-4),
    ("southwire-acsr-drake", "r_ohm_per_km", 0.0263 / KFT, 1e-4),
    ("southwire-acsr-drake", "ampacity_a", 907, 0),
    ("southwire-acsr-linnet", "r_ohm_per_km", 0.0618 / KFT, 1e-4),
    ("southwire-acsr-linnet", "ampacity_a", 529, 0),
    # IEC TR 60909-4 example (via pandapower test_iec60909_4.py): G1 150 MVA 21 kV x''d 14 % RG 0.002 ohm cos 0.85
    ("iec60909-4-g1", "xdss_pu", 0.14, 0),
    ("iec60909-4-g1", "rdss_ohm", 0.002, 0),
    ("iec60909-4-g1", "sn_mva", 150, 0),
    ("iec60909-4-m1", "lrc_pu", 5, 0),
    ("iec60909-4-m1", "efficiency_n_percent", 97.5, 0),
    ("iec60909-4-t1", "vk_percent", 16, 0),
    ("iec60909-4-t1", "vn_lv_kv", 21, 0),
    # ABB VM1 instruction manual 504/05 p. 40: 1231-31 12 kV 3150 A 31.5 kA making 80 kA
    ("abb-vm1-1231-31", "rated_ka", 31.5, 0),
    ("abb-vm1-1231-31", "peak_ka", 80, 0),
    ("abb-vm1-1231-31", "rated_current_a", 3150, 0),
    # ABB HVDC Light catalogue via pandapower line_dc: 400-CU r 0.0470 ohm/km 0.922 kA
    ("abb-hvdc-light-400-cu", "r_ohm_per_km", 0.0470, 0),
    ("abb-hvdc-light-400-cu", "ampacity_a", 922, 1e-12),
    # SimBench TransformerType.csv: 0.63 MVA 20/0.4 kV Dyn5 ASEA: vmImp 6, pCu 6.9 kW, pFe 1.65 kW
    ("simbench-trafo-0.63-mva-20-0.4-kv-dyn5-asea", "vk_percent", 6, 0),
    ("simbench-trafo-0.63-mva-20-0.4-kv-dyn5-asea", "vkr_percent", 6.9 / 630 * 100, 1e-6),
]


@pytest.mark.parametrize(("entry_id", "field", "expected", "rel"), SPOT, ids=[f"{s[0]}:{s[1]}" for s in SPOT])
def test_values_match_the_cited_source(entry_id, field, expected, rel):
    value = getattr(get_entry(entry_id).parameters, field)
    assert value == pytest.approx(expected, rel=rel, abs=0 if rel else 1e-12)


def _setting(entry_id: str, name: str, family: str = "all"):
    return next(s for s in get_entry(entry_id).parameters.settings if s.setting == name and s.curve_family == family)


# Relay manuals: (entry, setting as named in the manual, curve family, min, max) copied from the cited page.
RELAY_SPOT = [
    ("sel-751-5a", "51P1P", "all", 0.25, 24.00),  # SEL-751 IM (20170927) Table 4.13: 0.25-24.00 A (5 A)
    ("sel-751-5a", "51P1TD", "US", 0.50, 15.00),
    ("sel-751-5a", "51P1TD", "IEC", 0.01, 1.50),
    ("sel-751a-1a", "51P1P", "all", 0.10, 3.20),  # SEL-751A IM (20100129) Table 4.9: 0.10-3.20 A (1 A)
    ("sel-351a-5a", "51NP", "all", 0.5, 16.0),  # SEL-351A IM (20080213) Table 3.4
    ("abb-ref615-ansi", "Start value PHLPTOC", "all", 0.05, 5.00),  # REF615 ANSI 5.0 FP1 PG Table 31
    ("abb-ref615-ansi", "Start value PHIPTOC", "all", 1.00, 40.00),
    ("abb-rem615", "Time multiplier PHLPTOC", "all", 0.05, 15.00),  # REM615 PG 1MRS756890 D Table 28
    ("micom-p341", "I>1 Current Set", "all", 0.08, 4.00),  # P341/EN AD/F43 p. AD-18
    ("micom-p341", "I>1 TMS", "IEC", 0.025, 1.200),
    ("micom-p341", "I>1 Time Dial", "US", 0.01, 100.00),
    ("siemens-siprotec4-7sj62-5a", "Pickup current 51", "all", 0.50, 20.00),  # 7SJ62/64 manual p. 452
    ("siemens-siprotec4-7sj62-5a", "Time multiplier T (IEC)", "IEC", 0.05, 3.20),
    ("siemens-reyrolle-7sr5", "51 Setting Is", "all", 0.05, 2.5),  # 7SR5 manual 11.2019 p. 528
    ("ge-multilin-745", "TIME OVERCURRENT PICKUP", "all", 0.05, 20.00),  # 745 IM p. 2-5
]


@pytest.mark.parametrize(
    ("entry_id", "name", "family", "lo", "hi"), RELAY_SPOT, ids=[f"{r[0]}:{r[1]}:{r[2]}" for r in RELAY_SPOT]
)
def test_relay_setting_ranges_match_the_manual(entry_id, name, family, lo, hi):
    s = _setting(entry_id, name, family)
    assert (s.min, s.max) == (lo, hi)


def test_relay_curve_lists_match_the_manual():
    # SEL-751 Table 4.13: U1-U5, C1-C5; MiCOM P341: US Inverse (CO8, 5.95/2/0.18) is SEL's U2 equation
    assert set(get_entry("sel-751-5a").parameters.curves) == {
        "US-U1",
        "US-U2",
        "US-U3",
        "US-U4",
        "US-U5",
        "IEC-SI",
        "IEC-VI",
        "IEC-EI",
        "IEC-LTI",
        "IEC-STI",
    }
    assert get_entry("micom-p341").parameters.curve_names_in_manual["US Inverse"] == "US-U2"
    assert "(3) ANSI Normal Inverse" in get_entry("abb-ref615-ansi").parameters.vendor_curves


# -------------------------------------------------------------------- element mapping
def _bus_pair():
    return {"id": "L", "from_bus": "a", "to_bus": "b", "length_km": 2.0}


def test_cable_maps_to_a_valid_line():
    fields = element_fields(get_entry("pp-na2xs2y-1x240-rm-25-12-20-kv"), "line")
    line = Line(**_bus_pair(), **fields)
    assert (line.kind, line.r_ohm_per_km, line.x_ohm_per_km, line.c_nf_per_km) == ("cable", 0.122, 0.112, 304)
    assert line.max_i_ka == pytest.approx(0.421)
    assert missing_fields(get_entry("pp-na2xs2y-1x240-rm-25-12-20-kv"), "line") == {}


def test_line_code_carries_zero_sequence():
    line = Line(**_bus_pair(), **element_fields(get_entry("epri-j1-oh-3x-477aac-477aacn"), "line"))
    assert line.kind == "overhead"
    assert (line.r0_ohm_per_km, line.x0_ohm_per_km) == pytest.approx((0.25708354, 1.1976615), rel=1e-6)


def test_bare_conductor_says_what_it_needs():
    drake = get_entry("dss-acsr795")
    fields = element_fields(drake, "line")
    assert "x_ohm_per_km" not in fields and fields["max_i_ka"] == pytest.approx(0.91)
    needs = missing_fields(drake, "line")
    assert set(needs) == {"x_ohm_per_km", "c_nf_per_km"} and "geometry" in needs["x_ohm_per_km"]
    carson = carson_inputs(drake)  # WireData.txt ACSR795: GMR 0.0393 ft, DIAM 1.140 in, RAC 0.1288 ohm/mi
    assert carson["gmr_mm"] == pytest.approx(0.0393 * FT, rel=1e-4)
    assert carson["diameter_mm"] == pytest.approx(1.140 * IN, rel=1e-4)
    with pytest.raises(StudyInputError, match="gmr_mm"):
        carson_inputs(get_entry("southwire-acsr-drake"))  # the data sheet gives no GMR


def test_transformers_map_to_two_and_three_winding_elements():
    t = Transformer(
        id="T", hv_bus="a", lv_bus="b", **element_fields(get_entry("pp-trafo-63-mva-110-20-kv"), "transformer")
    )
    assert (t.sn_mva, t.vk_percent, t.vector_group, t.shift_degree) == (63, 18, "YNd5", 150)
    t3 = Transformer3W(
        id="T3", hv_bus="a", mv_bus="b", lv_bus="c", **element_fields(get_entry("iec60909-4-t3"), "transformer3w")
    )
    assert (t3.vk_hv_percent, t3.vk_mv_percent, t3.vk_lv_percent) == (21, 7, 10)
    with pytest.raises(StudyInputError):
        element_fields(get_entry("iec60909-4-t3"), "transformer")


def test_motor_rating_follows_iec_60909():
    # IEC 60909-0 6.8: S_rM = P_rM / (eta cos phi) = 5 MW / (0.975 * 0.88) = 5.8275 MVA
    g = Generator(id="M1", bus="a", **element_fields(get_entry("iec60909-4-m1"), "generator"))
    assert g.kind == "motor" and g.sn_mva == pytest.approx(5.0 / (0.975 * 0.88)) and g.lrc_pu == 5


def test_motor_entry_maps_to_the_motor_element():
    # IEC TR 60909-4 M1: P_rM 5 MW, U_rM 10 kV, cos phi_rM 0.88, eta_rM 97.5 %, I_LR/I_rM 5, R/X 0.1
    m = Motor(id="M1", bus="a", **element_fields(get_entry("iec60909-4-m1"), "motor"))
    assert (m.pn_mech_mw, m.vn_kv, m.cos_phi_n, m.efficiency_n_percent, m.lrc_pu, m.rx) == (5, 10, 0.88, 97.5, 5, 0.1)
    # full load at the rated point: P = P_rM / eta = 5 / 0.975 MW, Q = P tan(acos 0.88)
    p = 5.0 / 0.975
    assert m.demand_mva() == pytest.approx(complex(p, p * math.tan(math.acos(0.88))), rel=1e-12)


def test_an_element_keeps_its_library_reference():
    entry = get_entry("pp-nayy-4x50-se")
    fields = element_fields(entry, "line")
    ref = {"equipment_id": entry.id, "revision": "abc123", "name": entry.name, "values": fields}
    net = Network(buses=[{"id": "a", "vn_kv": 0.4}, {"id": "b", "vn_kv": 0.4}],
                  lines=[{"id": "L", "from_bus": "a", "to_bus": "b", **fields, "library": ref}])
    again = Network.model_validate_json(net.model_dump_json())
    assert again.lines[0].library is not None and again.lines[0].library.values == fields
    assert again.lines[0].library.values["r_ohm_per_km"] == entry.parameters.r_ohm_per_km
    bad = net.model_dump(mode="json")
    bad["lines"][0]["library"]["colour"] = "red"
    with pytest.raises(InvalidNetworkError) as err:
        parse_network(bad)
    assert (err.value.element_id, err.value.field) == ("L", "library.colour")


def test_generator_and_breaker_map():
    g = Generator(id="G1", bus="a", **element_fields(get_entry("iec60909-4-g1"), "generator"))
    assert (g.sn_mva, g.vn_kv, g.xdss_pu, g.rdss_ohm, g.cos_phi) == (150, 21, 0.14, 0.002, 0.85)
    sw = Switch(id="CB", bus="a", element="L", et="line", **element_fields(get_entry("abb-vm1-1231-31"), "switch"))
    assert (sw.kind, sw.rated_ka, sw.peak_ka) == ("CB", 31.5, 80)


def test_wrong_kinds_are_clear_errors():
    with pytest.raises(StudyInputError, match="maps to relay, not 'line'") as err:
        element_fields(get_entry("sel-751-5a"), "line")
    assert (err.value.element_id, err.value.field) == ("sel-751-5a", "element_kind")
    with pytest.raises(StudyInputError, match="maps to line"):
        element_fields(get_entry("pp-nayy-4x50-se"), "transformer")
    with pytest.raises(StudyInputError, match="HVDC"):
        element_fields(get_entry("abb-hvdc-light-400-cu"), "line")


MODEL = {
    "line": Line,
    "transformer": Transformer,
    "transformer3w": Transformer3W,
    "generator": Generator,
    "motor": Motor,
    "switch": Switch,
    "fuse": Fuse,
}
REFS = {
    "line": {"from_bus": "a", "to_bus": "b"},
    "transformer": {"hv_bus": "a", "lv_bus": "b"},
    "transformer3w": {"hv_bus": "a", "mv_bus": "b", "lv_bus": "c"},
    "generator": {"bus": "a"},
    "motor": {"bus": "a"},
    "switch": {"bus": "a", "element": "x", "et": "line"},
    "fuse": {"branch": "x", "bus": "a"},
}


def test_every_mappable_entry_gives_a_valid_element():
    built = 0
    for entry in LIB:
        for kind in ELEMENT_KINDS[entry.category]:
            try:
                fields = element_fields(entry, kind)
            except StudyInputError:
                continue  # the other winding count, or an HVDC cable
            if missing_fields(entry, kind):
                fields = {**fields, "x_ohm_per_km": 0.4}  # a bare conductor: the caller supplies the geometry
            MODEL[kind](id="e", **REFS[kind], **fields)
            built += 1
    assert built >= 400


# -------------------------------------------------------------------- loader errors
def test_bad_file_names_file_entry_and_field(tmp_path):
    bad = dict(json.loads(json.dumps(get_entry("pp-nayy-4x50-se").model_dump(mode="json"))))
    bad["parameters"]["r_ohm_per_km"] = -1
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"entries": [bad]}))
    with pytest.raises(ParseError) as err:
        load_file(path)
    assert err.value.file == "bad.json" and err.value.element_id == "pp-nayy-4x50-se"
    assert "r_ohm_per_km" in err.value.field
    dup = tmp_path / "dup"
    dup.mkdir()
    good = get_entry("pp-nayy-4x50-se").model_dump(mode="json")
    for name in ("a.json", "b.json"):
        (dup / name).write_text(json.dumps({"entries": [good]}))
    with pytest.raises(ParseError, match="duplicate"):
        load_library(dup)


def test_typical_needs_basis():
    raw = get_entry("pp-nayy-4x50-se").model_dump(mode="json")
    raw["provenance"]["typical_basis"] = None
    with pytest.raises(ValueError, match="typical_basis"):
        type(get_entry("pp-nayy-4x50-se")).model_validate(raw)


def test_spot_checks_cover_25_entries():
    assert len({s[0] for s in SPOT} | {r[0] for r in RELAY_SPOT}) >= 25
    assert math.isclose(MI, 1.609344)


def test_fuse_entries_apply_to_fuse_elements():
    """A library fuse becomes the Fuse element's type: the protection engine resolves it to that very entry."""
    from gridsolve.library.mapping import element_fields
    from gridsolve.protection.fuses import get_fuse_type

    fuses = [e for e in LIB if e.category == "fuse"]
    assert fuses
    for e in fuses:
        fields = element_fields(e, "fuse")
        fuse = Fuse(id="F", branch="L", bus="B", **fields)
        assert get_fuse_type(fuse.fuse_type).library_id == e.id, e.id
        assert (fuse.rated_a is None) == (e.parameters.curve_current_basis == "A"), e.id


# -------------------------------------------------------------------- relay product lines on relays
# The manuals' ranges, written out from the pages each entry cites (the data file's locator):
SEL751_5A = {  # SEL-751 IM, date code 20170927, Table 4.13 p. 4.18 and p. 1.18 (0.01 steps), 5 A input
    "pickup_a": (0.25, 24.00), "US": (0.50, 15.00, 0.01), "IEC": (0.01, 1.50, 0.01)}
SEL751A_5A = {"pickup_a": (0.50, 16.00), "IEC": (0.05, 1.00, None)}  # SEL-751A IM Table 4.9 p. 4.11 (no step)
SJ62_5A = {"pickup_a": (0.50, 20.00), "IEC": (0.05, 3.20, 0.01)}  # 7SJ62/64 manual p. 452
REM615 = {"xIn": (0.05, 5.00), "TMS": (0.05, 15.00, 0.05), "DT_s": (0.040, 200.0, 0.010),  # REM615 Table 28 p. 31
          "50P_delay_s": (0.020, 200.0)}
P341 = {"IEC": (0.025, 1.2), "US": (0.01, 100.0)}  # MiCOM P341/EN AD/F43 p. AD-18


def _relay(*elements, **fields):
    return {"id": "R1", "branch": "L1", "bus": "S", **fields, "elements": list(elements)}


def _apply_relay(entry_id, relay):
    from gridsolve.library import apply_entry

    return apply_entry(get_entry(entry_id), "relay", relay)


def _problems(entry_id, relay) -> dict[str, str]:
    with pytest.raises(StudyInputError) as err:
        _apply_relay(entry_id, relay)
    assert all(e.element_id == "R1" for e in err.value.field_errors)
    return {e.field: e.message for e in err.value.field_errors}


def test_relay_entries_map_to_relays():
    assert ELEMENT_KINDS["relay"] == ("relay",)
    assert len([e for e in LIB if e.category == "relay"]) >= 20


def test_sel751_ranges_by_curve_family_and_the_ct_input():
    """SEL-751 5 A: US curves TD 0.50-15.00, IEC curves 0.01-1.50, both in 0.01 steps; its 5 A input makes the CT
    secondary 5 A. CT 400/5: 480 A primary = 6.0 A secondary, inside 51P1P 0.25-24.00 A."""
    relay = _relay({"function": "51", "curve": "US-U3", "pickup_a": 480.0, "dial": 2.5},
                   {"function": "51", "curve": "IEC-VI", "pickup_a": 600.0, "dial": 0.3}, ct_primary_a=400.0)
    applied = _apply_relay("sel-751-5a", relay)
    us, iec = applied.fields["elements"]
    assert (us["dial_min"], us["dial_max"], us["dial_step"]) == pytest.approx(SEL751_5A["US"])
    assert (iec["dial_min"], iec["dial_max"], iec["dial_step"]) == pytest.approx(SEL751_5A["IEC"])
    assert applied.fields["ct_secondary_a"] == 5.0
    assert (us["pickup_a"], us["dial"], us["curve"]) == (480.0, 2.5, "US-U3")  # the settings stay the relay's
    assert "pickup_options_a" not in us and applied.notes == {} and applied.missing == {}
    r = Relay(**{**relay, **applied.fields})
    assert r.ct_ratio() == 80.0 and r.elements[0].dial_max == 15.0
    # the reference keeps what the entry set and what it checked, by path
    v = applied.values
    assert v["ct_secondary_a"] == 5.0 and v["ct_primary_a"] == 400.0
    assert (v["elements.0.pickup_a"], v["elements.0.curve"], v["elements.1.dial_max"]) == (480.0, "US-U3", 1.5)
    LibraryReference(equipment_id="sel-751-5a", values=v)  # scalars only


def test_relay_ranges_of_other_manuals():
    iec = {"function": "51", "curve": "IEC-SI", "pickup_a": 400.0, "dial": 0.1}
    a = _apply_relay("sel-751a-5a", _relay(iec, ct_primary_a=400.0)).fields["elements"][0]
    assert (a["dial_min"], a["dial_max"], a["dial_step"]) == (*SEL751A_5A["IEC"][:2], None)  # no step cited
    sj = _apply_relay("siemens-siprotec4-7sj62-5a", _relay(iec, ct_primary_a=400.0)).fields["elements"]
    assert (sj[0]["dial_min"], sj[0]["dial_max"], sj[0]["dial_step"]) == pytest.approx(SJ62_5A["IEC"])
    # its ANSI curves use Siemens' own constants (kept under the maker's names), so an IEEE curve is refused
    got = _problems("siemens-siprotec4-7sj62-5a", _relay({**iec, "curve": "IEEE-VI", "dial": 5.0}, ct_primary_a=400.0))
    assert "ANSI Very Inverse (Siemens)" in got["elements.0.curve"]
    p341 = _apply_relay("micom-p341", _relay(iec, {**iec, "curve": "IEEE-MI", "dial": 5.0}, ct_primary_a=400.0))
    assert [(e["dial_min"], e["dial_max"]) for e in p341.fields["elements"]] == [P341["IEC"], P341["US"]]
    # REM615: one time multiplier for IEC and ANSI curves; definite time in ms -> the DT dial's delay in s; the
    # 1 A / 5 A input keeps the relay's CT secondary; 1200 A on 600/1 A = 2 x In inside 0.05-5.00 x In
    rem = _apply_relay("abb-rem615", _relay({**iec, "curve": "IEEE-VI", "pickup_a": 1200.0, "dial": 2.0},
                                            {"function": "51", "curve": "DT", "pickup_a": 1200.0, "dial": 0.5},
                                            {"function": "50", "pickup_a": 6000.0, "delay_s": 0.05},
                                            ct_primary_a=600.0))
    ansi, dt, inst = rem.fields["elements"]
    assert (ansi["dial_min"], ansi["dial_max"], ansi["dial_step"]) == REM615["TMS"]
    assert (dt["dial_min"], dt["dial_max"], dt["dial_step"]) == pytest.approx(REM615["DT_s"])
    assert "dial_min" not in inst and rem.fields["ct_secondary_a"] == 1.0 and rem.notes == {}


def test_relay_settings_the_product_cannot_make_are_refused_by_field():
    """Every problem at once, each naming the relay, the field and the product's range."""
    got = _problems("sel-751-5a", _relay(
        {"function": "51", "curve": "US-U2", "pickup_a": 2000.0, "dial": 16.0},  # 25 A secondary, TD 16
        {"function": "51", "curve": "IEC-SI", "pickup_a": 16.0, "dial": 1.6},  # 0.2 A, TMS 1.6
        {"function": "51", "curve": "IEEE-VI", "pickup_a": 400.0, "dial": 1.0},  # SEL-751 has U3, not IEEE-VI
        ct_primary_a=400.0))
    assert set(got) == {"elements.0.pickup_a", "elements.0.dial", "elements.1.pickup_a", "elements.1.dial",
                        "elements.2.curve"}
    assert "25 A secondary" in got["elements.0.pickup_a"] and "'51P1P' 0.25 to 24 A" in got["elements.0.pickup_a"]
    assert "0.2 A secondary" in got["elements.1.pickup_a"]
    assert "'51P1TD' 0.5 to 15" in got["elements.0.dial"] and "'51P1TD' 0.01 to 1.5" in got["elements.1.dial"]
    assert "IEEE-VI" in got["elements.2.curve"] and "US-U3" in got["elements.2.curve"]
    # multiples of In: 3600 A on a 600/1 A CT is 6 x In, above REM615's 5.00 x In; its 50P delay starts at 20 ms
    got = _problems("abb-rem615", _relay({"function": "51", "curve": "IEC-SI", "pickup_a": 3600.0, "dial": 0.2},
                                         {"function": "50", "pickup_a": 6000.0, "delay_s": 0.0},
                                         {"function": "51N", "curve": "IEC-SI", "pickup_a": 100.0, "dial": 0.2},
                                         ct_primary_a=600.0))
    assert "6 x In" in got["elements.0.pickup_a"] and "0.05 to 5 x In" in got["elements.0.pickup_a"]
    assert "20 to 200000 ms" in got["elements.1.delay_s"]
    assert "no 51N element" in got["elements.2.function"] and "51P, 50P" in got["elements.2.function"]
    # pickup options for automatic coordination must be settable too
    got = _problems("sel-751-5a", _relay({"function": "51", "curve": "US-U3", "pickup_a": 480.0, "dial": 2.0,
                                          "pickup_options_a": [400.0, 2000.0]}, ct_primary_a=400.0))
    assert set(got) == {"elements.0.pickup_options_a.1"}


def test_relay_ct_secondary_against_the_products_inputs():
    tap = {"function": "51", "curve": "US-U3", "tap_a": 1.2, "dial": 2.0}
    got = _problems("sel-751-5a", _relay(tap, ct_primary_a=400.0))  # a 1 A tap on a 5 A input: 5 x the pickup
    assert "5 A input" in got["elements.0.tap_a"] and "1 A version" in got["elements.0.tap_a"]
    assert _apply_relay("sel-751-1a", _relay(tap, ct_primary_a=400.0)).fields["ct_secondary_a"] == 1.0
    got = _problems("abb-rem615", _relay({**tap, "curve": "IEC-SI", "dial": 0.2}, ct_primary_a=400.0,
                                         ct_secondary_a=2.0))
    assert "1 A or 5 A" in got["ct_secondary_a"]


def test_relay_what_the_entry_does_not_say_is_a_note():
    """No CT primary: the pickup cannot be turned into secondary amperes; SEL-751's entry cites 51P ranges only
    (its 51N has none); Sepam sets IDMT curves by the time at 10 Is, not a multiplier. Nothing is filled in."""
    applied = _apply_relay("sel-751-5a", _relay({"function": "51", "curve": "IEC-SI", "pickup_a": 500.0, "dial": 0.1},
                                                {"function": "51N", "curve": "IEC-SI", "pickup_a": 80.0, "dial": 0.1}))
    assert set(applied.notes) == {"elements.0.pickup_a", "elements.1.pickup_a", "elements.1.dial"}
    assert "ct_primary_a" in applied.notes["elements.0.pickup_a"]
    assert "no 51N/51G time-dial" in applied.notes["elements.1.dial"]
    assert "dial_min" not in applied.fields["elements"][1] and applied.fields["elements"][1]["pickup_a"] == 80.0
    sepam = _apply_relay("schneider-sepam-s20", _relay({"function": "51", "curve": "IEC-SI", "pickup_a": 400.0,
                                                         "dial": 0.1}, ct_primary_a=400.0))
    assert "dial_min" not in sepam.fields["elements"][0]
    assert "T (IDMT: operate time at 10 Is)" in sepam.notes["elements.0.dial"]
    # off the step: 0.305 with 0.01 steps from 0.01 -> the relay sets 0.31 (or 0.30): said, not refused
    step = _apply_relay("sel-751-5a", _relay({"function": "51", "curve": "IEC-SI", "pickup_a": 400.0,
                                               "dial": 0.3051}, ct_primary_a=400.0))
    assert "0.31" in step.notes["elements.0.dial"]


def test_relay_entry_needs_a_relay():
    with pytest.raises(StudyInputError, match="existing relay") as err:
        element_fields(get_entry("sel-751-5a"), "relay")
    assert (err.value.element_id, err.value.field) == ("sel-751-5a", "element")
    with pytest.raises(StudyInputError) as err:
        _apply_relay("sel-751-5a", _relay({"function": "51", "curve": "IEC-SI", "pickup_a": -5.0}))
    assert (err.value.element_id, err.value.field) == ("R1", "elements.0.pickup_a")


def test_library_ranges_drive_automatic_coordination():
    """The hand-worked feeder of test_protection_feeder (IEC-SI, CT 400/5) with SEL-751A applied to its relays gets
    TMS 0.05-1.00, the range that test types by hand, hence the same optimum; SEL-751's 0.01 steps put every
    optimised dial on its grid inside 0.01-1.50."""
    from gridsolve.protection import ProtectionOptions, run_protection

    from .test_protection_feeder import feeder

    def optimised(entry_id: str | None, method: str) -> dict[str, float]:
        net = feeder(auto=entry_id is None)
        if entry_id:
            for i, r in enumerate(net["relays"]):
                net["relays"][i] = {**r, "ct_primary_a": 400.0,
                                    **_apply_relay(entry_id, {**r, "ct_primary_a": 400.0}).fields}
        auto = run_protection(parse_network(net), ProtectionOptions(method="auto_coordination")).auto
        assert auto is not None and auto.status == "optimal" and auto.method == method, auto
        return {s.device: s.dial_after for s in auto.settings}

    by_hand = optimised(None, "linprog")
    assert optimised("sel-751a-5a", "linprog") == pytest.approx(by_hand, rel=1e-9)
    stepped = optimised("sel-751-5a", "milp")  # the dial step makes the programme mixed-integer
    for relay, dial in stepped.items():
        assert SEL751_5A["IEC"][0] <= dial <= SEL751_5A["IEC"][1]
        assert abs((dial - 0.01) / 0.01 - round((dial - 0.01) / 0.01)) < 1e-6, dial
        assert by_hand[relay] - 1e-9 <= dial < by_hand[relay] + 0.01  # here: the optimum rounded up the grid
