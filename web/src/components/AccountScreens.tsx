// Account screens: the live password check (the API's zxcvbn policy, as the server applies it), "Forgot
// password?", the reset form the mailed link opens, and the page the e-mail verification link lands on.
import { useEffect, useRef, useState } from "react";
import { ApiError, auth, type User } from "../api/client";
import { Account, type PasswordVerdict } from "../api/account";

/** The verdict of the server's password rules on `password`, fetched 300 ms after the last keystroke. */
export function usePasswordVerdict(password: string, email = "", name = ""): PasswordVerdict | null {
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null);
  const seq = useRef(0);
  useEffect(() => {
    if (!password) return setVerdict(null);
    const n = ++seq.current;
    const t = setTimeout(() => {
      Account.checkPassword(password, email, name)
        .then((r) => n === seq.current && setVerdict(r.data))
        .catch(() => n === seq.current && setVerdict(null)); // rate-limited or offline: the server still checks on submit
    }, 300);
    return () => clearTimeout(t);
  }, [password, email, name]);
  return verdict;
}

const STRENGTH = ["very weak", "weak", "fair", "strong", "very strong"];

export function PasswordStrength({ verdict }: { verdict: PasswordVerdict | null }) {
  if (!verdict) return null;
  return (
    <div className={`password-strength ${verdict.ok ? "ok" : "bad"}`} data-testid="password-strength" aria-live="polite">
      <div className="meter" aria-hidden="true">
        {[0, 1, 2, 3].map((i) => (
          <span key={i} className={i < verdict.score ? "on" : ""} />
        ))}
      </div>
      <span className="small">
        {verdict.ok ? `${STRENGTH[verdict.score]}: meets the rules` : `${STRENGTH[verdict.score]}: ${verdict.problems.join("; ")}`}
      </span>
      {!verdict.ok && verdict.suggestions.length > 0 && <span className="muted small"> {verdict.suggestions.join(" ")}</span>}
    </div>
  );
}

export function ForgotPassword({ initialEmail, onBack }: { initialEmail: string; onBack: () => void }) {
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await Account.requestReset(email);
      setSent(true);
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldError?.message ?? err.message) : (err as Error).message);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-label="reset password">
      <h1>Reset your password</h1>
      {sent ? (
        <p role="status" data-testid="reset-sent">
          If <strong>{email}</strong> has an account, a mail with a link to choose a new password is on its way. The link works once, within an hour.
        </p>
      ) : (
        <>
          <p className="small">Enter the address you signed up with. We mail it a link to choose a new password.</p>
          <label>
            Email
            <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required data-autofocus />
          </label>
          {error && (
            <div className="field-error" role="alert">
              {error}
            </div>
          )}
          <button className="primary" type="submit" data-testid="reset-request">
            Mail me a link
          </button>
        </>
      )}
      <button type="button" className="link" onClick={onBack}>
        Back to sign in
      </button>
    </form>
  );
}

export function ResetPasswordScreen({ token, onSignedIn, onCancel }: { token: string; onSignedIn: (u: User) => void; onCancel: () => void }) {
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<{ message: string; expired?: boolean } | null>(token ? null : { message: "This link has no token; ask for a new one.", expired: true });
  const [busy, setBusy] = useState(false);
  const verdict = usePasswordVerdict(password);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (password !== again) return setError({ message: "The two passwords differ" });
    setBusy(true);
    setError(null);
    try {
      const { data } = await Account.resetPassword(token, password);
      auth.store(data);
      onSignedIn(data.user);
    } catch (err) {
      const api = err instanceof ApiError ? err : null;
      setError({ message: api ? (api.code === "weak_password" ? api.fields.map((f) => f.message).join("; ") : api.message) : (err as Error).message, expired: api?.status === 401 });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="auth-screen">
      <form className="card" onSubmit={submit} aria-label="choose a new password">
        <h1>Choose a new password</h1>
        <p className="small">Setting it signs out every session of your account, and signs you in here.</p>
        <label>
          New password
          <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required data-autofocus data-testid="new-password" />
        </label>
        <PasswordStrength verdict={verdict} />
        <label>
          Repeat it
          <input name="password2" type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" required data-testid="new-password-again" />
        </label>
        {error && (
          <div className="field-error" role="alert" data-testid="reset-error">
            {error.message}
          </div>
        )}
        <button className="primary" type="submit" disabled={busy || (verdict !== null && !verdict.ok)} data-testid="reset-submit">
          Set password and sign in
        </button>
        <button type="button" className="link" onClick={onCancel}>
          {error?.expired ? "Ask for a new link" : "Cancel"}
        </button>
      </form>
    </div>
  );
}

export function EmailVerifiedScreen({ params, onContinue }: { params: URLSearchParams; onContinue: () => void }) {
  const error = params.get("error");
  const [resent, setResent] = useState<string | null>(null);
  return (
    <div className="auth-screen">
      <div className="card" role="status" data-testid="email-verified">
        <h1>{error ? "This link did not work" : "Address confirmed"}</h1>
        {error ? (
          <>
            <p>{params.get("message") ?? "The link is unknown, used or expired."}</p>
            {auth.token && (
              <button
                onClick={() =>
                  Account.resendVerification()
                    .then((r) => setResent(r.data.email_verified ? "Your address is already confirmed." : "A new link is on its way."))
                    .catch((e: Error) => setResent(e.message))
                }
              >
                Mail me a new link
              </button>
            )}
            {resent && <p className="small">{resent}</p>}
          </>
        ) : (
          <p>Your e-mail address is confirmed: you can now accept invitations to organizations.</p>
        )}
        <button className="primary" onClick={onContinue}>
          Continue
        </button>
      </div>
    </div>
  );
}

export function LinkAccountScreen({ params, onSignedIn, onCancel }: { params: URLSearchParams; onSignedIn: (u: User) => void; onCancel: () => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const { data } = await Account.linkProvider(params.get("link_token") ?? "", password);
      auth.store(data);
      onSignedIn(data.user);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="auth-screen">
      <form className="card" onSubmit={submit} aria-label="link your sign-in" data-testid="link-required">
        <h1>Link your sign-in</h1>
        <p className="small">{params.get("message") ?? "An account with this address already has a password."} Enter that password once to prove the account is yours; from then on either way signs you in.</p>
        <label>
          Password of the existing account
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required data-autofocus />
        </label>
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
        <button className="primary" type="submit">
          Link and sign in
        </button>
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      </form>
    </div>
  );
}
