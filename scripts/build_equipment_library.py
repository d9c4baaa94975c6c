"""Regenerate solver_layer/gridsolve/library/data/*.json from the upstream open sources.

Repository sources are read at pinned commits from local snapshots (git mirrors) or from the
pinned PyPI release; hand-transcribed sources (manuals, a datasheet transcription) live in
scripts/library_sources/ as small tables next to their citations. Entries that fail the
library's plausibility checks are left out and listed on stdout, never corrected by hand.

    .venv/bin/python scripts/build_equipment_library.py [--mirrors /work/.mirror]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pandapower
import pandapower.std_types as pp_std

from gridsolve.library.checks import problems
from gridsolve.library.schema import Entry

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "solver_layer" / "gridsolve" / "library" / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))

from library_sources import manuals  # noqa: E402

MI_KM = 1.609344
FT_MM = 304.8
IN_MM = 25.4

PP_VERSION = "3.5.6"
PYPSA_COMMIT = "0209b0ed0a29e7e373b92883e88999dac4dc85a1"
DSS_COMMIT = "3b208397160213cae4a9e2d0a7d1aa3528ce26e1"
BSD3 = "BSD-3-Clause"


def slug(text: str) -> str:
    s = text.lower().replace("/", "-").replace("#", "no").replace("+", "-")
    s = re.sub(r"\.(?![0-9])|(?<![0-9])\.", "-", s)
    s = re.sub(r"[^a-z0-9.]+", "-", s)
    return re.sub(r"-+", "-", s).strip("-.")


def sig(x: float) -> float:
    """Nine significant digits: unit conversions keep the source's precision without float noise."""
    return float(f"{x:.9g}")


def git_show(mirrors: Path, repo: str, commit: str, path: str) -> str:
    git_dir = mirrors / repo / "repo"
    return subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], check=True, capture_output=True, text=True
    ).stdout


def pp_source(locator: str) -> dict:
    return {
        "title": "pandapower standard type library (basic_std_types)",
        "publisher": "pandapower (Univ. Kassel, Fraunhofer IEE)",
        "edition": PP_VERSION,
        "year": 2026,
        "locator": locator,
        "url": "https://github.com/e2nIEE/pandapower",
        "licence": BSD3,
    }


HEUCK = {
    "title": "Elektrische Energieversorgung",
    "publisher": "Heuck, Dettmann, Schulz (Vieweg+Teubner)",
    "edition": "8th ed.",
    "year": 2013,
    "licence": "facts cited (textbook)",
}


# ----------------------------------------------------------------------------------- pandapower
def _pp_cable(name: str, d: dict) -> dict:
    material = "AL" if name.startswith("NA") else "CU"
    insulation = "PVC" if name.startswith("NAYY") else "XLPE"
    m = re.search(r"(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?) kV", name)
    uo_u, vclass = (f"{m.group(1)}/{m.group(2)}", float(m.group(2))) if m else ("0.6/1", 0.4)
    cores = int(re.search(r"(\d)x", name).group(1))
    return {
        "category": "cable",
        "subcategory": f"{insulation} {'LV' if vclass < 1 else 'MV' if vclass < 60 else 'HV'} cable",
        "voltage_class_kv": vclass,
        "rating": {"value": d["max_i_ka"] * 1000, "unit": "A"},
        "parameters": {
            "conductor_material": material,
            "insulation": insulation,
            "cores": cores,
            "cross_section_mm2": float(d["q_mm2"]),
            "uo_u_kv": uo_u,
            "r_ohm_per_km": d["r_ohm_per_km"],
            "r_temperature_degc": 20.0,
            "x_ohm_per_km": d["x_ohm_per_km"],
            "c_nf_per_km": d["c_nf_per_km"],
            "ampacity_a": d["max_i_ka"] * 1000,
            "alpha_per_k": d["alpha"],
            "frequency_hz": 50.0,
        },
        "tags": ["cable", material.lower(), insulation.lower(), "din-vde-type"],
        "locator_primary": "cable table p. 744",
    }


def _pp_ohl(name: str, d: dict) -> dict:
    m = re.match(r"(\d+)-AL1/(\d+)-ST1A ([\d.]+)", name)
    vclass = float(m.group(3))
    geometry = (
        {
            True: "as assumed by pandapower for the voltage level (110 kV: 4 m spacing, single conductor, "
            "'Donaumast'; 220/380 kV: twin/quad bundles, c estimated)",
        }[True]
        if vclass >= 110
        else "typical distribution-line geometry of the source"
    )
    return {
        "category": "conductor",
        "subcategory": "overhead line type (ACSR, EN 50182 designation)",
        "voltage_class_kv": vclass,
        "rating": {"value": d["max_i_ka"] * 1000, "unit": "A"},
        "parameters": {
            "material": "ACSR",
            "size": f"{m.group(1)}-AL1/{m.group(2)}-ST1A",
            "area_mm2": float(d["q_mm2"]),
            "r_ohm_per_km": d["r_ohm_per_km"],
            "r_temperature_degc": 20.0,
            "x_ohm_per_km": d["x_ohm_per_km"],
            "c_nf_per_km": d["c_nf_per_km"],
            "ampacity_a": d["max_i_ka"] * 1000,
            "frequency_hz": 50.0,
            "geometry": geometry,
        },
        "tags": ["overhead", "acsr", "en-50182"],
        "locator_primary": "overhead-line table pp. 742 f." if "679" not in name else "p. 362 (Flosdorff/Hilgarth)",
    }


def pandapower_lines() -> list[dict]:
    out = []
    for name, d in pp_std.basic_line_std_types().items():
        spec = _pp_cable(name, d) if d["type"] == "cs" else _pp_ohl(name, d)
        primary_loc = spec.pop("locator_primary")
        primary = dict(HEUCK, locator=primary_loc)
        if "Flosdorff" in primary_loc:
            primary = {
                "title": "Elektrische Energieverteilung",
                "publisher": "Flosdorff, Hilgarth (Teubner)",
                "year": 2005,
                "locator": "p. 362",
                "licence": "facts cited (textbook)",
            }
        out.append(
            {
                "id": "pp-" + slug(name),
                "name": name,
                "manufacturer": "generic",
                "model_number": name,
                **spec,
                "provenance": {
                    "sources": [pp_source(f"pandapower/std_types.py basic_line_std_types()['{name}']"), primary],
                    "typical": True,
                    "typical_basis": "textbook table of typical data for the DIN VDE / EN type designation "
                    "(no specific manufacturer), as collected by pandapower; r at 20 degC per pandapower docs",
                },
            }
        )
    return out


def pandapower_trafos() -> list[dict]:
    out = []
    for name, d in pp_std.basic_trafo_std_types().items():
        lv_dist = d["vn_lv_kv"] < 1
        basis = (
            "Trafo-Union distribution-transformer data via pandapower"
            if lv_dist
            else "Oswald, Transformatoren (lecture notes) / IFT and Schlabbach data via pandapower"
        )
        out.append(
            {
                "id": "pp-trafo-" + slug(name),
                "name": name,
                "manufacturer": "typical",
                "model_number": None,
                "category": "transformer",
                "subcategory": "distribution transformer" if lv_dist else "power transformer",
                "voltage_class_kv": float(d["vn_hv_kv"]),
                "rating": {"value": float(d["sn_mva"]), "unit": "MVA"},
                "parameters": {
                    "sn_mva": float(d["sn_mva"]),
                    "vn_hv_kv": float(d["vn_hv_kv"]),
                    "vn_lv_kv": float(d["vn_lv_kv"]),
                    "vk_percent": float(d["vk_percent"]),
                    "vkr_percent": float(d["vkr_percent"]),
                    "pfe_kw": float(d["pfe_kw"]),
                    "i0_percent": float(d["i0_percent"]),
                    "vector_group": d["vector_group"],
                    "shift_degree": float(d["shift_degree"]),
                    "tap_side": d["tap_side"],
                    "tap_neutral": int(d["tap_neutral"]),
                    "tap_min": int(d["tap_min"]),
                    "tap_max": int(d["tap_max"]),
                    "tap_step_percent": float(d["tap_step_percent"]),
                },
                "tags": ["transformer", "two-winding"],
                "provenance": {
                    "sources": [pp_source(f"pandapower/std_types.py basic_trafo_std_types()['{name}']")],
                    "typical": True,
                    "typical_basis": basis,
                },
            }
        )
    for name, d in pp_std.basic_trafo3w_std_types().items():
        keys = [
            "sn_hv_mva",
            "sn_mv_mva",
            "sn_lv_mva",
            "vn_hv_kv",
            "vn_mv_kv",
            "vn_lv_kv",
            "vk_hv_percent",
            "vk_mv_percent",
            "vk_lv_percent",
            "vkr_hv_percent",
            "vkr_mv_percent",
            "vkr_lv_percent",
            "pfe_kw",
            "i0_percent",
            "shift_mv_degree",
            "shift_lv_degree",
            "tap_step_percent",
        ]
        params = {k: float(d[k]) for k in keys}
        params.update(
            vector_group=d["vector_group"],
            tap_side=d["tap_side"],
            tap_neutral=int(d["tap_neutral"]),
            tap_min=int(d["tap_min"]),
            tap_max=int(d["tap_max"]),
        )
        out.append(
            {
                "id": "pp-trafo3w-" + slug(name),
                "name": name,
                "manufacturer": "generic",
                "category": "transformer",
                "subcategory": "three-winding transformer",
                "voltage_class_kv": float(d["vn_hv_kv"]),
                "rating": {"value": float(d["sn_hv_mva"]), "unit": "MVA"},
                "parameters": params,
                "tags": ["transformer", "three-winding"],
                "provenance": {
                    "sources": [pp_source(f"pandapower/std_types.py basic_trafo3w_std_types()['{name}']")],
                    "typical": True,
                    "typical_basis": "pandapower's 'generic trafo3w' type",
                },
            }
        )
    return out


def _curve(xs, ts) -> list[list[float]] | None:
    if not isinstance(xs, list) or not isinstance(ts, list):
        return None
    return [[float(x), float(t)] for x, t in zip(xs, ts, strict=True)]


def pandapower_fuses() -> list[dict]:
    out = []
    for name, d in pp_std.basic_fuse_std_types().items():
        siemens = name.startswith("Siemens")
        family = f"NH size {name.split('-')[1]} (Siemens)" if siemens else "HV fuse (pandapower generic)"
        params = {
            "family": family,
            "rated_current_a": float(d["i_rated_a"]),
            "curve_reference": f"pandapower {PP_VERSION} fuse std_type '{name}' (points below)",
            "curve_current_basis": "A",
            "melting_curve": _curve(d["x_min"], d["t_min"]),
            "clearing_curve": _curve(d["x_total"], d["t_total"]),
            "average_curve": _curve(d["x_avg"], d["t_avg"]),
        }
        out.append(
            {
                "id": "pp-fuse-" + slug(name),
                "name": name,
                "manufacturer": "Siemens" if siemens else "generic",
                "model_number": name if siemens else None,
                "category": "fuse",
                "subcategory": "LV NH fuse link" if siemens else "HV fuse link",
                "voltage_class_kv": 0.4 if siemens else None,
                "rating": {"value": float(d["i_rated_a"]), "unit": "A"},
                "parameters": {k: v for k, v in params.items() if v is not None},
                "tags": ["fuse", "nh" if siemens else "hv"],
                "provenance": {
                    "sources": [pp_source(f"pandapower/std_types.py basic_fuse_std_types()['{name}']")],
                    "typical": not siemens,
                    "typical_basis": None if siemens else "generic HV fuse characteristic shipped with pandapower",
                    "note": "voltage class of the NH links taken as the 400 V LV network they are used in by pandapower"
                    if siemens
                    else None,
                },
            }
        )
    return out


NETWORK_SOURCES = {
    "kerber": ("pandapower.networks.kerber_networks (Kerber reference LV networks)", None),
    "cigre": (
        "pandapower.networks.cigre_networks",
        {
            "title": "Benchmark Systems for Network Integration of Renewable and Distributed Energy Resources",
            "publisher": "CIGRE Task Force C6.04.02",
            "year": 2014,
            "locator": "final report (line data)",
            "licence": "facts cited (CIGRE brochure)",
        },
    ),
    "synthetic": (
        "pandapower.networks.synthetic_voltage_control_lv_networks",
        {
            "title": "Aktuelle Musternetze zur Untersuchung von Spannungsproblemen in der Niederspannung",
            "publisher": "Lindner, Aigner, Witzmann, Wirtz, Berber, Goedde, Frings",
            "edition": "14. Symposium Energieinnovation, TU Graz",
            "year": 2014,
            "locator": "line and transformer types of the synthetic networks",
            "licence": "facts cited (paper)",
        },
    ),
}


def _network_type_entry(kind: str, name: str, d: dict, family: str) -> dict:
    module, primary = NETWORK_SOURCES[family]
    sources = [pp_source(f"{module}: net.std_types['{kind}']['{name}']")] + ([primary] if primary else [])
    prov = {
        "sources": sources,
        "typical": True,
        "typical_basis": f"type defined for the {family} benchmark/reference networks shipped with pandapower",
    }
    if kind == "trafo":
        keys = ("sn_mva", "vn_hv_kv", "vn_lv_kv", "vk_percent", "vkr_percent", "pfe_kw", "i0_percent")
        params = {k: float(d[k]) for k in keys}
        params.update(vector_group=d.get("vector_group", "Dyn5"), shift_degree=float(d.get("shift_degree", 0.0)))
        for k in ("tap_side", "tap_neutral", "tap_min", "tap_max", "tap_step_percent"):
            if d.get(k) is not None and not (isinstance(d[k], float) and math.isnan(d[k])):
                params[k] = d[k] if k == "tap_side" else (float(d[k]) if k == "tap_step_percent" else int(d[k]))
        return {
            "id": f"pp-{family}-trafo-" + slug(name),
            "name": f"{name} ({family} networks)",
            "manufacturer": "typical",
            "category": "transformer",
            "subcategory": "distribution transformer",
            "voltage_class_kv": float(d["vn_hv_kv"]),
            "rating": {"value": float(d["sn_mva"]), "unit": "MVA"},
            "parameters": params,
            "tags": ["transformer", family],
            "provenance": prov,
        }
    amps = float(d["max_i_ka"]) * 1000 if family != "cigre" or "CIGRE" in name or "kV" in name else None
    vclass = (
        0.4
        if family in ("kerber", "synthetic") or name[:2] in ("UG", "OH")
        else (20.0 if "MV" in name else float(re.search(r"(\d+)kV", name).group(1)))
    )
    common = {
        "r_ohm_per_km": float(d["r_ohm_per_km"]),
        "x_ohm_per_km": float(d["x_ohm_per_km"]),
        "c_nf_per_km": float(d["c_nf_per_km"]) or None,
        "ampacity_a": amps,
        "frequency_hz": 50.0,
    }
    if d["type"] == "cs" or name.startswith("NFA2X"):
        mat = "CU" if name.startswith("NYY") else "AL" if name.startswith("NA") else "unknown"
        ins = "PVC" if name.startswith(("NAYY", "NYY")) else "XLPE" if name.startswith("NFA2X") else "unknown"
        params = {"conductor_material": mat, "insulation": ins, "cross_section_mm2": d.get("q_mm2"), **common}
        cat, sub = "cable", "aerial bundled cable" if name.startswith("NFA2X") else "cable"
    else:
        params = {
            "material": "unknown",
            "area_mm2": d.get("q_mm2"),
            "r_temperature_degc": 20.0,
            "geometry": "as assumed for the benchmark network",
            **common,
        }
        cat, sub = "conductor", "overhead line type"
    return {
        "id": f"pp-{family}-" + slug(name),
        "name": f"{name} ({family} networks)",
        "manufacturer": "generic",
        "category": cat,
        "subcategory": sub,
        "voltage_class_kv": vclass,
        "rating": {"value": amps, "unit": "A"} if amps else None,
        "parameters": params,
        "tags": [cat, family],
        "provenance": prov,
    }


def pandapower_network_types() -> list[dict]:
    import warnings

    import pandapower.networks as pn

    warnings.filterwarnings("ignore")
    basic = pp_std.basic_std_types()
    nets = [
        ("kerber", pn.create_kerber_landnetz_kabel_1()),
        ("kerber", pn.create_kerber_landnetz_freileitung_1()),
        ("cigre", pn.create_cigre_network_hv()),
        ("cigre", pn.create_cigre_network_mv()),
        ("cigre", pn.create_cigre_network_lv()),
    ]
    nets += [
        ("synthetic", pn.create_synthetic_voltage_control_lv_network(c))
        for c in ("rural_1", "rural_2", "village_1", "village_2", "suburb_1")
    ]
    out, seen = [], set()
    for family, net in nets:
        for kind in ("line", "trafo"):
            for name, d in net.std_types[kind].items():
                if name in basic[kind] or (kind, name) in seen:
                    continue
                seen.add((kind, name))
                out.append(_network_type_entry(kind, name, d, family))
    return out


def pandapower_hvdc_cables() -> list[dict]:
    out = []
    for name, d in pp_std.basic_line_dc_std_types().items():
        mat = "CU" if name.endswith("CU") else "AL"
        kind = "submarine" if mat == "CU" else "land"
        out.append(
            {
                "id": "abb-hvdc-light-" + slug(name),
                "name": f"HVDC Light {kind} cable {d['q_mm2']} mm2 {mat}",
                "manufacturer": "ABB",
                "model_number": f"HVDC Light {name}",
                "category": "cable",
                "subcategory": f"HVDC {kind} cable (bipolar)",
                "rating": {"value": d["max_i_ka"] * 1000, "unit": "A"},
                "parameters": {
                    "conductor_material": mat,
                    "insulation": "unknown",
                    "cross_section_mm2": float(d["q_mm2"]),
                    "dc": True,
                    "r_ohm_per_km": d["r_ohm_per_km"],
                    "ampacity_a": d["max_i_ka"] * 1000,
                    "alpha_per_k": d["alpha"],
                    "frequency_hz": 50.0,
                },
                "tags": ["cable", "hvdc", kind],
                "provenance": {
                    "sources": [
                        pp_source(f"pandapower/std_types.py basic_line_dc_std_types()['{name}']"),
                        {
                            "title": "HVDC Light Cables: High Voltage Direct Current cable catalogue",
                            "publisher": "ABB",
                            "locator": f"{'submarine copper' if mat == 'CU' else 'land aluminium'} bipolar cable table "
                            "(as cited by pandapower)",
                            "licence": "facts cited (manufacturer catalogue)",
                        },
                    ],
                    "typical": False,
                    "note": "dc resistance; the catalogue's temperature basis is not restated by pandapower",
                },
            }
        )
    return out


SIMBENCH_COMMIT = "c426a1a3fecbe986a868edc2beed56349c37baf7"
SIMBENCH_LINES = {
    "NAYY 4x150SE 0.6/1kV",
    "NAYY 4x240SE 0.6/1kV",
    "15-AL1/3-ST1A 20.0",
    "24-AL1/4-ST1A 20.0",
    "1x630_RM/50",
    "Al/St_265/35",
    "NA2XS2Y 1x300 RM/25 6/10 kV",
    "NA2XS2Y 1x400 RM/25 6/10 kV",
    "NA2XS2Y 1x50 RM/25 12/20 kV",
}


def simbench_source(path: str) -> dict:
    return {
        "title": "SimBench benchmark grid data (complete data set)",
        "publisher": "SimBench consortium (Univ. Kassel, TU Dortmund, RWTH Aachen, Fraunhofer IEE)",
        "edition": SIMBENCH_COMMIT,
        "year": 2026,
        "locator": path,
        "url": "https://github.com/e2nIEE/simbench",
        "licence": "ODbL-1.0 (database), DbCL-1.0 (contents)",
    }


def simbench_types(mirrors: Path) -> list[dict]:
    base = "simbench/networks/1-complete_data-mixed-all-0-sw/"
    import csv

    out = []
    lines = git_show(mirrors, "e2nIEE+simbench", SIMBENCH_COMMIT, base + "LineType.csv").splitlines()
    for row in csv.DictReader(lines, delimiter=";"):
        name = row["id"]
        if name not in SIMBENCH_LINES:
            continue
        r, x, b, imax = (float(row[k]) for k in ("r", "x", "b", "iMax"))
        c = sig(b / (2 * math.pi * 50) * 1000)
        common = {"r_ohm_per_km": r, "x_ohm_per_km": x, "c_nf_per_km": c, "ampacity_a": imax, "frequency_hz": 50.0}
        if row["type"] == "cable":
            m = re.search(r"(\d+(?:\.\d+)?)/(\d+(?:\.\d+)?) ?kV", name)
            vclass = 0.4 if "0.6/1" in name else float(m.group(2)) if m else None
            q = re.search(r"x(\d+)", name)
            params = {
                "conductor_material": "AL" if name.startswith("NA") else "unknown",
                "insulation": "PVC" if name.startswith("NAYY") else "XLPE" if "2X" in name else "unknown",
                "cross_section_mm2": float(q.group(1)) if q else None,
                **common,
            }
            cat, sub = "cable", "cable"
        else:
            vclass = float(name.split()[-1]) if name[0].isdigit() else None
            params = {"material": "ACSR", "size": name.split()[0], "geometry": "as assumed by SimBench", **common}
            cat, sub = "conductor", "overhead line type"
        out.append(
            {
                "id": "simbench-" + slug(name),
                "name": f"{name} (SimBench)",
                "manufacturer": "generic",
                "category": cat,
                "subcategory": sub,
                "voltage_class_kv": vclass,
                "rating": {"value": imax, "unit": "A"},
                "parameters": params,
                "tags": [cat, "simbench"],
                "provenance": {
                    "sources": [simbench_source(base + "LineType.csv")],
                    "typical": True,
                    "typical_basis": "line type of the SimBench benchmark grids",
                    "note": "c_nf_per_km = b/(2 pi 50 Hz) from SimBench's b in uS/km",
                },
            }
        )
    rows = git_show(mirrors, "e2nIEE+simbench", SIMBENCH_COMMIT, base + "TransformerType.csv").splitlines()
    for row in csv.DictReader(rows, delimiter=";"):
        name = row["id"]
        sn = float(row["sR"])
        maker = "ASEA" if "ASEA" in name else "SGB" if "SGB" in name else "typical"
        vg = re.search(r"(Dyn5|YNd5)", name)
        out.append(
            {
                "id": "simbench-trafo-" + slug(name),
                "name": f"{name} (SimBench)",
                "manufacturer": maker,
                "model_number": name if maker != "typical" else None,
                "category": "transformer",
                "subcategory": "distribution transformer" if float(row["vmLV"]) < 1 else "power transformer",
                "voltage_class_kv": float(row["vmHV"]),
                "rating": {"value": sn, "unit": "MVA"},
                "parameters": {
                    "sn_mva": sn,
                    "vn_hv_kv": float(row["vmHV"]),
                    "vn_lv_kv": float(row["vmLV"]),
                    "vk_percent": float(row["vmImp"]),
                    "vkr_percent": round(float(row["pCu"]) / (sn * 1000) * 100, 6),
                    "pfe_kw": float(row["pFe"]),
                    "i0_percent": float(row["iNoLoad"]),
                    "vector_group": vg.group(1) if vg else "unknown",
                    "shift_degree": float(row["va0"]),
                    "tap_side": row["tapside"].lower(),
                    "tap_neutral": int(row["tapNeutr"]),
                    "tap_min": int(row["tapMin"]),
                    "tap_max": int(row["tapMax"]),
                    "tap_step_percent": float(row["dVm"]),
                },
                "tags": ["transformer", "simbench"],
                "provenance": {
                    "sources": [simbench_source(base + "TransformerType.csv")],
                    "typical": maker == "typical",
                    "typical_basis": "transformer type of the SimBench benchmark grids" if maker == "typical" else None,
                    "note": "vkr_percent = pCu/Sr (IEC 60076-1 definition of ur) from SimBench's pCu in kW",
                },
            }
        )
    return out


# ----------------------------------------------------------------------------------- PyPSA
def pypsa_bundles(mirrors: Path) -> list[dict]:
    text = git_show(mirrors, "PyPSA+PyPSA", PYPSA_COMMIT, "pypsa/data/standard_types/line_types.csv")
    out = []
    import csv

    for row in csv.DictReader(text.splitlines()):
        if not row["name"].startswith("Al/St") or "Oeding" not in row["references"]:
            continue
        name = row["name"]
        m = re.match(r"Al/St (\d+)/(\d+) (\d)-bundle ([\d.]+)", name)
        vclass = float(m.group(4))
        amps = float(row["i_nom"]) * 1000
        out.append(
            {
                "id": "pypsa-" + slug(name),
                "name": name,
                "manufacturer": "generic",
                "category": "conductor",
                "subcategory": "overhead line type (bundled ACSR)",
                "voltage_class_kv": vclass,
                "rating": {"value": amps, "unit": "A"},
                "parameters": {
                    "material": "ACSR",
                    "size": f"Al/St {m.group(1)}/{m.group(2)}",
                    "area_mm2": float(m.group(1)),
                    "bundle": int(m.group(3)),
                    "r_ohm_per_km": float(row["r_per_length"]),
                    "r_temperature_degc": 20.0,
                    "x_ohm_per_km": float(row["x_per_length"]),
                    "c_nf_per_km": float(row["c_per_length"]),
                    "ampacity_a": amps,
                    "frequency_hz": 50.0,
                    "geometry": "typical transmission tower of the source (per circuit, bundle conductors)",
                },
                "tags": ["overhead", "acsr", "bundle", "transmission"],
                "provenance": {
                    "sources": [
                        {
                            "title": "PyPSA standard line types",
                            "publisher": "PyPSA contributors",
                            "edition": PYPSA_COMMIT,
                            "year": 2026,
                            "locator": "pypsa/data/standard_types/line_types.csv",
                            "licence": "MIT",
                            "url": "https://github.com/PyPSA/PyPSA",
                        },
                        {
                            "title": "Elektrische Kraftwerke und Netze",
                            "publisher": "Oeding, Oswald (Springer)",
                            "edition": "7th ed.",
                            "year": 2011,
                            "locator": row["references"].split(",")[-1].strip(),
                            "licence": "facts cited (textbook)",
                        },
                    ],
                    "typical": True,
                    "typical_basis": "textbook values for a typical line of this voltage level",
                    "note": "r assumed at 20 degC as for the pandapower types PyPSA's table extends",
                },
            }
        )
    return out


# ----------------------------------------------------------------------------------- OpenDSS wire data
UNITS_TO_KM = {"mi": MI_KM, "km": 1.0, "kft": 0.3048, "ft": 0.0003048, "m": 0.001}
UNITS_TO_MM = {"in": IN_MM, "cm": 10.0, "ft": FT_MM, "mm": 1.0, "m": 1000.0}


def _kv(line: str) -> dict[str, str]:
    return {k.lower(): v for k, v in re.findall(r"(\w+)\s*=\s*([^\s]+)", line)}


def _material(name: str) -> str:
    n = name.upper()
    for key, mat in (
        ("ACSR", "ACSR"),
        ("AAAC", "AAAC"),
        ("AAC", "AAC"),
        ("AA_", "AAC"),
        ("COPPERWELD", "CW"),
        ("SAC", "AL"),
        ("WPCU", "CU"),
        ("CU", "CU"),
        ("WPAL", "AL"),
        ("ARV", "AL"),
        ("AL", "AL"),
    ):
        if key in n:
            return mat
    return "unknown"


def _wire_entry(name, kv, source, prefix, typical_basis) -> dict | None:
    dc = "rac" not in kv
    try:
        r = float(kv["rdc" if dc else "rac"]) / UNITS_TO_KM[kv.get("runits", "km").lower()]
        gmr = float(kv["gmrac"] if "gmrac" in kv else kv["gmr"]) * UNITS_TO_MM[kv.get("gmrunits", "cm").lower()]
        rad_unit = UNITS_TO_MM[kv.get("radunits", "cm").lower()]
        diam = float(kv["diam"]) * rad_unit if "diam" in kv else 2 * float(kv["radius"]) * rad_unit
        amps = float(kv["normamps"]) if "normamps" in kv else None
    except (KeyError, ValueError):
        return None
    material = _material(name)
    if material == "unknown" or (amps is not None and amps <= 0) or name.upper().startswith("TS_"):
        return None
    note = (
        "the file labels the resistance Rdc and states no temperature or ampacity"
        if dc
        else "the source gives ac resistance without stating its temperature"
    )
    return {
        "id": prefix + slug(name),
        "name": name,
        "manufacturer": "generic",
        "category": "conductor",
        "subcategory": "bare overhead conductor",
        "voltage_class_kv": None,
        "rating": {"value": amps, "unit": "A"} if amps else None,
        "parameters": {
            "material": material,
            "size": name,
            "diameter_mm": sig(diam),
            "gmr_mm": sig(gmr),
            "r_ohm_per_km": sig(r),
            "r_temperature_degc": None,
            "r_is_dc": dc,
            "frequency_hz": None if dc else 60.0,
            "ampacity_a": amps,
        },
        "tags": ["overhead", "bare", material.lower(), "opendss"],
        "provenance": {"sources": [source], "typical": True, "typical_basis": typical_basis, "note": note},
    }


def dss_source(path: str, title: str) -> dict:
    return {
        "title": title,
        "publisher": "EPRI / DSS-Extensions (OpenDSS)",
        "edition": DSS_COMMIT,
        "year": 2024,
        "locator": path,
        "url": "https://github.com/dss-extensions/electricdss-tst",
        "licence": BSD3,
    }


WIRE_FILES = [
    (
        "Version8/Distrib/Examples/Scripts/WireData.txt",
        "OpenDSS example conductor library (WireData.txt)",
        "dss-",
        "generic conductor table distributed with OpenDSS",
    ),
    (
        "Version8/Distrib/IEEETestCases/8500-Node/WireData.dss",
        "IEEE 8500-node test feeder, conductor data",
        "ieee8500-",
        "conductor data of the IEEE PES 8500-node test feeder (utility constructions)",
    ),
    (
        "Version8/Distrib/EPRITestCircuits/ckt5/WireData_ckt5.dss",
        "EPRI test circuit ckt5, conductor data",
        "epri-ckt5-",
        "conductor data of an EPRI test circuit derived from a utility feeder",
    ),
    (
        "Version8/Distrib/EPRITestCircuits/ckt24/Wiredata_ckt24.dss",
        "EPRI test circuit ckt24, conductor data",
        "epri-ckt24-",
        "conductor data of an EPRI test circuit derived from a utility feeder",
    ),
    (
        "Version8/Distrib/EPRITestCircuits/epri_dpv/M1/WireData.DSS",
        "EPRI DPV feeder M1, conductor data",
        "epri-m1-",
        "conductor data of an EPRI DPV test feeder derived from a utility feeder",
    ),
    (
        "Version8/Distrib/IEEETestCases/LineCodes/IEEELineGeometry.dss",
        "IEEE distribution test feeders, conductor data (IEEELineGeometry.dss)",
        "ieee-feeders-",
        "conductor data of the IEEE PES distribution test feeders (Kersting's tables)",
    ),
]


def opendss_wires(mirrors: Path) -> list[dict]:
    out = []
    for path, title, prefix, basis in WIRE_FILES:
        for line in git_show(mirrors, "dss-extensions+electricdss-tst", DSS_COMMIT, path).splitlines():
            m = re.match(r"\s*new\s+wiredata\.(\S+)\s+(.*)", line, re.I)
            if not m or "[" in line or "OH_Unknown" in m.group(1):
                continue
            entry = _wire_entry(m.group(1), _kv(m.group(2)), dss_source(path, title), prefix, basis)
            if entry:
                out.append(entry)
    return out


LINECODE_FILES = [
    ("Version8/Distrib/EPRITestCircuits/epri_dpv/J1/LineCodes.dss", "EPRI DPV feeder J1, line codes", "epri-j1-"),
    ("Version8/Distrib/EPRITestCircuits/epri_dpv/K1/LineCodes.dss", "EPRI DPV feeder K1, line codes", "epri-k1-"),
    (
        "Version8/Distrib/EPRITestCircuits/ckt24/Linecodes_ckt24.dss",
        "EPRI test circuit ckt24, line codes",
        "epri-ckt24-",
    ),
    ("Version8/Distrib/EPRITestCircuits/ckt5/LineCodes_ckt5.dss", "EPRI test circuit ckt5, line codes", "epri-ckt5-"),
]


def _linecode(name: str, kv: dict, source: dict, prefix: str) -> dict | None:
    if int(kv.get("nphases", kv.get("nphase", "0"))) != 3 or "1PH" in name.upper() or "2PH" in name.upper():
        return None
    if not name.upper().startswith(("OH", "UG")) or "BUSBAR" in name.upper():
        return None
    per_km = UNITS_TO_KM[kv.get("units", "km").lower()]
    seq = {k: float(kv[k]) / per_km for k in ("r1", "x1", "r0", "x0", "c1", "c0") if k in kv}
    amps = float(kv["normamps"])
    underground = name.upper().startswith("UG")
    common = {
        "r_ohm_per_km": sig(seq["r1"]),
        "r_temperature_degc": None,
        "x_ohm_per_km": sig(seq["x1"]),
        "c_nf_per_km": sig(seq.get("c1", 0.0)),
        "r0_ohm_per_km": sig(seq["r0"]),
        "x0_ohm_per_km": sig(seq["x0"]),
        "c0_nf_per_km": sig(seq.get("c0", 0.0)),
        "frequency_hz": 60.0,
        "ampacity_a": amps,
    }
    if underground:
        mat = "AL" if "AL" in name.upper() else "CU" if "CU" in name.upper() else None
        if mat is None:
            return None
        params = {
            "conductor_material": mat,
            "insulation": "XLPE" if "XLPE" in name.upper() else "unknown",
            "size": name,
            **common,
        }
        category, sub, tags = "cable", "MV distribution cable (utility line code)", ["cable", "opendss"]
    else:
        mat = _material(name.split("_")[1] if "_" in name else name)
        params = {"material": mat, "size": name, "geometry": "the utility construction named by the code", **common}
        category, sub, tags = "conductor", "overhead line code (sequence data)", ["overhead", "opendss"]
    return {
        "id": prefix + slug(name),
        "name": name,
        "manufacturer": "generic",
        "category": category,
        "subcategory": sub,
        "voltage_class_kv": None,
        "rating": {"value": amps, "unit": "A"},
        "parameters": params,
        "tags": tags,
        "provenance": {
            "sources": [source],
            "typical": True,
            "typical_basis": "line code of an EPRI test circuit (a utility construction, no product)",
            "note": "sequence values converted to per km from the file's units; 60 Hz",
        },
    }


def opendss_linecodes(mirrors: Path) -> list[dict]:
    out = []
    for path, title, prefix in LINECODE_FILES:
        for line in git_show(mirrors, "dss-extensions+electricdss-tst", DSS_COMMIT, path).splitlines():
            m = re.match(r"\s*new\s+linecode\.(\S+)\s+(.*)", line, re.I)
            if m and "normamps" in line.lower() and "r1" in line.lower():
                entry = _linecode(m.group(1), _kv(m.group(2).replace(" = ", "=")), dss_source(path, title), prefix)
                if entry and entry["parameters"].get("material") != "unknown":
                    out.append(entry)
    return out


def european_lv_cables(mirrors: Path) -> list[dict]:
    path = "Version8/Distrib/IEEETestCases/LVTestCase/LineCode.txt"
    source = dss_source(path, "IEEE PES European Low Voltage Test Feeder, line codes")
    out = []
    for line in git_show(mirrors, "dss-extensions+electricdss-tst", DSS_COMMIT, path).splitlines():
        m = re.match(r"\s*new\s+linecode\.(\S+)\s+(.*)", line, re.I)
        if not m:
            continue
        kv = _kv(m.group(2))
        name = m.group(1)
        out.append(
            {
                "id": "ieee-eulv-" + slug(name),
                "name": f"LV cable {name} (IEEE European LV feeder)",
                "manufacturer": "generic",
                "category": "cable",
                "subcategory": "LV distribution cable (utility line code)",
                "voltage_class_kv": 0.416,
                "rating": {"value": 1.0, "unit": "A"},
                "parameters": {
                    "conductor_material": "unknown",
                    "insulation": "unknown",
                    "size": name,
                    "r_ohm_per_km": float(kv["r1"]),
                    "x_ohm_per_km": float(kv["x1"]),
                    "r0_ohm_per_km": float(kv["r0"]),
                    "x0_ohm_per_km": float(kv["x0"]),
                    "frequency_hz": 50.0,
                },
                "tags": ["cable", "lv", "zero-sequence"],
                "provenance": {
                    "sources": [source],
                    "typical": True,
                    "typical_basis": "line code of the IEEE European LV test feeder (a UK utility network)",
                    "note": "the source gives no ampacity and no capacitance (C1=C0=0)",
                },
            }
        )
    return out


def build(mirrors: Path) -> dict[str, list[dict]]:
    files = {
        "pandapower_lines.json": pandapower_lines(),
        "pandapower_transformers.json": pandapower_trafos(),
        "pandapower_fuses.json": pandapower_fuses(),
        "pandapower_network_types.json": pandapower_network_types(),
        "pandapower_hvdc_cables.json": pandapower_hvdc_cables(),
        "simbench_types.json": simbench_types(mirrors),
        "pypsa_lines.json": pypsa_bundles(mirrors),
        "opendss_wiredata.json": opendss_wires(mirrors),
        "opendss_linecodes.json": opendss_linecodes(mirrors) + european_lv_cables(mirrors),
    }
    files.update(manuals.all_files())
    return files


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args()
    if pandapower.__version__ != PP_VERSION:
        raise SystemExit(f"pandapower {PP_VERSION} expected (the cited release), found {pandapower.__version__}")
    OUT.mkdir(parents=True, exist_ok=True)
    total = 0
    for filename, raw_entries in build(args.mirrors).items():
        kept = []
        for raw in raw_entries:
            raw = {k: v for k, v in raw.items() if v is not None}
            raw["parameters"] = {k: v for k, v in raw["parameters"].items() if v is not None}
            raw["provenance"] = {k: v for k, v in raw["provenance"].items() if v is not None}
            entry = Entry.model_validate(raw)
            found = problems(entry)
            if found:
                print(f"left out {entry.id}: {'; '.join(found)}")
                continue
            kept.append(raw)
        doc = {"generated_by": "scripts/build_equipment_library.py", "entries": kept}
        (OUT / filename).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{filename}: {len(kept)} entries")
        total += len(kept)
    print(f"total {total}")


if __name__ == "__main__":
    main()
