"""The equipment service behind the routes: search, facets, the full model, user models (create, edit, delete,
fork) and an entry's values as element fields.

Library entries are public and read-only (403 on edit: fork one instead); a user model is private to its account
or organization, with the project rules (`projects/access.py`): outsiders get 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from chalicelib import engine
from chalicelib.engine import EquipmentEntry
from chalicelib.equipment import records, search
from chalicelib.equipment.models import LIBRARY, USER, Equipment, EquipmentPayload
from chalicelib.equipment.schemas import (
    EquipmentApplied,
    EquipmentApply,
    EquipmentCreate,
    EquipmentDetail,
    EquipmentFacets,
    EquipmentFork,
    EquipmentItem,
    EquipmentList,
    EquipmentPatch,
    EquipmentQuery,
)
from chalicelib.http.errors import BadRequest, PreconditionFailed, field_error, from_validation_error
from chalicelib.projects.access import owner_for, require, resource_role
from chalicelib.storage.blobstore import BlobStore
from chalicelib.storage.models import User, utcnow


def _parse(model: type[BaseModel], data: dict[str, Any], what: str = "Invalid request") -> Any:
    """A query or body as `model`; entries (with their per-category parameters) go through the engine seam."""
    if issubclass(model, EquipmentEntry):
        return engine.validate_equipment(model, data)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(exc, what=what) from None


# --------------------------------------------------------------------------- reading


def filters(query: dict[str, str], user: User | None) -> search.Filters:
    """Validated search filters from the query string (empty parameters count as absent)."""
    q: EquipmentQuery = _parse(EquipmentQuery, {k: v for k, v in query.items() if v != ""}, "Invalid search")
    if q.min_rating is not None and q.max_rating is not None and q.min_rating > q.max_rating:
        raise BadRequest("min_rating exceeds max_rating", fields=[field_error("max_rating", "below min_rating")])
    if q.scope == "mine" and user is None:
        raise BadRequest("scope=mine needs you to sign in", fields=[field_error("scope", "sign in for 'mine'")])
    categories = q.categories()
    if q.element_kind:
        fits = [c for c, kinds in engine.EQUIPMENT_ELEMENT_KINDS.items() if q.element_kind in kinds]
        categories = [c for c in categories if c in fits] if categories else fits
        if not categories:
            raise BadRequest("no category both matches category and maps to element_kind",
                             fields=[field_error("element_kind", f"fits {', '.join(fits)}")])
    quantity, factor = records.RATING_UNITS[q.rating_unit] if q.rating_unit else (None, 1.0)
    return search.Filters(
        q=q.q.strip() if q.q and q.q.strip() else None,
        categories=tuple(categories),
        manufacturer=q.manufacturer,
        voltage_kv=q.voltage_kv,
        rating_quantity=quantity,
        min_rating=None if q.min_rating is None else q.min_rating * factor,
        max_rating=None if q.max_rating is None else q.max_rating * factor,
        scope=q.scope,
        limit=q.limit,
        offset=q.offset,
    )


def _item(row: dict[str, Any] | Equipment) -> dict[str, Any]:
    """Search-result fields of a row (a mapping from the search, or an Equipment and its payload)."""
    if isinstance(row, Equipment):
        row = {**{c.key: getattr(row, c.key) for c in Equipment.__table__.columns},
               **{k: getattr(row.payload, k) for k in records.PAYLOAD}}
    get = row.get
    return {
        **{k: get(k) for k in ("id", "name", "manufacturer", "model_number", "category", "subcategory",
                               "voltage_class_kv", "parameters", "tags", "provenance", "source", "revision",
                               "owner_user_id", "org_id", "forked_from_id")},
        "rating": {"value": get("rating_value"), "unit": get("rating_unit")} if get("rating_unit") else None,
        "element_kinds": list(engine.EQUIPMENT_ELEMENT_KINDS[str(get("category"))]),
    }


def list_equipment(s: Session, user: User | None, query: dict[str, str]) -> dict[str, Any]:
    f = filters(query, user)
    rows, total = search.search(s, f, user.id if user else None)
    items = [EquipmentItem.model_validate(_item(r)) for r in rows]
    return EquipmentList(items=items, total=total, limit=f.limit, offset=f.offset).model_dump(mode="json")


def facets(s: Session, user: User | None, query: dict[str, str]) -> dict[str, Any]:
    f = filters(query, user)
    return EquipmentFacets.model_validate(search.facets(s, f, user.id if user else None)).model_dump(mode="json")


def load(s: Session, user: User | None, equipment_id: str, need: str = "read") -> tuple[Equipment, str]:
    row = s.scalar(select(Equipment).where(Equipment.id == equipment_id))
    role = resource_role(s, user, row.owner_user_id, row.org_id, row.source == LIBRARY) if row else None
    role = require(
        role,
        need,
        not_found="Equipment not found",
        read_only="Library entries are read-only; fork one (POST /api/equipment/{id}/fork) to edit it",
        admin_only="Only the model's owner or an organization admin can delete it",
    )
    assert row is not None  # require() raised for a missing model
    return row, role


def _entry(blobs: BlobStore, row: Equipment) -> EquipmentEntry:
    return engine.stored_entry(blobs.get(row.blob_key))


def etag(row: Equipment) -> str:
    return f'"{row.id}.v{row.version}"'


def detail(blobs: BlobStore, row: Equipment, role: str) -> dict[str, Any]:
    entry = _entry(blobs, row)
    return EquipmentDetail.model_validate({
        **_item(row),
        "parameters": entry.parameters.model_dump(mode="json"),
        "access": role,
        "version": row.version,
        "created_at": row.created_at.isoformat() + "Z",
        "updated_at": row.updated_at.isoformat() + "Z",
    }).model_dump(mode="json")


# --------------------------------------------------------------------------- user models


def _user_provenance(user: User) -> dict[str, Any]:
    return {
        "sources": [{
            "title": "User-entered equipment model",
            "publisher": user.name or user.email,
            "locator": f"entered in GridSolve on {utcnow().date().isoformat()}",
            "licence": "private (the account's own data)",
        }],
        "note": "values as entered by the user; GridSolve has not checked them against a source",
    }


def _store(s: Session, blobs: BlobStore, row: Equipment, entry: EquipmentEntry) -> Equipment:
    """Write the model file of `entry` (a new blob per revision) and the row's searchable metadata."""
    values, payload = records.split(records.row_values(entry))
    if values["revision"] != row.revision:
        blobs.put(values["blob_key"], records.model_file(entry))
    for name, value in values.items():
        setattr(row, name, value)
    if row.payload is None:
        row.payload = EquipmentPayload(**payload)
    for name, value in payload.items():
        setattr(row.payload, name, value)
    row.updated_at = utcnow()
    if row not in s:
        s.add(row)
    s.flush()
    return row


def _new_user_row(s: Session, user: User, org_id: object, forked_from: str | None = None) -> Equipment:
    owner, org = owner_for(s, user, org_id)
    return Equipment(id=f"user-{uuid.uuid4().hex}", source=USER, owner_user_id=owner, org_id=org,
                     created_by=user.id, forked_from_id=forked_from, revision="", created_at=utcnow())


def _entry_from(data: EquipmentCreate, entry_id: str, user: User) -> EquipmentEntry:
    return engine.validate_equipment(EquipmentEntry, {
        **data.model_dump(mode="json", exclude={"id", "org_id", "provenance"}),
        "id": entry_id,
        "provenance": data.provenance.model_dump(mode="json") if data.provenance else _user_provenance(user),
    })


def create(s: Session, blobs: BlobStore, user: User, body: dict[str, Any]) -> tuple[Equipment, str]:
    if "id" in body:
        raise BadRequest("The service assigns equipment ids", fields=[field_error("id", "not allowed")])
    data: EquipmentCreate = _parse(EquipmentCreate, body)
    row = _new_user_row(s, user, data.org_id)
    return _store(s, blobs, row, _entry_from(data, row.id, user)), _role(s, user, row)


def _role(s: Session, user: User, row: Equipment) -> str:
    return resource_role(s, user, row.owner_user_id, row.org_id, False) or "member"


def _check_version(row: Equipment, version: int | None, if_match: str | None) -> None:
    tags = [t.strip() for t in (if_match or "").split(",") if t.strip()]
    stale = (tags and "*" not in tags and etag(row) not in tags and f"W/{etag(row)}" not in tags) or (
        version is not None and version != row.version)
    if stale:
        raise PreconditionFailed(f"The model changed since you loaded it (now version {row.version}); reload",
                                 headers={"ETag": etag(row)})


def _merged(current: dict[str, Any], patch: EquipmentPatch) -> dict[str, Any]:
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    merged = {**current, **changes}
    category_changed = "category" in changes and changes["category"] != current["category"]
    if "parameters" in changes and not category_changed:
        merged["parameters"] = {**current["parameters"], **(changes["parameters"] or {})}
    return merged


def patch(s: Session, blobs: BlobStore, user: User, equipment_id: str, body: dict[str, Any],
          if_match: str | None) -> tuple[Equipment, str]:
    row, role = load(s, user, equipment_id, "write")
    changes: EquipmentPatch = _parse(EquipmentPatch, body)
    _check_version(row, changes.version, if_match)
    merged = _merged(_entry(blobs, row).model_dump(mode="json"), changes)
    data: EquipmentCreate = _parse(EquipmentCreate, {k: v for k, v in merged.items() if k != "id"})
    return _store(s, blobs, row, _entry_from(data, row.id, user)), role


def delete(s: Session, user: User, equipment_id: str, if_match: str | None) -> str:
    """Deletes the row; returns the blob prefix of its model files (removed by the caller after commit)."""
    row, _ = load(s, user, equipment_id, "admin")
    _check_version(row, None, if_match)
    s.delete(row)
    s.flush()
    return f"equipment/{row.id}"


def fork(s: Session, blobs: BlobStore, user: User, equipment_id: str, body: dict[str, Any]) -> tuple[Equipment, str]:
    src, _ = load(s, user, equipment_id, "read")
    req: EquipmentFork = _parse(EquipmentFork, body)
    row = _new_user_row(s, user, req.org_id, forked_from=src.id)
    data = _entry(blobs, src).model_dump(mode="json")
    prov = data["provenance"]
    note = (f"forked from '{src.id}' (revision {src.revision}) on {utcnow().date().isoformat()}; values edited "
            "after the fork are the user's")
    prov["note"] = f"{note}; {prov['note']}" if prov.get("note") else note
    entry = engine.validate_equipment(EquipmentEntry, {**data, "id": row.id, "name": req.name or data["name"],
                                                       "provenance": prov})
    return _store(s, blobs, row, entry), _role(s, user, row)


# --------------------------------------------------------------------------- applying an entry to an element


def apply(s: Session, blobs: BlobStore, user: User | None, equipment_id: str, body: dict[str, Any]
          ) -> dict[str, Any]:
    row, _ = load(s, user, equipment_id, "read")
    req: EquipmentApply = _parse(EquipmentApply, body)
    applied = engine.equipment_element_fields(_entry(blobs, row), req.element_kind, req.element)
    return EquipmentApplied(
        element_kind=req.element_kind,
        fields=applied.fields,
        missing=applied.missing,
        notes=applied.notes,
        reference={"equipment_id": row.id, "revision": row.revision, "name": row.name, "values": applied.values},
    ).model_dump(mode="json")
