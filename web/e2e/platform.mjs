// Start the local platform (python -m chalicelib.http.local_server: web/dist and /api) on a free port for an e2e
// run or a benchmark; the browser solver needs the engine's routes (compile, results, layout) even offline.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
export const python = process.env.PYTHON ?? join(repo, ".venv", "bin", "python");

export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });

/** The running server: { base, port, dataDir, log(), stop() }. `env` adds settings (OAuth providers, ...). */
export async function startPlatform(env = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "gs-e2e-data-"));
  const proc = spawn(python, ["-m", "chalicelib.http.local_server"], {
    cwd: repo,
    env: {
      ...process.env,
      GRIDSOLVE_PORT: String(port),
      GRIDSOLVE_HOST: "127.0.0.1",
      GRIDSOLVE_DATA_DIR: dataDir,
      GRIDSOLVE_BCRYPT_ROUNDS: "4",
      GRIDSOLVE_WORKERS: "1",
      GRIDSOLVE_PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (proc.exitCode != null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    port,
    dataDir, // <data dir>/outbox holds the mails the server sends (verification links)
    log: () => log,
    async stop() {
      proc.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 500));
      if (proc.exitCode == null) proc.kill("SIGKILL");
    },
  };
}
