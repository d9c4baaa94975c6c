// Managing a project from the list: rename, visibility, its organization (move, or put a copy there), download
// the network in every format the engine writes, delete with confirmation. What the caller may do follows their
// access (owner/admin: everything; member: rename and download; public: download and copy).
import { useEffect, useState } from "react";
import { errorText, type Org, type Project, type ProjectSummary } from "../api/client";
import { downloadNetwork, Projects } from "../api/account";
import { Modal } from "./Modal";

const FORMATS: { id: string; label: string; feeder: boolean }[] = [
  { id: "gridsolve", label: "GridSolve JSON (.json)", feeder: true },
  { id: "matpower", label: "MATPOWER (.m)", feeder: false },
  { id: "cgmes", label: "CGMES 2.4.15 (.zip)", feeder: false },
];

export function ProjectManage({ summary, orgs, onClose, onChanged }: { summary: ProjectSummary; orgs: Org[]; onClose: () => void; onChanged: () => void }) {
  const [project, setProject] = useState<Project | null>(null);
  const [etag, setEtag] = useState("");
  const [name, setName] = useState(summary.name);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [confirm, setConfirm] = useState("");
  const [target, setTarget] = useState<string>(summary.org_id ?? "");
  const [busy, setBusy] = useState(false);
  const access = summary.access ?? summary.role ?? "public";
  const admin = access === "owner" || access === "admin";
  const write = admin || access === "member";
  const load = () =>
    Projects.get(summary.id)
      .then((r) => {
        setProject(r.data);
        setEtag(r.headers.get("ETag") ?? `"${r.data.id}.v${r.data.version}"`);
      })
      .catch((e) => setError(errorText(e)));
  useEffect(() => {
    load();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const act = async (what: string, fn: () => Promise<unknown>, close = false) => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      await fn();
      setNote(what);
      onChanged();
      if (close) onClose();
      else await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const isFeeder = (project as { model_kind?: string } | null)?.model_kind === "feeder";
  const orgName = (id: string | null | undefined) => (id ? (orgs.find((o) => o.id === id)?.name ?? "an organization") : "your own account");
  return (
    <Modal title={`Manage ${summary.name}`} onClose={onClose} className="project-manage">
      {error && (
        <div className="banner error" role="alert" data-testid="manage-error">
          {error}
        </div>
      )}
      {note && (
        <div className="banner ok" role="status" data-testid="manage-note">
          {note}
        </div>
      )}
      <section>
        <h3>Name</h3>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            act(`renamed to "${name.trim()}"`, () => Projects.patch(summary.id, etag, { name: name.trim() }));
          }}
        >
          <input value={name} onChange={(e) => setName(e.target.value)} aria-label="project name" disabled={!write} data-testid="manage-name" maxLength={200} />
          <button type="submit" disabled={!write || busy || !name.trim() || name.trim() === project?.name} data-testid="manage-rename">
            Rename
          </button>
        </form>
      </section>
      <section>
        <h3>Visibility</h3>
        <label className="row">
          <input
            type="checkbox"
            checked={Boolean(project?.is_public)}
            disabled={!admin || busy || !project}
            onChange={(e) => act(e.target.checked ? "now public: anyone signed in can open it read-only" : "now private", () => Projects.patch(summary.id, etag, { is_public: e.target.checked }))}
            data-testid="manage-public"
          />
          Public (read-only for everyone signed in; they can fork it)
        </label>
      </section>
      <section>
        <h3>Organization</h3>
        <p className="small muted">Now in {orgName(project?.org_id ?? summary.org_id)}.</p>
        <div className="row">
          <select value={target} onChange={(e) => setTarget(e.target.value)} aria-label="target organization" data-testid="manage-org">
            <option value="">Your own account</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <button
            disabled={!admin || busy || target === (project?.org_id ?? "")}
            onClick={() => act(`moved to ${orgName(target || null)}`, () => Projects.patch(summary.id, etag, { org_id: target || null }))}
            data-testid="manage-move"
            title="The project itself moves: its members see it, you keep it if you are an admin there"
          >
            Move there
          </button>
          <button disabled={busy} onClick={() => act(`a copy is in ${orgName(target || null)}`, () => Projects.copyTo(summary.id, `${summary.name} (copy)`, target || null))} data-testid="manage-copy">
            Put a copy there
          </button>
        </div>
        {!admin && <p className="small muted">Only the owner or an organization admin can move a project.</p>}
      </section>
      <section>
        <h3>Download the network</h3>
        <div className="row">
          {FORMATS.filter((f) => f.feeder || !isFeeder).map((f) => (
            <button
              key={f.id}
              disabled={busy}
              onClick={() =>
                downloadNetwork(summary.id, f.id)
                  .then((n) => setNote(`downloaded ${n}`))
                  .catch((e) => setError(errorText(e)))
              }
              data-testid={`download-${f.id}`}
            >
              {f.label}
            </button>
          ))}
        </div>
      </section>
      {admin && (
        <section className="danger">
          <h3>Delete</h3>
          <p className="small">Deletes the project and all its studies. This cannot be undone. Type the project's name to confirm.</p>
          <div className="row">
            <input value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-label="type the project name to confirm deletion" placeholder={project?.name ?? summary.name} data-testid="manage-confirm" />
            <button className="danger" disabled={busy || confirm !== (project?.name ?? summary.name)} onClick={() => act("deleted", () => Projects.remove(summary.id, etag), true)} data-testid="manage-delete">
              Delete project
            </button>
          </div>
        </section>
      )}
    </Modal>
  );
}
