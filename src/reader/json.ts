// JSON text → positioned document (Machines API JSON: a Machine, a list of Machines, a create/update body, a config).
// Same spans convention as toml.ts: key path → {key, value, kind}.
//
// Two parsers, one authority each: a small single-pass scanner builds values and a span tree (fast: a 10,000-Machine
// list is ~13 MB, which momoa needs seconds for), and momoa (@humanwhocodes/momoa) parses any text the scanner
// rejects, so syntax errors carry momoa's message and line:column. test/json-reader.test.ts checks that both agree
// on every span. Objects are plain objects whose keys are own data properties (`__proto__` stays an ordinary key);
// a duplicate key keeps its last value, as Go's encoding/json does.
import { parse } from "@humanwhocodes/momoa";
import type { KeyPath, Problem } from "../diagnostic.js";
import { PositionedDocument, type NodeSpans, type Span, type SpanLookup } from "./document.js";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON syntax problem: the parser's words as `detail`, at a position. */
export type JsonSyntaxProblem = Problem & { messageId: "json-parse-error" };

export type JsonReadResult = { ok: true; doc: PositionedDocument<JsonValue> } | { ok: false; problem: JsonSyntaxProblem };

/** Deeper nesting than this is refused (Machine configs nest about 8 levels). */
export const MAX_JSON_DEPTH = 256;

export function readJson(text: string): JsonReadResult {
  let root: { value: JsonValue; node: SpanNode };
  try {
    root = new Scanner(text).document();
  } catch (err) {
    if (err instanceof ScanError || err instanceof RangeError) return { ok: false, problem: syntaxProblem(text, err) };
    throw err;
  }
  return { ok: true, doc: new PositionedDocument<JsonValue>(text, root.value, new SpanTree(root.node, text.length)) };
}

function syntaxProblem(text: string, scanError: Error): JsonSyntaxProblem {
  const at = (line: number, column: number, detail: string): JsonSyntaxProblem => ({
    kind: "syntax",
    messageId: "json-parse-error",
    data: { detail },
    position: { line, column, endLine: line, endColumn: column + 1 },
  });
  if (scanError instanceof ScanError && scanError.depth) {
    const p = position(text, scanError.offset);
    return at(p.line, p.column, scanError.message);
  }
  try {
    parse(text, { mode: "json" });
  } catch (err) {
    const e = err as { message?: string; line?: number; column?: number };
    if (typeof e.line === "number" && typeof e.column === "number") return at(e.line, e.column, withoutPosition(e.message ?? String(err)));
  }
  // momoa accepted what the scanner did not (or failed without a location): report the scanner's view.
  const offset = scanError instanceof ScanError ? scanError.offset : 0;
  const p = position(text, offset);
  return at(p.line, p.column, scanError instanceof ScanError ? scanError.message : "document is too deeply nested");
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

// ---------------------------------------------------------------------------------------------------------------
// Span tree: one node per JSON value, children by key (objects) or index (arrays). Looked up by path on demand,
// so no path key is built for nodes nobody asks about.

interface SpanNode {
  start: number;
  end: number;
  kind: string;
  /** The member's key span, for values inside an object. */
  key?: Span;
  children?: Map<string, SpanNode> | SpanNode[];
}

/** The spans PositionedDocument reads: a lookup walks the span tree. */
class SpanTree implements SpanLookup {
  constructor(
    private readonly root: SpanNode,
    private readonly textLength: number,
  ) {}
  lookup(path: KeyPath, length = path.length): NodeSpans | undefined {
    if (length === 0) return { value: { start: 0, end: this.textLength }, kind: this.root.kind };
    let n: SpanNode | undefined = this.root;
    for (let i = 0; i < length; i++) {
      const seg = path[i];
      const c: SpanNode["children"] = n?.children;
      if (!c) return undefined;
      n = Array.isArray(c) ? (typeof seg === "number" ? c[seg] : undefined) : typeof seg === "string" ? c.get(seg) : undefined;
      if (!n) return undefined;
    }
    return spansOf(n!);
  }
  /** Every path with its spans, depth first in document order, the root first. */
  *entries(): IterableIterator<[KeyPath, NodeSpans]> {
    yield [[], this.lookup([])!];
    const path: (string | number)[] = [];
    function* below(n: SpanNode): IterableIterator<[KeyPath, NodeSpans]> {
      const c = n.children;
      if (!c) return;
      for (const [seg, child] of Array.isArray(c) ? c.entries() : c) {
        path.push(seg);
        yield [path.slice(), spansOf(child)];
        yield* below(child);
        path.pop();
      }
    }
    yield* below(this.root);
  }
}

function spansOf(n: SpanNode): NodeSpans {
  const out: NodeSpans = { value: { start: n.start, end: n.end }, kind: n.kind };
  if (n.key) out.key = n.key;
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Scanner

class ScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    /** Set for the depth limit, which momoa does not have: the scanner's message stands. */
    readonly depth = false,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Scanner {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): { value: JsonValue; node: SpanNode } {
    this.ws();
    const r = this.value(0);
    this.ws();
    if (this.i < this.s.length) this.fail("unexpected text after the JSON value");
    return r;
  }

  private fail(message: string): never {
    throw new ScanError(message, this.i);
  }

  private ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  private value(depth: number): { value: JsonValue; node: SpanNode } {
    const s = this.s;
    const start = this.i;
    const c = s.charCodeAt(start);
    switch (c) {
      case 123 /* { */:
        return this.object(depth);
      case 91 /* [ */:
        return this.array(depth);
      case 34 /* " */: {
        const v = this.string();
        return { value: v, node: { start, end: this.i, kind: "string" } };
      }
      case 116 /* t */:
        return this.literal("true", true, "boolean");
      case 102 /* f */:
        return this.literal("false", false, "boolean");
      case 110 /* n */:
        return this.literal("null", null, "null");
      default: {
        NUMBER.lastIndex = start;
        const m = NUMBER.exec(s);
        if (!m) this.fail(Number.isNaN(c) ? "unexpected end of input" : `unexpected character ${JSON.stringify(s[start])}`);
        this.i = start + m[0].length;
        return { value: Number(m[0]), node: { start, end: this.i, kind: "number" } };
      }
    }
  }

  private literal(word: string, v: JsonValue, kind: string): { value: JsonValue; node: SpanNode } {
    const start = this.i;
    if (!this.s.startsWith(word, start)) this.fail(`unexpected character ${JSON.stringify(this.s[start])}`);
    this.i = start + word.length;
    return { value: v, node: { start, end: this.i, kind } };
  }

  private string(): string {
    const s = this.s;
    const start = this.i;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        i += 2;
        continue;
      }
      if (Number.isNaN(c)) {
        this.i = i;
        this.fail("unterminated string");
      }
      if (c < 0x20) {
        this.i = i;
        this.fail("control character in string");
      }
      i++;
    }
    this.i = i + 1;
    if (!escaped) return s.slice(start + 1, i);
    try {
      return JSON.parse(s.slice(start, i + 1)) as string;
    } catch {
      this.i = start;
      return this.fail("invalid escape in string");
    }
  }

  private object(depth: number): { value: JsonValue; node: SpanNode } {
    if (depth >= MAX_JSON_DEPTH) throw new ScanError(`document is nested deeper than ${MAX_JSON_DEPTH} levels`, this.i, true);
    const s = this.s;
    const start = this.i++;
    const out: { [key: string]: JsonValue } = {};
    const children = new Map<string, SpanNode>();
    this.ws();
    if (s.charCodeAt(this.i) === 125 /* } */) {
      this.i++;
      return { value: out, node: { start, end: this.i, kind: "object", children } };
    }
    for (;;) {
      this.ws();
      if (s.charCodeAt(this.i) !== 34) this.fail("expected a double-quoted key");
      const keyStart = this.i;
      const key = this.string();
      const keyEnd = this.i;
      this.ws();
      if (s.charCodeAt(this.i) !== 58 /* : */) this.fail('expected ":" after a key');
      this.i++;
      this.ws();
      const r = this.value(depth + 1);
      r.node.key = { start: keyStart, end: keyEnd };
      if (key === "__proto__") Object.defineProperty(out, key, { value: r.value, enumerable: true, writable: true, configurable: true });
      else out[key] = r.value;
      children.set(key, r.node);
      this.ws();
      const c = s.charCodeAt(this.i);
      if (c === 44 /* , */) {
        this.i++;
        continue;
      }
      if (c === 125 /* } */) {
        this.i++;
        return { value: out, node: { start, end: this.i, kind: "object", children } };
      }
      this.fail('expected "," or "}"');
    }
  }

  private array(depth: number): { value: JsonValue; node: SpanNode } {
    if (depth >= MAX_JSON_DEPTH) throw new ScanError(`document is nested deeper than ${MAX_JSON_DEPTH} levels`, this.i, true);
    const s = this.s;
    const start = this.i++;
    const out: JsonValue[] = [];
    const children: SpanNode[] = [];
    this.ws();
    if (s.charCodeAt(this.i) === 93 /* ] */) {
      this.i++;
      return { value: out, node: { start, end: this.i, kind: "array", children } };
    }
    for (;;) {
      this.ws();
      const r = this.value(depth + 1);
      out.push(r.value);
      children.push(r.node);
      this.ws();
      const c = s.charCodeAt(this.i);
      if (c === 44) {
        this.i++;
        continue;
      }
      if (c === 93) {
        this.i++;
        return { value: out, node: { start, end: this.i, kind: "array", children } };
      }
      this.fail('expected "," or "]"');
    }
  }
}

/** momoa's message without its trailing ` (line:col)`; a scan, not `/\s*\(\d+:\d+\)\s*$/` (quadratic on spaces). */
function withoutPosition(message: string): string {
  const s = message.trimEnd();
  const open = s.lastIndexOf("(");
  return s.endsWith(")") && open >= 0 && /^\d+:\d+$/.test(s.slice(open + 1, -1)) ? s.slice(0, open).trimEnd() : message;
}
