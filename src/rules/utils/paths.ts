// Paths and values in the document: model paths mapped to what the user wrote (aliases, dropped empty services,
// nested one-or-many lists such as a single `[services.ports]` table), service labels, the value at a path (in a
// fly.toml or a Machine JSON document alike), and fixes that replace a value.
import type { Fix, KeyPath } from "../../diagnostic.js";
import { sourcePathOf } from "../../model/source-path.js";
import type { PositionedDocument } from "../../reader/document.js";
import { isTable, type TomlTable, type TomlValue } from "../../reader/values.js";

/** The source path of a model path, through merged aliases and lists written as one table. */
export function sourcePath(doc: PositionedDocument<TomlTable>, modelPath: KeyPath): KeyPath {
  const out: (string | number)[] = [];
  let v: unknown = doc.value;
  for (const seg of sourcePathOf(doc.value, modelPath)) {
    // A list written as a single table: the model's index 0 has no segment in the source.
    if (typeof seg === "number" && isTable(v) && seg === 0) continue;
    out.push(seg);
    v = Array.isArray(v) && typeof seg === "number" ? v[seg] : isTable(v) && typeof seg === "string" ? v[seg] : undefined;
  }
  return out;
}

/**
 * How messages name a service: by its key path, as every other message and the output's keyPath do —
 * `http_service`, `services[1]` (0-based, the second [[services]] in the file) or `services` (a single table).
 */
export function serviceLabel(doc: PositionedDocument<TomlTable>, modelPath: KeyPath): string {
  if (modelPath[0] === "http_service") return "http_service";
  const p = sourcePathOf(doc.value, modelPath.slice(0, 2));
  return typeof p[1] === "number" ? `services[${p[1]}]` : "services";
}

/** The items of a value that may be one table or a list of them, with the path segment each needs. */
export function itemsOf(v: TomlValue | undefined): { item: TomlTable; seg: (string | number)[] }[] {
  if (Array.isArray(v)) return v.flatMap((item, i) => (isTable(item) ? [{ item, seg: [i] }] : []));
  return isTable(v) ? [{ item: v, seg: [] }] : [];
}

/** The value at `path` (own keys only, list indexes as numbers), or undefined. */
export function valueAt(root: unknown, path: KeyPath): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === "number") v = v[seg];
    else if (isTable(v) && typeof seg === "string" && Object.prototype.hasOwnProperty.call(v, seg)) v = v[seg];
    else return undefined;
  }
  return v;
}

/** A fix replacing the value written at `path` with `text`; undefined when the path has no value span. */
export function valueFix(doc: PositionedDocument, path: KeyPath, text: string, description: string): Fix | undefined {
  const span = doc.get(path)?.value;
  if (!span) return undefined;
  return { description, edits: [{ start: span.start, end: span.end, text }] };
}
