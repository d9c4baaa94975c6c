"""Every study type, registered once: `STUDY_TYPES[name]` is its options model, run function and result
model. A new study type is one module here and one entry in `_REGISTERED`; the service, the OpenAPI
document, the CLI and the browser's generated types all read this registry.

    from gridsolve.studies import get_study_type
    st = get_study_type("power_flow")
    options = st.parse_options("newton_raphson", {"tol": 1e-10})
    outcome = st.run(network, options, None)     # StudyOutcome: status, result, summary, history, ...
"""

from __future__ import annotations

from ..errors import FieldError
from . import contingency, power_flow, protection_coordination, short_circuit, unbalanced_power_flow
from .base import InvalidOptionsError, Progress, StudyOptions, StudyOutcome, StudyType
from .jsonsafe import json_safe

_REGISTERED: tuple[StudyType, ...] = (power_flow.STUDY, short_circuit.STUDY, protection_coordination.STUDY,
                                      unbalanced_power_flow.STUDY, contingency.STUDY)
STUDY_TYPES: dict[str, StudyType] = {st.name: st for st in _REGISTERED}


def get_study_type(name: object) -> StudyType:
    """The registered study type `name`; an unknown name is refused naming the known ones."""
    st = STUDY_TYPES.get(name) if isinstance(name, str) else None
    if st is None:
        known = "|".join(STUDY_TYPES)
        raise InvalidOptionsError(f"study_type must be one of {', '.join(STUDY_TYPES)}",
                                  errors=[FieldError(field="study_type", message=known)], field="study_type")
    return st


__all__ = ["STUDY_TYPES", "InvalidOptionsError", "Progress", "StudyOptions", "StudyOutcome", "StudyType",
           "get_study_type", "json_safe"]
