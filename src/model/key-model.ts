// The key tree of fly.toml as the model defines it, for tools that ask "what may go here?": the language server's
// completion and hover, `flyconf explain KEY`. Read off the zod model itself (through its public classes and the
// registries of shapes.ts and leaf.ts), so a key added to the model shows up everywhere without a second list.
import * as z from "./zod.js";
import { jsonSchemaHints } from "./leaf.js";
import { zodModel } from "./schema.js";
import { knownKeys, mapValueSchemas } from "./shapes.js";
import { isLegacyKey, keyDocAt, type KeyDoc } from "./key-docs.js";

export type ModelNode =
  | { kind: "object"; shape: Readonly<Record<string, z.ZodType>>; keys: readonly string[]; inArray: boolean }
  | { kind: "map"; value: z.ZodType; inArray: boolean }
  | { kind: "leaf"; hint: Record<string, unknown> | undefined; inArray: boolean };

/** The concrete nodes a schema stands for: optional, pipes and unions unwrapped; arrays mark their items. */
export function expand(schema: z.ZodType, inArray = false, out: ModelNode[] = []): ModelNode[] {
  const hint = jsonSchemaHints.get(schema);
  if (hint !== undefined) {
    out.push({ kind: "leaf", hint, inArray });
    return out;
  }
  const mapValue = mapValueSchemas.get(schema);
  if (mapValue !== undefined) {
    out.push({ kind: "map", value: mapValue, inArray });
    return out;
  }
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) return expand(schema.unwrap() as z.ZodType, inArray, out);
  if (schema instanceof z.ZodPipe) {
    // A transform after a schema (`.transform`) or before one (`z.preprocess`): the schema side holds the shape.
    return expand((schema.out instanceof z.ZodTransform ? schema.in : schema.out) as z.ZodType, inArray, out);
  }
  if (schema instanceof z.ZodUnion) {
    for (const o of schema.options as z.ZodType[]) expand(o, inArray, out);
    return out;
  }
  if (schema instanceof z.ZodArray) return expand(schema.element as z.ZodType, true, out);
  if (schema instanceof z.ZodObject) {
    out.push({ kind: "object", shape: schema.shape as Record<string, z.ZodType>, keys: knownKeys.get(schema) ?? Object.keys(schema.shape), inArray });
    return out;
  }
  out.push({ kind: "leaf", hint: undefined, inArray });
  return out;
}

let root: ModelNode[] | undefined;
/** The model's top-level nodes (the zod model is built on first use). */
const rootNodes = (): ModelNode[] => (root ??= expand(zodModel().rawFlyToml));

export interface KeyLookup {
  /** Property names only (array indexes and map keys such as check names dropped): the key's documentation path. */
  docPath: string[];
  nodes: ModelNode[];
}

/**
 * What the model says about a document path (`["services", 0, "ports", 1, "port"]`, `["checks", "web", "path"]`);
 * undefined when the path leaves the model (an unknown key, or inside a leaf such as `[env]`).
 */
export function lookupKey(path: readonly (string | number)[]): KeyLookup | undefined {
  let nodes = rootNodes();
  const docPath: string[] = [];
  for (const seg of path) {
    if (typeof seg === "number") continue;
    const next: ModelNode[] = [];
    let viaMap = false;
    for (const n of nodes) {
      if (n.kind === "object" && Object.hasOwn(n.shape, seg)) expand(n.shape[seg]!, false, next);
      else if (n.kind === "map") {
        expand(n.value, false, next);
        viaMap = true;
      }
    }
    if (!next.length) return undefined;
    if (!viaMap) docPath.push(seg);
    nodes = next;
  }
  return { docPath, nodes };
}

/** Keys a table at `path` may hold, in the model's order (the order flyctl's structs list them). */
export function keysAt(path: readonly (string | number)[]): string[] {
  const found = path.length === 0 ? { nodes: rootNodes() } : lookupKey(path);
  const out: string[] = [];
  for (const n of found?.nodes ?? []) if (n.kind === "object") for (const k of n.keys) if (!out.includes(k)) out.push(k);
  return out;
}

/** How a key is written: a value on a `key = …` line, a `[table]`, or a `[[table]]` (array of tables). */
export function keyForm(nodes: readonly ModelNode[]): "value" | "table" | "array-table" {
  const tables = nodes.filter((n) => n.kind === "object" || n.kind === "map" || (n.kind === "leaf" && isObjectHint(n.hint)));
  if (!tables.length) return "value";
  // Named entries (`[checks.NAME]`) are written as tables even where a list form is accepted too.
  if (tables.some((n) => n.kind === "map")) return "table";
  return tables.some((n) => n.inArray && n.kind === "object") ? "array-table" : "table";
}

function isObjectHint(h: Record<string, unknown> | undefined): boolean {
  if (!h) return false;
  if (h.type === "object") return true;
  return Array.isArray(h.anyOf) && (h.anyOf as Record<string, unknown>[]).every((b) => b.type === "object" || (b.type === "array" && (b.items as { type?: unknown } | undefined)?.type === "object"));
}

/** Every table header the model knows (`http_service`, `services.ports`, …), to `depth` levels, with its form. */
export function tableHeaders(depth = 3): { path: string[]; form: "table" | "array-table"; named?: boolean }[] {
  const out: { path: string[]; form: "table" | "array-table"; named?: boolean }[] = [];
  const walk = (nodes: readonly ModelNode[], prefix: string[]) => {
    if (prefix.length >= depth) return;
    const keys: string[] = [];
    for (const n of nodes) if (n.kind === "object") for (const k of n.keys) if (!keys.includes(k)) keys.push(k);
    for (const k of keys) {
      const child: ModelNode[] = [];
      for (const n of nodes) if (n.kind === "object" && Object.hasOwn(n.shape, k)) expand(n.shape[k]!, false, child);
      const form = keyForm(child);
      if (form === "value") continue;
      const path = [...prefix, k];
      if (isLegacyKey(path)) continue;
      const maps = child.filter((n): n is Extract<ModelNode, { kind: "map" }> => n.kind === "map");
      if (maps.length) {
        // `[checks.NAME]`: the header names an entry; its keys are the map value's.
        out.push({ path: [...path, "NAME"], form: "table", named: true });
        continue;
      }
      out.push({ path, form });
      walk(child, path);
    }
  };
  walk(rootNodes(), []);
  return out;
}

/** A short type for people: `boolean`, `integer`, `string`, `duration`, `"off" | "stop" | …`, `table`. */
export function typeSummary(nodes: readonly ModelNode[]): string {
  const parts: string[] = [];
  const add = (s: string) => {
    if (!parts.includes(s)) parts.push(s);
  };
  for (const n of nodes) {
    if (n.kind === "object") add(n.inArray ? "array of tables" : "table");
    else if (n.kind === "map") add("table of named entries");
    else describeHint(n.hint, add);
  }
  return parts.join(" or ") || "any value";
}

function describeHint(h: Record<string, unknown> | undefined, add: (s: string) => void): void {
  if (!h || Object.keys(h).length === 0) return add("any value");
  if (Array.isArray(h.enum)) return add((h.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | "));
  if (Array.isArray(h.anyOf)) {
    for (const b of h.anyOf as Record<string, unknown>[]) describeHint(b, add);
    return;
  }
  const t = h.type;
  if (Array.isArray(t)) {
    for (const x of t) describeHint({ type: x }, add);
    return;
  }
  if (t === "string" && typeof h.pattern === "string" && h.pattern.includes("(ns|us")) return add('duration string ("10s", "1m30s")');
  if (t === "array") {
    const item = h.items as { type?: unknown } | undefined;
    return add(item?.type === "string" ? "array of strings" : item?.type === "object" ? "array of tables" : "array");
  }
  if (t === "object") return add("table");
  if (typeof t === "string") add(t);
}

export interface KeyInfo {
  docPath: string[];
  type: string;
  form: "value" | "table" | "array-table";
  doc?: KeyDoc;
}

/** Everything known about one document path, or undefined when the model does not know it. */
export function keyInfo(path: readonly (string | number)[]): KeyInfo | undefined {
  const found = lookupKey(path);
  if (!found || found.docPath.length === 0) return undefined;
  return { docPath: found.docPath, type: typeSummary(found.nodes), form: keyForm(found.nodes), doc: keyDocAt(found.docPath) };
}
