// Relays, fuses and reclosers drawn on the diagram at their branch ends (protection/placement.ts): a square "51"
// for a relay, a fuse-link rectangle for a fuse, a circle "R" for a recloser. Click one to select it (its
// settings are in the property panel).
import { memo } from "react";
import "./protection.css";
import { useEditor } from "../store/editor";
import type { DeviceMark } from "../protection/placement";

export const DeviceMarks = memo(function DeviceMarks({ marks, selected, showLabels }: { marks: DeviceMark[]; selected: Set<string>; showLabels: boolean }) {
  const pick = (e: React.PointerEvent, id: string) => {
    if (useEditor.getState().tool.kind !== "select" || e.button !== 0) return;
    e.stopPropagation();
    useEditor.getState().select([id], e.shiftKey || e.ctrlKey || e.metaKey);
  };
  return (
    <g className="device-marks">
      {marks.map((m) => (
        <g key={m.id} className={`device ${m.kind}${selected.has(m.id) ? " selected" : ""}`} data-id={m.id} role="button" aria-label={`${m.kind} ${m.label}`} onPointerDown={(e) => pick(e, m.id)}>
          {m.kind === "relay" && <rect x={m.x - 8} y={m.y - 8} width={16} height={16} rx={2} />}
          {m.kind === "relay" && (
            <text x={m.x} y={m.y + 3.5} textAnchor="middle" className="device-code">
              51
            </text>
          )}
          {m.kind === "fuse" && <rect x={m.x - 9} y={m.y - 4.5} width={18} height={9} rx={1} />}
          {m.kind === "fuse" && <line x1={m.x - 12} y1={m.y} x2={m.x + 12} y2={m.y} />}
          {m.kind === "recloser" && <circle cx={m.x} cy={m.y} r={8} />}
          {m.kind === "recloser" && (
            <text x={m.x} y={m.y + 3.5} textAnchor="middle" className="device-code">
              R
            </text>
          )}
          {showLabels && (
            <text x={m.x + 11} y={m.y - 9} className="device-label">
              {m.label}
            </text>
          )}
        </g>
      ))}
    </g>
  );
});
