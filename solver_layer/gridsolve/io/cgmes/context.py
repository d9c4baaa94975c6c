"""Typed access to the CIM store: numbers, flags and references that fail with a ParseError
naming the profile file, the object's mRID and the attribute."""

from __future__ import annotations

import math

from ...errors import ParseError
from .rdf import CimObject, CimStore

# Which profile each attribute prefix lives in (for naming the file in error messages).
_SSH_ATTRS = frozenset("""
ACDCTerminal.connected Switch.open TapChanger.step TapChanger.controlEnabled EnergyConsumer.p EnergyConsumer.q
RotatingMachine.p RotatingMachine.q RegulatingCondEq.controlEnabled SynchronousMachine.referencePriority
SynchronousMachine.operatingMode ShuntCompensator.sections RegulatingControl.enabled RegulatingControl.targetValue
RegulatingControl.targetValueUnitMultiplier RegulatingControl.discrete RegulatingControl.targetDeadband
EquivalentInjection.p EquivalentInjection.q EquivalentInjection.regulationStatus EquivalentInjection.regulationTarget
ExternalNetworkInjection.p ExternalNetworkInjection.q ExternalNetworkInjection.referencePriority
StaticVarCompensator.q EnergySource.activePower EnergySource.reactivePower Equipment.inService
""".split())
_TRUE, _FALSE = {"true", "1"}, {"false", "0"}
_MULTIPLIER = {"k": 1.0, "none": 1e-3, "M": 1e3, "m": 1e-6, "G": 1e6}  # to kV


class Cim:
    """The store plus accessors. `fail` builds the error every converter raises."""

    def __init__(self, store: CimStore) -> None:
        self.store = store
        self.objects = store.objects

    # -- errors ---------------------------------------------------------------------------
    def file_of(self, obj: CimObject, attr: str | None = None) -> str:
        profile = "SSH" if attr in _SSH_ATTRS else ("SV" if attr and attr.startswith("Sv") else None)
        if profile:
            for name in obj.files:
                if profile in self.store.file_profiles.get(name, ()):
                    return name
            candidates = self.store.files_with(profile)
            if candidates:
                return candidates[0]
        return obj.files[0]

    def fail(self, obj: CimObject, attr: str | None, message: str) -> ParseError:
        return ParseError(f"{obj.cls}: {message}", file=self.file_of(obj, attr), element_id=obj.id, field=attr,
                          line=obj.line if self.file_of(obj, attr) == obj.files[0] else None)

    # -- values ---------------------------------------------------------------------------
    def num(self, obj: CimObject, attr: str, default: float | None = None) -> float:
        text = obj.attrs.get(attr)
        if text is None or text == "":
            if default is None:
                raise self.fail(obj, attr, "missing required attribute")
            return default
        try:
            value = float(text)
        except ValueError:
            raise self.fail(obj, attr, f"not a number: '{text}'") from None
        if math.isnan(value):
            if default is None:
                raise self.fail(obj, attr, "is NaN")
            return default
        return value

    def opt_num(self, obj: CimObject, attr: str) -> float | None:
        text = obj.attrs.get(attr)
        if text is None or text == "":
            return None
        value = self.num(obj, attr)
        return value if math.isfinite(value) and abs(value) < 1e30 else None  # 3.4e38 = "no limit"

    def integer(self, obj: CimObject, attr: str, default: int | None = None) -> int:
        value = self.num(obj, attr, None if default is None else float(default))
        return int(round(value))

    def flag(self, obj: CimObject, attr: str, default: bool | None = None) -> bool:
        text = obj.attrs.get(attr)
        if text is None or text == "":
            if default is None:
                raise self.fail(obj, attr, "missing required attribute")
            return default
        low = text.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise self.fail(obj, attr, f"not a boolean: '{text}'")

    def ref(self, obj: CimObject, attr: str, *, what: str) -> CimObject:
        """The object `obj.attr` points at; a missing reference or target is an error naming `what`."""
        found = self.opt_ref(obj, attr, what=what)
        if found is None:
            raise self.fail(obj, attr, "missing required reference")
        return found

    def opt_ref(self, obj: CimObject, attr: str, *, what: str) -> CimObject | None:
        """The object `obj.attr` points at, None when the attribute is absent; a target no profile
        defines is an error."""
        target = obj.attrs.get(attr)
        if not target:
            return None
        found = self.objects.get(target)
        if found is None:
            if target in self.store.other_classes:
                cls, _ = self.store.other_classes[target]
                raise self.fail(obj, attr, f"refers to '{target}', a {cls}, where {what} is expected")
            raise self.fail(obj, attr, f"refers to {what} '{target}' that no profile defines")
        return found

    def name(self, obj: CimObject) -> str:
        return obj.attrs.get("IdentifiedObject.name", "") or ""

    def base_voltage_kv(self, obj: CimObject, attr: str) -> float | None:
        """Nominal kV of the BaseVoltage `obj.attr` refers to (None when the reference is absent)."""
        bv = self.opt_ref(obj, attr, what="a BaseVoltage")
        if bv is None:
            return None
        if bv.cls != "BaseVoltage":
            raise self.fail(obj, attr, f"refers to '{bv.id}', a {bv.cls}, where a BaseVoltage is expected")
        kv = self.num(bv, "BaseVoltage.nominalVoltage")
        if kv <= 0:
            raise self.fail(bv, "BaseVoltage.nominalVoltage", f"must be positive, found {kv:g}")
        return kv

    def target_kv(self, rc: CimObject) -> float | None:
        value = self.opt_num(rc, "RegulatingControl.targetValue")
        if value is None:
            return None
        mult = rc.attrs.get("RegulatingControl.targetValueUnitMultiplier", "UnitMultiplier.k").rsplit(".", 1)[-1]
        if mult not in _MULTIPLIER:
            raise self.fail(rc, "RegulatingControl.targetValueUnitMultiplier", f"unit multiplier '{mult}' is not "
                                                                                 "supported")
        return value * _MULTIPLIER[mult]

    def in_service(self, obj: CimObject) -> bool:
        """CGMES 3 Equipment.inService (SSH), else normallyInService (EQ); CGMES 2.4.15 has neither."""
        return self.flag(obj, "Equipment.inService", self.flag(obj, "Equipment.normallyInService", True))
