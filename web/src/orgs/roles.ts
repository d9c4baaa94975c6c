// What the organization screens offer a member to do to another member; the API enforces the same rules
// (chalicelib/orgs.py): admins manage members, only owners grant or change the owner role, an admin removes
// members only, anyone may leave, and the last owner can neither leave nor be demoted.

export type Role = "owner" | "admin" | "member";
export const ROLES: Role[] = ["owner", "admin", "member"];
const RANK: Record<Role, number> = { member: 1, admin: 2, owner: 3 };

export interface MemberLike {
  user_id: string;
  role: Role;
}

export interface MemberActions {
  /** roles the actor may set for this member (empty: no role select) */
  roles: Role[];
  /** "leave" for oneself, "remove" for others, null when not allowed */
  remove: "leave" | "remove" | null;
}

export function memberActions(actor: MemberLike, target: MemberLike, members: MemberLike[]): MemberActions {
  const owners = members.filter((m) => m.role === "owner").length;
  const lastOwner = target.role === "owner" && owners <= 1;
  const self = actor.user_id === target.user_id;
  let roles: Role[] = [];
  if (RANK[actor.role] >= RANK.admin) {
    if (actor.role === "owner") roles = lastOwner ? ["owner"] : [...ROLES];
    else if (target.role !== "owner") roles = ["admin", "member"];
  }
  let remove: MemberActions["remove"] = null;
  if (!lastOwner) {
    if (self) remove = "leave";
    else if (RANK[actor.role] >= RANK.admin && (actor.role === "owner" || RANK[target.role] < RANK[actor.role])) remove = "remove";
  }
  return { roles: roles.length > 1 ? roles : [], remove };
}

/** Roles an actor may put on an invitation (only owners invite owners); none for members. */
export function inviteRoles(actor: Role): Role[] {
  if (actor === "owner") return ["member", "admin", "owner"];
  if (actor === "admin") return ["member", "admin"];
  return [];
}
