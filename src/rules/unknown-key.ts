// Keys flyctl does not know at that place: it ignores them without a word (unless `fly config validate --strict`,
// which needs a login and still skips most sections). The known keys come from the model itself (its decoder plan).
import { formatKeyPath, type Fix, type KeyPath } from "../diagnostic.js";
import type { PlanField } from "../model/decoder-runtime.js";
import { PLAN } from "../model/plan.js";
import type { PositionedDocument, Span } from "../reader/document.js";
import { isTable, type TomlTable } from "../reader/values.js";
import { CONFIG_KEYS, type KeyNode } from "../model/machine-keys.js";
import { BODY_KEYS } from "../model/machine-input.js";
import { isObj } from "../object.js";
import { defineRule, type MachineContext, type MessageRef, type Rule } from "./types.js";
import { subject } from "./utils/machines.js";
import { closest, orList } from "./utils/words.js";

/** Legacy spellings and aliases flyctl accepts, never suggested or listed (path of the table → keys). */
const LEGACY: Record<string, readonly string[]> = {
  "": ["compute", "computes", "mount", "metric"],
  build: ["build_target"],
  experimental: ["kill_timeout", "metrics_port", "metrics_path"],
};
/** Tables with this many known keys or fewer list them when there is no close match. */
const LIST_LIMIT = 12;

/** Settings of the old Nomad-based platform (Apps V1) that old `fly launch` templates wrote; flyctl reads none. */
const APPS_V1 = new Set(["allowed_public_ports", "private_network", "script_checks", "restart_limit"]);
/** A misplaced key names the places it belongs when there are at most this many. */
const PLACES_LIMIT = 3;

const where = (parent: KeyPath) => (parent.length ? `in ${formatKeyPath(parent)}` : "at the top level");
const didYouMean = (suggestions: readonly string[]) => `did you mean ${orList(suggestions.map((x) => JSON.stringify(x)))}?`;
const expected = (known: readonly string[]) => `expected one of ${known.join(", ")}`;

/** What an unknown key's finding adds: near names, where the key belongs, the keys of the place, or a pointer. */
type Hint = { didYouMean: readonly string[] } | { knownOnly: readonly string[] } | { expected: readonly string[] } | "noMaximum" | "checkSpelling";

function hintText(h: Hint, reference: string): string {
  if (h === "noMaximum") return "fly.toml has no maximum: the proxy starts at most the Machines that exist, so set the count with `fly scale count`";
  if (h === "checkSpelling") return `remove it or check the spelling against the ${reference} reference`;
  if ("didYouMean" in h) return didYouMean(h.didYouMean);
  if ("knownOnly" in h) return `it is read only ${orList(h.knownOnly.map((p) => (p === "" ? "at the top level" : `in ${p}`)))}`;
  return expected(h.expected);
}

const messages = {
  unknown: ({ key, parent, hint }: { key: string; parent: KeyPath; hint: Hint }) =>
    `unknown key ${JSON.stringify(key)} ${where(parent)}: flyctl ignores it; ${hintText(hint, "fly.toml")}`,
  checkName: ({ parent }: { parent: KeyPath }) =>
    `unknown key "name" ${where(parent)}: flyctl ignores it; in a [checks.NAME] table the table key is the check's name ("name" is read only in the list form [[checks]])`,
  appsV1: ({ key, parent }: { key: string; parent: KeyPath }) =>
    `${JSON.stringify(key)} ${where(parent)} is a setting of the old Nomad-based platform (Apps V1) that flyctl no longer reads; remove it`,
  caseOnly: ({ key, canonical, parent }: { key: string; canonical: string; parent: KeyPath }) =>
    `key ${JSON.stringify(key)} ${where(parent)} differs from ${JSON.stringify(canonical)} only by case: flyctl matches keys case-insensitively, but other tools (flyctl --strict, JSON schemas, editors) do not; write ${JSON.stringify(canonical)}`,
  fix: ({ key, canonical }: { key: string; canonical: string }) => `rename ${JSON.stringify(key)} to ${JSON.stringify(canonical)}`,
  machineUnknown: ({ subject, key, where, hint }: { subject: string; key: string; where: string; hint: Hint }) =>
    `${subject}unknown key ${JSON.stringify(key)} in ${where}: the Machines API ignores it; ${hintText(hint, "Machines API")}`,
  bodyUnknown: ({ key, hint }: { key: string; hint: Hint }) => `unknown key ${JSON.stringify(key)} in the request body: the Machines API ignores it; ${hintText(hint, "Machines API")}`,
};

type UnknownKeyMessage = MessageRef<typeof messages>;

function unknownMessage(key: string, parent: KeyPath, visible: readonly string[]): UnknownKeyMessage {
  if (APPS_V1.has(key)) return { messageId: "appsV1", data: { key, parent } };
  const unknown = (hint: Hint): UnknownKeyMessage => ({ messageId: "unknown", data: { key, parent, hint } });
  if (key === "max_machines_running") return unknown("noMaximum");
  if (key === "name" && parent.length === 2 && parent[0] === "checks" && typeof parent[1] === "string") return { messageId: "checkName", data: { parent } };
  const suggestion = closest(key, visible);
  if (suggestion !== undefined) return unknown({ didYouMean: [suggestion] });
  // `target` for `build-target`, `checks` for `tcp_checks`/`http_checks`: a known key made of this word and another.
  const [dashed, underscored, snake, kebab] = [`-${key}`, `_${key}`, `${key}_`, `${key}-`];
  const affixed = visible.filter((k) => k.endsWith(dashed) || k.endsWith(underscored) || k.startsWith(snake) || k.startsWith(kebab));
  if (affixed.length > 0 && affixed.length <= PLACES_LIMIT) return unknown({ didYouMean: affixed });
  const places = placesOf().get(key);
  if (places && places.length <= PLACES_LIMIT) return unknown({ knownOnly: places });
  return unknown(visible.length <= LIST_LIMIT ? { expected: visible } : "checkSpelling");
}

// ---- the model's key tree, read from the decoder plan ---------------------------------------------------------
// The plan (generated/fly-toml-decoder.js, made from the zod model at build time) is the model as plain data: a
// file with unknown keys is checked without building zod's schemas.

/** An object node's keys in the model's order, each with the node of its value. */
interface Shape {
  keys: string[];
  child: ReadonlyMap<string, number>;
}
type Resolved = { kind: "object"; shape: Shape } | { kind: "map"; value: number } | { kind: "array"; item: number };

const nodes = PLAN.nodes;
/** The root of the document's keys: the raw model the patches transform (the plan's root is that pipe). */
const ROOT = rawRoot();
function rawRoot(): number {
  const root = nodes[PLAN.root];
  return root?.kind === "pipe" ? root.in : PLAN.root;
}

const shapeCache: (Shape | undefined)[] = [];
function shapeOf(i: number, fields: readonly PlanField[]): Shape {
  let s = shapeCache[i];
  if (!s) shapeCache[i] = s = { keys: fields.map((f) => f.key), child: new Map(fields.map((f) => [f.key, f.of])) };
  return s;
}

/** What structure node `i` expects for `value`; undefined for leaves (free-form maps included) and shape mismatches. */
function resolve(i: number, value: unknown, depth = 0): Resolved | undefined {
  const n = nodes[i];
  if (!n || depth > 20) return undefined;
  switch (n.kind) {
    case "map":
      return isTable(value) ? { kind: "map", value: n.of } : undefined;
    case "optional":
      return resolve(n.of, value, depth + 1);
    case "pipe":
      // z.preprocess(fn, schema) is pipe(transform, schema); schema.transform(fn) is pipe(schema, transform).
      return resolve(nodes[n.in]?.kind === "transform" ? n.out : n.in, value, depth + 1);
    case "union":
      for (const o of n.of) {
        const r = resolve(o, value, depth + 1);
        if (r) return r;
      }
      return undefined;
    case "array":
      return Array.isArray(value) ? { kind: "array", item: n.of } : undefined;
    case "object":
    case "goObject":
      return isTable(value) ? { kind: "object", shape: shapeOf(i, n.fields) } : undefined;
    default:
      return undefined;
  }
}

/** Every structure node `i` allows, whatever the value (for the index of where each key belongs). */
function structures(i: number, depth = 0): Resolved[] {
  const n = nodes[i];
  if (!n || depth > 20) return [];
  switch (n.kind) {
    case "map":
      return [{ kind: "map", value: n.of }];
    case "optional":
      return structures(n.of, depth + 1);
    case "pipe":
      return structures(nodes[n.in]?.kind === "transform" ? n.out : n.in, depth + 1);
    case "union":
      return n.of.flatMap((o) => structures(o, depth + 1));
    case "array":
      return [{ kind: "array", item: n.of }];
    case "object":
    case "goObject":
      return [{ kind: "object", shape: shapeOf(i, n.fields) }];
    default:
      return [];
  }
}

let places: Map<string, string[]> | undefined;

/** key → the tables that know it, as dotted places ("" is the top level, `checks.<name>` a map entry). */
function placesOf(): Map<string, string[]> {
  if (places) return places;
  const out = new Map<string, string[]>();
  const visit = (node: number, place: string, depth: number) => {
    if (depth > 8) return;
    for (const r of structures(node)) {
      if (r.kind === "array") visit(r.item, place, depth + 1);
      else if (r.kind === "map") visit(r.value, place ? `${place}.<name>` : "<name>", depth + 1);
      else {
        const legacy = Object.hasOwn(LEGACY, place) ? LEGACY[place]! : [];
        for (const k of r.shape.keys) {
          if (legacy.includes(k)) continue;
          const list = out.get(k) ?? [];
          if (!list.includes(place)) list.push(place);
          out.set(k, list);
          visit(r.shape.child.get(k)!, place ? `${place}.${k}` : k, depth + 1);
        }
      }
    }
  };
  visit(ROOT, "", 0);
  places = out;
  return out;
}

// ---- the walk ------------------------------------------------------------------------------------------------

interface Finding {
  path: KeyPath;
  key: string;
  canonical?: string;
  message: UnknownKeyMessage;
}

/** resolve() depends only on whether the value is a table or an array (never a structure otherwise): cached. */
const resolvedCache: ({ table: Resolved | undefined; array: Resolved | undefined } | undefined)[] = [];
function resolvedOf(i: number): { table: Resolved | undefined; array: Resolved | undefined } {
  let c = resolvedCache[i];
  if (!c) resolvedCache[i] = c = { table: resolve(i, newTableLike), array: resolve(i, []) };
  return c;
}
const newTableLike = Object.create(null) as TomlTable;

/** A shape's keys by their lower-case form (the first key of each form, as a search in shape order finds it). */
const foldedCache = new WeakMap<Shape, Map<string, string>>();
function foldedKeys(shape: Shape): Map<string, string> {
  let m = foldedCache.get(shape);
  if (!m) {
    m = new Map();
    for (const c of shape.keys) if (!m.has(c.toLowerCase())) m.set(c.toLowerCase(), c);
    foldedCache.set(shape, m);
  }
  return m;
}
const visibleCache = new WeakMap<Shape, Map<string, string[]>>();
function visibleKeys(shape: Shape, place: string): string[] {
  // Only the few LEGACY places filter anything (so the cache stays that small, whatever the file's map keys).
  if (!Object.hasOwn(LEGACY, place)) return shape.keys;
  let byPlace = visibleCache.get(shape);
  if (!byPlace) visibleCache.set(shape, (byPlace = new Map()));
  let visible = byPlace.get(place);
  if (!visible) byPlace.set(place, (visible = shape.keys.filter((c) => !LEGACY[place]!.includes(c))));
  return visible;
}

/** `path` is a stack shared by the whole walk (pushed and popped); findings get their own copy. */
function walk(value: unknown, node: number, path: (string | number)[], out: Finding[]): void {
  if (Array.isArray(value)) {
    const r = resolvedOf(node).array;
    if (r?.kind !== "array") return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], r.item, path, out);
      path.pop();
    }
    return;
  }
  if (!isTable(value)) return;
  const r = resolvedOf(node).table;
  if (!r || r.kind === "array") return;
  if (r.kind === "map") {
    for (const k in value) {
      path.push(k);
      walk(value[k], r.value, path, out);
      path.pop();
    }
    return;
  }
  const shape = r.shape;
  for (const k in value) {
    const child = shape.child.get(k);
    if (child !== undefined) {
      const v = value[k];
      if (typeof v === "object" && v !== null) {
        path.push(k);
        walk(v, child, path, out);
        path.pop();
      }
      continue;
    }
    const parent = path.slice();
    const here = [...parent, k];
    const folded = foldedKeys(shape).get(k.toLowerCase());
    if (folded !== undefined) {
      out.push({ path: here, key: k, canonical: folded, message: { messageId: "caseOnly", data: { key: k, canonical: folded, parent } } });
      path.push(k);
      walk(value[k], shape.child.get(folded)!, path, out);
      path.pop();
      continue;
    }
    const place = parent.filter((s) => typeof s === "string").join(".");
    out.push({ path: here, key: k, message: unknownMessage(k, parent, visibleKeys(shape, place)) });
  }
}

/** The key as written: for a `[a.b]` header the reader's key span covers `a.b`; narrow it to the last segment. */
function keySpan(doc: PositionedDocument<TomlTable>, path: KeyPath, key: string): Span | undefined {
  const s = doc.get(path)?.key;
  if (!s) return undefined;
  const text = doc.text.slice(s.start, s.end);
  for (const form of [key, JSON.stringify(key), `'${key}'`]) {
    if (text.endsWith(form)) return { start: s.end - form.length, end: s.end };
  }
  return s;
}

/** A case-only rename is safe when the key is written once: a key/value line, not a table header (which may repeat). */
function caseFix(doc: PositionedDocument<TomlTable>, f: Finding, span: Span | undefined): Fix | undefined {
  const node = doc.get(f.path);
  if (!span || !node || !f.canonical || node.kind === "table" || node.kind === "array-table") return undefined;
  return { description: messages.fix({ key: f.key, canonical: f.canonical }), edits: [{ start: span.start, end: span.end, text: f.canonical }] };
}

// ---- Machines API JSON ------------------------------------------------------------------------------------------

function machineHint(key: string, known: readonly string[]): Hint {
  const suggestion = closest(key, known);
  if (suggestion !== undefined) return { didYouMean: [suggestion] };
  return known.length <= LIST_LIMIT ? { expected: known } : "checkSpelling";
}

/** Unknown keys of a config (every level fly-go models), and of a create/update body's own level. */
function checkMachineKeys(ctx: MachineContext<typeof messages>): void {
  const walkJson = (value: unknown, node: KeyNode, path: KeyPath, where: KeyPath, label: string): void => {
    if (node.items) {
      if (Array.isArray(value)) value.forEach((x, i) => walkJson(x, node.items!, [...path, i], [...where, i], label));
      return;
    }
    if (!isObj(value)) return;
    if (node.values) {
      for (const k of Object.keys(value)) walkJson(value[k], node.values, [...path, k], [...where, k], label);
      return;
    }
    for (const k of Object.keys(value)) {
      if (node.keys.includes(k)) {
        const c = node.child?.[k];
        if (c && typeof value[k] === "object" && value[k] !== null) walkJson(value[k], c, [...path, k], [...where, k], label);
        continue;
      }
      const shown = where.length ? formatKeyPath(where) : "the config";
      ctx.report({ path: [...path, k], at: "key", messageId: "machineUnknown", data: { subject: label, key: k, where: shown, hint: machineHint(k, node.keys) } });
    }
  };
  for (const e of ctx.input.entries) {
    const label = subject(ctx, e);
    if (ctx.input.shape === "body" && isObj(e.raw)) {
      const known = ["config", ...BODY_KEYS];
      for (const k of Object.keys(e.raw)) {
        if (known.includes(k)) continue;
        const suggestion = closest(k, known);
        ctx.report({ path: [...e.path, k], at: "key", messageId: "bodyUnknown", data: { key: k, hint: suggestion !== undefined ? { didYouMean: [suggestion] } : { expected: known } } });
      }
    }
    if (e.config) walkJson(e.config, CONFIG_KEYS, e.configPath!, ctx.input.shape === "config" ? [] : ["config"], label);
  }
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "unknown-key",
    severity: "warning",
    description: "a key flyctl does not know at that place (misspelt or misplaced): it is silently ignored",
    fixable: true,
    inputs: ["fly.toml", "machine-json"],
    messages,
    keysOnly: true,
    docs: `flyctl ignores keys it does not know, so a typo such as \`interal_port\` or \`[[http_machine.checks]]\` silently
drops a setting. \`fly config validate --strict\` reports some of them, but needs a login and an app, and never looks
inside \`[[services]]\`, \`[[mounts]]\`, \`[[vm]]\` or \`[[metrics]]\`. This rule walks the whole key tree, those sections
included, so it is stricter than flyctl's strict mode; free-form tables (\`[env]\`, \`[processes]\`, \`[build.args]\`,
\`[build.settings]\`, response and check headers, \`experimental.attached.secrets.export\`) are not checked, and legacy
spellings flyctl still accepts (\`[[compute]]\`, \`[mount]\`, \`[metric]\`, \`build_target\`,
\`experimental.kill_timeout\`, \`metrics_port\`, \`metrics_path\`, \`name\` in list-form \`checks\`) are fine.

flyctl matches keys case-insensitively (Go's JSON decoding), so \`Internal_Port\` works there, but other tools do not
read it that way; such keys are reported too, with a fix to the canonical spelling.

In Machines API JSON (a config, a create/update body, a Machine) the rule checks every level of the config that
fly-go models (services, ports, checks, guest, init, mounts, …) and the body's own keys; the API drops what it does
not know just as silently (\`{"gest": {"cpus": 2}}\` runs on the default guest).

Bad:
\`\`\`toml
[http_service]
interal_port = 8080
force_https = true
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080
force_https = true
\`\`\``,
  },
  checkToml({ doc, report, knownKeysOnly }) {
    // The decoder compared every key with the model already and met no stranger.
    if (knownKeysOnly) return;
    const found: Finding[] = [];
    walk(doc.value, ROOT, [], found);
    for (const f of found) {
      const span = keySpan(doc, f.path, f.key);
      const fix = caseFix(doc, f, span);
      if (span) report({ span, path: f.path, ...f.message, ...(fix ? { fix } : {}) });
      else report({ path: f.path, at: "key", ...f.message, ...(fix ? { fix } : {}) });
    }
  },
  checkMachines: checkMachineKeys,
};
export default defineRule(rule);
