// Generates schemas/fly-toml.schema.json from the zod model (src/model/schema.ts), for editors (taplo, Even Better
// TOML) and other JSON Schema tools. Run: `npx tsx scripts/gen-fly-toml-schema.ts` (writes the file), or with
// `--check` (exits 1 when the committed file is stale).
//
// The schema describes RAW fly.toml input, legacy forms included (the model accepts them): `auto_stop_machines = true`,
// a single `[mounts]` table, `concurrency = "20,25"`, numeric-string ports in `[[services]]`, and so on. Objects stay
// open: flyctl ignores unknown keys, and flyconf's linter (not the schema) warns about them.
//
// Leaf decoders in the model are opaque transforms (`z.any().transform(...)`), which zod renders as `{}`; the
// override below swaps in the JSON Schema fragment each leaf registered in `jsonSchemaHints`, and renders `goMap`
// schemas (free-form keys, decoded values) as an object whose additionalProperties is the value schema.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as z from "zod";
import { GENERIC_KEY_DOCS, KEY_DOCS, keyDocText } from "../src/model/key-docs.js";
import { jsonSchemaHints } from "../src/model/leaf.js";
import { zodModel } from "../src/model/schema.js";
import { mapValueSchemas } from "../src/model/shapes.js";

export const SCHEMA_ID = "https://flyconf.dev/schemas/fly-toml.schema.json";
export const schemaPath = resolve(dirname(fileURLToPath(import.meta.url)), "../schemas/fly-toml.schema.json");

type Json = Record<string, unknown>;

const OPTIONS = {
  io: "input",
  target: "draft-7",
  unrepresentable: "any",
  override: (ctx: { zodSchema: unknown; jsonSchema: Json }) => overrideLeaf(ctx.zodSchema as z.ZodType, ctx.jsonSchema),
} as const;

function overrideLeaf(schema: z.ZodType, json: Json): void {
  const hint = jsonSchemaHints.get(schema);
  const mapValue = mapValueSchemas.get(schema);
  if (hint === undefined && mapValue === undefined) return;
  for (const k of Object.keys(json)) delete json[k];
  if (hint !== undefined) Object.assign(json, durationFixed(schema, structuredClone(hint)));
  else Object.assign(json, { type: "object", additionalProperties: bodyOf(mapValue!) });
}

/** Go's time.ParseDuration grammar exactly ("5.s", "+0" and ".5s" are valid; "1s+2s" and "5" are not). */
const GO_DURATION = "^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$";

/**
 * Duration leaves: the hint's pattern is replaced by the exact grammar, and where the decoder takes `""` (flyctl's
 * castDuration: empty means unset) the pattern allows it too, so no file flyctl accepts is flagged.
 */
function durationFixed(schema: z.ZodType, hint: Json): Json {
  const branches = Array.isArray(hint.anyOf) ? (hint.anyOf as Json[]) : [hint];
  for (const b of branches) {
    if (b.type !== "string" || typeof b.pattern !== "string" || !b.pattern.includes("(ns|us|")) continue;
    b.pattern = schema.safeParse("").success ? `^$|${GO_DURATION}` : GO_DURATION;
  }
  return hint;
}

function bodyOf(schema: z.ZodType): Json {
  const { $schema: _s, ...body } = z.toJSONSchema(schema, OPTIONS) as Json;
  return body;
}

/** Every object schema under `node` that (through anyOf/oneOf/allOf/items) has a property `key`. */
function propertyHolders(node: unknown, out: Json[] = []): Json[] {
  if (typeof node !== "object" || node === null) return out;
  const n = node as Json;
  if (n.properties && typeof n.properties === "object") out.push(n);
  for (const k of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(n[k])) for (const b of n[k] as unknown[]) propertyHolders(b, out);
  if (n.items) propertyHolders(n.items, out);
  if (n.additionalProperties && typeof n.additionalProperties === "object") propertyHolders(n.additionalProperties, out);
  return out;
}

function describeAt(root: Json, path: string, text: string): number {
  let nodes: unknown[] = [root];
  const steps = path.split(".");
  for (const step of steps) {
    const next: unknown[] = [];
    for (const n of nodes) for (const h of propertyHolders(n)) {
      const p = (h.properties as Json)[step];
      if (p !== undefined) next.push(p);
    }
    nodes = next;
  }
  for (const n of nodes) (n as Json).description = text;
  return nodes.length;
}

const KEYWORD_ORDER = [
  "$schema",
  "$id",
  "title",
  "description",
  "type",
  "enum",
  "const",
  "pattern",
  "minimum",
  "maximum",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "oneOf",
  "allOf",
];

/** Stable keyword order in every schema object; property maps keep the model's order (app first, as in fly.toml). */
function normalize(node: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((x) => normalize(x));
  if (typeof node !== "object" || node === null) return node;
  const n = node as Json;
  const keys = Object.keys(n);
  if (!isPropertyMap) {
    const rank = (k: string) => {
      const i = KEYWORD_ORDER.indexOf(k);
      return i < 0 ? KEYWORD_ORDER.length : i;
    };
    keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  const out: Json = {};
  for (const k of keys) out[k] = isPropertyMap ? normalize(n[k]) : k === "properties" || k === "definitions" ? normalize(n[k], true) : k === "enum" || k === "required" ? n[k] : normalize(n[k]);
  return out;
}

/** The schema as a plain object. */
export function buildFlyTomlSchema(): Json {
  const body = bodyOf(zodModel().rawFlyToml);
  // Descriptions come from the one key documentation table (src/model/key-docs.ts), shared with the language
  // server's hover and completion and with `flyconf explain KEY`.
  for (const [path, doc] of Object.entries(GENERIC_KEY_DOCS)) {
    const text = keyDocText(doc);
    const [head, ...rest] = path.split(".");
    let n = 0;
    for (const holder of collectProperty(body, head!)) n += rest.length ? describeAt(holder, rest.join("."), text) : ((holder.description = text), 1);
    if (n === 0) throw new Error(`GENERIC description ${path} matches nothing in the model`);
  }
  for (const [path, doc] of Object.entries(KEY_DOCS)) {
    if (describeAt(body, path, keyDocText(doc)) === 0) throw new Error(`description path ${path} matches nothing in the model`);
  }
  return normalize({
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: SCHEMA_ID,
    title: "fly.toml (Fly.io app configuration)",
    description:
      "Fly.io app configuration as flyctl reads it, legacy forms included. Generated by flyconf from its fly.toml model " +
      "(scripts/gen-fly-toml-schema.ts); unknown keys are allowed, as flyctl ignores them. Run `flyconf lint` for the checks a schema cannot express.",
    ...body,
  }) as Json;
}

function collectProperty(node: unknown, key: string, out: Json[] = []): Json[] {
  if (Array.isArray(node)) {
    for (const x of node) collectProperty(x, key, out);
    return out;
  }
  if (typeof node !== "object" || node === null) return out;
  const n = node as Json;
  if (n.properties && typeof n.properties === "object") {
    const props = n.properties as Json;
    if (props[key] && typeof props[key] === "object") out.push(props[key] as Json);
    for (const v of Object.values(props)) collectProperty(v, key, out);
  }
  for (const k of ["anyOf", "oneOf", "allOf", "items", "additionalProperties"]) if (n[k] !== undefined) collectProperty(n[k], key, out);
  return out;
}

/** The file's exact text: 2-space JSON and a final newline. */
export function generateFlyTomlSchema(): string {
  return `${JSON.stringify(buildFlyTomlSchema(), null, 2)}\n`;
}

function main(argv: string[]): number {
  const text = generateFlyTomlSchema();
  if (argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(schemaPath, "utf8");
    } catch {
      /* missing counts as stale */
    }
    if (current === text) return 0;
    process.stderr.write(`${schemaPath} is stale: run npx tsx scripts/gen-fly-toml-schema.ts\n`);
    return 1;
  }
  writeFileSync(schemaPath, text);
  process.stdout.write(`wrote ${schemaPath}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
