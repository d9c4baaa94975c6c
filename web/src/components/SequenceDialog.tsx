// The positive-, negative- and zero-sequence networks of a short-circuit study, drawn on the diagram's bus
// positions: series impedances of every two-port, shunts to the reference (sources with their EMF in the
// positive sequence, transformer earthing), and the two-ports that carry no current in the sequence shown
// (dashed, with a break: e.g. a Dyn transformer is open towards its delta side and earths its star side).
import { useEffect, useMemo, useRef, useState } from "react";
import { Api } from "../api/client";
import { useEditor } from "../store/editor";
import { Modal } from "./Modal";
import { placed } from "../editor/diagram";
import { branchRoute, formatZ, SEQUENCES, sequenceView, STATE_TEXT, type Pt, type SeqBranchView, type SeqName, type SequenceNetworksData, type SeqShuntView } from "../sequence/sequence";

const W = 660,
  H = 470;
const path = (pts: Pt[]) => pts.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(" ");

function Ground({ x, y, dir }: { x: number; y: number; dir: 1 | -1 }) {
  return <path className="seq-ground" d={`M${x - 9} ${y} L${x + 9} ${y} M${x - 6} ${y + dir * 4} L${x + 6} ${y + dir * 4} M${x - 3} ${y + dir * 8} L${x + 3} ${y + dir * 8}`} />;
}

function BranchG({ br, showZ, group }: { br: SeqBranchView; showZ: boolean; group?: string }) {
  const { points, box, vertical } = branchRoute(br.a, br.b);
  const on = br.state === "connected";
  const title = `${br.id} (${br.kind}${group ? ` ${group}` : ""}) ${br.from} → ${br.to}: ${on ? `Z = ${formatZ(br.r_pu, br.x_pu)} pu` : STATE_TEXT[br.state]}`;
  const text = on ? formatZ(br.r_pu, br.x_pu, 4) : br.state === "earthed" ? `open · earths ${br.earthedAt.join(", ")}` : br.state === "missing" ? `no data (${br.missingField})` : "open";
  const lx = vertical ? box.x + 10 : box.x;
  const ly = vertical ? box.y - 4 : box.y - 22;
  const anchor = vertical ? "start" : "middle";
  // the break of an element that is open in this sequence sits on the side that is not earthed
  const openSide = br.state === "earthed" && br.earthedAt.includes(br.from) ? br.b : br.a;
  const far = br.state === "earthed" && br.earthedAt.includes(br.from) ? points[points.length - 2] : points[1];
  const f = br.state === "earthed" ? 0.3 : 0.5;
  const gap = { x: openSide.x + (far.x - openSide.x) * f, y: openSide.y + (far.y - openSide.y) * f };
  const gapVertical = Math.abs(far.x - openSide.x) < 1;
  return (
    <g className={`seq-branch ${br.state}`} data-seq-element={br.id} data-state={br.state}>
      <title>{title}</title>
      <path d={path(points)} className={on ? "seq-wire" : "seq-wire open"} />
      {on ? (
        <rect className="seq-z" x={box.x - (vertical ? 5 : 14)} y={box.y - (vertical ? 14 : 5)} width={vertical ? 10 : 28} height={vertical ? 28 : 10} />
      ) : (
        <g className="seq-break">
          <rect x={gap.x - 7} y={gap.y - 7} width={14} height={14} className="seq-gap" />
          {gapVertical ? (
            <path d={`M${gap.x - 7} ${gap.y - 5} L${gap.x + 7} ${gap.y - 5} M${gap.x - 7} ${gap.y + 5} L${gap.x + 7} ${gap.y + 5}`} />
          ) : (
            <path d={`M${gap.x - 5} ${gap.y - 7} L${gap.x - 5} ${gap.y + 7} M${gap.x + 5} ${gap.y - 7} L${gap.x + 5} ${gap.y + 7}`} />
          )}
        </g>
      )}
      {showZ && (
        <text x={lx} y={ly} textAnchor={anchor} className={`seq-label${on ? "" : " muted"}`}>
          <tspan className="seq-id">{br.id}</tspan>
          {group ? <tspan className="seq-group"> {group}</tspan> : null}
          <tspan x={lx} dy={13} className="seq-val">
            {text}
          </tspan>
        </text>
      )}
    </g>
  );
}

function ShuntG({ sh, showZ }: { sh: SeqShuntView; showZ: boolean }) {
  const { x, y } = sh.a;
  const d = sh.dir;
  const boxA = y + d * 12,
    boxB = y + d * 36;
  const emfY = y + d * 50;
  const groundY = sh.emf ? y + d * 66 : y + d * 44;
  const label = `${sh.id} ${formatZ(sh.r_pu, sh.x_pu, 4)}`;
  return (
    <g className={`seq-shunt ${sh.kind}`} data-seq-element={sh.id} data-kind={sh.kind}>
      <title>{`${sh.id} (${sh.kind.replace(/_/g, " ")}) at ${sh.bus}: Z = ${formatZ(sh.r_pu, sh.x_pu)} pu to the reference`}</title>
      <path d={`M${x} ${y} L${x} ${groundY}`} className="seq-wire" />
      <rect className="seq-z" x={x - 5} y={Math.min(boxA, boxB)} width={10} height={24} />
      {sh.emf && (
        <>
          <circle cx={x} cy={emfY} r={9} className="seq-emf" />
          <path d={`M${x - 5} ${emfY} q2.5 -5 5 0 t5 0`} className="seq-emf-wave" />
        </>
      )}
      <Ground x={x} y={groundY} dir={d} />
      {showZ && (
        <text x={x + 9} y={(boxA + boxB) / 2 + 4} className="seq-label">
          {label}
        </text>
      )}
    </g>
  );
}

export function SequenceDrawing({ data, seq }: { data: SequenceNetworksData; seq: SeqName }) {
  const network = useEditor((s) => s.network);
  const layout = useEditor((s) => s.layout);
  const known = useMemo(() => new Map(network.buses.flatMap((b) => (placed(layout[b.id]) ? [[b.id, { x: layout[b.id].x as number, y: layout[b.id].y as number }] as const] : []))), [network, layout]);
  const groups = useMemo(() => new Map((network.transformers ?? []).map((t) => [t.id, String(t.vector_group ?? "")])), [network]);
  const view = useMemo(() => sequenceView(data, seq, known, W, H), [data, seq, known]);
  const showZ = view.buses.length <= 40;
  return (
    <svg className="seq-svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${seq}-sequence network`} data-testid="sequence-svg" data-seq={seq}>
      <text x={10} y={18} className="seq-caption">
        {seq === "positive" ? "Positive sequence: sources are EMFs behind their impedances" : seq === "negative" ? "Negative sequence: no EMFs; source impedances to the reference" : "Zero sequence: only earthed windings and earthed sources carry current"}
      </text>
      {view.branches.map((b) => (
        <BranchG key={`${b.id}-${b.from}-${b.to}`} br={b} showZ={showZ} group={groups.get(b.id)} />
      ))}
      {view.shunts.map((s, i) => (
        <ShuntG key={`${s.id}-${i}`} sh={s} showZ={showZ} />
      ))}
      {view.buses.map((b) => (
        <g key={b.id} className={`seq-bus${b.energized ? "" : " dead"}`} data-seq-bus={b.id}>
          <line x1={b.x1} y1={b.y} x2={b.x2} y2={b.y} />
          <text x={b.x1 - 6} y={b.y + 4} textAnchor="end" className="seq-bus-label">
            {b.id}
          </text>
        </g>
      ))}
    </svg>
  );
}

function ElementTable({ data, seq }: { data: SequenceNetworksData; seq: SeqName }) {
  const view = useMemo(() => sequenceView(data, seq, new Map()), [data, seq]);
  const rows = [
    ...view.branches.map((b) => ({ id: b.id, kind: b.kind, where: `${b.from} → ${b.to}`, z: formatZ(b.r_pu, b.x_pu), zo: formatZ(b.r_ohm, b.x_ohm, 3), state: b.state === "connected" ? "" : STATE_TEXT[b.state] })),
    ...view.shunts.map((s) => ({ id: s.id, kind: s.kind, where: `${s.bus} → ref.`, z: formatZ(s.r_pu, s.x_pu), zo: formatZ(s.r_ohm, s.x_ohm, 3), state: "" })),
  ];
  return (
    <div className="table-scroll seq-table">
      <table aria-label={`${seq}-sequence elements`}>
        <thead>
          <tr>
            <th>Element</th>
            <th>Z (pu, Ω)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.id}-${i}`} className={r.state ? "seq-row-open" : ""} title={r.state || undefined}>
              <td>
                {r.id} <span className="muted small">{r.where}</span>
                <div className="muted small">{r.kind.replace(/_/g, " ")}</div>
              </td>
              {r.state ? (
                <td className="seq-state">{r.state}</td>
              ) : (
                <td>
                  {r.z}
                  <div className="muted small">{r.zo} Ω</div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SequenceDialog({ projectId, studyId, onClose }: { projectId: string; studyId: string; onClose: () => void }) {
  const [data, setData] = useState<SequenceNetworksData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [seq, setSeq] = useState<SeqName>("positive");
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    let live = true;
    Api.sequenceNetworks(projectId, studyId)
      .then((r) => live && setData(r.data))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [projectId, studyId]);
  const onTabKey = (e: React.KeyboardEvent, i: number) => {
    const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = (i + step + SEQUENCES.length) % SEQUENCES.length;
    setSeq(SEQUENCES[next]);
    tabs.current[next]?.focus();
  };
  const badge = data ? <span className="badge">{`${data.case} case · ${data.base_mva} MVA base`}</span> : null;
  return (
    <Modal title="Sequence networks" onClose={onClose} className="seq-dialog" badge={badge}>
      <div role="tablist" aria-label="sequence" className="tabs">
        {SEQUENCES.map((s, i) => (
          <button
            key={s}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            role="tab"
            aria-selected={seq === s}
            tabIndex={seq === s ? 0 : -1}
            data-autofocus={i === 0 ? "" : undefined}
            onClick={() => setSeq(s)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {s[0].toUpperCase() + s.slice(1)}
          </button>
        ))}
        {data && seq === "zero" && !data.z0_complete && (
          <span className="badge warn" role="note">
            zero-sequence data missing for {data.z0_missing.map((m) => `${m.element_id}.${m.field}`).join(", ")}
          </span>
        )}
      </div>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {!data && !error && (
        <p className="muted" role="status">
          Loading sequence networks…
        </p>
      )}
      {data && (
        <div className="seq-body" role="tabpanel" aria-label={`${seq} sequence`}>
          <SequenceDrawing data={data} seq={seq} />
          <ElementTable data={data} seq={seq} />
        </div>
      )}
      <p className="muted small seq-legend">
        Impedances in per unit on the {data?.base_mva ?? 100} MVA base (R + jX, IEC 60909 correction factors applied); “ref.” and the earth symbol are the reference. Dashed with a break: no path in this sequence.
      </p>
    </Modal>
  );
}
