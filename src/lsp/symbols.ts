// Document symbols for the outline: sections, each [[services]] entry (named by what it serves), named checks,
// process groups and top-level keys.
import type { DocumentSymbol, Range } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { KeyPath } from "../diagnostic.js";
import type { ConfigFormat } from "../reader/app-config.js";
import type { PositionedDocument, Span } from "../reader/document.js";
import { isTable, type TomlTable } from "../reader/values.js";
import { readDocument } from "./app-doc.js";

// LSP SymbolKind values, inlined.
const K = { Namespace: 3, Property: 7, Array: 18, Object: 19, Key: 20, Event: 24 } as const;
const MAX_DEPTH = 3;

export function documentSymbols(doc: TextDocument, format: ConfigFormat = "toml"): DocumentSymbol[] {
  const read = readDocument(doc, format);
  if (!read) return [];
  const { pdoc, bom } = read;
  const range = (s: Span): Range => ({ start: doc.positionAt(s.start + bom), end: doc.positionAt(s.end + bom) });

  const build = (path: KeyPath, name: string, value: unknown, depth: number): DocumentSymbol | undefined => {
    const spans = pdoc.get(path);
    const children: DocumentSymbol[] = [];
    let kind: number = K.Property;
    let detail: string | undefined;
    if (Array.isArray(value) && value.length && value.every(isTable)) {
      kind = K.Array;
      value.forEach((item, i) => {
        const s = build([...path, i], entryName(path, item as TomlTable, i), item, depth + 1);
        if (s) children.push(s);
      });
    } else if (isTable(value)) {
      kind = path.length === 1 ? K.Namespace : typeof path[path.length - 1] === "number" ? K.Object : K.Key;
      if (depth < MAX_DEPTH) {
        for (const k of Object.keys(value)) {
          const v = value[k];
          const isSection = isTable(v) || (Array.isArray(v) && v.length > 0 && v.every(isTable));
          // Inside sections only sub-tables, named checks and process groups make the outline; plain keys do not.
          if (!isSection && !(path[0] === "processes" && path.length === 1)) continue;
          const s = build([...path, k], k, v, depth + 1);
          if (s) children.push(s);
        }
      }
    } else {
      detail = typeof value === "string" ? value : undefined;
    }
    const spanList = [spans?.key, spans?.value].filter((s): s is Span => s !== undefined);
    for (const c of children) spanList.push({ start: doc.offsetAt(c.range.start) - bom, end: doc.offsetAt(c.range.end) - bom });
    if (!spanList.length) return undefined;
    const whole = { start: Math.min(...spanList.map((s) => s.start)), end: Math.max(...spanList.map((s) => s.end)) };
    const sel = spans?.key ?? spans?.value ?? whole;
    return { name, kind, ...(detail ? { detail } : {}), range: range(whole), selectionRange: range(sel), ...(children.length ? { children } : {}) } as DocumentSymbol;
  };

  const out: DocumentSymbol[] = [];
  const root = pdoc.value as TomlTable;
  for (const k of Object.keys(root)) {
    const s = build([k], k, root[k], 1);
    if (s) out.push(s);
  }
  return out;
}

/** `#2 tcp 5432 (db)` for a service, `web` for a named entry, else the index. */
function entryName(path: KeyPath, item: TomlTable, i: number): string {
  const bits = [`#${i + 1}`];
  if (path.length === 1 && path[0] === "services") {
    if (typeof item.protocol === "string") bits.push(item.protocol);
    const ports = Array.isArray(item.ports) ? item.ports : isTable(item.ports) ? [item.ports] : [];
    const nums = ports.map((p) => (isTable(p) ? (p.port ?? p.start_port) : undefined)).filter((p) => p !== undefined);
    if (nums.length) bits.push(nums.map(String).join(", "));
    else if (item.internal_port !== undefined) bits.push(`→ ${String(item.internal_port)}`);
  }
  if (typeof item.name === "string") bits.push(item.name);
  else if (typeof item.source === "string") bits.push(item.source);
  else if (typeof item.guest_path === "string") bits.push(item.guest_path);
  if (Array.isArray(item.processes) && item.processes.every((p) => typeof p === "string")) bits.push(`(${item.processes.join(", ")})`);
  return bits.join(" ");
}

export type { PositionedDocument };
