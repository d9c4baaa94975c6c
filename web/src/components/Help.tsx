// The user guide (help/guide.ts) and the API reference (rendered from /api/openapi.json), served by the app at
// #/help/<topic> and #/help/api.
import { useEffect, useMemo, useState } from "react";
import { Markdown } from "../help/markdown";
import { TOPICS, topic as findTopic } from "../help/guide";
import { ApiReference } from "./ApiReference";

export function HelpScreen({ page, onBack }: { page: string; onBack: () => void }) {
  const current = page === "api" ? null : (findTopic(page) ?? TOPICS[0]);
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [page]);
  return (
    <div className="help-screen">
      <header className="topbar" role="banner">
        <button onClick={onBack} aria-label="back to the app">
          ← Back
        </button>
        <h1>GridSolve help</h1>
      </header>
      <div className="help-body">
        <nav className="help-nav" aria-label="guide contents">
          <ul>
            {TOPICS.map((t) => (
              <li key={t.id}>
                <a href={`#/help/${t.id}`} aria-current={current?.id === t.id ? "page" : undefined}>
                  {t.title}
                </a>
              </li>
            ))}
            <li>
              <a href="#/help/api" aria-current={page === "api" ? "page" : undefined}>
                API reference
              </a>
            </li>
          </ul>
        </nav>
        <main className="help-content" aria-label={current ? current.title : "API reference"} data-topic={current?.id ?? "api"}>
          {current ? (
            <article>
              <h1>{current.title}</h1>
              <Markdown text={current.body} />
            </article>
          ) : (
            <ApiReference />
          )}
        </main>
      </div>
    </div>
  );
}

export function useHelpPage(): string | null {
  const read = () => (location.hash.startsWith("#/help") ? decodeURIComponent(location.hash.replace(/^#\/help\/?/, "")) || TOPICS[0].id : null);
  const [page, setPage] = useState<string | null>(read);
  useEffect(() => {
    const on = () => setPage(read());
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return useMemo(() => page, [page]);
}
