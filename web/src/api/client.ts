// The platform API (relative /api URLs): auth tokens, projects with ETag versions, studies, the stateless engine
// routes. Every error the API returns has one shape (contract ErrorBody: {error: {code, message, fields}}).
import type { CompiledPayload, Diagram, ErrorDetail, FieldError, Network, PowerFlowSolution } from "../model/elements";
import type { SequenceNetworksData } from "../sequence/sequence";
import { PLAN_LIMIT_EVENT, type Plan, type PlanLimitDetail, type Usage } from "../billing/billing";
import { ELEMENT_LISTS } from "../contract/model";

export class ApiError extends Error {
  readonly code: string;
  readonly fields: FieldError[];
  constructor(
    public status: number,
    detail: Partial<ErrorDetail>,
  ) {
    super(detail.message || `HTTP ${status}`);
    this.code = detail.code ?? `http_${status}`;
    this.fields = detail.fields ?? [];
  }
  /** The first problem the API names (element id + the element's own field name), if any. */
  get fieldError(): { element_id: string | null; field: string | null; message: string } | null {
    const f = this.fields[0];
    if (!f) return null;
    return { element_id: f.element_id ?? null, field: elementField(f.field), message: f.message || this.message };
  }
}

/** "network.buses[0].vn_kv" / "network.bus" -> the element's own field name ("vn_kv", "bus"). */
export function elementField(f?: string | null): string | null {
  return f ? (f.replace(/^network\./, "").split(".").pop() ?? f).replace(/\[\d+\]$/, "") : null;
}

/** "elements.0.curve" / "network.relays.2.elements.0.curve" -> "elements.0.curve": a field inside one item of an
 * element's own list (a relay's overcurrent elements), which the bare field name ("curve") would not tell apart. */
export function nestedField(f?: string | null): string | null {
  let rest = (f ?? "").replace(/^network\./, "");
  const list = rest.match(/^([a-z0-9_]+)(?:\.\d+|\[\d+\])\.(.+)$/);
  if (list && (ELEMENT_LISTS as readonly string[]).includes(list[1])) rest = list[2]; // the network's list and index
  return /^[a-z_]+\.\d+\../.test(rest) ? rest : null;
}

/** The API's error body, whatever came back (a proxy's plain-text 502 has none). */
export function errorDetail(status: number, statusText: string, data: unknown): Partial<ErrorDetail> {
  const e = data && typeof data === "object" ? (data as { error?: unknown }).error : undefined;
  if (e && typeof e === "object" && typeof (e as ErrorDetail).message === "string") return e as ErrorDetail;
  return { code: `http_${status}`, message: `${status} ${statusText}`.trim() };
}

/** "bad.m:12 · content.mpc.branch.x" / "gen_1 · xdss_pu": where a field error is (file line, element, field). An
 * uploaded text the API calls "<matpower>" takes `fileName`, the name of the file it came from. */
export function whereOf(f: FieldError, fileName?: string): string {
  const parts: string[] = [];
  const file = f.file && /^<.*>$/.test(f.file) && fileName ? fileName : f.file;
  if (file || f.line != null) parts.push(`${file ?? "line"}${f.line != null ? `${file ? ":" : " "}${f.line}` : ""}`);
  if (f.element_id) parts.push(f.element_id);
  const field = f.line != null ? f.field : (nestedField(f.field) ?? elementField(f.field));
  if (field) parts.push(field);
  return parts.join(" · ");
}

/** An error for a one-line banner: where the first problem is (file line, element, field) and what it is, and how
 * many more there are; else the message. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError && e.status === 402) return e.message; // the plan limit's own sentence
  if (!(e instanceof ApiError)) return (e as Error).message;
  const f = e.fields[0];
  if (!f) return e.message;
  const more = e.fields.length > 1 ? ` (and ${e.fields.length - 1} more)` : "";
  const where = whereOf(f);
  return `${where ? `${where}: ` : ""}${f.message || e.message}${more}`;
}

const TOKEN_KEY = "gridsolve.token";
const REFRESH_KEY = "gridsolve.refresh";
export const auth = {
  get token(): string | null {
    return globalThis.localStorage?.getItem(TOKEN_KEY) ?? null;
  },
  set token(t: string | null) {
    if (t) localStorage.setItem(TOKEN_KEY, t);
    else localStorage.removeItem(TOKEN_KEY);
  },
  get refresh(): string | null {
    return globalThis.localStorage?.getItem(REFRESH_KEY) ?? null;
  },
  set refresh(t: string | null) {
    if (t) localStorage.setItem(REFRESH_KEY, t);
    else localStorage.removeItem(REFRESH_KEY);
  },
  store(tokens: { access_token: string; refresh_token?: string }) {
    this.token = tokens.access_token;
    if (tokens.refresh_token) this.refresh = tokens.refresh_token;
  },
  clear() {
    this.token = null;
    this.refresh = null;
  },
};

let refreshing: Promise<boolean> | null = null;
/** Exchange the refresh token once (shared by concurrent 401s); false if the session is over. */
async function refreshTokens(): Promise<boolean> {
  if (!auth.refresh) return false;
  refreshing ??= (async () => {
    try {
      const res = await fetch("/api/auth/refresh", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ refresh_token: auth.refresh }) });
      if (!res.ok) return false;
      auth.store(await res.json());
      return true;
    } catch {
      return false;
    } finally {
      setTimeout(() => (refreshing = null), 0);
    }
  })();
  return refreshing;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ data: T; headers: Headers; status: number }> {
  const h: Record<string, string> = { Accept: "application/json", ...headers };
  if (body !== undefined) h["Content-Type"] = "application/json";
  if (auth.token) h.Authorization = `Bearer ${auth.token}`;
  let res = await fetch(`/api${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401 && auth.token && !path.startsWith("/auth/")) {
    if (await refreshTokens()) {
      h.Authorization = `Bearer ${auth.token}`;
      res = await fetch(`/api${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    }
    if (res.status === 401) {
      auth.clear();
      globalThis.dispatchEvent?.(new Event("gridsolve:signed-out"));
    }
  }
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    /* CSV or text */
  }
  if (!res.ok) {
    const err = new ApiError(res.status, errorDetail(res.status, res.statusText, data));
    if (res.status === 402) announcePlanLimit(err);
    throw err;
  }
  return { data: data as T, headers: res.headers, status: res.status };
}

/** A request beyond the plan (402): the upgrade prompt shows the API's message (which limit, how much is used,
 * how to upgrade), whoever made the request. */
export function announcePlanLimit(err: ApiError) {
  const detail: PlanLimitDetail = { message: err.message, limit: err.fields[0]?.field ?? null };
  globalThis.dispatchEvent?.(new CustomEvent(PLAN_LIMIT_EVENT, { detail }));
}

/** Fetch a study's PDF report (with the session's token) and hand it to the browser as a download. */
export const downloadReport = (pid: string, sid: string): Promise<string> => downloadFile(`/api/projects/${pid}/studies/${sid}/report`, "application/pdf", `gridsolve-study-${sid.slice(0, 8)}.pdf`);

/** Fetch an API file (with the session's token) and hand it to the browser as a download named as the API says. */
export async function downloadFile(path: string, accept: string, fallbackName: string): Promise<string> {
  const get = () => fetch(path, { headers: { Accept: accept, ...(auth.token ? { Authorization: `Bearer ${auth.token}` } : {}) } });
  let res = await get();
  if (res.status === 401 && (await refreshTokens())) res = await get();
  if (!res.ok) {
    const text = await res.text();
    let data: unknown = text;
    try {
      data = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, errorDetail(res.status, res.statusText, data));
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

export interface User {
  id: string;
  email: string;
  name?: string;
}
export interface Org {
  id: string;
  name: string;
  role?: "owner" | "admin" | "member";
  plan?: string;
}
export interface Member {
  user_id: string;
  email: string;
  name?: string;
  role: "owner" | "admin" | "member";
}
export interface Invitation {
  id: string;
  org_id: string;
  email: string;
  role: "owner" | "admin" | "member";
  status: string;
  org_name?: string;
  created_at?: string;
}
export interface ProjectSummary {
  id: string;
  name: string;
  description?: string;
  version: number;
  updated_at?: string;
  created_at?: string;
  is_public?: boolean;
  bus_count?: number;
  role?: string;
  access?: string;
  is_sample?: boolean;
  org_id?: string | null;
}
export interface Project extends ProjectSummary {
  network: Network;
  diagram?: Diagram;
}

/** A power flow's results as the engine builds them from a browser solve (POST /api/engine/results). */
export interface EngineResults {
  status: string;
  result: Record<string, unknown>;
  summary: Record<string, unknown>;
  history: Record<string, unknown>[];
  error_message: string | null;
  notes: string[];
}

export interface SolvedStudy {
  study_type: string;
  analysis_method: string;
  parameters: Record<string, unknown>;
  solution: PowerFlowSolution;
  wall_time_s?: number;
}

export const Api = {
  register: (email: string, password: string, name: string) => api<{ user: User; access_token: string; refresh_token?: string }>("POST", "/auth/register", { email, password, name }),
  login: (email: string, password: string) => api<{ user: User; access_token: string; refresh_token?: string }>("POST", "/auth/login", { email, password }),
  logout: () => api("POST", "/auth/logout", { refresh_token: auth.refresh ?? undefined }).catch(() => undefined),
  cancelStudy: (pid: string, sid: string) => api("POST", `/projects/${pid}/studies/${sid}/cancel`, {}),
  me: () => api<User & { user?: User; organizations?: Org[]; invitations?: Invitation[] }>("GET", "/auth/me"),
  health: () => api<{ oauth_providers?: string[] } & Record<string, unknown>>("GET", "/health"),
  oauthExchange: (code: string) => api<{ user: User; access_token: string; refresh_token?: string }>("POST", "/auth/oauth/exchange", { code }),
  listProjects: (scope = "all", orgId?: string) => api<{ projects: ProjectSummary[] }>("GET", `/projects?scope=${scope}${orgId ? `&org_id=${encodeURIComponent(orgId)}` : ""}`),
  createProject: (name: string, network?: Network, diagram?: Diagram) => api<Project>("POST", "/projects", { name, ...(network ? { network } : {}), ...(diagram ? { diagram } : {}) }),
  importProject: (name: string, format: string, content: string, extra?: { filename?: string; files?: Record<string, string> }) => api<Project>("POST", "/projects/import", { name, format, content, ...extra }),
  getProject: (id: string) => api<Project>("GET", `/projects/${id}`),
  patchProject: (id: string, etag: string, body: Record<string, unknown>) => api<Project>("PATCH", `/projects/${id}`, body, { "If-Match": etag }),
  forkProject: (id: string, name?: string) => api<Project>("POST", `/projects/${id}/fork`, name ? { name } : {}),
  createStudy: (pid: string, body: { study_type: string; analysis_method?: string; parameters?: Record<string, unknown> }) =>
    api<{ id: string; status: string }>("POST", `/projects/${pid}/studies`, body),
  recordStudy: (pid: string, body: SolvedStudy) => api<StudyInfo>("POST", `/projects/${pid}/studies/record`, body),
  compiled: (pid: string) => api<CompiledPayload>("GET", `/projects/${pid}/compiled`),
  compile: (network: Network) => api<CompiledPayload>("POST", "/engine/compile", { network }),
  engineResults: (body: SolvedStudy & { network: Network }) => api<EngineResults>("POST", "/engine/results", body),
  layout: (network: Network, diagram: Diagram, replace = false) => api<Diagram>("POST", "/diagram/layout", { network, diagram, replace }),
  getStudy: (pid: string, sid: string) => api<StudyInfo>("GET", `/projects/${pid}/studies/${sid}`),
  listStudies: (pid: string) => api<{ studies: StudyInfo[] }>("GET", `/projects/${pid}/studies?sort=-created_at`),
  listOrgs: () => api<{ organizations: Org[] }>("GET", "/orgs"),
  createOrg: (name: string) => api<Org>("POST", "/orgs", { name }),
  members: (org: string) => api<{ members: Member[] }>("GET", `/orgs/${org}/members`),
  changeRole: (org: string, user: string, role: string) => api<{ user_id: string; role: string }>("PATCH", `/orgs/${org}/members/${user}`, { role }),
  removeMember: (org: string, user: string) => api("DELETE", `/orgs/${org}/members/${user}`),
  invite: (org: string, email: string, role: string) => api<Invitation>("POST", `/orgs/${org}/invitations`, { email, role }),
  orgInvitations: (org: string) => api<{ invitations: Invitation[] }>("GET", `/orgs/${org}/invitations`),
  revokeInvitation: (org: string, inv: string) => api("DELETE", `/orgs/${org}/invitations/${inv}`),
  myInvitations: () => api<{ invitations: Invitation[] }>("GET", "/invitations"),
  respondInvitation: (inv: string, accept: boolean) => api<Org>("POST", `/invitations/${inv}/${accept ? "accept" : "decline"}`),
  sequenceNetworks: (pid: string, sid: string) => api<SequenceNetworksData>("GET", `/projects/${pid}/studies/${sid}/sequence-networks`),
  results: (pid: string, sid: string) => api<Record<string, unknown>>("GET", `/projects/${pid}/studies/${sid}/results?format=json`),
  plans: () => api<{ plans: Plan[]; billing_enabled: boolean }>("GET", "/billing/plans"),
  usage: (orgId = "") => api<Usage>("GET", `/billing/usage${orgId ? `?org_id=${encodeURIComponent(orgId)}` : ""}`),
  checkout: (plan: string, orgId = "") => api<{ url: string }>("POST", "/billing/checkout", { plan, ...(orgId ? { org_id: orgId } : {}) }),
  portal: (orgId = "") => api<{ url: string }>("POST", "/billing/portal", orgId ? { org_id: orgId } : {}),
};

export interface StudyInfo {
  id: string;
  status: string;
  study_type: string;
  analysis_method?: string;
  progress_pct?: number;
  history?: { iteration: number; max_mismatch?: number; mismatch?: number }[] | number[];
  error_message?: string | null;
  error_detail?: Record<string, unknown> | null;
  source?: string;
  results_summary?: Record<string, unknown> | null;
  /** a batched study (contingency): batches and outages in all and finished */
  batches?: { total: number; completed: number; failed: number; items_total: number; items_completed: number };
  created_at?: string;
  summary?: Record<string, unknown>;
}
