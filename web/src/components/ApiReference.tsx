// The API's OpenAPI 3 document (GET /api/openapi.json) as a browsable reference: operations by tag, each with its
// parameters, request body and responses, and the schemas they refer to. A small renderer of our own: the document
// is the one source of truth, nothing here is written by hand.
import { useEffect, useMemo, useState } from "react";

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters: Json[];
  body?: Json;
  responses: [string, Json][];
  secured: boolean;
}

/** The operations of an OpenAPI document, grouped by their first tag (in the document's tag order). */
export function operations(doc: Json): Map<string, Operation[]> {
  const out = new Map<string, Operation[]>();
  for (const t of (doc.tags as { name: string }[] | undefined) ?? []) out.set(t.name, []);
  const globalSecurity = Array.isArray(doc.security) && doc.security.length > 0;
  for (const [path, item] of Object.entries((doc.paths as Json) ?? {})) {
    for (const [method, raw] of Object.entries(item as Json)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const op = raw as Json;
      const tags = (op.tags as string[]) ?? ["other"];
      const security = op.security as unknown[] | undefined;
      const entry: Operation = {
        method,
        path,
        summary: String(op.summary ?? ""),
        description: op.description as string | undefined,
        tags,
        parameters: (op.parameters as Json[]) ?? [],
        body: ((op.requestBody as Json)?.content as Json)?.["application/json"] as Json | undefined,
        responses: Object.entries((op.responses as Json) ?? {}) as [string, Json][],
        secured: security ? security.length > 0 : globalSecurity,
      };
      if (!out.has(tags[0])) out.set(tags[0], []);
      out.get(tags[0])!.push(entry);
    }
  }
  for (const [k, v] of out) if (!v.length) out.delete(k);
  return out;
}

function schemaText(s: Json | undefined, depth = 0): string {
  if (!s) return "";
  if (typeof s.$ref === "string") return s.$ref.split("/").pop()!;
  if (Array.isArray(s.anyOf)) return (s.anyOf as Json[]).map((x) => schemaText(x, depth)).join(" | ");
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  const t = Array.isArray(s.type) ? (s.type as string[]).join(" | ") : String(s.type ?? "");
  if (t === "array") return `${schemaText(s.items as Json, depth)}[]`;
  if (t === "object" && s.properties && depth < 1) {
    const req = new Set((s.required as string[]) ?? []);
    return `{ ${Object.entries(s.properties as Json)
      .map(([k, v]) => `${k}${req.has(k) ? "" : "?"}: ${schemaText(v as Json, depth + 1)}`)
      .join(", ")} }`;
  }
  return t || "any";
}

function SchemaLink({ s }: { s: Json | undefined }) {
  const ref = s && typeof s.$ref === "string" ? s.$ref.split("/").pop()! : null;
  if (ref) return <a href={`#/help/api`} onClick={(e) => (e.preventDefault(), document.getElementById(`schema-${ref}`)?.scrollIntoView())}>{ref}</a>;
  return <code>{schemaText(s)}</code>;
}

function OperationView({ op }: { op: Operation }) {
  const id = `${op.method}-${op.path}`.replace(/[^a-z0-9]+/gi, "-");
  return (
    <details className="api-op" id={id} data-op={`${op.method.toUpperCase()} ${op.path}`}>
      <summary>
        <span className={`method ${op.method}`}>{op.method.toUpperCase()}</span> <code>{op.path}</code> <span className="muted">{op.summary}</span>
        {!op.secured && <span className="badge">no sign-in</span>}
      </summary>
      {op.description && <p className="small">{op.description}</p>}
      {op.parameters.length > 0 && (
        <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>parameter</th>
              <th>in</th>
              <th>type</th>
              <th>about</th>
            </tr>
          </thead>
          <tbody>
            {op.parameters.map((p, i) => (
              <tr key={i}>
                <td>
                  <code>{String(p.name)}</code>
                  {p.required ? " *" : ""}
                </td>
                <td>{String(p.in)}</td>
                <td>
                  <SchemaLink s={p.schema as Json} />
                </td>
                <td className="small">{String(p.description ?? "")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {op.body && (
        <p className="small">
          Request body (JSON): <SchemaLink s={op.body.schema as Json} />
        </p>
      )}
      <ul className="small">
        {op.responses.map(([code, r]) => (
          <li key={code}>
            <strong>{code}</strong> {String(r.description ?? "")}
            {((r.content as Json)?.["application/json"] as Json)?.schema ? (
              <>
                {" "}
                — <SchemaLink s={((r.content as Json)["application/json"] as Json).schema as Json} />
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function ApiReference() {
  const [doc, setDoc] = useState<Json | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState("");
  useEffect(() => {
    fetch("/api/openapi.json", { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${r.status} ${r.statusText}`))))
      .then(setDoc)
      .catch((e: Error) => setError(e.message));
  }, []);
  const groups = useMemo(() => (doc ? operations(doc) : new Map<string, Operation[]>()), [doc]);
  if (error) return <div className="banner error">The API description could not be loaded: {error}</div>;
  if (!doc) return <p className="muted">Loading the API description…</p>;
  const info = (doc.info as Json) ?? {};
  const f = q.trim().toLowerCase();
  const schemas = Object.entries(((doc.components as Json)?.schemas as Json) ?? {});
  return (
    <article className="api-reference">
      <h1>
        {String(info.title ?? "API")} <span className="muted small">{String(info.version ?? "")}</span>
      </h1>
      <p className="small">
        Every route the browser uses, from the server's own description (<a href="/api/openapi.json">/api/openapi.json</a>, OpenAPI {String(doc.openapi)}). Authenticated routes take{" "}
        <code>Authorization: Bearer &lt;access token&gt;</code> from <code>POST /api/auth/login</code>; errors have one shape, <code>{"{error: {code, message, fields}}"}</code>.
      </p>
      <input type="search" placeholder="Filter routes" aria-label="filter routes" value={q} onChange={(e) => setQ(e.target.value)} data-testid="api-filter" />
      {[...groups].map(([tag, ops]) => {
        const shown = ops.filter((o) => !f || `${o.method} ${o.path} ${o.summary}`.toLowerCase().includes(f));
        if (!shown.length) return null;
        return (
          <section key={tag} data-tag={tag}>
            <h2>{tag}</h2>
            {shown.map((o) => (
              <OperationView key={`${o.method} ${o.path}`} op={o} />
            ))}
          </section>
        );
      })}
      <h2>Schemas</h2>
      {schemas.map(([name, s]) => (
        <details key={name} id={`schema-${name}`} className="api-schema">
          <summary>
            <code>{name}</code> <span className="muted small">{String((s as Json).description ?? "").slice(0, 140)}</span>
          </summary>
          <pre className="small">{schemaText(s as Json)}</pre>
        </details>
      ))}
    </article>
  );
}
