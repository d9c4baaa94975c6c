// Account routes beyond sign-in: the password rules checked live, password reset by e-mail, the e-mail link.
import { api, downloadFile, type Project, type User } from "./client";

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
export function downloadNetwork(pid: string, format: string): Promise<string> {
  return downloadFile(`/api/projects/${pid}/export?format=${encodeURIComponent(format)}`, "*/*", `network.${format}`);
}

export const Projects = {
  patch: (id: string, etag: string, body: Record<string, unknown>) => api<Project>("PATCH", `/projects/${id}`, body, { "If-Match": etag }),
  get: (id: string) => api<Project>("GET", `/projects/${id}`),
  remove: (id: string, etag: string) => api("DELETE", `/projects/${id}`, undefined, { "If-Match": etag }),
  copyTo: (id: string, name: string, orgId: string | null) => api<Project>("POST", `/projects/${id}/fork`, { name, ...(orgId ? { org_id: orgId } : {}) }),
};
