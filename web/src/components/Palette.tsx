import { useEditor, type PaletteKind } from "../store/editor";
import { PALETTE } from "../editor/factory";

const ICONS: Record<PaletteKind, string> = {
  bus: "M4 16 H28",
  generator: "M16 4 a12 12 0 1 0 0.01 0 M9 16 q3.5 -6 7 0 t7 0",
  external_grid: "M4 4 H28 V28 H4 Z M4 4 L28 28 M28 4 L4 28",
  load: "M6 8 H26 L16 26 Z",
  shunt: "M6 13 H26 M6 19 H26 M16 4 V13 M16 19 V28",
  line: "M4 28 L28 4",
  cable: "M4 28 L8 24 M12 20 L16 16 M20 12 L24 8",
  transformer: "M12 16 m-8 0 a8 8 0 1 0 16 0 a8 8 0 1 0 -16 0 M20 16 m-8 0 a8 8 0 1 0 16 0 a8 8 0 1 0 -16 0",
  transformer3w: "M16 10 m-7 0 a7 7 0 1 0 14 0 a7 7 0 1 0 -14 0 M11 19 m-7 0 a7 7 0 1 0 14 0 a7 7 0 1 0 -14 0 M21 19 m-7 0 a7 7 0 1 0 14 0 a7 7 0 1 0 -14 0",
  switch: "M4 16 H10 L22 8 M22 16 H28",
  relay: "M9 9 H23 V23 H9 Z M4 16 H9 M23 16 H28",
  fuse: "M8 12 H24 V20 H8 Z M4 16 H28",
};

export function Palette() {
  const tool = useEditor((s) => s.tool);
  const setTool = useEditor((s) => s.setTool);
  const arm = (kind: PaletteKind) => {
    const spec = PALETTE.find((p) => p.kind === kind)!;
    setTool(spec.connect >= 2 ? { kind: "connect", element: kind } : { kind: "place", element: kind });
    useEditor.getState().setStatus(spec.connect >= 2 ? `${spec.label}: click ${spec.connect} buses` : `${spec.label}: click or drop on the diagram`);
  };
  return (
    <nav className="palette" aria-label="equipment palette">
      <button
        className={tool.kind === "select" ? "active" : ""}
        aria-pressed={tool.kind === "select"}
        aria-label="select tool (Esc)"
        data-palette="select"
        onClick={() => setTool({ kind: "select" })}
      >
        <svg viewBox="0 0 32 32" aria-hidden="true">
          <path d="M8 4 L8 26 L14 20 L18 28 L21 27 L17 19 L25 19 Z" />
        </svg>
        <span>Select</span>
      </button>
      {PALETTE.map((p) => {
        const active = tool.kind !== "select" && tool.element === p.kind;
        return (
          <button
            key={p.kind}
            className={active ? "active" : ""}
            aria-pressed={active}
            aria-label={`${p.label} (${p.key.toUpperCase()})`}
            title={`${p.label} — key ${p.key.toUpperCase()}`}
            data-palette={p.kind}
            onPointerDown={() => arm(p.kind)}
            onClick={() => arm(p.kind)}
          >
            <svg viewBox="0 0 32 32" aria-hidden="true">
              <path d={ICONS[p.kind]} />
            </svg>
            <span>{p.label}</span>
          </button>
        );
      })}
    </nav>
  );
}
