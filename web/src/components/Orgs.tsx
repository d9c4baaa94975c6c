// Organization management: create an organization, invitations addressed to you (accept / decline), and for
// the selected organization its members (change role, remove, leave), invitations by email and the pending
// ones (revoke). Every action goes to the API (chalicelib/orgs.py), which enforces the same rules.
import { useCallback, useEffect, useState } from "react";
import { Api, errorText as message, type Invitation, type Member, type Org, type User } from "../api/client";
import { inviteRoles, memberActions, type Role } from "../orgs/roles";


function MemberRow({ m, me, members, orgId, onChanged, onError }: { m: Member; me: Member; members: Member[]; orgId: string; onChanged: (left?: boolean) => void; onError: (s: string) => void }) {
  const [confirm, setConfirm] = useState(false);
  const acts = memberActions(me, m, members);
  const who = m.email;
  const run = async (fn: () => Promise<unknown>, left = false) => {
    try {
      await fn();
      onChanged(left);
    } catch (e) {
      onError(message(e));
    }
  };
  return (
    <tr data-member={who}>
      <td>
        {m.name || "—"}
        {m.user_id === me.user_id && <span className="badge">you</span>}
      </td>
      <td>{who}</td>
      <td>
        {acts.roles.length ? (
          <select value={m.role} aria-label={`role of ${who}`} onChange={(e) => run(() => Api.changeRole(orgId, m.user_id, e.target.value))}>
            {acts.roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        ) : (
          <span className={`badge role-${m.role}`}>{m.role}</span>
        )}
      </td>
      <td className="actions">
        {acts.remove &&
          (confirm ? (
            <>
              <button className="danger" onClick={() => run(() => Api.removeMember(orgId, m.user_id), acts.remove === "leave")} aria-label={`confirm ${acts.remove === "leave" ? "leaving" : `removing ${who}`}`}>
                Confirm
              </button>
              <button onClick={() => setConfirm(false)} aria-label="keep">
                Keep
              </button>
            </>
          ) : (
            <button onClick={() => setConfirm(true)} aria-label={acts.remove === "leave" ? "leave the organization" : `remove ${who}`}>
              {acts.remove === "leave" ? "Leave" : "Remove"}
            </button>
          ))}
      </td>
    </tr>
  );
}

function OrgDetail({ org, user, onLeft, onError }: { org: Org; user: User; onLeft: () => void; onError: (s: string) => void }) {
  const [members, setMembers] = useState<Member[] | null>(null);
  const [pending, setPending] = useState<Invitation[]>([]);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  const [notice, setNotice] = useState<string | null>(null);
  const me = members?.find((m) => m.user_id === user.id);
  const admin = me?.role === "owner" || me?.role === "admin";
  const load = useCallback(async () => {
    try {
      const ms = (await Api.members(org.id)).data.members;
      setMembers(ms);
      const mine = ms.find((m) => m.user_id === user.id);
      setPending(mine && mine.role !== "member" ? (await Api.orgInvitations(org.id)).data.invitations : []);
    } catch (e) {
      onError(message(e));
    }
  }, [org.id, user.id, onError]);
  useEffect(() => {
    setMembers(null);
    load();
  }, [load]);

  const invite = async (e: React.FormEvent) => {
    e.preventDefault();
    try {
      const inv = (await Api.invite(org.id, email.trim(), role)).data;
      setNotice(`Invitation sent to ${inv.email} (${inv.role})`);
      setEmail("");
      load();
    } catch (err) {
      onError(message(err));
    }
  };
  return (
    <section className="panel org-detail" aria-label={`organization ${org.name}`}>
      <h2>
        {org.name} {me && <span className={`badge role-${me.role}`}>{me.role}</span>}
      </h2>
      <h3 id="members-title">Members</h3>
      {members === null ? (
        <p className="muted" role="status">
          Loading members…
        </p>
      ) : (
        <table className="members" aria-labelledby="members-title">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {me &&
              members.map((m) => (
                <MemberRow
                  key={m.user_id}
                  m={m}
                  me={me}
                  members={members}
                  orgId={org.id}
                  onError={onError}
                  onChanged={(left) => {
                    if (left) onLeft();
                    else load();
                  }}
                />
              ))}
          </tbody>
        </table>
      )}
      {admin && me && (
        <>
          <h3>Invite by email</h3>
          <form className="row" onSubmit={invite} aria-label="invite by email">
            <input type="email" required placeholder="name@example.com" aria-label="email to invite" value={email} onChange={(e) => setEmail(e.target.value)} />
            <select value={role} onChange={(e) => setRole(e.target.value as Role)} aria-label="role for the invitation">
              {inviteRoles(me.role).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
            <button className="primary" type="submit" disabled={!email.trim()}>
              Invite
            </button>
          </form>
          {notice && (
            <p className="muted small" role="status">
              {notice}
            </p>
          )}
          <h3 id="pending-title">Pending invitations</h3>
          {pending.length === 0 ? (
            <p className="muted small">None.</p>
          ) : (
            <ul className="plain" aria-labelledby="pending-title">
              {pending.map((i) => (
                <li key={i.id} className="row" data-invitation={i.email}>
                  <span>{i.email}</span>
                  <span className={`badge role-${i.role}`}>{i.role}</span>
                  <button
                    onClick={() =>
                      Api.revokeInvitation(org.id, i.id)
                        .then(load)
                        .catch((e) => onError(message(e)))
                    }
                    aria-label={`revoke the invitation to ${i.email}`}
                  >
                    Revoke
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

export function OrgsScreen({ user, onBack }: { user: User; onBack: () => void }) {
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const [invitations, setInvitations] = useState<Invitation[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const onError = useCallback((s: string) => setError(s), []);
  const load = useCallback(async (select?: string | null) => {
    try {
      const [o, i] = await Promise.all([Api.listOrgs(), Api.myInvitations()]);
      setOrgs(o.data.organizations);
      setInvitations(i.data.invitations);
      setSelected((cur) => {
        const want = select === undefined ? cur : select;
        return want && o.data.organizations.some((x) => x.id === want) ? want : (o.data.organizations[0]?.id ?? null);
      });
    } catch (e) {
      setError(message(e));
    }
  }, []);
  useEffect(() => {
    load();
  }, [load]);

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const org = (await Api.createOrg(name.trim())).data;
      setName("");
      load(org.id);
    } catch (err) {
      setError(message(err));
    }
  };
  const respond = async (inv: Invitation, accept: boolean) => {
    setError(null);
    try {
      await Api.respondInvitation(inv.id, accept);
      load(accept ? inv.org_id : undefined);
    } catch (e) {
      setError(message(e));
    }
  };
  const org = orgs?.find((o) => o.id === selected) ?? null;
  return (
    <div className="orgs-screen">
      <header className="topbar" role="banner">
        <button onClick={onBack} aria-label="back to projects">
          ← Projects
        </button>
        <h1>Organizations</h1>
        <span className="spacer" />
        <span className="muted small">{user.email}</span>
      </header>
      <main className="orgs" aria-label="organization management">
        {error && (
          <div className="banner error" role="alert" data-testid="orgs-error">
            {error}
            <button aria-label="dismiss error" onClick={() => setError(null)}>
              ×
            </button>
          </div>
        )}
        {invitations.length > 0 && (
          <section className="panel invitations" aria-label="invitations for you">
            <h2>Invitations for you</h2>
            <ul className="plain">
              {invitations.map((i) => (
                <li key={i.id} className="row" data-my-invitation={i.org_name}>
                  <span>
                    <strong>{i.org_name}</strong> invites you as <span className={`badge role-${i.role}`}>{i.role}</span>
                  </span>
                  <button className="primary" onClick={() => respond(i, true)} aria-label={`accept the invitation to ${i.org_name}`}>
                    Accept
                  </button>
                  <button onClick={() => respond(i, false)} aria-label={`decline the invitation to ${i.org_name}`}>
                    Decline
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <div className="orgs-grid">
          <section className="panel" aria-label="your organizations">
            <h2 id="your-orgs">Your organizations</h2>
            {orgs === null && (
              <p className="muted" role="status">
                Loading…
              </p>
            )}
            {orgs?.length === 0 && <p className="muted">You are not in an organization yet: create one or accept an invitation.</p>}
            <ul className="plain org-list" aria-labelledby="your-orgs">
              {(orgs ?? []).map((o) => (
                <li key={o.id}>
                  <button className={`org-item${o.id === selected ? " selected" : ""}`} aria-current={o.id === selected ? "true" : undefined} onClick={() => setSelected(o.id)}>
                    <span>{o.name}</span>
                    <span className={`badge role-${o.role}`}>{o.role}</span>
                  </button>
                </li>
              ))}
            </ul>
            <form className="row" onSubmit={create} aria-label="create organization">
              <input placeholder="New organization name" aria-label="new organization name" value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
              <button className="primary" type="submit" disabled={!name.trim()}>
                Create
              </button>
            </form>
          </section>
          {org ? (
            <OrgDetail key={org.id} org={org} user={user} onError={onError} onLeft={() => load(null)} />
          ) : (
            <section className="panel muted" aria-label="no organization selected">
              Select or create an organization to manage its members.
            </section>
          )}
        </div>
      </main>
    </div>
  );
}
