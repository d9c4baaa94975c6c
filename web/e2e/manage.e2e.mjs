// End-to-end for issue 18 part B against the local platform: sign-up with the live password rules, the user
// guide's first power-flow study followed literally (public sample read-only, Fork to edit, run, Buses tab,
// Buses CSV), the nominal-voltage fix and bulk edit as undoable steps, an earth fault on a network drawn from
// the palette, project management (rename, download every format, public, move into an organization, delete),
// a project that is not found, the password reset by mail, the guide and the API reference. Screenshots at
// 1440x900 and 390x844 in tests/artifacts/.
//   node e2e/manage.e2e.mjs      (after vite build)
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, artifacts, check } from "./browser.mjs";
import { drawThreeBus, runStudy, state } from "./draw.mjs";
import { startPlatform } from "./platform.mjs";

const platform = await startPlatform();
const base = platform.base;
const ctx = await launch();
const page = await ctx.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
const shot = async (name) => {
  for (const [w, h] of [
    [1440, 900],
    [390, 844],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(artifacts, `${name}-${w}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
};
const mails = (to) =>
  readdirSync(join(platform.dataDir, "outbox"))
    .filter((f) => f.endsWith(".eml"))
    .sort()
    .map((f) => readFileSync(join(platform.dataDir, "outbox", f), "utf8"))
    .filter((m) => m.includes(`To: ${to}`));

try {
  await page.setViewportSize({ width: 1440, height: 900 });
  // --- sign up: the password rules are shown live, a weak password cannot be submitted
  await page.goto(base);
  await page.getByRole("tab", { name: "Sign up" }).click();
  const email = `manage-${Date.now()}@example.com`;
  await page.locator('input[name="name"]').fill("Guide Reader");
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill("password");
  await page.getByTestId("password-strength").filter({ hasText: "of 4" }).waitFor();
  check(await page.getByTestId("auth-submit").isDisabled(), "a common password cannot be submitted");
  await shot("manage-signup-weak");
  await page.locator('input[name="password"]').fill("12345678");
  await page.getByTestId("password-strength").filter({ hasText: /of 4/ }).waitFor();
  await page.locator('input[name="password"]').fill("orbital mechanics at noon");
  await page.getByTestId("password-strength").filter({ hasText: "meets the rules" }).waitFor();
  await page.getByTestId("auth-submit").click();
  await page.getByTestId("new-project-name").waitFor();

  // --- the guide's first study, step by step (web/src/help/guide.ts, "A first power-flow study")
  // 1. click IEEE 14-bus system: it opens read-only
  await page.getByRole("button", { name: "IEEE 14-bus system", exact: true }).click();
  await page.getByTestId("read-only").waitFor();
  check((await page.getByTestId("save").count()) === 0, "no Save on a public sample");
  check((await page.getByTestId("basekv-banner").count()) === 0, "no fix offered on a read-only project");
  await page.keyboard.press("Delete"); // an edit attempt is refused, nothing changes
  await shot("manage-readonly-sample");
  // 2. Fork to edit: the copy opens, named "IEEE 14-bus system (fork)"
  await page.getByTestId("fork-to-edit").click();
  await page.getByTestId("project-name").filter({ hasText: "IEEE 14-bus system (fork)" }).waitFor();
  check((await page.getByTestId("read-only").count()) === 0, "the fork is editable");
  // 3. keep Power flow, press Run power flow
  check((await page.getByLabel("study type").inputValue()) === "power_flow", "the study type is Power flow");
  await page.getByRole("button", { name: "Run power flow" }).click();
  // 4. converged
  await page.getByTestId("result-status").filter({ hasText: "converged in" }).waitFor({ timeout: 60000 });
  // 5. the Buses (14) tab
  await page.getByRole("tab", { name: "Buses (14)" }).click();
  // 6. Buses CSV
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Buses CSV" }).click()]);
  check(csv.suggestedFilename() === "buses.csv", "Buses CSV downloads");
  await shot("manage-first-study");

  // --- nominal voltages (IEEE 14 has 0 kV everywhere): one step, undoable
  await page.getByTestId("basekv-open").click();
  const levels = page.locator(".basekv-levels tbody tr");
  check((await levels.count()) === 2, `two voltage levels, got ${await levels.count()}`);
  await levels.nth(0).locator("input").fill("33");
  await levels.nth(1).locator("input").fill("132");
  await shot("manage-basekv-dialog");
  await page.getByTestId("basekv-apply").click();
  let s = await state(page);
  check(s.net.buses.every((b) => b.vn_kv > 0) && s.net.buses.find((b) => b.id === "1").vn_kv === 132 && s.net.buses.find((b) => b.id === "14").vn_kv === 33, "every bus has its level's kV");
  check((await page.getByTestId("basekv-banner").count()) === 0, "the banner is gone");
  await page.getByTestId("undo").click();
  s = await state(page);
  check(s.net.buses.every((b) => b.vn_kv === 0), "one undo restores 0 kV on all 14 buses");
  await page.getByTestId("redo").click();
  // --- bulk edit: every generator gets x''d
  await page.evaluate(() => window.gridsolve.store.getState().select(window.gridsolve.store.getState().network.generators.map((g) => g.id)));
  await page.getByTestId("bulk-field").selectOption("xdss_pu");
  await page.getByTestId("bulk-value").fill("0.2");
  await shot("manage-bulk-edit");
  await page.getByTestId("bulk-apply").click();
  s = await state(page);
  check(s.net.generators.length === 5 && s.net.generators.every((g) => g.xdss_pu === 0.2), "x''d set on the 5 generators");
  check(/set xdss_pu on 5 element/.test(s.status), `one command: ${s.status}`);
  await page.getByTestId("bulk-value").fill("-1");
  check(await page.getByTestId("bulk-apply").isDisabled(), "a value the schema refuses cannot be applied");

  // --- an earth fault on a network drawn from the palette (typical zero-sequence data)
  await page.getByRole("button", { name: "back to projects" }).click();
  await page.getByTestId("new-project-name").fill("Drawn feeder");
  await page.getByTestId("create-project").click();
  await page.getByTestId("project-name").filter({ hasText: "Drawn feeder" }).waitFor();
  await drawThreeBus(page);
  s = await state(page);
  const line = s.net.lines[0];
  await page.evaluate((id) => window.gridsolve.store.getState().select([id]), line.id);
  await page.locator('[data-typical="x0_ohm_per_km"]').waitFor();
  check((await page.getByTestId("typical-basis").textContent()).includes("IEC TR 60909-4"), "the typical values name their source");
  await shot("manage-typical");
  await page.getByLabel("study type").selectOption("short_circuit");
  await page.locator("#opt-fault").selectOption("1ph");
  await page.getByTestId("run-study").click();
  await page.waitForFunction(() => window.gridsolve.store.getState().scResults != null || /failed/.test(window.gridsolve.store.getState().status), null, { timeout: 120000 });
  s = await page.evaluate(() => ({ sc: window.gridsolve.store.getState().scResults, status: window.gridsolve.store.getState().status }));
  check(s.sc && s.sc.buses.every((b) => b.ikss_ka > 0), `single-line-to-ground on the drawn feeder: ${s.status} ${JSON.stringify(s.sc?.buses?.map((b) => b.ikss_ka))}`);

  // --- project management from the list
  await page.getByRole("button", { name: "back to projects" }).click();
  const orgRes = await page.evaluate(async () => {
    const r = await fetch("/api/orgs", { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${localStorage.getItem("gridsolve.token")}` }, body: JSON.stringify({ name: "Grid Co" }) });
    return r.json();
  });
  await page.reload();
  await page.getByRole("button", { name: "manage IEEE 14-bus system (fork)" }).click();
  await page.getByTestId("manage-name").fill("IEEE 14 with kV");
  await page.getByTestId("manage-rename").click();
  await page.getByTestId("manage-note").filter({ hasText: "renamed" }).waitFor();
  for (const [fmt, ext] of [
    ["gridsolve", ".json"],
    ["matpower", ".m"],
    ["cgmes", ".zip"],
  ]) {
    const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId(`download-${fmt}`).click()]);
    check(dl.suggestedFilename() === `IEEE_14_with_kV${ext}`, `download ${fmt}: ${dl.suggestedFilename()}`);
    if (fmt === "matpower") {
      const text = readFileSync(await dl.path(), "utf8");
      check(text.includes("mpc.bus") && /\b132\b/.test(text), "the MATPOWER file carries the new base kV");
    }
  }
  await page.getByTestId("manage-public").click();
  await page.getByTestId("manage-note").filter({ hasText: "now public" }).waitFor();
  await page.getByTestId("manage-org").selectOption(orgRes.id);
  await page.getByTestId("manage-move").click();
  await page.getByTestId("manage-note").filter({ hasText: "moved to Grid Co" }).waitFor();
  await shot("manage-dialog");
  check(await page.getByTestId("manage-delete").isDisabled(), "delete waits for the name");
  await page.getByTestId("manage-confirm").fill("IEEE 14 with kV");
  await page.getByTestId("manage-delete").click();
  await page.getByRole("dialog").waitFor({ state: "detached" });
  await page.waitForTimeout(300);
  check((await page.getByRole("button", { name: "IEEE 14 with kV", exact: true }).count()) === 0, "deleted from the list");

  // --- a project that does not exist (or is not shared) says so
  await page.goto(`${base}/#/project/no-such-project`);
  await page.reload();
  await page.getByTestId("project-missing").waitFor();
  check((await page.getByTestId("project-missing").textContent()).includes(email), "names the signed-in account");
  await shot("manage-project-missing");

  // --- help: the guide and the API reference
  await page.goto(`${base}/#/help/first-study`);
  await page.locator('[data-topic="first-study"]').waitFor();
  const steps = await page.locator('[data-topic="first-study"] ol li').allTextContents();
  check(steps.length === 6 && steps[1].includes("Fork to edit") && steps[2].includes("Run power flow") && steps[5].includes("Buses CSV"), `the steps this test followed: ${steps.join(" | ")}`);
  await shot("manage-help-guide");
  await page.goto(`${base}/#/help/validation`);
  await page.locator('[data-topic="validation"] table').first().waitFor();
  check((await page.locator('[data-topic="validation"]').textContent()).includes("PYPOWER 5.1.21"), "validation table from README");
  await page.goto(`${base}/#/help/api`);
  await page.getByTestId("api-filter").fill("export");
  const op = page.locator('[data-op="GET /api/projects/{project_id}/export"]');
  await op.waitFor();
  await op.locator("summary").click();
  check((await op.textContent()).includes("format"), "the export route and its format parameter");
  await shot("manage-help-api");

  // --- password reset by mail
  await page.goto(base);
  await page.getByTestId("sign-out").click();
  await page.getByTestId("forgot-password").click();
  await page.locator('input[name="email"]').fill(email);
  await page.getByTestId("reset-request").click();
  await page.getByTestId("reset-sent").waitFor();
  await shot("manage-reset-sent");
  const mail = mails(email).find((m) => m.includes("/#/reset-password?token="));
  check(mail, "the reset mail is in the outbox");
  const link = mail.match(/(http\S+\/#\/reset-password\?token=\S+)/)[1];
  await page.goto(link);
  await page.getByTestId("new-password").fill("password");
  await page.getByTestId("password-strength").filter({ hasText: "of 4" }).waitFor();
  check(await page.getByTestId("reset-submit").isDisabled(), "a weak new password cannot be submitted");
  await page.getByTestId("new-password").fill("a lighthouse keeper's ledger");
  await page.getByTestId("new-password-again").fill("a lighthouse keeper's ledger");
  await page.getByTestId("password-strength").filter({ hasText: "meets the rules" }).waitFor();
  await shot("manage-reset-form");
  await page.getByTestId("reset-submit").click();
  await page.getByTestId("new-project-name").waitFor();
  await page.goto(link);
  await page.getByTestId("new-password").fill("another fine long phrase 7");
  await page.getByTestId("new-password-again").fill("another fine long phrase 7");
  await page.getByTestId("password-strength").filter({ hasText: "meets the rules" }).waitFor();
  await page.getByTestId("reset-submit").click();
  await page.getByTestId("reset-error").filter({ hasText: /unknown, used or expired/ }).waitFor();

  check(errors.length === 0, `no page errors: ${errors.join("; ")}`);
  console.log("E2E MANAGE OK");
} catch (e) {
  await page.screenshot({ path: join(artifacts, "manage-failure.png") }).catch(() => undefined);
  console.error(platform.log().slice(-3000));
  throw e;
} finally {
  await ctx.close();
  await platform.stop();
}
