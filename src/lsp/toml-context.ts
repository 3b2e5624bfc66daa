// Where the cursor is in a fly.toml, read from the text line by line, so it also works while the file does not
// parse (which is most of the time while typing): the table the line belongs to, and whether the cursor is on a
// header, a key or a value.
import type { Position } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { KeyPath } from "../diagnostic.js";
import type { ConfigFormat } from "../reader/app-config.js";
import type { PositionedDocument } from "../reader/document.js";
import { isTable, type TomlTable } from "../reader/values.js";
import { readDocument } from "./app-doc.js";

export interface TomlCursor {
  /** The table the cursor's line belongs to (`["services", "ports"]`; no indexes). */
  table: string[];
  /** The header line of that table (-1 for the root). */
  headerLine: number;
  /** Text of the line before the cursor. */
  prefix: string;
  /** The whole line. */
  line: string;
}

/** Splits a dotted TOML key (`a."b.c".d`) into its parts. */
export function splitDottedKey(key: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | undefined;
  for (const ch of key) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ".") {
      out.push(cur.trim());
      cur = "";
    } else cur += ch;
  }
  out.push(cur.trim());
  return out.filter((s) => s !== "");
}

// Lines are read with small scanners, not regexes: a regex with a lazy group between `\s*`s (`[` and thousands
// of spaces) backtracks cubically, and the editor hands us whatever the user pasted.
const isSpace = (c: string | undefined): boolean => c !== undefined && c !== "\n" && c.trim() === "";
const isBare = (c: string | undefined): boolean =>
  c !== undefined && ((c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c === "_" || c === "-");

function skipSpace(line: string, i: number): number {
  while (isSpace(line[i])) i++;
  return i;
}

/** `[table]` or `[[array]]` at the start of a line (anything may follow the closing bracket). */
export function headerOf(line: string): { path: string[]; array: boolean } | undefined {
  let i = skipSpace(line, 0);
  if (line[i] !== "[") return undefined;
  i++;
  const array = line[i] === "[";
  if (array) i++;
  const close = line.indexOf("]", i);
  if (close < 0) return undefined;
  const inner = line.slice(i, close);
  if (inner.includes("\n")) return undefined;
  return { path: splitDottedKey(inner.trim()), array };
}

/** End of one bare or quoted key part starting at `i`, or -1. */
function keyPartEnd(line: string, i: number): number {
  const c = line[i];
  if (c === '"' || c === "'") {
    for (let j = i + 1; j < line.length; j++) {
      if (line[j] === c) return j + 1;
      if (line[j] === "\n") return -1;
    }
    return -1;
  }
  let j = i;
  while (isBare(line[j])) j++;
  return j > i ? j : -1;
}

/** The dotted key of a `key = value` line. */
export function keyOfLine(line: string): string[] | undefined {
  const start = skipSpace(line, 0);
  let end = keyPartEnd(line, start);
  if (end < 0) return undefined;
  for (;;) {
    const j = skipSpace(line, end);
    if (line[j] === "=") return splitDottedKey(line.slice(start, end));
    if (line[j] !== ".") return undefined;
    end = keyPartEnd(line, skipSpace(line, j + 1));
    if (end < 0) return undefined;
  }
}

export function cursorAt(doc: TextDocument, pos: Position): TomlCursor {
  const lines = doc.getText().split(/\r?\n/);
  const line = lines[pos.line] ?? "";
  let table: string[] = [];
  let headerLine = -1;
  for (let i = pos.line - 1; i >= 0; i--) {
    const h = headerOf(lines[i]!);
    if (h) {
      table = h.path;
      headerLine = i;
      break;
    }
  }
  return { table, headerLine, prefix: line.slice(0, pos.character), line };
}

/** Keys already written in the table whose header is at `headerLine` (up to the next header). */
export function keysInTable(doc: TextDocument, headerLine: number): Set<string> {
  const lines = doc.getText().split(/\r?\n/);
  const out = new Set<string>();
  for (let i = headerLine + 1; i < lines.length; i++) {
    if (headerOf(lines[i]!)) break;
    const k = keyOfLine(lines[i]!);
    if (k?.length) out.add(k[0]!);
  }
  return out;
}

/** Process group names defined in `[processes]` (read from the text: also while the file does not parse). */
export function processGroups(doc: TextDocument): string[] {
  const lines = doc.getText().split(/\r?\n/);
  const out: string[] = [];
  let inProcesses = false;
  for (const l of lines) {
    const h = headerOf(l);
    if (h) {
      inProcesses = h.path.length === 1 && h.path[0] === "processes" && !h.array;
      continue;
    }
    if (!inProcesses) continue;
    const k = keyOfLine(l);
    if (k?.length === 1 && !out.includes(k[0]!)) out.push(k[0]!);
  }
  return out;
}

export interface PathAtCursor {
  path: KeyPath;
  /** On the key (or header) rather than the value. */
  onKey: boolean;
}

/**
 * The document path under the cursor: from the parsed document when the text parses (exact, inline tables
 * included), else, for TOML, from the header and key on the cursor's line. fly.yaml and fly.json: parsed only.
 */
export function pathAt(doc: TextDocument, pos: Position, format: ConfigFormat = "toml"): PathAtCursor | undefined {
  const offset = doc.offsetAt(pos);
  const read = readDocument(doc, format);
  if (read && format === "json") return descend(read.pdoc, offset - read.bom);
  if (read) {
    const o = offset - read.bom;
    let best: { path: KeyPath; onKey: boolean; size: number } | undefined;
    for (const [path, spans] of read.pdoc.spans.entries()) {
      const consider = (span: { start: number; end: number } | undefined, onKey: boolean, isTable: boolean) => {
        if (!span || o < span.start || o > span.end) return;
        const size = span.end - span.start + (isTable ? 1e9 : 0);
        if (!best || size < best.size) best = { path, onKey, size };
      };
      consider(spans.key, true, false);
      consider(spans.value, false, spans.kind === "table" || spans.kind === "array-table" || spans.kind === "inline-table" || spans.kind === "array");
    }
    if (best) return { path: best.path, onKey: best.onKey };
  }
  if (format !== "toml") return undefined;
  const c = cursorAt(doc, pos);
  const h = headerOf(c.line);
  if (h) return { path: h.path, onKey: true };
  const k = keyOfLine(c.line);
  if (k) return { path: [...c.table, ...k], onKey: pos.character <= c.line.indexOf("=") };
  return undefined;
}

/**
 * The path at offset `o` found by descending the value tree (JSON's spans nest strictly and are looked up by path,
 * not listed): the member whose key holds `o`, else the innermost value that does.
 */
function descend(pdoc: PositionedDocument<TomlTable>, o: number): PathAtCursor | undefined {
  const inside = (s: { start: number; end: number } | undefined) => s !== undefined && o >= s.start && o <= s.end;
  let path: KeyPath = [];
  let value: unknown = pdoc.value;
  for (;;) {
    const keys: (string | number)[] = isTable(value) ? Object.keys(value) : Array.isArray(value) ? value.map((_, i) => i) : [];
    let next: string | number | undefined;
    for (const k of keys) {
      const spans = pdoc.get([...path, k]);
      if (inside(spans?.key)) return { path: [...path, k], onKey: true };
      if (inside(spans?.value)) {
        next = k;
        break;
      }
    }
    if (next === undefined) return path.length ? { path, onKey: false } : undefined;
    path = [...path, next];
    value = (value as Record<string | number, unknown>)[next];
  }
}
