// Account routes beyond sign-in: the password rules checked live, password reset by e-mail, the e-mail link.
import { api, ApiError, auth, errorDetail, type Project, type User } from "./client";

export interface PasswordVerdict {
  ok: boolean;
  score: number;
  problems: string[];
  suggestions: string[];
}

type Session = { user: User; access_token: string; refresh_token?: string };

export const Account = {
  checkPassword: (password: string, email = "", name = "") => api<PasswordVerdict>("POST", "/auth/password-check", { password, email, name }),
  requestReset: (email: string) => api<{ accepted: boolean }>("POST", "/auth/password-reset/request", { email }),
  resetPassword: (token: string, password: string) => api<Session>("POST", "/auth/password-reset", { token, password }),
  linkProvider: (linkToken: string, password: string) => api<Session>("POST", "/auth/oauth/link", { link_token: linkToken, password }),
  resendVerification: () => api<{ sent: boolean; email_verified: boolean }>("POST", "/auth/verify-email/resend", {}),
};

/** The token and parameters of a hash route such as #/reset-password?token=... */
export function hashParams(hash: string, route: string): URLSearchParams | null {
  const m = new RegExp(`^#/${route}(?:\\?(.*))?$`).exec(hash);
  return m ? new URLSearchParams(m[1] ?? "") : null;
}

/** Download the project's network in `format` (gridsolve | matpower | cgmes) with the session's token. */
export async function downloadNetwork(pid: string, format: string): Promise<string> {
  const get = () => fetch(`/api/projects/${pid}/export?format=${encodeURIComponent(format)}`, { headers: { Accept: "*/*", ...(auth.token ? { Authorization: `Bearer ${auth.token}` } : {}) } });
  let res = await get();
  if (res.status === 401) {
    await api("GET", "/auth/me").catch(() => undefined); // refreshes the access token when it can
    res = await get();
  }
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
  const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") ?? "")?.[1] ?? `network.${format}`;
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

export const Projects = {
  patch: (id: string, etag: string, body: Record<string, unknown>) => api<Project>("PATCH", `/projects/${id}`, body, { "If-Match": etag }),
  get: (id: string) => api<Project>("GET", `/projects/${id}`),
  remove: (id: string, etag: string) => api("DELETE", `/projects/${id}`, undefined, { "If-Match": etag }),
  copyTo: (id: string, name: string, orgId: string | null) => api<Project>("POST", `/projects/${id}/fork`, { name, ...(orgId ? { org_id: orgId } : {}) }),
};
