import { describe, expect, it } from "vitest";
import { STUDY, STUDY_TYPES } from "../contract/studies";
import { humanize, optionFields, parseOptions, studyTypes } from "./options";

describe("study options from the contract", () => {
  it("every registered study type, its methods and its option fields", () => {
    expect(studyTypes()).toEqual(Object.keys(STUDY_TYPES).filter((t) => STUDY_TYPES[t as keyof typeof STUDY_TYPES].inputKind === "network"));
    expect(studyTypes()).toContain(STUDY.POWER_FLOW);
    const pf = optionFields(STUDY.POWER_FLOW).map((f) => f.name);
    expect(pf).toEqual(expect.arrayContaining(["tol", "max_iter", "enforce_q_limits", "init", "accel"]));
    expect(pf).not.toContain("method");
    const sc = optionFields(STUDY.SHORT_CIRCUIT);
    expect(sc.find((f) => f.name === "fault")!.enum).toEqual(["3ph", "2ph", "1ph", "2phg"]);
    expect(humanize("newton_raphson")).toBe("Newton Raphson");
    expect(humanize("iec_60909")).toBe("IEC 60909");
  });

  it("typed values become parameters; ill-typed ones are errors, never silent defaults", () => {
    const m = STUDY_TYPES[STUDY.POWER_FLOW].methods[0];
    expect(parseOptions(STUDY.POWER_FLOW, m, { tol: "1e-10", enforce_q_limits: true, init: "warm", max_iter: "" })).toEqual({
      params: { tol: 1e-10, enforce_q_limits: true, init: "warm" },
      errors: {},
    });
    expect(parseOptions(STUDY.POWER_FLOW, m, { tol: "abc" }).errors.tol).toMatch(/number/);
    expect(parseOptions(STUDY.POWER_FLOW, m, { tol: "2" }).errors.tol).toMatch(/< 1/);
    expect(parseOptions(STUDY.POWER_FLOW, m, { max_iter: "2.5" }).errors.max_iter).toBeDefined();
    expect(parseOptions(STUDY.SHORT_CIRCUIT, "iec_60909", { buses: ["B2"], fault: "1ph" }).params).toEqual({ buses: ["B2"], fault: "1ph" });
    // a numeric enum from a select is the number
    expect(parseOptions(STUDY.SHORT_CIRCUIT, "iec_60909", { lv_tol_percent: "10" })).toEqual({ params: { lv_tol_percent: 10 }, errors: {} });
  });
});
