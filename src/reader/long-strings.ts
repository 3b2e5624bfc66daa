// toml-eslint-parser builds each string with `String.fromCodePoint(...codePoints)`: past ~120,000 characters the
// spread overflows the stack and a valid fly.toml is refused as a syntax error. When that happens, readToml masks
// every long string's contents (same length, so every offset stays put), parses the masked text, and takes the long
// strings' values from here: decoded by this linear scanner with TOML 1.0's rules (escapes, control characters,
// line-ending backslashes), so an invalid long string is still an error, at its position.

/** Strings at least this long are masked (well under the length that overflows). */
export const LONG_STRING = 32 * 1024;

/** What is wrong in a long string (toml-syntax says it). */
export type LongStringFault = "control-character" | "unicode-escape" | "escape-sequence";

export type LongStrings = { ok: true; text: string; values: Map<number, string>; shifts: Shift[] } | { ok: false; offset: number; fault: LongStringFault };

/** Where the masked text is shorter: at masked offset `at` and after, original = masked + `delta` (cumulative). */
export interface Shift {
  at: number;
  delta: number;
}

/** The text with long strings masked, and their values by the offset of their opening quote; undefined if none. */
export function maskLongStrings(text: string): LongStrings | undefined {
  const values = new Map<number, string>();
  const parts: string[] = [];
  const shifts: Shift[] = [];
  let removed = 0;
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "#") {
      const e = text.indexOf("\n", i);
      i = e < 0 ? n : e + 1;
      continue;
    }
    if (c !== '"' && c !== "'") {
      i++;
      continue;
    }
    const multi = text.startsWith(c.repeat(3), i);
    const q = multi ? c.repeat(3) : c;
    const start = i;
    const from = i + q.length;
    // The end: the closing delimiter (for multi-line, the last quote run of up to 5 quotes ends it).
    let j = from;
    let end = -1;
    while (j < n) {
      const ch = text[j];
      if (c === '"' && ch === "\\") {
        j += 2;
        continue;
      }
      if (!multi && ch === "\n") break;
      if (text.startsWith(q, j)) {
        if (multi) {
          let k = j;
          while (k < n && text[k] === c && k - j < 5) k++;
          end = k - 3;
        } else end = j;
        break;
      }
      j++;
    }
    if (end < 0) return undefined; // unterminated: the parser's own message says so
    if (end - from >= LONG_STRING) {
      const decoded = decode(text, from, end, c === '"', multi);
      if (typeof decoded !== "string") return { ok: false, offset: decoded.offset, fault: decoded.fault };
      // The contents give way to their line breaks only (lines stay where they were; the parser never sees them).
      const keep = multi ? text.slice(from, end).replace(/[^\n]/g, "") : "";
      values.set(start - removed, decoded);
      parts.push(text.slice(last, from), keep);
      removed += end - from - keep.length;
      shifts.push({ at: end - removed, delta: removed });
      last = end;
    }
    i = end + q.length;
  }
  if (!values.size) return undefined;
  parts.push(text.slice(last));
  return { ok: true, text: parts.join(""), values, shifts };
}

const ESCAPES: Readonly<Record<string, string>> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };

function decode(text: string, from: number, end: number, basic: boolean, multi: boolean): string | { offset: number; fault: LongStringFault } {
  let i = from;
  // A newline right after the opening delimiter of a multi-line string is trimmed.
  if (multi && text[i] === "\n") i++;
  else if (multi && text[i] === "\r" && text[i + 1] === "\n") i += 2;
  const out: string[] = [];
  let run = i;
  const bad = (at: number, fault: LongStringFault) => ({ offset: at, fault });
  while (i < end) {
    const code = text.charCodeAt(i);
    const isNewline = code === 10 || (code === 13 && text.charCodeAt(i + 1) === 10);
    if ((code < 0x20 && code !== 9 && !(multi && isNewline)) || code === 0x7f) return bad(i, "control-character");
    if (basic && code === 92) {
      out.push(text.slice(run, i));
      const e = text[i + 1]!;
      if (ESCAPES[e] !== undefined) {
        out.push(ESCAPES[e]!);
        i += 2;
      } else if (e === "u" || e === "U") {
        const len = e === "u" ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + len);
        const cp = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : -1;
        if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return bad(i, "unicode-escape");
        out.push(String.fromCodePoint(cp));
        i += 2 + len;
      } else if (multi) {
        // A line-ending backslash: trims the newline and all whitespace up to the next non-blank.
        let k = i + 1;
        while (k < end && (text[k] === " " || text[k] === "\t")) k++;
        if (text[k] !== "\n" && !(text[k] === "\r" && text[k + 1] === "\n")) return bad(i, "escape-sequence");
        while (k < end && (text[k] === " " || text[k] === "\t" || text[k] === "\n" || text[k] === "\r")) k++;
        i = k;
      } else return bad(i, "escape-sequence");
      run = i;
      continue;
    }
    i++;
  }
  out.push(text.slice(run, end));
  return out.join("");
}

/** An offset in the masked text → the same place in the original text. */
export function unshift(shifts: readonly Shift[], offset: number): number {
  let d = 0;
  for (const s of shifts) {
    if (offset < s.at) break;
    d = s.delta;
  }
  return offset + d;
}

/**
 * Moves every node range of the masked document's AST back onto the original text (iteratively: the AST links
 * parents, and nesting is not this walk's business).
 */
export function unshiftRanges(ast: object, shifts: readonly Shift[]): void {
  const seen = new Set<object>();
  const stack: object[] = [ast];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    const r = (n as { range?: unknown }).range;
    if (Array.isArray(r) && r.length === 2 && typeof r[0] === "number") (n as { range: [number, number] }).range = [unshift(shifts, r[0]), unshift(shifts, r[1] as number)];
    for (const k of Object.keys(n)) {
      if (k === "parent" || k === "range" || k === "loc") continue;
      const v = (n as Record<string, unknown>)[k];
      if (typeof v === "object" && v !== null) stack.push(v);
    }
  }
}
