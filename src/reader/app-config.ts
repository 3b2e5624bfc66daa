// The app config in any of flyctl's three formats → one positioned document of TOML-reader values.
// flyctl internal/appconfig/serde.go LoadConfig picks the decoder by suffix: a path ending ".json" is JSON, ".yaml"
// is YAML (gopkg.in/yaml.v3), anything else — ".yml" included — is TOML; all three then go through the same patches
// and JSON re-decode. So the model and the rules downstream do not know which format the text was.
import type { KeyPath, Problem } from "../diagnostic.js";
import { PositionedDocument } from "./document.js";
import { readJson } from "./json.js";
import { readToml } from "./toml.js";
import { TomlFloat, isTable, newTable, type TomlTable, type TomlValue } from "./values.js";
import { readYaml } from "./yaml.js";

export type ConfigFormat = "toml" | "yaml" | "json";

/** LoadConfig's choice: strings.HasSuffix(path, ".json") / ".yaml" (case-sensitive), else TOML. */
export function configFormatOf(path: string | undefined): ConfigFormat {
  if (path === undefined) return "toml";
  if (path.endsWith(".json")) return "json";
  if (path.endsWith(".yaml")) return "yaml";
  return "toml";
}

/**
 * The app config file names the directory walk picks up: fly.toml, fly.yaml, fly.json and their fly.*.X variants
 * (fly.yml too, to explain it).
 */
export function isAppConfigName(name: string): boolean {
  // [^] rather than `.`: a name holding a line break is linted (and shown escaped) like any other.
  const m = /^fly(\.[^]+)?\.(toml|yaml|yml|json)$/.exec(name);
  return m !== null && (m[1] === undefined || m[1].length > 1);
}

export type ConfigReadResult = { ok: true; doc: PositionedDocument<TomlTable>; problems: Problem[] } | { ok: false; problem: Problem };

export function readAppConfig(text: string, format: ConfigFormat, path?: string): ConfigReadResult {
  if (format === "toml") {
    const r = readToml(text);
    if (r.ok) return { ok: true, doc: r.doc, problems: [] };
    if (path?.endsWith(".yml")) {
      // flyctl reads fly.yml as TOML (only ".yaml" is YAML): the YAML in it is a TOML syntax error to flyctl.
      return { ok: false, problem: { ...r.problem, data: { ...r.problem.data, renameTo: ymlToYaml(path) } } as Problem };
    }
    return r;
  }
  if (format === "yaml") {
    const r = readYaml(text);
    if (!r.ok) return r;
    return { ok: true, doc: r.doc, problems: [...r.problems, ...settleNulls(r.doc.value)] };
  }
  return readJsonConfig(text);
}

function ymlToYaml(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  return `${base.slice(0, -4)}.yaml`;
}

/**
 * fly.json: encoding/json into map[string]any, so every number is a float64 (TomlFloat here): `8080` and `8080.0`
 * are the same value, `1000000` stringifies as "1e+06" in [env] (fmt %v), `8080.5` fails an int field, integers past
 * 2^53 are rounded. The spans are the JSON reader's (same key paths).
 */
export function readJsonConfig(text: string): ConfigReadResult {
  const r = readJson(text);
  if (!r.ok) return { ok: false, problem: { ...r.problem, definition: "json" } };
  const doc = r.doc;
  if (typeof doc.value !== "object" || doc.value === null || Array.isArray(doc.value)) {
    // json.Unmarshal of null into a map is a no-op (an empty config); anything else is LoadConfig's hard error.
    if (doc.value === null) return { ok: true, doc: new PositionedDocument(text, newTable(), doc.spans), problems: [] };
    const what = Array.isArray(doc.value) ? "array" : typeof doc.value === "string" ? "string" : typeof doc.value === "number" ? "number" : "bool";
    return { ok: false, problem: { kind: "syntax", definition: "json", messageId: "json-not-object", data: { actual: what }, position: { line: 1, column: 1, endLine: 1, endColumn: 2 } } };
  }
  const convert = (v: unknown, path: KeyPath): TomlValue | null => {
    if (v === null) return null;
    if (typeof v === "number") {
      const s = doc.get(path)?.value;
      return new TomlFloat(v, s ? text.slice(s.start, s.end) : String(v));
    }
    if (typeof v === "string" || typeof v === "boolean") return v;
    if (Array.isArray(v)) return v.map((x, i) => convert(x, [...path, i]) as TomlValue);
    const out = newTable();
    for (const k of Object.keys(v as object)) {
      const value = convert((v as Record<string, unknown>)[k], [...path, k]);
      Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const value = convert(doc.value, []) as TomlTable;
  return { ok: true, doc: new PositionedDocument(text, value, doc.spans), problems: settleNulls(value) };
}

/**
 * What flyctl's patches say to a top-level section that is null (they type-switch on it), by key. Everywhere else a
 * null reaches encoding/json, which leaves the field unset: the key is dropped.
 */
const NULL_REFUSED: Readonly<Record<string, string>> = {
  env: "Do not know how to process 'env' section of type: <nil>",
  services: "Error processing services: Unknown type '<nil>'",
  processes: "Unknown processes type: <nil>",
  experimental: "Experimental section of unknown type: <nil>",
  checks: "'checks' section of unknown type: <nil>",
  compute: "Error processing compute: Unknown type '<nil>'",
  computes: "Error processing compute: Unknown type '<nil>'",
  vm: "Error processing compute: Unknown type '<nil>'",
  mount: "Error processing mounts: Unknown type '<nil>'",
  mounts: "Error processing mounts: Unknown type '<nil>'",
  metric: "Error processing mounts: Unknown type '<nil>'",
  metrics: "Error processing mounts: Unknown type '<nil>'",
  build: "Build section of unknown type: <nil>",
};

/** Removes null-valued keys (in place); a null top-level section flyctl's patches refuse becomes a decode problem. */
export function settleNulls(root: TomlTable): Problem[] {
  const problems: Problem[] = [];
  const walk = (t: TomlTable, path: KeyPath): void => {
    for (const k of Object.keys(t)) {
      const v = t[k] as TomlValue | null;
      if (v === null) {
        if (path.length === 0 && Object.prototype.hasOwnProperty.call(NULL_REFUSED, k)) problems.push({ kind: "decode", messageId: "null-section", data: { key: k, flyctl: NULL_REFUSED[k]! }, path: [k] });
        delete t[k];
      } else if (isTable(v)) walk(v, [...path, k]);
      else if (Array.isArray(v)) v.forEach((x, i) => isTable(x) && walk(x, [...path, k, i]));
    }
  };
  walk(root, []);
  return problems;
}
