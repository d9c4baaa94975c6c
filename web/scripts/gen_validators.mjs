// Reads {"schema": <JSON Schema with $defs>, "names": [<$defs entries>] | null, "draft": "2020" | "07"} on stdin and
// prints ajv's standalone validation code: one exported function per named $defs entry (all when names is null),
// for scripts/gen_contract.py. Compiled ahead of time so that the app never compiles code at run time: its
// Content-Security-Policy needs no 'unsafe-eval'.
import Ajv from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { schema, names, draft } = JSON.parse(input);
const options = { allErrors: true, strict: false, code: { source: true, esm: true, lines: true } };
const ajv = draft === "2020" ? new Ajv2020(options) : new Ajv(options);
ajv.addSchema(schema, "root");
const wanted = (names ?? Object.keys(schema.$defs)).slice().sort();
const refs = Object.fromEntries(wanted.map((name) => [name, `root#/$defs/${name}`]));
// ajv's ESM output still loads its runtime helpers with require(); turn those into imports for the bundler
let code = standaloneCode(ajv, refs);
const imports = [];
code = code.replace(/const (\w+) = require\("([^"]+)"\)\.default;/g, (_, name, path) => {
  // CommonJS with __esModule: the function is `default` (bundlers) or `default.default` (Node's interop)
  imports.push(`import * as _${name} from "${path}.js";`);
  return `const ${name} = _${name}.default?.default ?? _${name}.default;`;
});
if (/require\(/.test(code)) throw new Error("ajv standalone code still calls require()");
process.stdout.write(`// @ts-nocheck\n${imports.join("\n")}\n${code.replace('"use strict";', "")}`);
