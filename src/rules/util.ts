// Small helpers rules share: reading the document at a path, building text-edit fixes.
import type { Fix, KeyPath } from "../diagnostic.js";
import type { PositionedDocument } from "../reader/document.js";
import { isTable, type TomlTable } from "../reader/values.js";

/** The raw value at a source path, or undefined. */
export function rawAt(doc: PositionedDocument<TomlTable>, path: KeyPath): unknown {
  let v: unknown = doc.value;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === "number") v = v[seg];
    else if (isTable(v) && typeof seg === "string") v = v[seg];
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
