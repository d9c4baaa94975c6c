import { afterEach, describe, expect, it, vi } from "vitest";
import { Api, ApiError, errorDetail, errorText } from "./client";

afterEach(() => vi.unstubAllGlobals());

const respond = (status: number, body: unknown, statusText = "") =>
  vi.fn(async () => new Response(typeof body === "string" ? body : JSON.stringify(body), { status, statusText, headers: { "Content-Type": "application/json" } }));

describe("the API's one error body shape", () => {
  it("names the element and its own field", () => {
    const e = new ApiError(422, { code: "invalid_network", message: "Invalid network", fields: [{ field: "network.buses[0].vn_kv", message: "Input should be greater than or equal to 0", element_id: "B1" }] });
    expect(e.code).toBe("invalid_network");
    expect(e.fieldError).toEqual({ element_id: "B1", field: "vn_kv", message: "Input should be greater than or equal to 0" });
    expect(new ApiError(422, { message: "x", fields: [{ field: "network.bus", message: "unknown bus 'B9'", element_id: "D1" }] }).fieldError?.field).toBe("bus");
    expect(new ApiError(500, { message: "boom" }).fieldError).toBeNull();
    expect(errorText(e)).toBe("vn_kv: Input should be greater than or equal to 0");
  });

  it("keeps a file line and refuses other shapes", () => {
    const d = errorDetail(400, "Bad Request", { error: { code: "parse_error", message: "bad", fields: [{ field: "content.mpc.branch.x", message: "zero impedance", file: "case.m", line: 51 }] } });
    expect(d.fields![0]).toMatchObject({ file: "case.m", line: 51 });
    // a proxy's text or an old shape is not read as fields
    expect(errorDetail(502, "Bad Gateway", "upstream down")).toEqual({ code: "http_502", message: "502 Bad Gateway" });
    expect(errorDetail(400, "Bad Request", { errors: [{ field: "x", message: "y" }] }).fields).toBeUndefined();
  });

  it("api() throws an ApiError from the response body", async () => {
    vi.stubGlobal("fetch", respond(412, { error: { code: "version_conflict", message: "changed elsewhere", fields: [] } }));
    const err = await Api.patchProject("p1", '"p1.v1"', { name: "x" }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(412);
    expect(err.code).toBe("version_conflict");
    expect(err.message).toBe("changed elsewhere");
  });

  it("sends diagram-only edits and the browser solution to their routes", async () => {
    const fetch = respond(200, { id: "p1", version: 3 });
    vi.stubGlobal("fetch", fetch);
    await Api.patchProject("p1", '"p1.v2"', { diagram: { version: 1, elements: {} } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/projects/p1");
    expect((init.headers as Record<string, string>)["If-Match"]).toBe('"p1.v2"');
    expect(JSON.parse(String(init.body))).toEqual({ diagram: { version: 1, elements: {} } });
    await Api.compiled("p1");
    expect(fetch.mock.calls[1][0]).toBe("/api/projects/p1/compiled");
  });
});
