// One e2e script's session: the local platform, a Chromium page that collects page errors, and the steps the
// scripts share (screenshots, API calls with a token, opening the app signed in, the failure report).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { artifacts, launch } from "./browser.mjs";
import { startPlatform } from "./platform.mjs";

/** `env`: the platform's settings; `fullPage`: whether screenshots take the whole page by default. */
export async function e2eSession({ env = {}, fullPage = true } = {}) {
  const platform = await startPlatform(env);
  const base = platform.base;
  const ctx = await launch();
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return {
    platform,
    base,
    ctx,
    page,
    errors,
    /** A screenshot in tests/artifacts/<name>.png. */
    shot: (name, opts = {}) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage, ...opts }),
    /** The JSON answer of an API call made with `token`. */
    api: async (method, path, token, body) => {
      const r = await fetch(`${base}/api${path}`, { method, headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: body ? JSON.stringify(body) : undefined });
      return r.json();
    },
    /** The trimmed text of the first element `sel` matches. */
    text: async (sel) => (await page.locator(sel).first().textContent()).trim(),
    /** Open the app (at `path`, e.g. "/#/project/<id>") signed in with these tokens, stored where the sign-in page
     * stores them. */
    async signIn(token, refresh, path = "") {
      await page.goto(base);
      await page.evaluate(
        ([t, r]) => {
          localStorage.setItem("gridsolve.token", t);
          localStorage.setItem("gridsolve.refresh", r);
        },
        [token, refresh],
      );
      await page.goto(`${base}${path}`);
    },
    /** Run the script's steps. On failure: a screenshot `<name>-failure`, the stack and the server log's tail, exit
     * code 1. The server's log goes to tests/artifacts/<name>-e2e.log; the browser and server stop either way. */
    async run(name, steps) {
      try {
        await steps();
      } catch (e) {
        await page.screenshot({ path: join(artifacts, `${name}-failure.png`), fullPage: true }).catch(() => undefined);
        console.error(String(e?.stack ?? e));
        console.error(platform.log().slice(-4000));
        process.exitCode = 1;
      } finally {
        writeFileSync(join(artifacts, `${name}-e2e.log`), platform.log());
        await ctx.close();
        await platform.stop();
      }
    },
  };
}
