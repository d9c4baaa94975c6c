// Tiny static server for web/dist (SPA fallback), optionally proxying /api to a platform server.
//   node e2e/server.mjs [port] [apiBase]   -> prints "listening <port>"
import http from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(fileURLToPath(new URL(".", import.meta.url)), "..", "dist");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".svg": "image/svg+xml" };

export function startServer(port = 0, apiBase = null) {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname.startsWith("/api")) {
      if (!apiBase) {
        res.writeHead(503, { "Content-Type": "application/json" });
        return res.end(JSON.stringify({ message: "no API server in this test" }));
      }
      const target = new URL(req.url, apiBase);
      const chunks = [];
      for await (const c of req) chunks.push(c);
      const headers = { ...req.headers };
      delete headers.host;
      try {
        const r = await fetch(target, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
        const out = {};
        r.headers.forEach((v, k) => {
          if (!["content-encoding", "transfer-encoding", "content-length", "connection"].includes(k)) out[k] = v;
        });
        res.writeHead(r.status, out);
        return res.end(Buffer.from(await r.arrayBuffer()));
      } catch (e) {
        res.writeHead(502);
        return res.end(String(e));
      }
    }
    let p = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(root, p);
    try {
      if (!(await stat(file)).isFile()) throw new Error();
    } catch {
      file = join(root, "index.html");
    }
    const body = await readFile(file);
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await startServer(Number(process.argv[2] ?? 0), process.argv[3] ?? null);
  console.log(`listening ${s.address().port}`);
}
