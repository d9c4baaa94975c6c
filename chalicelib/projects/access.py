"""Who may do what. Outsiders get 404 (never learn a resource exists); known-but-not-allowed gets 403."""

from __future__ import annotations

from sqlalchemy.orm import Session

from chalicelib.http.errors import Forbidden, NotFound
from chalicelib.storage.models import Membership, Project, User

ROLES = ("owner", "admin", "member")
RANK = {"member": 1, "admin": 2, "owner": 3}


def membership(s: Session, org_id: str, user_id: str) -> Membership | None:
    return s.get(Membership, (org_id, user_id))


def project_role(s: Session, p: Project, user: User) -> str | None:
    """owner | admin | member | public (read-only) | None."""
    if p.owner_user_id is not None and p.owner_user_id == user.id:
        return "owner"
    if p.org_id is not None:
        m = membership(s, p.org_id, user.id)
        if m is not None:
            return m.role
    if p.is_public:
        return "public"
    return None


def load_project(s: Session, project_id: str, user: User, need: str = "read") -> tuple[Project, str]:
    """need: read | write (edit network, run studies) | admin (delete, change visibility)."""
    p = s.get(Project, project_id)
    role = project_role(s, p, user) if p is not None else None
    if p is None or role is None:
        raise NotFound("Project not found")
    if need == "write" and role == "public":
        raise Forbidden("This is a public project; fork it to edit it or run studies")
    if need == "admin" and role not in ("owner", "admin"):
        raise Forbidden("Only the project owner or an organization admin can do this")
    return p, role


def account_key(p: Project) -> str:
    return f"org:{p.org_id}" if p.org_id else f"user:{p.owner_user_id}"
