"""Request and response bodies of the equipment routes, as pydantic models: they validate what comes in, shape what
goes out, and the OpenAPI components and query parameters are generated from them (chalicelib/http/schemas.py).

A user model is a library entry (the engine's `Entry`: the same fields, units and per-category parameters) whose
id the service assigns; its provenance is optional (the service then records who entered it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from chalicelib import engine
from chalicelib.engine import (
    EquipmentCategory,
    EquipmentEntry,
    EquipmentParameters,
    EquipmentProvenance,
    EquipmentRating,
    LibraryReference,
)
from chalicelib.equipment.records import RATING_UNITS

if TYPE_CHECKING:  # the Literals below are built from the engine's lists at run time
    ElementKind = str
    RatingUnit = str
else:
    ElementKind = Literal[tuple(sorted({k for ks in engine.EQUIPMENT_ELEMENT_KINDS.values() for k in ks}))]
    RatingUnit = Literal[tuple(RATING_UNITS)]
Scope = Literal["all", "library", "mine"]
Text300 = Field(min_length=1, max_length=300)


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EquipmentQuery(Body):
    """Query parameters of GET /api/equipment (and /facets)."""

    q: str | None = Field(default=None, max_length=200, description="Fuzzy text: code name, model number, "
                          "manufacturer, size, construction... every word must match (typing errors tolerated)")
    category: str | None = Field(
        default=None, max_length=200,
        description=f"One category or several, comma-separated: {', '.join(engine.EQUIPMENT_CATEGORIES)}",
    )
    element_kind: ElementKind | None = Field(default=None, description="Only entries that can be applied to this "
                                             "kind of network element (line: conductors and cables, ...)")
    manufacturer: str | None = Field(default=None, max_length=200, description="Exact manufacturer (any case)")
    voltage_kv: float | None = Field(default=None, gt=0, le=2000, description="Voltage class, kV (within 0.1 %)")
    min_rating: float | None = Field(default=None, ge=0, description="Lowest headline rating, in rating_unit "
                                     "(default: the entry's base unit, A / MVA / MW)")
    max_rating: float | None = Field(default=None, ge=0, description="Highest headline rating, in rating_unit")
    rating_unit: RatingUnit | None = Field(default=None, description="Unit of min_rating/max_rating; also keeps "
                                           "only ratings of that quantity (current, apparent or active power)")
    scope: Scope = Field(default="all", description="library: the bundled library; mine: your and your "
                         "organizations' models; all: both")
    limit: int = Field(default=20, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)

    @field_validator("category")
    @classmethod
    def _known_categories(cls, value: str | None) -> str | None:
        names = [c.strip() for c in (value or "").split(",") if c.strip()]
        unknown = [c for c in names if c not in engine.EQUIPMENT_CATEGORIES]
        if unknown:
            raise ValueError(f"unknown category {', '.join(repr(c) for c in unknown)} "
                             f"(one of {', '.join(engine.EQUIPMENT_CATEGORIES)})")
        return value

    def categories(self) -> list[str]:
        return [c.strip() for c in (self.category or "").split(",") if c.strip()]


class EquipmentItem(BaseModel):
    """One search result: the searchable metadata, key parameters and provenance (no second request needed to
    show where the values come from)."""

    id: str
    name: str
    manufacturer: str
    model_number: str | None
    category: EquipmentCategory
    subcategory: str
    voltage_class_kv: float | None
    rating: EquipmentRating | None
    parameters: dict[str, Any] = Field(description="Key parameters: scalars and short lists (the full set is in "
                                       "GET /api/equipment/{id})")
    tags: list[str]
    provenance: EquipmentProvenance
    source: Literal["library", "user"]
    element_kinds: list[ElementKind] = Field(description="Element kinds POST .../apply accepts for it")
    revision: str = Field(description="Content hash of the model file; changes with every value")
    owner_user_id: str | None = None
    org_id: str | None = None
    forked_from_id: str | None = None


class EquipmentList(BaseModel):
    items: list[EquipmentItem]
    total: int = Field(description="Number of matches (all pages)")
    limit: int
    offset: int


class EquipmentDetail(EquipmentItem):
    """The full model: every parameter of the entry, with its provenance and, for user models, who may edit it."""

    parameters: EquipmentParameters  # type: ignore[assignment]  # narrows the summary's dict (pydantic override)
    access: Literal["owner", "admin", "member", "public"]
    version: int
    created_at: str
    updated_at: str


class EquipmentCreate(EquipmentEntry):
    """A new user model: an entry without id; `org_id` puts it in an organization instead of your account."""

    id: SkipJsonSchema[None] = Field(default=None, description="Assigned by the service")  # type: ignore[assignment]
    name: str = Text300
    manufacturer: str = Text300
    model_number: str | None = Field(default=None, max_length=300)
    subcategory: str = Text300
    tags: tuple[str, ...] = Field(default=(), max_length=32)
    provenance: EquipmentProvenance | None = Field(  # type: ignore[assignment]  # optional here (pydantic override)
        default=None, description="Where the values come from (default: entered by you, today)")
    org_id: str | None = Field(default=None, max_length=64)


class EquipmentPatch(Body):
    """Changes to a user model: the fields given replace the stored ones; `parameters` are merged (only the
    parameters given change) unless the category changes too."""

    name: str | None = Field(default=None, min_length=1, max_length=300)
    manufacturer: str | None = Field(default=None, min_length=1, max_length=300)
    model_number: str | None = Field(default=None, max_length=300)
    category: EquipmentCategory | None = None
    subcategory: str | None = Field(default=None, min_length=1, max_length=300)
    voltage_class_kv: float | None = None
    rating: dict[str, Any] | None = None
    parameters: dict[str, Any] | None = None
    tags: list[str] | None = Field(default=None, max_length=32)
    provenance: dict[str, Any] | None = None
    version: int | None = Field(default=None, description="The version you edited (else If-Match); 412 if stale")


class EquipmentFork(Body):
    name: str | None = Field(default=None, min_length=1, max_length=300)
    org_id: str | None = Field(default=None, max_length=64, description="Fork into this organization")


class EquipmentApply(Body):
    element_kind: ElementKind = Field(description="Kind of gridsolve.model element to fill")
    element: dict[str, Any] | None = Field(
        default=None, description="The element as it is now. Needed for relays: a relay entry gives setting ranges, "
        "not settings, so the relay's elements are checked against them (their curves, pickups, dials) and given "
        "the product's dial ranges; ignored for the other kinds")


class EquipmentApplied(BaseModel):
    element_kind: ElementKind
    fields: dict[str, Any] = Field(description="Element fields the entry determines (ids, buses, length and "
                                   "operating point stay the caller's; a relay: ct_secondary_a and its whole "
                                   "elements list, the given settings with the product's dial ranges)")
    missing: dict[str, str] = Field(description="Required fields the entry cannot give -> why and what to supply")
    notes: dict[str, str] = Field(default_factory=dict, description="Fields the entry could not fill or check "
                                  "(the element's values stay; check them by hand) -> why, e.g. "
                                  "'elements.0.pickup_a' of a relay without a CT primary")
    reference: LibraryReference  # what the element keeps (its `library` field) to show values changed by hand


class FacetCount(BaseModel):
    value: str | float
    count: int


class EquipmentFacets(BaseModel):
    categories: list[FacetCount]
    manufacturers: list[FacetCount]
    voltage_classes_kv: list[FacetCount]


API_MODELS: dict[str, type[BaseModel]] = {
    "EquipmentItem": EquipmentItem,
    "EquipmentList": EquipmentList,
    "EquipmentDetail": EquipmentDetail,
    "EquipmentCreate": EquipmentCreate,
    "EquipmentPatch": EquipmentPatch,
    "EquipmentFork": EquipmentFork,
    "EquipmentApply": EquipmentApply,
    "EquipmentApplied": EquipmentApplied,
    "EquipmentFacets": EquipmentFacets,
}


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """A query parameter is absent rather than null: `anyOf: [X, null]` -> X (with the description kept)."""
    options = [o for o in schema.get("anyOf", []) if o.get("type") != "null"]
    if len(options) == 1:
        rest = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
        return {**options[0], **rest}
    return {k: v for k, v in schema.items() if k != "title"}


def query_parameters() -> dict[str, dict[str, Any]]:
    """OpenAPI schemas of the search query parameters, from `EquipmentQuery`."""
    props = EquipmentQuery.model_json_schema()["properties"]
    return {name: {k: v for k, v in _without_null(p).items() if k != "title"} for name, p in props.items()}
