"""Who may do what. Outsiders get 404 (never learn a resource exists); known-but-not-allowed gets 403.

The same rules hold for every resource owned by a user or an organization (projects, equipment models): the
owner and the organization's owners/admins may do everything, members read and write, a public resource is
read-only for everyone else.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from chalicelib.http.errors import Forbidden, NotFound, field_error
from chalicelib.storage.models import Membership, Project, User

ROLES = ("owner", "admin", "member")
RANK = {"member": 1, "admin": 2, "owner": 3}


def membership(s: Session, org_id: str, user_id: str) -> Membership | None:
    return s.get(Membership, (org_id, user_id))


def resource_role(
    s: Session, user: User | None, owner_user_id: str | None, org_id: str | None, is_public: bool
) -> str | None:
    """owner | admin | member | public (read-only) | None (an outsider: 404). `user` None is anonymous."""
    if user is not None:
        if owner_user_id is not None and owner_user_id == user.id:
            return "owner"
        if org_id is not None:
            m = membership(s, org_id, user.id)
            if m is not None:
                return m.role
    if is_public:
        return "public"
    return None


def require(role: str | None, need: str, *, not_found: str, read_only: str, admin_only: str) -> str:
    """need: read | write | admin. Raises 404 for outsiders, 403 with the given message otherwise."""
    if role is None:
        raise NotFound(not_found)
    if need == "write" and role == "public":
        raise Forbidden(read_only)
    if need == "admin" and role not in ("owner", "admin"):
        raise Forbidden(admin_only)
    return role


def project_role(s: Session, p: Project, user: User) -> str | None:
    """owner | admin | member | public (read-only) | None."""
    return resource_role(s, user, p.owner_user_id, p.org_id, p.is_public)


def load_project(s: Session, project_id: str, user: User, need: str = "read") -> tuple[Project, str]:
    """need: read | write (edit network, run studies) | admin (delete, change visibility)."""
    p = s.get(Project, project_id)
    role = project_role(s, p, user) if p is not None else None
    role = require(
        role,
        need,
        not_found="Project not found",
        read_only="This is a public project; fork it to edit it or run studies",
        admin_only="Only the project owner or an organization admin can do this",
    )
    assert p is not None  # require() raised for a missing project
    return p, role


def owner_for(s: Session, user: User, org_id: object) -> tuple[str | None, str | None]:
    """(owner_user_id, org_id) of a resource the user creates: their own, or an organization they belong to."""
    if org_id is None:
        return user.id, None
    if not isinstance(org_id, str) or membership(s, org_id, user.id) is None:
        raise NotFound("Organization not found", fields=[field_error("org_id", "no such organization")])
    return None, org_id


def account_key(p: Project) -> str:
    return f"org:{p.org_id}" if p.org_id else f"user:{p.owner_user_id}"
