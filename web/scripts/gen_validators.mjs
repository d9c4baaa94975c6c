// Reads the network's JSON Schema on stdin and prints ajv's standalone validation code for each element type
// (one exported function per $defs entry), for scripts/gen_contract.py. Compiled ahead of time so that the app
// never compiles code at run time: its Content-Security-Policy needs no 'unsafe-eval'.
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const schema = JSON.parse(input);
const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true, lines: true } });
ajv.addSchema(schema, "network");
const refs = Object.fromEntries(Object.keys(schema.$defs).sort().map((name) => [name, `network#/$defs/${name}`]));
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
