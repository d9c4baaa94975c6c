import { describe, expect, it } from "vitest";
import { ApiError } from "./client";

describe("API errors name the element and field", () => {
  it("normalizes the engine's field paths", () => {
    const e = new ApiError(422, "Invalid network", { code: "invalid_network", fields: [{ field: "network.buses[0].vn_kv", message: "Input should be greater than or equal to 0", element_id: "B1" }] });
    expect(e.fieldError).toEqual({ element_id: "B1", field: "vn_kv", message: "Input should be greater than or equal to 0" });
    const f = new ApiError(422, "x", { fields: [{ field: "network.bus", message: "unknown bus 'B9'", element_id: "D1" }] });
    expect(f.fieldError?.field).toBe("bus");
    expect(new ApiError(500, "boom", {}).fieldError).toBeNull();
  });
});
