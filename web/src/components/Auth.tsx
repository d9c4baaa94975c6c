import { useEffect, useState } from "react";
import { Api, ApiError, auth, type User } from "../api/client";
import { ForgotPassword, PasswordStrength, usePasswordVerdict } from "./AccountScreens";

const PROVIDER_LABEL: Record<string, string> = { google: "Google", github: "GitHub", microsoft: "Microsoft" };

export function AuthScreen({ onSignedIn, onOffline, initialError = null }: { onSignedIn: (u: User) => void; onOffline: () => void; initialError?: string | null }) {
  const [providers, setProviders] = useState<string[] | null>(null);
  useEffect(() => {
    Api.health()
      .then((r) => setProviders(r.data.oauth_providers ?? []))
      .catch(() => setProviders([]));
  }, []);
  const [mode, setMode] = useState<"login" | "register" | "forgot">("login");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<{ message: string; field?: string | null } | null>(initialError ? { message: initialError } : null);
  const [busy, setBusy] = useState(false);
  const verdict = usePasswordVerdict(mode === "register" ? password : "", email, name);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { data } = mode === "login" ? await Api.login(email, password) : await Api.register(email, password, name);
      auth.store(data);
      onSignedIn(data.user);
    } catch (err) {
      const fe = err instanceof ApiError ? err.fieldError : null;
      setError({ message: fe?.message ?? (err as Error).message, field: fe?.field });
    } finally {
      setBusy(false);
    }
  };
  const fieldErr = (f: string) =>
    error?.field === f ? (
      <div className="field-error" role="alert">
        {error.message}
      </div>
    ) : null;
  if (mode === "forgot")
    return (
      <div className="auth-screen">
        <ForgotPassword initialEmail={email} onBack={() => setMode("login")} />
      </div>
    );
  return (
    <div className="auth-screen">
      <form className="card" onSubmit={submit} aria-label={mode === "login" ? "sign in" : "sign up"}>
        <h1>GridSolve</h1>
        <div role="tablist" className="tabs">
          <button type="button" role="tab" aria-selected={mode === "login"} onClick={() => setMode("login")}>
            Sign in
          </button>
          <button type="button" role="tab" aria-selected={mode === "register"} onClick={() => setMode("register")}>
            Sign up
          </button>
        </div>
        {mode === "register" && (
          <label>
            Name
            <input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required />
            {fieldErr("name")}
          </label>
        )}
        <label>
          Email
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
          {fieldErr("email")}
        </label>
        <label>
          Password
          <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete={mode === "login" ? "current-password" : "new-password"} required minLength={8} />
          {fieldErr("password")}
        </label>
        {mode === "register" && <PasswordStrength verdict={verdict} />}
        {mode === "login" && (
          <button type="button" className="link small" onClick={() => setMode("forgot")} data-testid="forgot-password">
            Forgot password?
          </button>
        )}
        {error && !error.field && (
          <div className="field-error" role="alert" data-testid="auth-error">
            {error.message}
          </div>
        )}
        <button className="primary" type="submit" disabled={busy || (mode === "register" && verdict !== null && !verdict.ok)} data-testid="auth-submit">
          {mode === "login" ? "Sign in" : "Create account"}
        </button>
        {providers && providers.length > 0 && (
          <div className="oauth">
            {providers.map((p) => (
              <a key={p} className="button" href={`/api/auth/oauth/${p}/start`} aria-label={`continue with ${PROVIDER_LABEL[p] ?? p}`}>
                Continue with {PROVIDER_LABEL[p] ?? p}
              </a>
            ))}
          </div>
        )}
        <button type="button" className="link" onClick={onOffline} data-testid="offline">
          Work offline (browser only)
        </button>
      </form>
    </div>
  );
}
