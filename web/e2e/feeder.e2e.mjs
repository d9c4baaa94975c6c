// End-to-end: a three-phase feeder on the local platform. Import IEEE 13 (the .dss script, its line codes and bus
// coordinates chosen together in the import dialog), run the unbalanced power flow on the server, and check that
// the per-phase values on screen (diagram labels, bus table, line currents, regulator taps) are the API's result,
// and the taps OpenDSS's. Screenshots at 1440x900 and 390x844 in tests/artifacts/.
//   node e2e/feeder.e2e.mjs      (after vite build)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "./browser.mjs";
import { e2eSession } from "./session.mjs";

const web = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const data = join(web, "..", "tests", "data", "opendss", "ieee13");
const file = (name) => ({ name, mimeType: "text/plain", buffer: readFileSync(join(data, name)) });

const session = await e2eSession({ env: { GRIDSOLVE_SEED_SAMPLES: "0" } });
const { base, page, errors, shot, api, text } = session;

await session.run("feeder", async () => {
  const email = `feeder-${Date.now()}@example.com`;
  const reg = await (
    await fetch(`${base}/api/auth/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password: "correct-horse-42", name: "Feeder E2E" }) })
  ).json();
  const token = reg.access_token;
  await page.setViewportSize({ width: 1440, height: 900 });
  await session.signIn(token, reg.refresh_token);
  await page.getByTestId("import-file").waitFor({ state: "attached", timeout: 30000 });

  // the import dialog takes the feeder's files together; the main script is the one with the circuit
  check((await page.getByTestId("import-file").getAttribute("accept")).includes(".dss"), "the import dialog accepts .dss");
  await page.getByTestId("import-file").setInputFiles([file("IEEELineCodes.DSS"), file("IEEE13Nodeckt.dss"), file("IEEE13Node_BusXY.csv")]);
  await page.getByTestId("feeder-diagram").waitFor({ timeout: 60000 });
  check((await text('[data-testid="project-name"]')) === "IEEE13Nodeckt", "project named after the main script");
  // phases drawn per line: the two-phase lateral 632-645 has strokes b and c, the single-phase 684-611 only c
  check((await page.locator('[data-edge="632645"] line.phase').count()) === 2, "632-645 drawn with two phase strokes");
  check((await page.locator('[data-edge="684611"] line.phase[data-phase="c"]').count()) === 1, "684-611 drawn as phase c");
  check((await page.locator('[data-edge="650632"] line.phase').count()) === 3, "650632 drawn with three phase strokes");
  check((await page.locator(".feeder-bus").count()) === 16, "16 buses drawn");
  check((await page.getAttribute('[data-testid="feeder-diagram"]', "data-detail")) === "full", "1440 px: every bus's voltages are shown");

  // run on the server
  await page.getByTestId("run-unbalanced").click();
  await page.getByTestId("feeder-bus-table").waitFor({ timeout: 120000 });
  const status = await text('[data-testid="feeder-status"]');
  check(status.includes("converged"), `status: ${status}`);

  // the API's result of the study the browser ran
  const projects = (await api("GET", "/projects?scope=mine", token)).projects;
  const pid = projects.find((p) => p.name === "IEEE13Nodeckt").id;
  const study = (await api("GET", `/projects/${pid}/studies?sort=-created_at`, token)).studies.find((s) => s.study_type === "unbalanced_power_flow" && s.status === "completed");
  const res = await api("GET", `/projects/${pid}/studies/${study.id}/results?format=json`, token);
  let compared = 0;
  for (const n of res.nodes.filter((x) => x.node >= 1 && x.node <= 3)) {
    const ph = "abc"[n.node - 1];
    const v = await text(`[data-testid="v-${n.bus}-${ph}"]`);
    const a = await text(`[data-testid="ang-${n.bus}-${ph}"]`);
    const d = await text(`[data-testid="diagram-v-${n.bus}-${ph}"]`);
    check(v === n.v_pu.toFixed(4), `|V| ${n.bus}.${ph}: table ${v} vs API ${n.v_pu}`);
    check(a === n.angle_deg.toFixed(2), `angle ${n.bus}.${ph}: table ${a} vs API ${n.angle_deg}`);
    check(d === `${ph} ${n.v_pu.toFixed(4)}`, `diagram label ${n.bus}.${ph}: ${d}`);
    compared++;
  }
  check(compared === 41, `all 41 phase nodes of IEEE 13 compared (${compared})`);
  // the profile: one segment per line (or regulator bank) and phase present
  check((await page.locator('[data-testid="voltage-profile"] line[data-phase]').count()) === 38, "38 profile segments (per line and phase)");
  await shot("feeder-1440-buses");

  await page.getByRole("tab", { name: /^Lines/ }).click();
  for (const b of res.branches)
    for (const p of b.phases.filter((x) => x.phase >= 1 && x.phase <= 3)) {
      const cell = await text(`[data-line="${b.id}"] [data-testid="i-${b.id}-${"abc"[p.phase - 1]}"]`);
      check(cell === p.i1_a.toFixed(1), `I ${b.id}.${p.phase}: ${cell} vs ${p.i1_a}`);
    }
  await page.getByRole("tab", { name: /^Regulators/ }).click();
  const opendss = readFileSync(join(data, "ieee13_regcontrol_taps.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  for (const [name, , , step] of opendss) {
    const cell = await text(`[data-testid="tap-${name}"]`);
    check(cell === String(res.taps.find((t) => t.regulator === name).tap_step), `tap ${name} as the API`);
    check(cell === step, `tap ${name} ${cell} = OpenDSS ${step}`);
  }
  await shot("feeder-1440-taps");

  // phone
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("tab", { name: /^Buses/ }).click();
  await page.waitForTimeout(300);
  // on a phone the buses are too close for three voltages each: names only, a tapped bus shows its voltages
  check((await page.getAttribute('[data-testid="feeder-diagram"]', "data-detail")) === "names", "phone: bus names only");
  await page.locator('.feeder-bus[data-bus="671"] circle').click();
  check((await text('[data-testid="diagram-v-671-a"]')) === `a ${res.nodes.find((n) => n.bus === "671" && n.node === 1).v_pu.toFixed(4)}`, "the tapped bus shows its phase voltages");
  await shot("feeder-390");

  // IEEE 123: a script that compiles the master file, which redirects to three more; coordinates from BusCoords.dat
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole("button", { name: "back to projects" }).click();
  const d123 = join(data, "..", "ieee123");
  const f123 = (name) => ({ name, mimeType: "text/plain", buffer: readFileSync(join(d123, name)) });
  await page.getByTestId("import-file").setInputFiles(["IEEE123Master.dss", "ieee123_regcontrol.dss", "IEEELineCodes.DSS", "IEEE123Regulators.DSS", "IEEE123Loads.DSS", "BusCoords.dat"].map(f123));
  await page.getByTestId("feeder-diagram").waitFor({ timeout: 60000 });
  check((await text('[data-testid="project-name"]')) === "ieee123_regcontrol", "IEEE 123: the script that compiles the master is the main one");
  await page.getByTestId("run-unbalanced").click();
  await page.getByTestId("feeder-bus-table").waitFor({ timeout: 180000 });
  const p123 = (await api("GET", "/projects?scope=mine", token)).projects.find((p) => p.name === "ieee123_regcontrol").id;
  const s123 = (await api("GET", `/projects/${p123}/studies?sort=-created_at`, token)).studies.find((s) => s.study_type === "unbalanced_power_flow" && s.status === "completed");
  const r123 = await api("GET", `/projects/${p123}/studies/${s123.id}/results?format=json`, token);
  const shown = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="v-"]')].map((td) => [td.getAttribute("data-testid"), td.textContent.trim()])));
  let n123 = 0;
  for (const n of r123.nodes.filter((x) => x.node >= 1 && x.node <= 3)) {
    const key = `v-${n.bus}-${"abc"[n.node - 1]}`;
    check(shown[key] === n.v_pu.toFixed(4), `IEEE 123 |V| ${key}: ${shown[key]} vs API ${n.v_pu}`);
    n123++;
  }
  const taps123 = readFileSync(join(d123, "ieee123_regcontrol_taps.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  await page.getByRole("tab", { name: /^Regulators/ }).click();
  for (const [name, , , step] of taps123) check((await text(`[data-testid="tap-${name}"]`)) === step, `IEEE 123 tap ${name} = OpenDSS ${step}`);
  await shot("feeder-123-1440");
  check(errors.length === 0, `no page errors: ${errors.join("; ")}`);
  console.log(`E2E FEEDER OK (IEEE 13: ${compared} phase voltages, ${res.branches.length} branches, ${res.taps.length} taps; IEEE 123: ${n123} phase voltages, ${taps123.length} taps)`);
});
