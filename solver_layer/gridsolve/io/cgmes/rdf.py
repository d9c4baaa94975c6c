"""Streaming CIM RDF/XML reader: every profile file into one store of objects keyed by mRID.

CGMES splits each object across profiles: EQ defines it (`rdf:ID="_X"`, or `rdf:about` in
CGMES 3), TP/SSH/SV add attributes to it (`rdf:about="#_X"`). The reader streams each file with
lxml's `iterparse`, turns every top-level element into (class, mRID, {attribute: value}) and
clears it at once, so a large model never sits in memory as a DOM; only the attributes of the
classes the converter uses are kept (`KEEP`), other classes are remembered by name only, so a
terminal pointing at unsupported equipment can still be reported by its class.

Attribute names are the CIM local names ("ACLineSegment.r"); references become the target mRID;
enumeration values keep their local name ("RegulatingControlModeKind.voltage"). mRIDs are stored
without the leading "#", "urn:uuid:" and "_" that CIM 16 puts in front of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO

from lxml import etree

from ...errors import ParseError

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MD = "http://iec.ch/TC57/61970-552/ModelDescription/1#"
RDF_ID, RDF_ABOUT, RDF_RESOURCE = f"{{{RDF}}}ID", f"{{{RDF}}}about", f"{{{RDF}}}resource"
FULL_MODEL = {f"{{{MD}}}FullModel", "{http://iec.ch/TC57/61970-552/DifferenceModel/1#}DifferenceModel"}
CIM16 = "http://iec.ch/TC57/2013/CIM-schema-cim16#"
CIM100 = "http://iec.ch/TC57/CIM100#"

# Classes whose attributes the converter reads. Anything else is kept by class name only.
KEEP = frozenset("""
Terminal TopologicalNode ConnectivityNode BaseVoltage VoltageLevel Bay
ACLineSegment SeriesCompensator EquivalentBranch PowerTransformer PowerTransformerEnd
RatioTapChanger PhaseTapChanger PhaseTapChangerLinear PhaseTapChangerSymmetrical
PhaseTapChangerAsymmetrical PhaseTapChangerTabular RatioTapChangerTablePoint PhaseTapChangerTablePoint
RegulatingControl TapChangerControl
SynchronousMachine AsynchronousMachine GeneratingUnit HydroGeneratingUnit ThermalGeneratingUnit
WindGeneratingUnit NuclearGeneratingUnit SolarGeneratingUnit ReactiveCapabilityCurve CurveData
EnergyConsumer ConformLoad NonConformLoad StationSupply EnergySource LoadResponseCharacteristic
LinearShuntCompensator NonlinearShuntCompensator NonlinearShuntCompensatorPoint EquivalentShunt
EquivalentInjection ExternalNetworkInjection StaticVarCompensator
Switch Breaker Disconnector LoadBreakSwitch Fuse GroundDisconnector ProtectedSwitch Recloser
Sectionaliser Jumper BusbarSection Junction
OperationalLimitSet CurrentLimit OperationalLimitType
SvVoltage TopologicalIsland
""".split())


def mrid(ref: str) -> str:
    """Normalise an rdf:ID/about/resource to the bare mRID ('#_abc', 'urn:uuid:abc' -> 'abc')."""
    if ref.startswith("#"):
        ref = ref[1:]
    elif ref.startswith("urn:uuid:"):
        ref = ref[9:]
    return ref[1:] if ref.startswith("_") else ref


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass(slots=True)
class CimObject:
    cls: str
    id: str
    attrs: dict[str, str]
    files: list[str]  # the files the object appears in, the defining one first
    line: int | None = None  # line of its first appearance

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)


@dataclass
class CimStore:
    """All objects of a model, plus per-file metadata (profiles, CIM namespace)."""

    objects: dict[str, CimObject] = field(default_factory=dict)
    other_classes: dict[str, tuple[str, str]] = field(default_factory=dict)  # mRID -> (class, file)
    by_class: dict[str, list[CimObject]] = field(default_factory=dict)
    file_profiles: dict[str, set[str]] = field(default_factory=dict)  # file -> {"EQ", "TP", ...}
    cim_namespaces: set[str] = field(default_factory=set)

    def of(self, *classes: str) -> list[CimObject]:
        """Objects of these classes (their definitions' class), in document order."""
        out: list[CimObject] = []
        for cls in classes:
            out.extend(self.by_class.get(cls, ()))
        return out

    def files_with(self, profile: str) -> list[str]:
        return [f for f, profiles in self.file_profiles.items() if profile in profiles]

    @property
    def cim_version(self) -> int:
        return 100 if CIM100 in self.cim_namespaces else 16


# Profile URIs (md:Model.profile) -> short names. CGMES 2.4.15 and 3.0 spellings.
_PROFILE_PATTERNS = (
    (re.compile(r"EquipmentBoundary|EquipmentBoundaryOperation"), "EQ_BD"),
    (re.compile(r"TopologyBoundary"), "TP_BD"),
    (re.compile(r"Equipment(Core|Operation|ShortCircuit)|CoreEquipment|/Operation-EU|ShortCircuit-EU"), "EQ"),
    (re.compile(r"Topology"), "TP"),
    (re.compile(r"SteadyStateHypothesis"), "SSH"),
    (re.compile(r"StateVariables"), "SV"),
    (re.compile(r"DiagramLayout|GeographicalLocation|Dynamics"), "OTHER"),
)
_NAME_PATTERNS = (
    (re.compile(r"(^|[_\-.])EQ[_\-]?BD([_\-.]|$)", re.I), "EQ_BD"),
    (re.compile(r"(^|[_\-.])TP[_\-]?BD([_\-.]|$)", re.I), "TP_BD"),
    (re.compile(r"(^|[_\-.])EQ([_\-.]|$)", re.I), "EQ"),
    (re.compile(r"(^|[_\-.])TP([_\-.]|$)", re.I), "TP"),
    (re.compile(r"(^|[_\-.])SSH([_\-.]|$)", re.I), "SSH"),
    (re.compile(r"(^|[_\-.])SV([_\-.]|$)", re.I), "SV"),
    (re.compile(r"(^|[_\-.])(DL|GL|DY)([_\-.]|$)", re.I), "OTHER"),
)


def profiles_of_uris(uris: Iterable[str]) -> set[str]:
    found = set()
    for uri in uris:
        for pattern, name in _PROFILE_PATTERNS:
            if pattern.search(uri):
                found.add(name)
                break
    return found


def profiles_of_name(name: str) -> set[str]:
    stem = name.rsplit("/", 1)[-1]
    for pattern, profile in _NAME_PATTERNS:
        if pattern.search(stem):
            return {profile}
    return set()


_LOCAL: dict[str, str] = {}
_KEPT_TAGS = [f"{{{ns}}}{cls}" for ns in (CIM16, CIM100) for cls in sorted(KEEP)] + sorted(FULL_MODEL)


def _local_cached(tag: str) -> str:
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = _local(tag)
    return name


def parse_file(store: CimStore, name: str, stream: IO[bytes]) -> None:
    """Stream one RDF/XML file into `store`. Raises ParseError with the file and line on bad XML.

    lxml reports only the end of the kept classes' elements (the `tag` filter runs in C, so the
    properties of every object cost no Python); the objects in between are other classes, whose
    class name is noted before they are dropped."""
    context = etree.iterparse(stream, events=("end",), tag=_KEPT_TAGS, huge_tree=True, remove_comments=True)
    root = None
    header_uris: list[str] = []
    note = True  # other classes matter only where equipment is defined (EQ, boundary, or unknown files)
    try:
        for _, elem in context:
            parent = elem.getparent()
            if root is None:
                root = parent
                if root is None or _local(root.tag) != "RDF":
                    raise ParseError("not a CIM RDF/XML document (the root element is not rdf:RDF)", file=name,
                                     line=elem.sourceline)
            if parent is not root:
                continue  # a nested element with a class name: not an object of its own
            if root[0] is not elem:
                _drop_preceding(store, name, root, elem, note)
            if elem.tag in FULL_MODEL:
                header_uris += [c.text or "" for c in elem if _local(c.tag) == "Model.profile"]
                note = not profiles_of_uris(header_uris) <= {"TP", "SSH", "SV", "OTHER"}
            else:
                _add_object(store, name, elem)
            del root[0]
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"XML syntax error: {exc.msg}", file=name, line=exc.lineno) from None
    if root is not None and note:
        for other in list(root):
            _note_other(store, name, other)
    profiles = profiles_of_uris(header_uris) or profiles_of_name(name)
    store.file_profiles.setdefault(name, set()).update(profiles)


def _drop_preceding(store: CimStore, name: str, root, elem, note: bool) -> None:
    while True:
        first = root[0]
        if first is elem:
            return
        if note:
            _note_other(store, name, first)
        del root[0]


def _note_other(store: CimStore, name: str, elem) -> None:
    """An object of a class the converter does not read: remember its class for error messages."""
    if not isinstance(elem.tag, str):
        return
    ident = elem.get(RDF_ID) or elem.get(RDF_ABOUT)
    if ident is not None:
        store.other_classes.setdefault(mrid(ident), (_local(elem.tag), name))


def _add_object(store: CimStore, name: str, elem) -> None:
    tag = elem.tag
    ns, _, cls = tag[1:].partition("}")
    store.cim_namespaces.add(ns)
    ident = elem.get(RDF_ID) or elem.get(RDF_ABOUT)
    if ident is None:
        raise ParseError(f"{cls} has neither rdf:ID nor rdf:about", file=name, line=elem.sourceline)
    key = mrid(ident)
    obj = store.objects.get(key)
    if obj is None and key in store.other_classes:
        return  # EQ defined it as a class the converter does not read; other profiles cannot change that
    attrs: dict[str, str] = {} if obj is None else obj.attrs  # later profiles add to the definition
    local = _LOCAL
    for child in elem:
        tag = child.tag
        prop = local.get(tag) or _local_cached(tag)
        ref = child.get(RDF_RESOURCE)
        if ref is None:
            text = child.text
            attrs[prop] = text.strip() if text else ""
        elif ref[0] == "#":
            attrs[prop] = ref[2:] if ref[1] == "_" else ref[1:]
        elif ref.startswith("http") and "#" in ref:
            attrs[prop] = ref.rsplit("#", 1)[1]  # enumeration value
        else:
            attrs[prop] = mrid(ref)
    if obj is None:  # files are read EQ first, so the first appearance is the definition
        obj = CimObject(cls, key, attrs, [name], elem.sourceline)
        store.objects[key] = obj
        store.by_class.setdefault(cls, []).append(obj)
        return
    if name not in obj.files:
        obj.files.append(name)
