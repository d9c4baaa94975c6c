// The guide's text and the API reference's reading of the OpenAPI document.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { section } from "./markdown";
import { operations } from "../components/ApiReference";

const readme = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");

describe("user guide", () => {
  it("takes the validation table from README, whole", () => {
    const table = section(readme, "How results are validated");
    expect(table).toContain("| what | reference | tolerance | test |");
    expect(table).toContain("PYPOWER 5.1.21");
    expect(table).toContain("IEC TR 60909-4");
    expect(table.split("\n").filter((l) => l.startsWith("| ")).length).toBeGreaterThan(15);
  });
});

describe("API reference", () => {
  it("groups operations by tag and reads parameters, bodies and responses", () => {
    const doc = {
      openapi: "3.0.3",
      tags: [{ name: "auth" }, { name: "projects" }],
      security: [{ bearer: [] }],
      paths: {
        "/api/projects/{project_id}/export": {
          get: { tags: ["projects"], summary: "Download", parameters: [{ name: "format", in: "query", schema: { type: "string", enum: ["gridsolve"] } }], responses: { "200": { description: "The file" } } },
        },
        "/api/auth/login": {
          post: { tags: ["auth"], summary: "Sign in", security: [], requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Credentials" } } } }, responses: { "200": { description: "ok" } } },
        },
      },
    };
    const groups = operations(doc);
    expect([...groups.keys()]).toEqual(["auth", "projects"]);
    const login = groups.get("auth")![0];
    expect(login.secured).toBe(false);
    expect(login.body?.schema).toEqual({ $ref: "#/components/schemas/Credentials" });
    const exp = groups.get("projects")![0];
    expect(exp.secured).toBe(true);
    expect(exp.parameters[0].name).toBe("format");
  });
});
