"""Organizations, members, roles and invitations.

An invitation is addressed to an e-mail address, so only an account that has proven that address (followed
the verification link, or signed in through a provider that vouched for it) sees, accepts or declines it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chalicelib.accounts.auth import normalize_email
from chalicelib.http.errors import BadRequest, Conflict, Forbidden, NotFound, field_error
from chalicelib.projects import service as projects
from chalicelib.projects.access import RANK, ROLES, membership
from chalicelib.storage.models import Invitation, Membership, Organization, Project, User


def org_dict(o: Organization, role: str | None = None) -> dict[str, Any]:
    d = {"id": o.id, "name": o.name, "plan": o.plan, "created_at": o.created_at.isoformat() + "Z"}
    if role:
        d["role"] = role
    return d


def inv_dict(i: Invitation, org: Organization | None = None) -> dict[str, Any]:
    d = {
        "id": i.id,
        "org_id": i.org_id,
        "email": i.email,
        "role": i.role,
        "status": i.status,
        "created_at": i.created_at.isoformat() + "Z",
    }
    if org is not None:
        d["org_name"] = org.name
    return d


def _name(body: dict[str, Any]) -> str:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise BadRequest("name is required (1-200 characters)", fields=[field_error("name", "required")])
    return name.strip()


def _role(value: Any, field: str = "role") -> str:
    if value not in ROLES:
        raise BadRequest(f"{field} must be one of {', '.join(ROLES)}", fields=[field_error(field, "invalid role")])
    return value


def load_org(s: Session, org_id: str, user: User, need: str = "member") -> tuple[Organization, Membership]:
    org = s.get(Organization, org_id)
    m = membership(s, org_id, user.id) if org is not None else None
    if org is None or m is None:
        raise NotFound("Organization not found")
    if RANK[m.role] < RANK[need]:
        raise Forbidden(f"This needs the {need} role in the organization")
    return org, m


def create(s: Session, settings, user: User, body: dict[str, Any]) -> dict[str, Any]:
    org = Organization(name=_name(body), plan=settings.default_plan)
    s.add(org)
    s.flush()
    s.add(Membership(org_id=org.id, user_id=user.id, role="owner"))
    return org_dict(org, "owner")


def list_mine(s: Session, user: User) -> list[dict[str, Any]]:
    rows = s.execute(
        select(Organization, Membership.role)
        .join(Membership, Membership.org_id == Organization.id)
        .where(Membership.user_id == user.id)
        .order_by(Organization.created_at, Organization.id)
    )
    return [org_dict(o, r) for o, r in rows]


def members(s: Session, org_id: str) -> list[dict[str, Any]]:
    rows = s.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(Membership.org_id == org_id)
        .order_by(Membership.created_at, User.email)
    )
    return [{"user_id": u.id, "email": u.email, "name": u.name, "role": m.role} for m, u in rows]


def _owners(s: Session, org_id: str) -> int:
    return (
        s.scalar(
            select(func.count()).select_from(Membership).where(Membership.org_id == org_id, Membership.role == "owner")
        )
        or 0
    )


def invite(s: Session, org: Organization, actor: Membership, user: User, body: dict[str, Any]) -> dict[str, Any]:
    email = normalize_email(body.get("email"))
    role = _role(body.get("role", "member"))
    if role == "owner" and actor.role != "owner":
        raise Forbidden("Only an owner can invite another owner")
    existing = s.scalar(select(User).where(User.email == email))
    if existing is not None and membership(s, org.id, existing.id) is not None:
        raise Conflict("This person is already a member", fields=[field_error("email", "already a member")])
    dup = s.scalar(
        select(Invitation).where(Invitation.org_id == org.id, Invitation.email == email, Invitation.status == "pending")
    )
    if dup is not None:
        dup.role = role
        return inv_dict(dup)
    inv = Invitation(org_id=org.id, email=email, role=role, invited_by=user.id)
    s.add(inv)
    s.flush()
    return inv_dict(inv)


def org_invitations(s: Session, org_id: str) -> list[dict[str, Any]]:
    rows = s.scalars(
        select(Invitation)
        .where(Invitation.org_id == org_id, Invitation.status == "pending")
        .order_by(Invitation.created_at)
    )
    return [inv_dict(i) for i in rows]


def revoke_invitation(s: Session, org_id: str, inv_id: str) -> None:
    inv = s.get(Invitation, inv_id)
    if inv is None or inv.org_id != org_id or inv.status != "pending":
        raise NotFound("Invitation not found")
    inv.status = "revoked"


def my_invitations(s: Session, user: User) -> list[dict[str, Any]]:
    if user.email_verified_at is None:  # not proven to own the address the invitations are sent to
        return []
    rows = s.execute(
        select(Invitation, Organization)
        .join(Organization, Organization.id == Invitation.org_id)
        .where(Invitation.email == user.email, Invitation.status == "pending")
        .order_by(Invitation.created_at)
    )
    return [inv_dict(i, o) for i, o in rows]


def respond(s: Session, user: User, inv_id: str, accept: bool) -> dict[str, Any]:
    inv = s.get(Invitation, inv_id)
    if inv is None or inv.email != user.email or inv.status != "pending":
        raise NotFound("Invitation not found")
    if user.email_verified_at is None:
        raise Forbidden(f"Confirm your e-mail address first: follow the link we sent to {user.email} "
                        "(POST /api/auth/verify-email/resend sends it again)", code="email_unverified")
    org = s.get(Organization, inv.org_id)
    if org is None:
        raise NotFound("Organization not found")
    if accept:
        if membership(s, inv.org_id, user.id) is None:
            s.add(Membership(org_id=inv.org_id, user_id=user.id, role=inv.role))
        inv.status = "accepted"
        return org_dict(org, inv.role)
    inv.status = "declined"
    return org_dict(org)


def change_role(s: Session, org: Organization, actor: Membership, target_id: str, body: dict[str, Any]):
    role = _role(body.get("role"))
    target = membership(s, org.id, target_id)
    if target is None:
        raise NotFound("Member not found")
    if actor.role != "owner" and ("owner" in (role, target.role)):
        raise Forbidden("Only an owner can grant or change the owner role")
    if target.role == "owner" and role != "owner" and _owners(s, org.id) <= 1:
        raise Conflict("An organization needs at least one owner")
    target.role = role
    return {"user_id": target_id, "role": role}


def remove_member(s: Session, org: Organization, actor: Membership, target_id: str) -> None:
    target = membership(s, org.id, target_id)
    if target is None:
        raise NotFound("Member not found")
    leaving = target_id == actor.user_id
    if not leaving:
        if RANK[actor.role] < RANK["admin"]:
            raise Forbidden("Only admins and owners can remove members")
        if RANK[target.role] >= RANK[actor.role] and actor.role != "owner":
            raise Forbidden("Admins can only remove members")
    if target.role == "owner" and _owners(s, org.id) <= 1:
        raise Conflict("An organization needs at least one owner")
    s.delete(target)


def rename(s: Session, org: Organization, body: dict[str, Any]) -> dict[str, Any]:
    org.name = _name(body)
    return org_dict(org)


def delete_org(s: Session, blobs, user: User, org: Organization) -> None:
    """Delete an organization with its projects, their studies and blobs."""
    for pid in list(s.scalars(select(Project.id).where(Project.org_id == org.id))):
        projects.delete(s, blobs, user, pid, None)
    s.delete(org)
