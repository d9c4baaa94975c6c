import { describe, expect, it } from "vitest";
import { activeLayer, branchValueText, busValueText, DEFAULT_SHOWN, scBranchText, scBusText, tooltipRows } from "./layers";
import type { BranchResult, BusResult, PowerFlowResultModel, ShortCircuitResultModel } from "../model/elements";

const bus: BusResult = { id: "B1", vm_pu: 1.0213, va_deg: -2.345, vm_kv: null, p_mw: -10, q_mvar: -2, energized: true };
const br: BranchResult = { id: "L1", kind: "line", from_bus: "B1", to_bus: "B2", p_from_mw: -12.34, q_from_mvar: 3.21, p_to_mw: 12.3, q_to_mvar: -3.3, i_from_ka: 0.1, i_to_ka: 0.1, loading_percent: 81.6, p_loss_mw: 0.04, q_loss_mvar: 0 };

describe("result labels", () => {
  it("carry the chosen quantities with their units: |V| in pu and kV, angle, P, Q, loading", () => {
    expect(busValueText(bus, 110, DEFAULT_SHOWN)).toBe("1.0213 pu ∠-2.35°");
    expect(busValueText(bus, 110, { ...DEFAULT_SHOWN, vm_kv: true, va_deg: false })).toBe("1.0213 pu 112.34 kV");
    expect(busValueText({ ...bus, vm_kv: 112.0 }, 110, { ...DEFAULT_SHOWN, vm_pu: false, vm_kv: true, va_deg: false })).toBe("112.00 kV");
    expect(busValueText(bus, 110, { ...DEFAULT_SHOWN, vm_pu: false, va_deg: false })).toBeUndefined();
    expect(busValueText({ ...bus, energized: false }, 110, DEFAULT_SHOWN)).toBe("de-energized");
    expect(branchValueText(br, DEFAULT_SHOWN)).toBe("12.3 MW · 82 %");
    expect(branchValueText(br, { ...DEFAULT_SHOWN, q: true, loading: false })).toBe("12.3 MW · 3.2 Mvar");
    expect(scBusText(8.4487)).toBe("I″k 8.45 kA");
    expect(scBranchText(1.2, 3.456)).toBe("I″k 3.46 kA");
  });

  it("each study is a layer: the chosen one when it has results, else the one that has", () => {
    expect(activeLayer("pf", {}, {})).toBe("pf");
    expect(activeLayer("sc", {}, {})).toBe("sc");
    expect(activeLayer("sc", {}, null)).toBe("pf");
    expect(activeLayer("pf", null, {})).toBe("sc");
    expect(activeLayer("pf", null, null)).toBeNull();
  });

  it("the tooltip lists the element's results of the shown layer with engineering labels", () => {
    const pf = { buses: [bus], branches: [br], generators: [] } as unknown as PowerFlowResultModel;
    const sc = { buses: [{ id: "B1", vn_kv: 110, energized: true, ikss_ka: 8.45, ip_ka: 20.1 }], branches: [] } as unknown as ShortCircuitResultModel;
    const rows = tooltipRows("B1", "pf", pf, sc);
    expect(rows.map((r) => r.label)).toContain("|V| pu");
    expect(rows.find((r) => r.label === "|V| pu")!.value).toBe("1.0213");
    const scRows = tooltipRows("B1", "sc", pf, sc);
    expect(scRows.find((r) => r.label.startsWith("I″k"))!.value).toBe("8.450");
    expect(scRows.some((r) => r.label.startsWith("|V|"))).toBe(false);
    expect(tooltipRows("L1", "pf", pf, sc).find((r) => r.label.includes("Loading"))!.value).toBe("81.6");
  });
});
