// In the property panel: which library entry an element's values came from, the fields changed by hand since
// ("modified from library", with the library's value and the present one), and the actions: reapply the entry's
// values, detach the element from it, or choose another entry ("choose from library").
import { errorText } from "../api/client";
import { updateCommand } from "../editor/commands";
import { applyEquipment } from "../library/api";
import { applyPatch, kindOfList, modifiedFields, needsElement, notesText } from "../library/elements";
import { useLibrary } from "../library/store";
import type { Element, LibraryReference, ListName } from "../model/elements";
import { unitOf } from "../schema/units";
import { useEditor } from "../store/editor";

const fmt = (v: unknown) => (typeof v === "number" ? String(Number(v.toPrecision(6))) : v == null ? "none" : String(v));

export function LibraryBadge({ el, list }: { el: Element; list: ListName }) {
  const kind = kindOfList(list);
  if (!kind) return null;
  const ref = el.library as LibraryReference | null | undefined;
  const choose = (
    <button className="link small" onClick={() => useLibrary.getState().setOpen(true, kind)} data-testid="choose-from-library">
      Choose from library…
    </button>
  );
  if (!ref) return <div className="lib-badge none">{choose}</div>;
  const changed = modifiedFields(el);
  const st = useEditor.getState;
  const reapply = async () => {
    try {
      // a relay: its present settings checked again against the product (and its ranges restored)
      const applied = await applyEquipment(ref.equipment_id, ref.revision ?? "", kind, needsElement(kind) ? el : undefined);
      st().run(updateCommand(st().network, el.id, applyPatch(applied), `reapply ${ref.name || ref.equipment_id} to ${el.id}`));
      const notes = notesText(applied);
      st().setStatus(`${el.id}: library values of ${ref.name || ref.equipment_id} restored${notes ? ` · ${notes}` : ""}`);
    } catch (e) {
      st().setStatus(`library: ${errorText(e)}`);
    }
  };
  const detach = () => st().run(updateCommand(st().network, el.id, { library: undefined }, `detach ${el.id} from the library`));
  return (
    <div className={`lib-badge${changed.length ? " modified" : ""}`} data-testid="library-badge">
      <div>
        <span className="badge">library</span> <strong>{ref.name || ref.equipment_id}</strong>
        {changed.length > 0 && (
          <span className="badge warn" data-testid="modified-badge" title="values changed by hand since the entry was applied">
            modified from library
          </span>
        )}
      </div>
      {changed.length > 0 && (
        <ul className="small" data-testid="modified-fields">
          {changed.map((c) => (
            <li key={c.field} data-field={c.field}>
              {c.field}: {fmt(c.now)} {unitOf(c.field)} <span className="muted">(library {fmt(c.library)})</span>
            </li>
          ))}
        </ul>
      )}
      <div className="row small">
        {changed.length > 0 && (
          <button className="link small" onClick={reapply} data-testid="library-reapply">
            Reapply library values
          </button>
        )}
        <button className="link small" onClick={detach} data-testid="library-detach">
          Detach
        </button>
        {choose}
      </div>
    </div>
  );
}
