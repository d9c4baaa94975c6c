// End-to-end: protection on the local platform. A radial 11 kV feeder (the TCC vectors' network without relay R1
// and fuse F0) opened in the editor; a relay placed from the palette on line L1 at its M0 end and a fuse on lateral
// X0 at M0, the relay's element set in the property panel; the protection study run on the server; the TCC view
// opened for the new relay: its times and the pair margins on screen equal the API's, then dragging its curve up
// changes the time dial, the operating times and the margins while dragging, and applies the dial on release
// (undoable). Screenshots at 1440x900 and 390x844 in tests/artifacts/.
//   node e2e/tcc.e2e.mjs      (after vite build)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "./browser.mjs";
import { alongBranch } from "./draw.mjs";
import { e2eSession } from "./session.mjs";

const web = join(fileURLToPath(new URL(".", import.meta.url)), "..");
const vectors = JSON.parse(readFileSync(join(web, "src", "protection", "tcc_vectors.json"), "utf8"));
const network = structuredClone(vectors.pairs.network);
network.relays = network.relays.filter((r) => r.id !== "R1");
network.fuses = network.fuses.filter((f) => f.id !== "F0");
// dial ranges on R0 and R2 for the automatic coordination at the end
for (const r of network.relays) for (const el of r.elements) if (el.function === "51") Object.assign(el, { dial_min: 0.05, dial_max: 3 });

const session = await e2eSession({ env: { GRIDSOLVE_SEED_SAMPLES: "0" } });
const { base, page, errors, shot, api, text } = session;

const along = (id, frac) => alongBranch(page, id, frac);

await session.run("tcc", async () => {
  const email = `tcc-${Date.now()}@example.com`;
  const reg = await (
    await fetch(`${base}/api/auth/register`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ email, password: "correct-horse-42", name: "TCC E2E" }) })
  ).json();
  const token = reg.access_token;
  const project = await api("POST", "/projects", token, { name: "Protection feeder", network });
  check(project.id, `project created: ${JSON.stringify(project).slice(0, 300)}`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await session.signIn(token, reg.refresh_token, `/#/project/${project.id}`);
  await page.reload();
  await page.locator('g.branch[data-id="L1"]').waitFor({ timeout: 60000 });
  check((await page.locator(".device").count()) === 5, "the five existing devices are drawn (relays R0, R2, recloser RC3, fuses F1, F2)");

  // a relay on L1 at its M0 end (L1 runs M0 -> M1), a fuse on X0 at M0
  const l1 = (await api("GET", `/projects/${project.id}`, token)).network.lines.find((l) => l.id === "L1");
  check(l1.from_bus === "M0", "L1 starts at M0");
  await page.locator('[data-palette="relay"]').click();
  let p = await along("L1", 0.2);
  await page.mouse.click(p.x, p.y);
  await page.locator('.device.relay[data-id="R1"]').waitFor({ timeout: 10000 });
  check((await text(".props h2")).startsWith("Relay"), "the new relay is selected in the property panel");
  // its 51 element: IEEE very inverse, 300 A, dial 1.2 (the vectors' R1), through the nested fields
  const field = (name) => page.locator(`[id="prop-elements.0.${name}"]`);
  await field("curve").selectOption("IEEE-VI");
  await field("pickup_a").fill("300");
  await field("dial").fill("1.2");
  await page.getByRole("button", { name: "Apply" }).click();
  await shot("tcc-1440-relay-properties");
  await page.locator('[data-palette="fuse"]').click();
  p = await along("X0", 0.2);
  await page.mouse.click(p.x, p.y);
  await page.locator('.device.fuse[data-id="F3"]').waitFor({ timeout: 10000 });
  await page.waitForTimeout(1800); // autosave
  const saved = (await api("GET", `/projects/${project.id}`, token)).network;
  const r1 = saved.relays.find((r) => r.id === "R1");
  const f3 = saved.fuses.find((f) => f.id === "F3");
  check(r1 && r1.branch === "L1" && r1.bus === "M0", `R1 saved at L1/M0: ${JSON.stringify(r1)}`);
  check(r1.elements[0].curve === "IEEE-VI" && r1.elements[0].pickup_a === 300 && r1.elements[0].dial === 1.2, `R1 settings saved: ${JSON.stringify(r1.elements)}`);
  check(f3 && f3.branch === "X0" && f3.bus === "M0" && f3.fuse_type === "K", `F3 saved at X0/M0: ${JSON.stringify(f3)}`);
  await shot("tcc-1440-placed");

  // the protection study on the server
  await page.getByLabel("study type").selectOption("protection_coordination");
  await page.getByTestId("run-study").click();
  await page.getByTestId("protection-status").waitFor({ timeout: 120000 });
  const studies = (await api("GET", `/projects/${project.id}/studies?sort=-created_at`, token)).studies;
  const study = studies.find((s) => s.study_type === "protection_coordination" && s.status === "completed");
  const res = await api("GET", `/projects/${project.id}/studies/${study.id}/results?format=json`, token);
  check(res.devices.some((d) => d.id === "R1") && res.devices.some((d) => d.id === "F3"), "R1 and F3 in the study");

  // the TCC of R1: its path R1 -> R0, times and margins as the API's
  await page.getByRole("tab", { name: /^Devices/ }).click();
  await page.getByRole("button", { name: "TCC of R1", exact: true }).click();
  await page.getByTestId("tcc-canvas").waitFor();
  const pair = res.pairs.find((q) => q.primary === "R1" && q.backup === "R0");
  check(pair, "R0 backs R1");
  const pairRow = `[data-testid="tcc-pair-R1-R0"]`;
  const margin0 = await text(`${pairRow} td:nth-child(2)`);
  check(margin0 === `${pair.min_margin_s.toFixed(3)} s`, `R1/R0 margin on screen ${margin0} = API ${pair.min_margin_s}`);
  check((await page.getAttribute(pairRow, "data-ok")) === (pair.ok ? "1" : "0"), "R1/R0 status as the API");
  const maxPt = pair.points.filter((q) => q.case === "max").sort((a, b) => b.i_primary_a - a.i_primary_a)[0];
  const t0 = await text('[data-testid="tcc-time-R1-max"]');
  const marker = res.tcc.fault_markers.find((m) => m.device === "R1" && m.case === "max");
  // the operate time at R1's largest zone current: the engine's check point at that current, when it is one
  const engineT = pair.points.find((q) => Math.abs(q.i_primary_a - marker.i_a) < 1e-6 * marker.i_a)?.t_primary_s;
  if (engineT != null) check(t0 === `${engineT.toFixed(3)} s`, `R1 time at I max ${t0} = engine ${engineT}`);
  await shot("tcc-1440-open");

  // drag R1's curve up by 60 px at a current between its pickup and its fault current
  const axes = JSON.parse(await page.getAttribute('[data-testid="tcc-canvas"]', "data-axes"));
  const box = await page.locator('[data-testid="tcc-canvas"]').boundingBox();
  const X = (i) => box.x + axes.left + ((Math.log10(i) - axes.x0) / (axes.x1 - axes.x0)) * axes.width;
  const Y = (t) => box.y + axes.top + axes.height - ((Math.log10(t) - axes.y0) / (axes.y1 - axes.y0)) * axes.height;
  const i = maxPt.i_primary_a * 0.6; // voltage base is R1's own (11 kV): no scaling
  // IEEE-VI: t = TD (19.61 / (M^2 - 1) + 0.491)
  const m = i / 300;
  const t = 1.2 * (19.61 / (m * m - 1) + 0.491);
  await page.mouse.move(X(i), Y(t));
  await page.mouse.down();
  await page.mouse.move(X(i), Y(t) - 30, { steps: 3 });
  const tMid = await text('[data-testid="tcc-time-R1-max"]');
  const setMid = await text('[data-testid="tcc-setting-R1"]');
  check(tMid !== t0 && parseFloat(tMid) > parseFloat(t0), `while dragging the time at I max changes: ${t0} -> ${tMid}`);
  await page.mouse.move(X(i), Y(t) - 60, { steps: 3 });
  const tDrag = await text('[data-testid="tcc-time-R1-max"]');
  const marginDrag = await text(`${pairRow} td:nth-child(2)`);
  check(parseFloat(tDrag) > parseFloat(tMid), `and keeps changing: ${tMid} -> ${tDrag}`);
  check(marginDrag !== margin0, `the R1/R0 margin follows: ${margin0} -> ${marginDrag}`);
  await shot("tcc-1440-dragging");
  await page.mouse.up();
  const setting = await text('[data-testid="tcc-setting-R1"]');
  const dial = parseFloat(setting.match(/× ([\d.]+)/)[1]);
  // 60 px up on a log time axis: the dial scales by 10^(60 / height * decades)
  const expect = Math.round(1.2 * 10 ** ((60 / axes.height) * (axes.y1 - axes.y0)) * 1000) / 1000;
  check(Math.abs(dial - expect) <= 0.002, `dial after the drag ${dial} ≈ ${expect} (${setMid} -> ${setting})`);
  const status = await text('[data-testid="status"]');
  check(status.startsWith("TCC: R1"), `applied as an edit: ${status}`);
  // the engine agrees with the browser's new time at I max (the `tcc` formula through the API's own study later)
  const tAfter = parseFloat(await text('[data-testid="tcc-time-R1-max"]'));
  const mMax = marker.i_a / 300;
  const tExpected = dial * (19.61 / (mMax * mMax - 1) + 0.491);
  check(Math.abs(tAfter - tExpected) < 0.0015, `time at I max ${tAfter} = TD formula ${tExpected.toFixed(4)}`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await shot("tcc-390");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole("button", { name: "close time-current curves" }).click();
  await page.getByTestId("undo").click();
  const undone = await text('[data-testid="status"]');
  check(undone.startsWith("undo TCC: R1"), `the drag is undoable: ${undone}`);

  // automatic coordination: proposed settings shown as the API gives them, previewed in the TCC, applied, undone
  await page.waitForTimeout(1800); // autosave of the undo
  await page.getByLabel("method").selectOption("auto_coordination");
  await page.getByTestId("run-study").click();
  await page.getByTestId("auto-coordination").waitFor({ timeout: 120000 });
  const s2 = (await api("GET", `/projects/${project.id}/studies?sort=-created_at`, token)).studies.find(
    (s) => s.study_type === "protection_coordination" && s.status === "completed" && s.analysis_method === "auto_coordination",
  );
  const res2 = await api("GET", `/projects/${project.id}/studies/${s2.id}/results?format=json`, token);
  check(res2.auto.settings.length > 0, `the engine proposes settings: ${res2.auto.status} ${res2.auto.message}`);
  for (const st of res2.auto.settings) {
    const cells = await page.locator(`[data-testid="auto-${st.device}-${st.element}"] td`).allTextContents();
    check(cells[3] === st.dial_after.toFixed(3), `proposed dial of ${st.device}: ${cells[3]} = API ${st.dial_after}`);
  }
  await page.getByTestId("auto-preview").click();
  await page.getByTestId("tcc-preview").waitFor();
  const shownR0 = await text('[data-testid="tcc-setting-R0"]');
  const r0 = res2.auto.settings.find((st) => st.device === "R0");
  if (r0) check(shownR0.includes(`× ${+r0.dial_after.toPrecision(4)}`), `the preview draws R0 at the proposed dial: ${shownR0}`);
  await shot("tcc-1440-auto-preview");
  await page.getByRole("button", { name: "close time-current curves" }).click();
  await page.getByTestId("auto-apply").click();
  const applied = await text('[data-testid="status"]');
  check(applied.startsWith("automatic coordination:"), `applied as one edit: ${applied}`);
  await page.waitForTimeout(1800);
  const after = (await api("GET", `/projects/${project.id}`, token)).network.relays;
  for (const st of res2.auto.settings) check(after.find((r) => r.id === st.device).elements[st.element].dial === st.dial_after, `${st.device} dial saved as proposed`);
  await page.getByTestId("undo").click();
  check((await text('[data-testid="status"]')).startsWith("undo automatic coordination"), "and undone in one step");
  check(errors.length === 0, `no page errors: ${errors.join("; ")}`);
  console.log(`E2E TCC OK (R1 dial 1.2 -> ${dial}, time at I max ${t0} -> ${tAfter.toFixed(3)} s, margin ${margin0} -> ${marginDrag})`);
});
