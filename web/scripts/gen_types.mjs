// Reads a JSON Schema on stdin and prints its TypeScript types (json-schema-to-typescript), for
// scripts/gen_contract.py. Deterministic: same schema, same output.
import { compile } from "json-schema-to-typescript";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const schema = JSON.parse(input);
const ts = await compile(schema, "Contract", {
  bannerComment: "",
  additionalProperties: false,
  unreachableDefinitions: true,
  strictIndexSignatures: true,
  format: true,
  style: { printWidth: 120, semi: true, singleQuote: false },
});
process.stdout.write(ts);
