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

/** A comment in the source (TOML `# …`), its text without the leading `#`. */
export interface SourceComment extends Span {
  text: string;
}

export class PositionedDocument<V = unknown> {
  readonly lines: LineIndex;
  constructor(
    readonly text: string,
    readonly value: V,
    readonly spans: Map<string, NodeSpans>,
    readonly comments: readonly SourceComment[] = [],
  ) {
    this.lines = new LineIndex(text);
  }

  get(path: KeyPath): NodeSpans | undefined {
    return this.spans.get(pathKey(path));
  }

  /**
   * The best span for a path: its value (or key, when `prefer` is "key"); an absent path falls back to its nearest
   * ancestor that exists, so a diagnostic about a missing key points at the table that lacks it.
   */
  locate(path: KeyPath, prefer: "key" | "value" = "value"): Span {
    for (let n = path.length; n >= 0; n--) {
      const s = this.spans.get(pathKey(path.slice(0, n)));
      if (!s) continue;
      const primary = prefer === "key" ? (s.key ?? s.value) : (s.value ?? s.key);
      if (primary) return n === path.length || !s.key ? primary : s.key;
    }
    return { start: 0, end: Math.min(this.text.length, 1) };
  }
}
