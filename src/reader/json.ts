// JSON text → positioned document (Machines API JSON: a Machine, a list of Machines, a create/update body, a config).
// Same spans convention as toml.ts: key path → {key, value, kind}. Parsed with momoa (locations on every node).
// Objects are plain objects whose keys are defined as own data properties, so `__proto__` stays an ordinary key;
// a duplicate key keeps its last value, as Go's encoding/json does.
import { parse, type ValueNode } from "@humanwhocodes/momoa";
import type { Diagnostic } from "../diagnostic.js";
import { PositionedDocument, pathKey, type NodeSpans } from "./document.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonReadResult = { ok: true; doc: PositionedDocument<JsonValue> } | { ok: false; diagnostic: Diagnostic };

export function readJson(text: string): JsonReadResult {
  let body: ValueNode;
  try {
    body = parse(text, { mode: "json", ranges: true }).body;
  } catch (err) {
    return { ok: false, diagnostic: syntaxDiagnostic(text, err) };
  }
  const spans = new Map<string, NodeSpans>();
  let value: JsonValue;
  try {
    value = build(body, [], spans);
  } catch (err) {
    if (err instanceof RangeError) return { ok: false, diagnostic: syntaxDiagnostic(text, new Error("document is too deeply nested")) };
    throw err;
  }
  spans.set(pathKey([]), { value: { start: 0, end: text.length }, kind: kindOf(body) });
  return { ok: true, doc: new PositionedDocument<JsonValue>(text, value, spans) };
}

function syntaxDiagnostic(text: string, err: unknown): Diagnostic {
  const e = err as { message?: string; line?: number; column?: number };
  const line = typeof e.line === "number" ? e.line : 1;
  const column = typeof e.column === "number" ? e.column : 1;
  const message = (e.message ?? String(err)).replace(/\s*\(\d+:\d+\)\s*$/, "");
  return { ruleId: "json-syntax", severity: "error", message: `invalid JSON: ${message}`, line, column, endLine: line, endColumn: column + 1, keyPath: "" };
}

type Path = (string | number)[];

const spanOf = (n: { range?: [number, number]; loc: { start: { offset: number }; end: { offset: number } } }) =>
  n.range ? { start: n.range[0], end: n.range[1] } : { start: n.loc.start.offset, end: n.loc.end.offset };

function kindOf(n: ValueNode): string {
  switch (n.type) {
    case "Object":
      return "object";
    case "Array":
      return "array";
    case "String":
      return "string";
    case "Number":
      return "number";
    case "Boolean":
      return "boolean";
    case "Null":
      return "null";
    default:
      return n.type.toLowerCase();
  }
}

/** Iterative-enough recursion: depth is bounded by the input's nesting, which momoa already accepted. */
function build(n: ValueNode, path: Path, spans: Map<string, NodeSpans>): JsonValue {
  switch (n.type) {
    case "Object": {
      const out: { [key: string]: JsonValue } = {};
      for (const m of n.members) {
        const key = m.name.type === "String" ? m.name.value : m.name.name;
        const p = [...path, key];
        spans.set(pathKey(p), { key: spanOf(m.name), value: spanOf(m.value), kind: kindOf(m.value) });
        Object.defineProperty(out, key, { value: build(m.value, p, spans), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "Array":
      return n.elements.map((e, i) => {
        const p = [...path, i];
        spans.set(pathKey(p), { value: spanOf(e.value), kind: kindOf(e.value) });
        return build(e.value, p, spans);
      });
    case "String":
    case "Number":
    case "Boolean":
      return n.value;
    case "Null":
      return null;
    default:
      // JSON5-only nodes (NaN, Infinity, identifiers) never appear in "json" mode.
      return null;
  }
}
