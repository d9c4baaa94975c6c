import { describe, expect, it } from "vitest";
import { inviteRoles, memberActions, type MemberLike } from "./roles";

const owner: MemberLike = { user_id: "o", role: "owner" };
const admin: MemberLike = { user_id: "a", role: "admin" };
const admin2: MemberLike = { user_id: "a2", role: "admin" };
const member: MemberLike = { user_id: "m", role: "member" };
const all = [owner, admin, admin2, member];

describe("organization member actions (same rules as chalicelib/orgs.py)", () => {
  it("owners set any role and remove anyone but the last owner", () => {
    expect(memberActions(owner, member, all)).toEqual({ roles: ["owner", "admin", "member"], remove: "remove" });
    expect(memberActions(owner, admin, all)).toEqual({ roles: ["owner", "admin", "member"], remove: "remove" });
    expect(memberActions(owner, owner, all)).toEqual({ roles: [], remove: null }); // the last owner
    const two = [...all, { user_id: "o2", role: "owner" as const }];
    expect(memberActions(owner, owner, two)).toEqual({ roles: ["owner", "admin", "member"], remove: "leave" });
  });

  it("admins manage members and admins without the owner role, and remove members only", () => {
    expect(memberActions(admin, member, all)).toEqual({ roles: ["admin", "member"], remove: "remove" });
    expect(memberActions(admin, admin2, all)).toEqual({ roles: ["admin", "member"], remove: null });
    expect(memberActions(admin, owner, all)).toEqual({ roles: [], remove: null });
    expect(memberActions(admin, admin, all).remove).toBe("leave");
  });

  it("members can only leave", () => {
    expect(memberActions(member, admin, all)).toEqual({ roles: [], remove: null });
    expect(memberActions(member, member, all)).toEqual({ roles: [], remove: "leave" });
  });

  it("invitation roles", () => {
    expect(inviteRoles("owner")).toContain("owner");
    expect(inviteRoles("admin")).toEqual(["member", "admin"]);
    expect(inviteRoles("member")).toEqual([]);
  });
});
