"""RDF/XML text for CGMES 2.4.15 (CIM16) profile files: objects as strings, written in one pass."""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from xml.sax.saxutils import escape

from ...errors import InvalidNetworkError

CIM = "http://iec.ch/TC57/2013/CIM-schema-cim16#"
ENTSOE = "http://entsoe.eu/CIM/SchemaExtension/3/1#"
PROFILE_URIS = {
    "EQ": "http://entsoe.eu/CIM/EquipmentCore/3/1",
    "TP": "http://entsoe.eu/CIM/Topology/4/1",
    "SSH": "http://entsoe.eu/CIM/SteadyStateHypothesis/1/1",
    "SV": "http://entsoe.eu/CIM/StateVariables/4/1",
}
DEPENDS = {"EQ": (), "TP": ("EQ",), "SSH": ("EQ",), "SV": ("TP", "SSH")}
DESCRIPTION = {"EQ": "EQUIPMENT", "TP": "TOPOLOGY", "SSH": "STEADY_STATE_HYPOTHESIS", "SV": "STATE_VARIABLES"}
_NOT_NCNAME = re.compile(r"[^A-Za-z0-9._-]")


def mrid(element_id: str) -> str:
    """A GridSolve id as an mRID usable in rdf:ID (an XML NCName): other characters as -XX-."""
    return _NOT_NCNAME.sub(lambda m: "".join(f"-{b:02X}" for b in m.group().encode()) + "-", element_id)


@dataclass(frozen=True)
class Ref:
    target: str  # an mRID (already escaped)


@dataclass(frozen=True)
class Enum:
    value: str  # "RegulatingControlModeKind.voltage"
    ns: str = CIM


_TAGS: dict[str, tuple[str, str, str]] = {}


def _tags(name: str) -> tuple[str, str, str]:
    """(open, close, reference prefix) of a property element, cached per property name."""
    tags = _TAGS.get(name)
    if tags is None:
        tag = f"entsoe:{name[7:]}" if name.startswith("entsoe:") else f"cim:{name}"
        tags = _TAGS[name] = (f"<{tag}>", f"</{tag}>", f'<{tag} rdf:resource="')
    return tags


def _value(name: str, value) -> str:
    """One property element; "" for non-finite numbers (MATPOWER's Inf limits: CIM has no infinity)."""
    open_, close, ref = _tags(name)
    kind = type(value)
    if kind is Ref:
        return f'{ref}#_{value.target}"/>'
    if kind is Enum:
        return f'{ref}{value.ns}{value.value}"/>'
    if kind is bool:
        return f"{open_}{'true' if value else 'false'}{close}"
    if kind is int:
        return f"{open_}{value}{close}"
    if kind is str:
        text = escape(value) if ("&" in value or "<" in value or ">" in value) else value
        return f"{open_}{text}{close}"
    x = float(value)  # float or numpy float: the shortest repr that reads back to the same double
    if not math.isfinite(x):
        return ""
    return f"{open_}{int(x) if x.is_integer() and abs(x) < 1e15 else repr(x)}{close}"


class Profiles:
    """Collects the objects of each profile; `files()` renders the four documents."""

    def __init__(self, model: str, scenario_time: str) -> None:
        self.model, self.time = model, scenario_time
        self.parts: dict[str, list[str]] = {p: [] for p in PROFILE_URIS}
        self.defined: set[str] = set()

    def define(self, profile: str, cls: str, ident: str, attrs: dict) -> None:
        if ident in self.defined:
            raise InvalidNetworkError(f"two CGMES objects would get the mRID '{ident}' (an element id equals a "
                                      "derived one such as '<bus>_T1' or 'VL_<bus>'): rename one", element_id=ident,
                                      field="id")
        self.defined.add(ident)
        self._emit(profile, cls, f'rdf:ID="_{ident}"', attrs)

    def about(self, profile: str, cls: str, ident: str, attrs: dict) -> None:
        self._emit(profile, cls, f'rdf:about="#_{ident}"', attrs)

    def _emit(self, profile: str, cls: str, head: str, attrs: dict) -> None:
        lines = [f"\t<cim:{cls} {head}>"]
        for k, v in attrs.items():
            if v is None:
                continue
            for item in (v if type(v) is list else (v,)):
                text = _value(k, item)
                if text:
                    lines.append(text)
        self.parts[profile].append("\n\t\t".join(lines) + f"\n\t</cim:{cls}>")

    def model_id(self, profile: str) -> str:
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"gridsolve:{self.model}:{self.time}:{profile}"))

    def document(self, profile: str) -> str:
        deps = "".join(f'\n\t\t<md:Model.DependentOn rdf:resource="{self.model_id(d)}"/>' for d in DEPENDS[profile])
        header = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<rdf:RDF xmlns:cim="{CIM}" xmlns:entsoe="{ENTSOE}" '
            'xmlns:md="http://iec.ch/TC57/61970-552/ModelDescription/1#" '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f'\t<md:FullModel rdf:about="{self.model_id(profile)}">\n'
            f"\t\t<md:Model.scenarioTime>{self.time}</md:Model.scenarioTime>\n"
            f"\t\t<md:Model.created>{self.time}</md:Model.created>\n"
            f"\t\t<md:Model.description>{escape(self.model)} {DESCRIPTION[profile]}</md:Model.description>\n"
            "\t\t<md:Model.version>1</md:Model.version>"
            f"{deps}\n"
            f"\t\t<md:Model.profile>{PROFILE_URIS[profile]}</md:Model.profile>\n"
            "\t\t<md:Model.modelingAuthoritySet>http://gridsolve.example/</md:Model.modelingAuthoritySet>\n"
            "\t</md:FullModel>\n"
        )
        return header + "\n".join(self.parts[profile]) + "\n</rdf:RDF>\n"
