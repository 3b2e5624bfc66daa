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
  children?: Map<string | number, IndexNode>;
  parent?: IndexNode;
  seg?: string | number;
}

/**
 * The spans of a document as a `Map` keyed by `pathKey(path)`, stored as a tree of path segments so that building
 * it costs no string keys. `lookup(path)` reads the tree directly; the Map view (`get`/`has` by key) works as
 * well, and any other Map use first materializes the plain Map, in the order the entries were recorded.
 */
export class SpanIndex extends Map<string, NodeSpans> {
  readonly root: IndexNode = {};
  /** Recorded entries in order (node, spans), until materialized; a node's path is read off its parents then. */
  private log: (IndexNode | NodeSpans)[] | undefined = [];

  /** Records `spans` at `path` (replacing what was there, unless `ifAbsent`). */
  put(path: KeyPath, spans: NodeSpans, ifAbsent = false): void {
    if (!this.log) {
      const k = pathKey(path);
      if (!ifAbsent || !super.has(k)) super.set(k, spans);
      return;
    }
    let n = this.root;
    for (let i = 0; i < path.length; i++) n = this.child(n, path[i]!);
    this.record(n, spans, ifAbsent);
  }

  /** The entry for `seg` under `parent`, created when missing (recording nothing yet). */
  child(parent: IndexNode, seg: string | number): IndexNode {
    const c = (parent.children ??= new Map());
    let next = c.get(seg);
    if (!next) c.set(seg, (next = { parent, seg }));
    return next;
  }

  /** Records `spans` at a node from `child` (replacing what was there, unless `ifAbsent`). */
  record(n: IndexNode, spans: NodeSpans, ifAbsent = false): void {
    if (!this.log) {
      this.put(pathOf(n), spans, ifAbsent);
      return;
    }
    if (ifAbsent && n.spans) return;
    n.spans = spans;
    this.log.push(n, spans);
  }

  /** The spans at `path`, if recorded. */
  lookup(path: KeyPath, length = path.length): NodeSpans | undefined {
    if (!this.log) return super.get(pathKey(length === path.length ? path : path.slice(0, length)));
    let n: IndexNode | undefined = this.root;
    for (let i = 0; i < length && n; i++) n = n.children?.get(path[i]!);
    return n?.spans;
  }

  private materialize(): void {
    const log = this.log;
    if (!log) return;
    this.log = undefined;
    for (let i = 0; i < log.length; i += 2) super.set(pathKey(pathOf(log[i] as IndexNode)), log[i + 1] as NodeSpans);
  }

  override get(key: string): NodeSpans | undefined {
    if (!this.log) return super.get(key);
    let path: unknown;
    try {
      path = JSON.parse(key);
    } catch {
      return undefined;
    }
    if (!Array.isArray(path) || !path.every((s) => typeof s === "string" || typeof s === "number") || pathKey(path) !== key) return undefined;
    return this.lookup(path as KeyPath);
  }
  override has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  override set(key: string, value: NodeSpans): this {
    this.materialize();
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    this.materialize();
    return super.delete(key);
  }
  override clear(): void {
    this.materialize();
    super.clear();
  }
  override get size(): number {
    this.materialize();
    return super.size;
  }
  override forEach(cb: (value: NodeSpans, key: string, map: Map<string, NodeSpans>) => void, thisArg?: unknown): void {
    this.materialize();
    super.forEach(cb, thisArg);
  }
  override entries(): MapIterator<[string, NodeSpans]> {
    this.materialize();
    return super.entries();
  }
  override keys(): MapIterator<string> {
    this.materialize();
    return super.keys();
  }
  override values(): MapIterator<NodeSpans> {
    this.materialize();
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[string, NodeSpans]> {
    this.materialize();
    return super[Symbol.iterator]();
  }
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
    readonly spans: Map<string, NodeSpans>,
    readonly comments: readonly SourceComment[] = [],
  ) {}

  /** Offset ↔ line:column, built on first use (a clean file never needs it). */
  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  get(path: KeyPath): NodeSpans | undefined {
    return this.spans instanceof SpanIndex ? this.spans.lookup(path) : this.spans.get(pathKey(path));
  }

  /**
   * The best span for a path: its value (or key, when `prefer` is "key"); an absent path falls back to its nearest
   * ancestor that exists, so a diagnostic about a missing key points at the table that lacks it.
   */
  locate(path: KeyPath, prefer: "key" | "value" = "value"): Span {
    for (let n = path.length; n >= 0; n--) {
      const s = this.spans instanceof SpanIndex ? this.spans.lookup(path, n) : this.spans.get(pathKey(path.slice(0, n)));
      if (!s) continue;
      const primary = prefer === "key" ? (s.key ?? s.value) : (s.value ?? s.key);
      if (primary) return n === path.length || !s.key ? primary : s.key;
    }
    return { start: 0, end: Math.min(this.text.length, 1) };
  }
}
