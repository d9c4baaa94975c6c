// End-to-end: plans, usage and reports in the browser against the local platform (billing off, new accounts on
// the Free plan so that its limits bite): the plans page with the usage meter, a 402 (a 30-bus import is over
// Free's 25 buses) shown as the upgrade prompt that leads to the plans page, and "Download report" on a finished
// study giving the PDF. Screenshots in tests/artifacts/.
//   node e2e/billing.e2e.mjs      (after vite build)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { artifacts, check } from "./browser.mjs";
import { e2eSession } from "./session.mjs";

const web = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const repo = join(web, "..");
const case14 = join(repo, "solver_layer", "gridsolve", "samples", "case14.m");
const case30 = join(repo, "solver_layer", "gridsolve", "samples", "case30.m");

const session = await e2eSession({ env: { GRIDSOLVE_DEFAULT_PLAN: "free", GRIDSOLVE_SEED_SAMPLES: "0" } });
const { base, page, errors, shot } = session;
const post = async (path, body, token) => {
  const r = await fetch(`${base}/api${path}`, { method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
};

await session.run("billing", async () => {
  // an account on the Free plan with a finished study (made through the API), signed in in the browser
  const email = `billing-${Date.now()}@example.com`;
  const reg = await post("/auth/register", { email, password: "correct-horse-42", name: "Billing E2E" });
  check(reg.status === 201, `registered: ${JSON.stringify(reg.json)}`);
  const token = reg.json.access_token;
  const project = await post("/projects/import", { name: "IEEE 14 report", format: "matpower", content: readFileSync(case14, "utf8") }, token);
  check(project.status === 201, "imported IEEE 14 (14 buses fit the Free plan)");
  const study = await post(`/projects/${project.json.id}/studies`, { study_type: "power_flow" }, token);
  check(study.status === 201, "study queued");
  for (let i = 0; i < 240; i++) {
    const r = await fetch(`${base}/api/projects/${project.json.id}/studies/${study.json.id}`, { headers: { Authorization: `Bearer ${token}` } });
    if ((await r.json()).status === "completed") break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await session.signIn(token, reg.json.refresh_token);
  await page.getByTestId("plans-usage").waitFor({ timeout: 30000 });

  // the plans page: three plans with prices and limits, the account's plan and its usage meter
  await page.getByTestId("plans-usage").click();
  await page.locator(".plan-card").nth(2).waitFor();
  check((await page.locator(".plan-card").count()) === 3, "Free, Professional and Utility are shown");
  const body = await page.textContent("body");
  for (const text of ["$149 / month", "$399 / user / month", "25 buses per network", "10 studies a month", "Billing is not enabled on this server"])
    check(body.includes(text), `plans page shows "${text}"`);
  await page.locator('.usage-meters li[data-metric="studies"]').waitFor();
  check((await page.locator('.usage-meters li[data-metric="studies"]').textContent()).includes("1 of 10 studies"), "usage meter: 1 of 10 studies");
  check((await page.locator('.plan-card[data-plan="free"] .badge').textContent()) === "your plan", "the Free plan is marked as the account's");
  check((await page.locator('[data-testid^="upgrade-"]').count()) === 0, "no Upgrade button while billing is off");
  await shot("billing-plans");

  // a request beyond the plan: a 30-bus network on Free is a 402, shown as an upgrade prompt
  await page.getByRole("button", { name: "back to projects" }).click();
  await page.getByTestId("import-file").setInputFiles({ name: "case30.m", mimeType: "text/plain", buffer: readFileSync(case30) });
  await page.getByTestId("plan-limit-message").waitFor({ timeout: 30000 });
  const msg = await page.getByTestId("plan-limit-message").textContent();
  check(msg.includes("25 buses") && msg.includes("30"), `the prompt says which limit and how much: ${msg}`);
  await shot("billing-upgrade-prompt");
  await page.getByTestId("see-plans").click();
  await page.locator(".plan-card").first().waitFor();
  check((await page.evaluate(() => location.hash)).startsWith("#/billing"), "See plans opens the plans page");

  // "Download report" on the finished study: the PDF
  await page.goto(`${base}/#/project/${project.json.id}`);
  await page.reload();
  await page.getByText(/^Studies \(/).first().click({ timeout: 30000 });
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 120000 }), page.getByTestId("download-report").first().click()]);
  const file = join(artifacts, "billing-e2e-report.pdf");
  await download.saveAs(file);
  const pdf = readFileSync(file);
  check(pdf.subarray(0, 5).toString() === "%PDF-" && pdf.length > 10000, `the report is a PDF (${pdf.length} bytes)`);
  check(download.suggestedFilename().endsWith(".pdf"), `named ${download.suggestedFilename()}`);
  await shot("billing-download-report");
  check(errors.length === 0, `no page errors: ${errors.join("; ")}`);
  console.log("E2E BILLING OK");
});
