// Checks the canonical JSON Schemas (sdk/schema) with a real JSON Schema validator, ajv, against
// the sample documents in tests/data/canonical, and compares ajv's findings with the C++ SDK's
// (through the canonical_validate tool) path by path:
//
//   - every schema compiles under ajv's strict mode (draft 2020-12, formats from ajv-formats);
//   - every valid/<type>/*.json is accepted by ajv and by the SDK;
//   - every invalid/<type>/*.json has an entry in invalid/expectations.json:
//       {"<type>/<file>.json": {"tier": "shape" | "rules", "paths": [JSON pointers], ...}}
//     "shape": ajv reports exactly these paths, and so does the SDK;
//     "rules": a rule no schema can express (totals, minor units...): ajv accepts the document,
//     and the SDK reports exactly these paths.
//
// ajv reports a missing or unexpected key at the object holding it, with the key in `params`;
// the SDK reports it at the key's own pointer. Such errors are compared at
// instancePath + "/" + key. ajv's `if` errors only summarise the `then` errors reported beside
// them, so they are left out.
//
// usage: node check_canonical_schemas.mjs --schemas DIR --samples DIR [--sdk-tool PATH]

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function usage(message) {
  console.error(`check_canonical_schemas: ${message}`);
  console.error("usage: node check_canonical_schemas.mjs --schemas DIR --samples DIR [--sdk-tool PATH]");
  process.exit(2);
}

const args = {};
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i];
  if (!key.startsWith("--") || i + 1 >= process.argv.length) usage(`bad argument ${key}`);
  args[key.slice(2)] = process.argv[i + 1];
}
if (!args.schemas || !args.samples) usage("--schemas and --samples are required");

// ajv comes from npm; without it the test must fail and say how to fix it.
const require = createRequire(join(here, "package.json"));
let Ajv2020, addFormats;
try {
  Ajv2020 = require("ajv/dist/2020").default;
  addFormats = require("ajv-formats").default;
} catch (e) {
  console.error(
    `FAILED: ajv is not installed in ${join(here, "node_modules")} (${e.code ?? e.message}).\n` +
      "Run `npm ci --prefix tests/tools --no-audit --no-fund` (scripts/test.sh does it).",
  );
  process.exit(1);
}

const failures = [];
let checks = 0;
function check(ok, message) {
  checks += 1;
  if (!ok) failures.push(message);
  return ok;
}

// --- the schemas -------------------------------------------------------------------------
// Strict mode catches typos and ignored keywords. strictRequired is relaxed because the
// conditional requirements (`if`/`then: {required: [...]}`) name properties defined beside them.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const schemaFiles = readdirSync(args.schemas).filter((f) => f.endsWith(".schema.json")).sort();
const schemas = schemaFiles.map((f) => JSON.parse(readFileSync(join(args.schemas, f), "utf8")));
for (const schema of schemas) ajv.addSchema(schema);
const validators = new Map();
const broken = new Set();
for (const [i, schema] of schemas.entries()) {
  try {
    validators.set(schema.$id, ajv.getSchema(schema.$id));
    check(true, "");
  } catch (e) {
    broken.add(schema.$id);
    check(false, `${schemaFiles[i]} does not compile under ajv strict mode: ${e.message}`);
  }
}

function schemaIdOf(type) {
  return `https://schemas.ledgersync.dev/${type}/v1.json`;
}

function pointerToken(key) {
  return String(key).replaceAll("~", "~0").replaceAll("/", "~1");
}

/** ajv's errors as the set of JSON pointers the SDK reports them at (see the file comment). */
function ajvPaths(errors) {
  const paths = new Set();
  for (const e of errors ?? []) {
    if (e.keyword === "if") continue;
    if (e.keyword === "required" || e.keyword === "dependentRequired") {
      paths.add(`${e.instancePath}/${pointerToken(e.params.missingProperty)}`);
    } else if (e.keyword === "additionalProperties") {
      paths.add(`${e.instancePath}/${pointerToken(e.params.additionalProperty)}`);
    } else {
      paths.add(e.instancePath);
    }
  }
  return [...paths].sort();
}

function sameSet(a, b) {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function show(paths) {
  return paths.length ? paths.map((p) => (p === "" ? "(document)" : p)).join(", ") : "nothing";
}

// --- the samples -------------------------------------------------------------------------
function samplesIn(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const type of readdirSync(dir).sort()) {
    const typeDir = join(dir, type);
    if (!statSync(typeDir).isDirectory()) continue;
    for (const file of readdirSync(typeDir).filter((f) => f.endsWith(".json")).sort()) {
      found.push({ type, file: join(typeDir, file), key: `${type}/${file}` });
    }
  }
  return found;
}

const valid = samplesIn(join(args.samples, "valid"));
const invalid = samplesIn(join(args.samples, "invalid"));
check(valid.length > 0, `no valid samples under ${join(args.samples, "valid")}`);
check(invalid.length > 0, `no invalid samples under ${join(args.samples, "invalid")}`);
const expectationsFile = join(args.samples, "invalid", "expectations.json");
const expectations = existsSync(expectationsFile) ? JSON.parse(readFileSync(expectationsFile, "utf8")) : {};

// The SDK's findings, all files in one run of the tool.
let sdk = new Map();
if (args["sdk-tool"]) {
  const toolArgs = [...valid, ...invalid].flatMap((s) => [s.type, s.file]);
  const output = execFileSync(args["sdk-tool"], toolArgs, { encoding: "utf8", maxBuffer: 64 << 20 });
  sdk = new Map(JSON.parse(output).map((r) => [r.file, r.problems]));
}

for (const sample of [...valid, ...invalid]) {
  const id = schemaIdOf(sample.type);
  check(validators.has(id) || broken.has(id), `${sample.key}: no schema with $id ${id}`);
}

for (const sample of valid) {
  const validate = validators.get(schemaIdOf(sample.type));
  if (!validate) continue;
  const document = JSON.parse(readFileSync(sample.file, "utf8"));
  check(validate(document), `valid/${sample.key}: ajv rejects it: ${JSON.stringify(validate.errors, null, 1)}`);
  if (sdk.size) {
    const problems = sdk.get(sample.file) ?? [];
    check(problems.length === 0, `valid/${sample.key}: the SDK rejects it: ${JSON.stringify(problems)}`);
  }
}

for (const sample of invalid) {
  const validate = validators.get(schemaIdOf(sample.type));
  const expected = expectations[sample.key];
  if (!check(expected !== undefined, `invalid/${sample.key}: no entry in ${relative(process.cwd(), expectationsFile)}`)) continue;
  if (!check(["shape", "rules"].includes(expected.tier), `invalid/${sample.key}: tier must be "shape" or "rules"`)) continue;
  if (!validate) continue;
  const document = JSON.parse(readFileSync(sample.file, "utf8"));
  validate(document);
  const fromAjv = ajvPaths(validate.errors);
  if (expected.tier === "shape") {
    check(
      sameSet(fromAjv, expected.paths),
      `invalid/${sample.key}: ajv reports ${show(fromAjv)}; expected ${show(expected.paths)}`,
    );
  } else {
    check(fromAjv.length === 0, `invalid/${sample.key}: breaks only a rule, but ajv rejects it at ${show(fromAjv)}`);
  }
  if (sdk.size) {
    const fromSdk = (sdk.get(sample.file) ?? []).map((p) => p.path);
    check(
      sameSet(fromSdk, expected.paths),
      `invalid/${sample.key}: the SDK reports ${show(fromSdk)}; expected ${show(expected.paths)}` +
        (expected.tier === "shape" ? ` (ajv: ${show(fromAjv)})` : ""),
    );
  }
}
for (const key of Object.keys(expectations)) {
  if (key.startsWith("$")) continue;
  check(invalid.some((s) => s.key === key), `expectations.json names ${key}, which is not a sample`);
}

console.log(
  `${schemaFiles.length} schemas, ${valid.length} valid and ${invalid.length} invalid samples` +
    (sdk.size ? ", compared with the SDK's validation" : " (the SDK's validation not compared: no --sdk-tool)"),
);
for (const f of failures) console.log(`FAILED: ${f}`);
console.log(`${checks - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
