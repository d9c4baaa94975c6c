// The user guide served by the app (#/help/<topic>). The first-study steps are followed literally by the Chromium
// test web/e2e/help.e2e.mjs: change the steps and the test together. The validation section is README's own
// table ("How results are validated"), so the guide never disagrees with it.
import readme from "../../../README.md?raw";
import { section } from "./markdown";

export interface Topic {
  id: string;
  title: string;
  body: string;
}

const VALIDATION_INTRO = `Every number GridSolve shows is computed by one engine (the browser's WebAssembly solver is checked against it
field by field). The engine's results are checked in its test suite against independent programs and published
examples, each with a stated tolerance. The table below is the project's own record (README, "How results are
validated"); the test named in each row runs on every change.`;

export const TOPICS: Topic[] = [
  {
    id: "getting-started",
    title: "Getting started",
    body: `GridSolve draws single-line diagrams and runs power-flow and short-circuit studies on them, in the browser for
small networks and on the server for any size.

### Accounts
- **Sign up** with your name, e-mail and a password. The password must be 8 to 256 characters and hard to guess:
  common and breached passwords, keyboard patterns and anything built from your e-mail or name are refused. The
  form checks it as you type and says what is wrong.
- A mail with a link confirms your address; until then you cannot accept invitations to organizations.
- **Forgot password?** under the sign-in form mails a link (valid for an hour, once) to choose a new password.
  Setting it signs out every other session.
- **Work offline** opens the editor without an account; the network is kept in this browser only.

### Projects
The project list shows your projects, your organizations' projects and the public samples. Each of your projects
has a **⋯ Manage** button: rename, make public or private, move it into one of your organizations (or back to
your own account), put a copy into an organization, download the network (GridSolve JSON, MATPOWER .m, CGMES
2.4.15 zip), and delete it (you type its name to confirm).

Public projects, the samples among them, open **read-only**: look, run the browser's power flow, download; press
**Fork to edit** to get your own copy.

### The editor
- The **palette** on the left places equipment: press a key (B bus, X external grid, G generator, D load, L
  line, C cable, T transformer, S switch) or click, then click on the diagram (or on two buses for a branch).
- The **Properties** panel edits the selected element; fields marked **typical** hold typical data with its
  source. Select several elements to set one field on all of them at once (one undo step).
- Ctrl+Z / Ctrl+Shift+Z undo and redo every edit; Ctrl+S saves (the editor also saves a moment after each edit).`,
  },
  {
    id: "first-study",
    title: "A first power-flow study",
    body: `This walk-through uses the IEEE 14-bus sample that every account can see.

1. On the project list, click **IEEE 14-bus system**. It opens read-only, because it is a public sample.
2. Press **Fork to edit**. Your own copy opens, named "IEEE 14-bus system (fork)".
3. In the **Study** panel, keep the type **Power flow** and press **Run power flow**.
4. The **Results** panel says **converged** and how many iterations it took; the diagram shows |V| in pu at each bus.
5. Open the **Buses (14)** tab: one row per bus with |V| (pu), angle (°), P (MW) and Q (Mvar). Click a row to
   select that bus on the diagram.
6. Press **Buses CSV** to download the table.

The **Engine** choice decides where it runs: **Auto** solves small networks in the browser (instant) and larger ones on
the server; both give the same numbers.`,
  },
  {
    id: "short-circuit",
    title: "A short-circuit study",
    body: `Short circuit follows IEC 60909-0. Every source needs its short-circuit data, and an earth fault (single line to
ground) needs the zero-sequence data of every element on the fault's path.

1. Draw or open a network. Equipment from the palette is ready for it: lines, cables, transformers and external
   grids come with **typical** zero-sequence data (the Properties panel names the source: the IEC TR 60909-4
   example network), which you replace with your equipment's data when you have it.
2. In the **Study** panel choose **Short circuit**, the fault (three-phase, two-phase, single line to ground) and
   the case (maximum or minimum), then run it.
3. The results list I″k (kA), ip (kA), ib and ith at every faulted bus; **Sequence networks** shows the
   positive-, negative- and zero-sequence impedances behind them.

### Imported cases without nominal voltages
MATPOWER files often carry 0 as the base kV (the IEEE 14 sample does). The editor then shows **Set nominal
voltages…**: the buses are grouped into voltage levels (transformers separate them); give each level its kV, or
take the value proposed from a transformer's rating, and apply it as one step.

### Generators without short-circuit data
Cases built for power flow have no subtransient reactance. Select the generators (Shift+click), choose the field
\`xdss_pu\` in **Edit all selected**, enter a value and press **Set on N elements**; do the same for \`sn_mva\`.`,
  },
  {
    id: "import",
    title: "Importing files",
    body: `**Import file…** on the project list reads these formats (the format follows from the extension; the menu
beside it decides for \`.json\`):

| format | extension | what is read |
|---|---|---|
| MATPOWER (v2) | \`.m\` | buses, generators, branches (lines and transformers as per-unit pi branches), costs ignored |
| PSS/E RAW v33 / v35 | \`.raw\` | buses, loads, fixed shunts, generators, branches, two- and three-winding transformers, switched shunts |
| pandapower JSON | \`.json\` | every element table pandapower's power flow uses, with geodata as diagram positions |
| GridSolve JSON | \`.json\` | the native model (what **Download** writes) |
| CGMES 2.4.15 / 3.0 | \`.zip\` (API: \`format: cgmes\`) | EQ, TP, SSH (and SV) profiles |
| OpenDSS | \`.dss\` (API: \`format: opendss\`) | a three-phase feeder for the unbalanced power flow |

A file that cannot be read is refused with the line, element and field at fault. Buses without positions are
placed by the automatic layout.`,
  },
  {
    id: "results",
    title: "Reading the results",
    body: `- **|V| (pu)** is the voltage magnitude on the bus's nominal voltage; **|V| (kV)** needs that nominal voltage.
- **Angle (°)** is relative to the reference (slack) bus.
- **P, Q** at a bus are the net injections of its units and loads (MW, Mvar); branch flows are given at both
  ends, so their sum is the branch's loss.
- **Loading (%)** is the current against the branch's rating (lines: max_i_ka; transformers: sn_mva).
- The badge says **converged in N it.** only when the mismatch fell below the tolerance; otherwise nothing is
  painted and the message names the buses with the largest mismatch.
- Short circuit: **I″k** initial symmetrical current (kA), **ip** peak (kA), **ib** breaking, **ith** thermal
  equivalent, each at the faulted bus.`,
  },
  {
    id: "warnings",
    title: "What each warning means",
    body: `The engine explains what it decided. Each note is listed with the results and names its element.

| warning | meaning | what to do |
|---|---|---|
| slack generator: generator '…' at bus '…' was chosen as reference | no external grid or slack bus was given; the largest unit holds voltage and angle and takes the balance | add an external grid, or mark the intended slack |
| slack bus '…' has no unit holding its voltage | the reference bus sets the angle and balances P, its voltage is solved | check that the intended source is there |
| N bus(es) have no path to a voltage source and are de-energized | islands without a source; they carry no voltage | connect them or take them out of service |
| bus '…' reached its Q limit: PV -> PQ | a generator hit its reactive limit and no longer holds its voltage | check the limits, or accept the lower voltage |
| bus '…' back to PV | the voltage recovered past the set point, the unit holds it again | none |
| largest mismatch at bus(es) … | the power flow did not converge; these buses are the furthest from balance | check loads and impedances there, or try another method |
| N faulted bus(es) have no zero-sequence path to earth | an earth fault there gives no current (delta or unearthed windings) | expected for unearthed systems; else check vector groups |
| external grid '…': rx_… not given, R/X = 0.1 assumed | IEC 60909-0 §6.2's default was used | give the grid's R/X |
| motor contributions neglected at … fault(s) | IEC 60909-0's rule for small motor contributions applied | none |
| zero-sequence data missing for a … fault | an element on the path lacks r0/x0 or uk0; the error names it | fill in the field it names |`,
  },
  {
    id: "validation",
    title: "The validation behind the numbers",
    body: `${VALIDATION_INTRO}\n\n${section(readme, "How results are validated")}`,
  },
];

export function topic(id: string): Topic | undefined {
  return TOPICS.find((t) => t.id === id);
}
