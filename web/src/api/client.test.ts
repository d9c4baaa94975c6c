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
    expect(errorText(e)).toBe("B1 · vn_kv: Input should be greater than or equal to 0");
    // issue 18: the file line and the field path stay on the banner ("x: branch has zero impedance" said neither)
    const at = new ApiError(400, { message: "Invalid network", fields: [{ field: "content.mpc.branch.x", message: "branch has zero impedance", line: 51, file: "<matpower>" }, { field: "x", message: "y" }] });
    expect(errorText(at)).toBe("<matpower>:51 · content.mpc.branch.x: branch has zero impedance (and 1 more)");
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

describe("plan limits and reports", () => {
  it("a 402 from any call opens the upgrade prompt with the API's message", async () => {
    const seen: unknown[] = [];
    vi.stubGlobal("dispatchEvent", (e: Event) => e.type === "gridsolve:plan-limit" && seen.push((e as CustomEvent).detail));
    {
      const message = "Plan limit: the Free plan (free) allows 10 studies a month and 10 have been used in this billing period. Upgrade to Professional";
      vi.stubGlobal("fetch", respond(402, { error: { code: "plan_limit", message, fields: [{ field: "max_studies_per_month", message: "10 of 10 used" }] } }));
      const err = await Api.createStudy("p1", { study_type: "some_study" }).catch((e) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err.status).toBe(402);
      expect(seen).toEqual([{ message, limit: "max_studies_per_month" }]);
      vi.stubGlobal("fetch", respond(409, { error: { code: "conflict", message: "no" } }));
      await Api.createStudy("p1", { study_type: "some_study" }).catch(() => undefined);
      expect(seen).toHaveLength(1); // other errors do not
    }
  });

  it("billing calls name the account", async () => {
    const fetch = respond(200, { url: "https://checkout.stripe.test/x" });
    vi.stubGlobal("fetch", fetch);
    await Api.checkout("utility", "org1");
    await Api.portal();
    await Api.usage("org1");
    const calls = fetch.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map(([u, i]) => [u, i.method, i.body ?? null])).toEqual([
      ["/api/billing/checkout", "POST", JSON.stringify({ plan: "utility", org_id: "org1" })],
      ["/api/billing/portal", "POST", "{}"],
      ["/api/billing/usage?org_id=org1", "GET", null],
    ]);
  });
});
