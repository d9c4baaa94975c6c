"""The equipment library: catalogue and typical equipment with provenance, and its mapping to elements."""

from .loader import get_entry, load_library
from .mapping import ELEMENT_KINDS, Applied, apply_entry, carson_inputs, element_fields, missing_fields
from .schema import CATEGORIES, STANDARD_CURVES, Entry, Provenance, Source

__all__ = [
    "CATEGORIES",
    "ELEMENT_KINDS",
    "STANDARD_CURVES",
    "Applied",
    "Entry",
    "Provenance",
    "Source",
    "apply_entry",
    "carson_inputs",
    "element_fields",
    "get_entry",
    "load_library",
    "missing_fields",
]
