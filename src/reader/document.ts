// A positioned document: a value tree plus a key path → source span index. Format-neutral (TOML and JSON).
import type { KeyPath } from "../diagnostic.js";
import { LineIndex } from "./source.js";

export interface Span {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
}

export interface NodeSpans {
  /** The key as written (for `[a.b]` headers and dotted keys: the last key segment). */
  key?: Span;
  /** The value (for a `[table]` or `[[table]]`: the header line through its last key/value). */
  value?: Span;
  /** What the source had there: "table", "array-table", "inline-table", "array", "string", "integer", ... */
  kind: string;
}

export function pathKey(path: KeyPath): string {
  return JSON.stringify(path);
}

/** A path segment's entry in a SpanIndex; readers hold one to record a child without walking from the root. */
export interface IndexNode {
  spans?: NodeSpans;
  /**
   * Or the spans as the reader's ranges ([start, end] arrays the parser made anyway) with the kind: `spans` is built
   * from them when someone looks (most entries never are), so reading a document allocates one object per value.
   */
  ranges?: { kind: string; key: readonly [number, number] | undefined; value: readonly [number, number] };
  children?: Map<string | number, IndexNode>;
  parent?: IndexNode;
  seg?: string | number;
}

/**
 * How a PositionedDocument finds spans: by key path (the first `length` segments), and every entry in the order
 * the reader recorded them (the language server's cursor lookup walks them).
 */
export interface SpanLookup {
  lookup(path: KeyPath, length?: number): NodeSpans | undefined;
  entries(): Iterable<[KeyPath, NodeSpans]>;
}

/**
 * The spans of a document as a tree of path segments, so that building it costs no string keys and no key path
 * per value: readers record through the nodes (`child`, `record`), lookups walk the tree.
 */
export class SpanIndex implements SpanLookup {
  readonly root: IndexNode = {};
  /** Recorded entries in order; a node's path is read off its parents when asked for. */
  private readonly log: IndexNode[] = [];

  /** The entry for `seg` under `parent`, created when missing (recording nothing yet). */
  child(parent: IndexNode, seg: string | number): IndexNode {
    const c = (parent.children ??= new Map());
    let next = c.get(seg);
    if (!next) c.set(seg, (next = { parent, seg }));
    return next;
  }

  /** Records `spans` at a node from `child` (replacing what was there, unless `ifAbsent`). */
  record(n: IndexNode, spans: NodeSpans, ifAbsent = false): void {
    if (ifAbsent && (n.spans || n.ranges)) return;
    n.spans = spans;
    n.ranges = undefined;
    this.log.push(n);
  }

  /** record() from the reader's [start, end] ranges, kept as they are until someone looks them up. */
  recordRanges(n: IndexNode, kind: string, key: readonly [number, number] | undefined, value: readonly [number, number], ifAbsent = false): void {
    if (ifAbsent && (n.spans || n.ranges)) return;
    n.spans = undefined;
    n.ranges = { kind, key, value };
    this.log.push(n);
  }

  /** The spans at `path` (its first `length` segments), if recorded. */
  lookup(path: KeyPath, length = path.length): NodeSpans | undefined {
    let n: IndexNode | undefined = this.root;
    for (let i = 0; i < length && n; i++) n = n.children?.get(path[i]!);
    return n && spansOf(n);
  }

  /** Every recorded path with its spans, in recording order (a path recorded again: its latest spans, once). */
  *entries(): IterableIterator<[KeyPath, NodeSpans]> {
    const log = this.log;
    const seen = new Set<IndexNode>();
    // A replaced entry keeps its first place, as a Map's set() of an existing key does.
    for (const n of log) {
      if (seen.has(n)) continue;
      seen.add(n);
      yield [pathOf(n), spansOf(n)!];
    }
  }
}

function spansOf(n: IndexNode): NodeSpans | undefined {
  const r = n.ranges;
  if (n.spans || !r) return n.spans;
  const value = { start: r.value[0], end: r.value[1] };
  n.spans = r.key ? { key: { start: r.key[0], end: r.key[1] }, value, kind: r.kind } : { value, kind: r.kind };
  return n.spans;
}

function pathOf(n: IndexNode): KeyPath {
  const path: (string | number)[] = [];
  for (let c: IndexNode | undefined = n; c?.parent; c = c.parent) path.push(c.seg!);
  return path.reverse();
}

/** A comment in the source (TOML `# …`), its text without the leading `#`. */
export interface SourceComment extends Span {
  text: string;
}

export class PositionedDocument<V = unknown> {
  private lineIndex: LineIndex | undefined;
  constructor(
    readonly text: string,
    readonly value: V,
    readonly spans: SpanLookup,
    readonly comments: readonly SourceComment[] = [],
  ) {}

  /** Offset ↔ line:column, built on first use (a clean file never needs it). */
  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  get(path: KeyPath): NodeSpans | undefined {
    return this.spans.lookup(path);
  }

  /**
   * The best span for a path: its value (or key, when `prefer` is "key"); an absent path falls back to its nearest
   * ancestor that exists, so a diagnostic about a missing key points at the table that lacks it.
   */
  locate(path: KeyPath, prefer: "key" | "value" = "value"): Span {
    for (let n = path.length; n >= 0; n--) {
      const s = this.spans.lookup(path, n);
      if (!s) continue;
      const primary = prefer === "key" ? (s.key ?? s.value) : (s.value ?? s.key);
      if (primary) return n === path.length || !s.key ? primary : s.key;
    }
    return { start: 0, end: Math.min(this.text.length, 1) };
  }
}
