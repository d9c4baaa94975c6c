import { useEffect, useMemo, useState } from "react";
import { Api, errorText, type Org, type ProjectSummary, type User } from "../api/client";
import { ProjectManage } from "./ProjectManage";
import { HelpLink } from "./HelpLink";

/** The main script among several .dss files: the one no other file redirects to (a circuit definition first). */
export function mainScript(names: string[], texts: Record<string, string>): string {
  const referenced = (n: string) => Object.entries(texts).some(([m, t]) => m !== n && new RegExp(`^\\s*(redirect|compile)\\s+[("']?${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "im").test(t));
  const top = names.filter((n) => !referenced(n));
  const pool = top.length ? top : names;
  return pool.find((n) => /^\s*new\s+(object\s*=\s*)?circuit\./im.test(texts[n])) ?? pool[0];
}

export function ProjectList({ user, onOpen, onSignOut, onLocal, onOrgs, onBilling }: { user: User; onOpen: (id: string) => void; onSignOut: () => void; onLocal: () => void; onOrgs: () => void; onBilling?: () => void }) {
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [invited, setInvited] = useState(0);
  const [org, setOrg] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState("");
  const [sort, setSort] = useState<"updated" | "name">("updated");
  const [newName, setNewName] = useState("");
  const [importFmt, setImportFmt] = useState("matpower");
  const [busy, setBusy] = useState(false);
  const [managing, setManaging] = useState<ProjectSummary | null>(null);

  const load = () => {
    setError(null);
    Api.listProjects(org ? "org" : "all", org || undefined)
      .then((r) => setProjects(r.data.projects))
      .catch((e: Error) => setError(e.message));
  };
  useEffect(load, [org]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    Api.me()
      .then((r) => {
        setOrgs(r.data.organizations ?? []);
        setInvited(r.data.invitations?.length ?? 0);
      })
      .catch(() => undefined);
  }, []);

  const shown = useMemo(() => {
    const f = q.trim().toLowerCase();
    const list = (projects ?? []).filter((p) => !f || p.name.toLowerCase().includes(f) || (p.description ?? "").toLowerCase().includes(f));
    return list.sort((a, b) => (sort === "name" ? a.name.localeCompare(b.name) : String(b.updated_at ?? "").localeCompare(String(a.updated_at ?? ""))));
  }, [projects, q, sort]);

  const act = async (fn: () => Promise<{ data: { id: string } }>) => {
    setBusy(true);
    setError(null);
    try {
      const { data } = await fn();
      onOpen(data.id);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const onFiles = async (list: FileList) => {
    const files = [...list];
    const dss = files.filter((f) => /\.dss$/i.test(f.name));
    if (dss.length) {
      // an OpenDSS feeder: the main script and the files it redirects to (line codes, bus coordinates)
      const texts = Object.fromEntries(await Promise.all(files.map(async (f) => [f.name, await f.text()] as const)));
      const main = mainScript(dss.map((f) => f.name), texts);
      const rest = Object.fromEntries(Object.entries(texts).filter(([n]) => n !== main));
      await act(() => Api.importProject(main.replace(/\.[^.]+$/, ""), "opendss", texts[main], { filename: main, files: rest }));
      return;
    }
    await onFile(files[0]);
  };

  const onFile = async (file: File) => {
    const text = await file.text();
    const fmt = /\.raw$/i.test(file.name) ? "psse" : /\.m$/i.test(file.name) ? "matpower" : /\.json$/i.test(file.name) ? (text.includes('"_module"') || text.includes("pandapowerNet") ? "pandapower" : "gridsolve") : importFmt;
    await act(() => Api.importProject(file.name.replace(/\.[^.]+$/, ""), fmt, text));
  };

  return (
    <div className="projects-screen">
      <header className="topbar" role="banner">
        <h1>GridSolve</h1>
        <label className="small inline-field">
          Organization
          <select value={org} onChange={(e) => setOrg(e.target.value)} aria-label="organization">
            <option value="">Personal + all</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </label>
        <button onClick={onOrgs} data-testid="manage-orgs" aria-label={`manage organizations${invited ? ` (${invited} invitation${invited > 1 ? "s" : ""})` : ""}`}>
          Organizations{invited ? <span className="badge warn">{invited}</span> : null}
        </button>
        {onBilling && (
          <button onClick={onBilling} data-testid="plans-usage">
            Plans &amp; usage
          </button>
        )}
        <span className="spacer" />
        <HelpLink topic="getting-started" label="Help" />
        <span className="muted small">{user.email}</span>
        <button onClick={onLocal}>Offline editor</button>
        <button onClick={onSignOut} data-testid="sign-out">
          Sign out
        </button>
      </header>
      <main className="projects" aria-label="projects">
        <div className="row">
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (newName.trim()) act(() => Api.createProject(newName.trim()));
            }}
          >
            <input placeholder="New project name" aria-label="new project name" value={newName} onChange={(e) => setNewName(e.target.value)} data-testid="new-project-name" />
            <button className="primary" type="submit" disabled={busy || !newName.trim()} data-testid="create-project">
              Create
            </button>
          </form>
          <label className="button">
            Import file…
            <input
              type="file"
              multiple
              accept=".m,.raw,.json,.dss,.DSS,.csv,.dat,.txt"
              hidden
              aria-label="import a MATPOWER, PSS/E RAW or pandapower file, or an OpenDSS feeder (the .dss script with the files it redirects to)"
              onChange={(e) => e.target.files?.length && onFiles(e.target.files)}
              data-testid="import-file"
            />
          </label>
          <select value={importFmt} onChange={(e) => setImportFmt(e.target.value)} aria-label="import format">
            <option value="matpower">MATPOWER .m</option>
            <option value="psse">PSS/E .raw</option>
            <option value="pandapower">pandapower JSON</option>
            <option value="gridsolve">GridSolve JSON</option>
          </select>
        </div>
        <div className="row">
          <input type="search" placeholder="Search projects" aria-label="search projects" value={q} onChange={(e) => setQ(e.target.value)} />
          <select value={sort} onChange={(e) => setSort(e.target.value as "updated" | "name")} aria-label="sort projects">
            <option value="updated">Recently updated</option>
            <option value="name">Name</option>
          </select>
        </div>
        {error && (
          <div className="banner error" role="alert">
            {error}
          </div>
        )}
        {projects === null && !error && <p className="muted">Loading projects…</p>}
        {projects !== null && shown.length === 0 && <p className="muted">No projects yet: create one, import a file, or fork a sample.</p>}
        <ul className="project-list">
          {shown.map((p) => {
            const mine = (p.access ?? p.role) !== "public";
            return (
              <li key={p.id} className="card">
                <button className="link title" onClick={() => onOpen(p.id)}>
                  {p.name}
                </button>
                <span className="muted small">
                  {p.is_sample ? "sample · " : p.is_public && !mine ? "public · " : ""}
                  {p.bus_count != null ? `${p.bus_count} buses · ` : ""}v{p.version}
                </span>
                {p.description && <p className="small">{p.description}</p>}
                <button onClick={() => act(() => Api.forkProject(p.id, `${p.name} (copy)`))} aria-label={`fork ${p.name}`}>
                  Fork
                </button>
                <button onClick={() => setManaging(p)} aria-label={`manage ${p.name}`} data-testid="manage-project">
                  ⋯ Manage
                </button>
              </li>
            );
          })}
        </ul>
        {managing && <ProjectManage summary={managing} orgs={orgs} onClose={() => setManaging(null)} onChanged={load} />}
      </main>
    </div>
  );
}
