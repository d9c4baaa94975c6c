import { useEffect, useState } from "react";
import { Api, auth, type Project, type User } from "./api/client";
import { AuthScreen } from "./components/Auth";
import { ProjectList } from "./components/Projects";
import { Editor } from "./components/Editor";
import { FeederView } from "./components/FeederView";
import { OrgsScreen } from "./components/Orgs";
import { BillingScreen } from "./components/Billing";
import { UpgradePrompt } from "./components/UpgradePrompt";
import { openLocal, openProject, readLocal } from "./project";
import { emptyNetwork } from "./model/elements";
import { useEditor } from "./store/editor";
import { ApiError } from "./api/client";
import { hashParams } from "./api/account";
import { EmailVerifiedScreen, LinkAccountScreen, ResetPasswordScreen } from "./components/AccountScreens";
import { HelpScreen, useHelpPage } from "./components/Help";
import "./extras.css";

type Screen =
  | { kind: "loading" }
  | { kind: "auth" }
  | { kind: "projects" }
  | { kind: "orgs" }
  | { kind: "billing" }
  | { kind: "editor" }
  | { kind: "feeder"; project: Project }
  | { kind: "reset"; token: string }
  | { kind: "verified"; params: URLSearchParams }
  | { kind: "link"; params: URLSearchParams }
  | { kind: "missing"; id: string; message: string };

function parseHash(): { project?: string; local?: boolean; orgs?: boolean; billing?: boolean; oauth?: URLSearchParams } {
  if (location.hash === "#/orgs") return { orgs: true };
  if (location.hash.startsWith("#/billing")) return { billing: true };
  const m = location.hash.match(/^#\/project\/(.+)$/);
  if (m) return { project: decodeURIComponent(m[1]) };
  if (location.hash === "#/local") return { local: true };
  const o = location.hash.match(/^#\/oauth\?(.*)$/);
  if (o) return { oauth: new URLSearchParams(o[1]) };
  return {};
}

export function App() {
  const [screen, setScreen] = useState<Screen>({ kind: "loading" });
  const [user, setUser] = useState<User | null>(null);
  const [authError, setAuthError] = useState<string | null>(null);
  const [theme, setTheme] = useState<string>(() => localStorage.getItem("gridsolve.theme") ?? "dark");
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem("gridsolve.theme", theme);
  }, [theme]);

  const goLocal = async () => {
    const saved = readLocal();
    await openLocal(saved?.network ?? emptyNetwork("local"), "local project", saved?.diagram);
    location.hash = "#/local";
    setScreen({ kind: "editor" });
  };
  const goProject = async (id: string) => {
    setScreen({ kind: "loading" });
    try {
      // a three-phase feeder (an OpenDSS import) has its own screen; networks open in the editor
      const { data } = await Api.getProject(id);
      if ((data as { model_kind?: string }).model_kind === "feeder") {
        location.hash = `#/project/${encodeURIComponent(id)}`;
        setScreen({ kind: "feeder", project: data });
        return;
      }
      await openProject(id);
      location.hash = `#/project/${encodeURIComponent(id)}`;
      setScreen({ kind: "editor" });
    } catch (e) {
      // a project that does not exist or is not shared with this account says so (the API answers 404 for both)
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return setScreen({ kind: "missing", id, message: e.message });
      useEditor.getState().setStatus((e as Error).message);
      setScreen({ kind: "projects" });
    }
  };
  const help = useHelpPage();
  useEffect(() => {
    // a reset link opened in a tab that already runs the app (the mail client reuses it)
    const onHash = () => {
      const reset = hashParams(location.hash, "reset-password");
      if (reset) setScreen({ kind: "reset", token: reset.get("token") ?? "" });
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  useEffect(() => {
    const h = parseHash();
    const reset = hashParams(location.hash, "reset-password");
    if (reset) return setScreen({ kind: "reset", token: reset.get("token") ?? "" });
    const verified = hashParams(location.hash, "email-verified");
    if (verified) {
      history.replaceState(null, "", location.pathname);
      return setScreen({ kind: "verified", params: verified });
    }
    if (h.oauth?.get("error") === "link_required" && h.oauth.get("link_token")) {
      const params = h.oauth;
      history.replaceState(null, "", location.pathname);
      return setScreen({ kind: "link", params });
    }
    if (h.local) {
      goLocal();
      return;
    }
    if (h.oauth) {
      // back from an OAuth provider: exchange the one-time code for tokens (never tokens in a URL)
      history.replaceState(null, "", location.pathname);
      const code = h.oauth.get("code");
      if (!code) {
        setAuthError(h.oauth.get("message") ?? h.oauth.get("error") ?? "Sign-in was not completed");
        setScreen({ kind: "auth" });
        return;
      }
      Api.oauthExchange(code)
        .then((r) => {
          auth.store(r.data);
          setUser(r.data.user);
          setScreen({ kind: "projects" });
        })
        .catch((e: Error) => {
          setAuthError(e.message);
          setScreen({ kind: "auth" });
        });
      return;
    }
    if (!auth.token) return setScreen({ kind: "auth" });
    Api.me()
      .then((r) => {
        setUser(r.data.user ?? r.data);
        if (h.project) goProject(h.project);
        else setScreen({ kind: h.orgs ? "orgs" : h.billing ? "billing" : "projects" });
      })
      .catch(() => {
        auth.clear();
        setScreen({ kind: "auth" });
      });
    const onSignedOut = () => {
      setUser(null);
      if (!location.hash.startsWith("#/local")) setScreen({ kind: "auth" });
    };
    window.addEventListener("gridsolve:signed-out", onSignedOut);
    return () => window.removeEventListener("gridsolve:signed-out", onSignedOut);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const goBilling = () => {
    if (!location.hash.startsWith("#/billing")) location.hash = "#/billing";
    setScreen({ kind: "billing" });
  };

  const themeToggle = (
    <button className="theme-toggle" onClick={() => setTheme(theme === "dark" ? "light" : "dark")} aria-label={`switch to ${theme === "dark" ? "light" : "dark"} theme`}>
      {theme === "dark" ? "☀" : "☾"}
    </button>
  );
  const signedIn = (u: User) => {
    setUser(u);
    location.hash = "";
    setScreen({ kind: "projects" });
  };
  if (help !== null)
    return (
      <>
        {themeToggle}
        <HelpScreen page={help} onBack={() => (history.length > 1 ? history.back() : (location.hash = ""))} />
      </>
    );
  return (
    <>
      {themeToggle}
      {user && <UpgradePrompt onPlans={goBilling} />}
      {screen.kind === "loading" && (
        <div className="loading" role="status">
          Loading…
        </div>
      )}
      {screen.kind === "auth" && (
        <AuthScreen
          initialError={authError}
          onSignedIn={(u) => {
            setUser(u);
            setScreen({ kind: "projects" });
          }}
          onOffline={goLocal}
        />
      )}
      {screen.kind === "reset" && <ResetPasswordScreen token={screen.token} onSignedIn={signedIn} onCancel={() => ((location.hash = ""), setScreen({ kind: "auth" }))} />}
      {screen.kind === "verified" && <EmailVerifiedScreen params={screen.params} onContinue={() => location.reload()} />}
      {screen.kind === "link" && <LinkAccountScreen params={screen.params} onSignedIn={signedIn} onCancel={() => setScreen({ kind: "auth" })} />}
      {screen.kind === "missing" && (
        <div className="auth-screen">
          <div className="card" role="alert" data-testid="project-missing">
            <h1>Project not available</h1>
            <p>
              {screen.message}: there is no project <code>{screen.id}</code>, or it is not shared with {user ? <strong>{user.email}</strong> : "you"}. Ask its owner to share it (make it public, or add you to its
              organization).
            </p>
            <button
              className="primary"
              onClick={() => {
                location.hash = "";
                setScreen(user ? { kind: "projects" } : { kind: "auth" });
              }}
            >
              Go to your projects
            </button>
          </div>
        </div>
      )}
      {screen.kind === "projects" && user && (
        <ProjectList
          user={user}
          onOpen={goProject}
          onLocal={goLocal}
          onOrgs={() => {
            location.hash = "#/orgs";
            setScreen({ kind: "orgs" });
          }}
          onBilling={goBilling}
          onSignOut={async () => {
            await Api.logout();
            auth.clear();
            setUser(null);
            location.hash = "";
            setScreen({ kind: "auth" });
          }}
        />
      )}
      {screen.kind === "orgs" && user && (
        <OrgsScreen
          user={user}
          onBack={() => {
            location.hash = "";
            setScreen({ kind: "projects" });
          }}
        />
      )}
      {screen.kind === "billing" && user && (
        <BillingScreen
          user={user}
          onBack={() => {
            location.hash = "";
            setScreen({ kind: "projects" });
          }}
        />
      )}
      {screen.kind === "feeder" && (
        <FeederView
          project={screen.project}
          onBack={() => {
            location.hash = "";
            setScreen(user ? { kind: "projects" } : { kind: "auth" });
          }}
        />
      )}
      {screen.kind === "editor" && (
        <Editor
          onBack={() => {
            location.hash = "";
            setScreen(user ? { kind: "projects" } : { kind: "auth" });
          }}
        />
      )}
    </>
  );
}
