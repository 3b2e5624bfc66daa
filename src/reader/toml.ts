// TOML text → positioned document, with toml-eslint-parser's AST in TOML 1.0 mode (flyctl's go-toml v2 is 1.0).
// We build values ourselves on null-prototype objects: the parser's getStaticTOMLValue writes through
// `__proto__` keys into Object.prototype (see spec/toml-parser-choice.md §4).
import { parseTOML, ParseError, type AST } from "toml-eslint-parser";
import type { Problem, ProblemData } from "../diagnostic.js";
import { PositionedDocument, SpanIndex, type IndexNode } from "./document.js";
import { maskLongStrings, unshift, unshiftRanges, type LongStringFault } from "./long-strings.js";
import { LineIndex } from "./source.js";
import { TomlDateTime, TomlFloat, newTable, isTable, type TomlTable, type TomlValue } from "./values.js";

export type ReadResult =
  | { ok: true; doc: PositionedDocument<TomlTable> }
  | { ok: false; problem: Problem };

/** Deeper nesting than this is refused with one diagnostic (real fly.toml files nest fewer than 10 levels). */
export const MAX_DEPTH = 128;

/** Thrown inside build() when a key path or value nests deeper than MAX_DEPTH; `offset` is where. */
class TooDeep {
  constructor(readonly offset: number) {}
}

export function readToml(text: string): ReadResult {
  let ast: AST.TOMLProgram;
  try {
    ast = parseTOML(text, { tomlVersion: "1.0.0" });
  } catch (err) {
    // The parser overflows on strings past ~120,000 characters (long-strings.ts): mask them and parse again.
    const masked = err instanceof RangeError ? maskLongStrings(text) : undefined;
    if (!masked) return { ok: false, problem: syntaxProblem(text, err) };
    if (!masked.ok) return { ok: false, problem: stringProblem(text, masked.offset, masked.fault) };
    try {
      ast = parseTOML(masked.text, { tomlVersion: "1.0.0" });
    } catch (err2) {
      return { ok: false, problem: syntaxProblem(text, err2) };
    }
    unshiftRanges(ast, masked.shifts);
    longStrings = new Map([...masked.values].map(([at, v]) => [unshift(masked.shifts, at), v]));
  }
  try {
    return { ok: true, doc: build(text, ast) };
  } catch (err) {
    if (err instanceof TooDeep) return { ok: false, problem: nestedTooDeep(text, err.offset) };
    if (err instanceof RangeError) return { ok: false, problem: tooDeep(text) };
    throw err;
  } finally {
    longStrings = undefined;
  }
}

/** While a document with masked long strings is built: their values, by the offset of their opening quote. */
let longStrings: Map<number, string> | undefined;

function stringProblem(text: string, offset: number, fault: LongStringFault): Problem {
  const p = new LineIndex(text).position(offset);
  return { kind: "syntax", messageId: "toml-string", data: { fault }, position: { line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 1 } };
}

/** A TOML syntax problem's message id with its data (before the TOML 1.1 note). */
export type TomlSyntax = {
  [K in keyof ProblemData]: K extends `toml-${string}` ? { messageId: K; data: ProblemData[K] } : never;
}[keyof ProblemData];

/**
 * toml-eslint-parser says what went wrong, not what was expected, and for a construct left open it stops on the
 * next line: say what was expected, and point at the line that is open (an unterminated `[table` header is reported
 * on that header, not on the key after it).
 */
export function explainSyntax(text: string, index: number, message: string): { index: number; said: TomlSyntax } {
  const lineStart = text.lastIndexOf("\n", index - 1) + 1;
  const before = text.slice(lineStart, index);
  // The previous non-blank line, for errors the parser only noticed at the start of the next one.
  let prevEnd = lineStart - 1;
  while (prevEnd > 0 && /\s/.test(text[prevEnd - 1] ?? "") && text[prevEnd - 1] !== "\n") prevEnd--;
  const prevStart = prevEnd > 0 ? text.lastIndexOf("\n", prevEnd - 1) + 1 : 0;
  const prev = prevEnd > 0 ? text.slice(prevStart, prevEnd).replace(/\r$/, "") : "";
  const atLineStart = before.trim() === "" && prevEnd > 0;
  const header = /^\s*(\[\[?)[^\]#]*$/.exec(prev) ?? /^\s*(\[\[)[^\]#]*\]\s*$/.exec(prev);
  if (atLineStart && header && /Unterminated table-key|same line|Unspecified values/.test(message)) {
    const open = header[1]!;
    return { index: prevStart + prev.indexOf("["), said: { messageId: "toml-unclosed-header", data: { close: open === "[[" ? "]]" : "]", header: prev.trim() } } };
  }
  if (message === "Unterminated table-key") {
    return { index, said: { messageId: "toml-unterminated-table-key", data: {} } };
  }
  if (atLineStart && /Unspecified values/.test(message) && /=\s*$/.test(prev)) {
    return { index: prevStart + prev.length, said: { messageId: "toml-missing-value", data: {} } };
  }
  if (atLineStart && /Unspecified values/.test(message) && /,\s*$/.test(prev)) {
    return { index: prevStart + prev.length, said: { messageId: "toml-unterminated-array", data: {} } };
  }
  if (atLineStart && message === "Unterminated inline table") {
    return { index: prevStart + prev.length, said: { messageId: "toml-unterminated-inline-table", data: {} } };
  }
  if (message === "Unexpected character" || message === "Unexpected token") {
    const ch = text.codePointAt(index);
    const shown = ch === undefined ? "end of file" : JSON.stringify(String.fromCodePoint(ch));
    const expected = before.trim() === "" ? "key" : /=\s*$/.test(before) ? "value" : /^\s*\[/.test(before) ? "table-key" : !before.includes("=") ? "equals" : "end-of-line";
    return { index, said: { messageId: "toml-unexpected", data: { token: message !== "Unexpected character", found: shown, expected } } };
  }
  if (message === "Must be a newline") return { index, said: { messageId: "toml-expected-newline", data: {} } };
  return { index, said: { messageId: "toml-parse-error", data: { detail: message } } };
}

function syntaxProblem(text: string, err: unknown): Problem {
  if (err instanceof ParseError) {
    const explained = explainSyntax(text, err.index, err.message);
    let line = err.lineNumber;
    let column = err.column + 1;
    if (explained.index !== err.index) {
      const lineStart = text.lastIndexOf("\n", explained.index - 1) + 1;
      line = text.slice(0, lineStart).split("\n").length;
      column = explained.index - lineStart + 1;
    }
    let toml11 = false;
    // A document valid only in TOML 1.1 deserves to be told so: flyctl parses TOML 1.0.
    try {
      parseTOML(text, { tomlVersion: "1.1.0" });
      toml11 = true;
    } catch {
      /* invalid in both: the 1.0 message stands */
    }
    const said = toml11 ? ({ ...explained.said, data: { ...explained.said.data, toml11 } } as TomlSyntax) : explained.said;
    return { kind: "syntax", ...said, position: { line, column, endLine: line, endColumn: column + 1 } };
  }
  if (err instanceof RangeError) return tooDeep(text);
  throw err;
}

function tooDeep(text: string): Problem {
  const end = new LineIndex(text).position(text.length);
  return { kind: "syntax", messageId: "toml-too-deep", data: {}, position: { line: 1, column: 1, endLine: end.line, endColumn: end.column } };
}

function nestedTooDeep(text: string, offset: number): Problem {
  const lines = new LineIndex(text);
  const s = lines.position(offset);
  return {
    kind: "syntax",
    messageId: "toml-nested-too-deep",
    data: { max: MAX_DEPTH },
    position: { line: s.line, column: s.column, endLine: s.line, endColumn: s.column + 1 },
  };
}

const keyName = (k: AST.TOMLBare | AST.TOMLQuoted): string => (k.type === "TOMLBare" ? k.name : (longStrings?.get(k.range[0]) ?? k.value));


/** Walk into (creating) the table at `seg`; the parser has already rejected redefinitions and type clashes. */
function descend(t: TomlTable, seg: string): TomlTable {
  const cur = t[seg];
  if (isTable(cur)) return cur;
  const created = newTable();
  t[seg] = created;
  return created;
}

// The span index is filled through its nodes (`at` is the value's own entry, `depth` its path length), so no key
// path is built per value: paths exist only if someone asks the index for its Map view.
function toValue(spans: SpanIndex, n: AST.TOMLContentNode, at: IndexNode, depth: number): TomlValue {
  if (depth > MAX_DEPTH) throw new TooDeep(n.range[0]);
  switch (n.type) {
    case "TOMLValue":
      switch (n.kind) {
        case "integer":
          return Number.isSafeInteger(n.value) ? n.value : n.bigint;
        case "float":
          return new TomlFloat(n.value, n.number);
        case "string":
          return longStrings === undefined ? n.value : (longStrings.get(n.range[0]) ?? n.value);
        case "boolean":
          return n.value;
        default:
          return new TomlDateTime(n.kind, n.datetime);
      }
    case "TOMLArray": {
      const out: TomlValue[] = [];
      const els = n.elements;
      for (let i = 0; i < els.length; i++) {
        const e = els[i]!;
        const c = spans.child(at, i);
        spans.recordRanges(c, kindOf(e), undefined, e.range);
        out.push(toValue(spans, e, c, depth + 1));
      }
      return out;
    }
    case "TOMLInlineTable": {
      const t = newTable();
      for (const kv of n.body) setKeyValue(spans, t, at, depth, kv);
      return t;
    }
  }
}

function setKeyValue(spans: SpanIndex, table: TomlTable, base: IndexNode, baseDepth: number, kv: AST.TOMLKeyValue): void {
  let t = table;
  let node = base;
  const keys = kv.key.keys;
  if (baseDepth + keys.length > MAX_DEPTH) throw new TooDeep(kv.range[0]);
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i]!;
    const name = keyName(k);
    node = spans.child(node, name);
    spans.recordRanges(node, "table", k.range, kv.range, true);
    t = descend(t, name);
  }
  const last = keys[keys.length - 1]!;
  const name = keyName(last);
  const leaf = spans.child(node, name);
  spans.recordRanges(leaf, kindOf(kv.value), last.range, kv.value.range);
  t[name] = toValue(spans, kv.value, leaf, baseDepth + keys.length);
}

function build(text: string, ast: AST.TOMLProgram): PositionedDocument<TomlTable> {
  const root = newTable();
  const spans = new SpanIndex();

  for (const node of ast.body[0].body) {
    if (node.type === "TOMLKeyValue") {
      setKeyValue(spans, root, spans.root, 0, node);
      continue;
    }
    const rk = node.resolvedKey;
    if (rk.length > MAX_DEPTH) throw new TooDeep(node.range[0]);
    let t: TomlTable = root;
    let at = spans.root;
    for (let i = 0; i < rk.length; i++) {
      const seg = rk[i]!;
      const next = rk[i + 1];
      at = spans.child(at, seg);
      if (typeof seg === "number") {
        const list = t as unknown as TomlValue[];
        const existing = list[seg];
        if (isTable(existing)) t = existing;
        else {
          const created = newTable();
          list[seg] = created;
          t = created;
        }
        continue;
      }
      if (typeof next === "number") {
        const cur = t[seg];
        if (!Array.isArray(cur)) t[seg] = [];
        t = t[seg] as unknown as TomlTable;
        spans.recordRanges(at, "array-table", node.key.range, node.range, true);
      } else {
        if (i < rk.length - 1) {
          const headerKey = node.key.keys[Math.min(i, node.key.keys.length - 1)];
          spans.recordRanges(at, "table", (headerKey ?? node.key).range, node.range, true);
        }
        t = descend(t, seg);
      }
    }
    spans.recordRanges(at, "table", node.key.range, node.range);
    for (const kv of node.body) setKeyValue(spans, t, at, rk.length, kv);
  }
  spans.record(spans.root, { value: { start: 0, end: text.length }, kind: "table" });
  const comments = ast.comments.map((c) => ({ text: c.value, start: c.range[0], end: c.range[1] }));
  return new PositionedDocument(text, root, spans, comments);
}

function kindOf(n: AST.TOMLContentNode): string {
  if (n.type === "TOMLArray") return "array";
  if (n.type === "TOMLInlineTable") return "inline-table";
  return n.kind;
}
