// Launch Debian's Chromium through playwright-core with the flags that work on these machines.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const artifacts = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "tests", "artifacts");
mkdirSync(artifacts, { recursive: true });

export async function launch() {
  const userDir = mkdtempSync(join(tmpdir(), "gs-chromium-"));
  const ctx = await chromium.launchPersistentContext(userDir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1024, height: 768 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  return ctx;
}

export function check(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}
