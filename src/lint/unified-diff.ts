// A small, correct unified diff over lines (Myers' O(ND) algorithm), as `diff -u` and `git diff` print it:
// `--- a/path` / `+++ b/path` headers, hunks with 3 lines of context, "\ No newline at end of file" markers.
// Line terminators are part of each line, so CRLF survives and `git apply` / `patch` accept the output.
// The diff is read by people too, in terminals and CI logs: a path with control characters is quoted as git quotes
// it (which `git apply` reads back), and a line holding control characters or one GitHub would read as a workflow
// command (` ::error::…` from a multi-line string) is shown through escape.ts; only such a hunk stops applying.
import { escapeLine, hasControl } from "../escape.js";

export interface UnifiedDiffOptions {
  /** Lines of context around each change (default 3). */
  context?: number;
}

type Op = { kind: " " | "-" | "+"; line: string };

/** Split keeping each line's terminator ("\n" or "\r\n"); a final line without one is kept as is. */
export function splitLinesKeepEnds(text: string): string[] {
  if (text === "") return [];
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** The edit script turning `a` into `b`: a shortest one (Myers), common prefix and suffix trimmed first. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const A = a.slice(pre, a.length - suf);
  const B = b.slice(pre, b.length - suf);
  const middle = myers(A, B);
  return [
    ...a.slice(0, pre).map((line) => ({ kind: " " as const, line })),
    ...middle,
    ...a.slice(a.length - suf).map((line) => ({ kind: " " as const, line })),
  ];
}

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ kind: "+", line }));
  if (m === 0) return a.map((line) => ({ kind: "-", line }));
  const max = n + m;
  const offset = max;
  let v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    v = next;
  }
  trace.push(v);
  // Backtrack: trace[d] holds V before step d; trace[d + 1] after it.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0; d--) {
    const vPrev = trace[d]!;
    const k = x - y;
    let prevK: number;
    if (d === 0) prevK = 0;
    else if (k === -d || (k !== d && vPrev[offset + k - 1]! < vPrev[offset + k + 1]!)) prevK = k + 1;
    else prevK = k - 1;
    const prevX = d === 0 ? 0 : vPrev[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: " ", line: a[x - 1]! });
      x--;
      y--;
    }
    if (d === 0) break;
    if (x === prevX) ops.push({ kind: "+", line: b[y - 1]! });
    else ops.push({ kind: "-", line: a[x - 1]! });
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

/** git's C escapes in a quoted path, plus `#` in octal so that no `##[` (a legacy CI command) survives quoting. */
const QUOTED: Readonly<Record<number, string>> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 35: "\\043", 92: "\\\\" };

/** `a/path` as git writes it in a header: as it is, or C-quoted with every non-ASCII byte in octal when it must be. */
function headerPath(prefix: string, path: string): string {
  const p = prefix + path;
  if (!hasControl(p) && !p.includes('"') && !p.includes("\\")) return p;
  let out = '"';
  for (const byte of new TextEncoder().encode(p)) {
    out += QUOTED[byte] ?? (byte < 0x20 || byte >= 0x7f ? `\\${byte.toString(8).padStart(3, "0")}` : String.fromCharCode(byte));
  }
  return `${out}"`;
}

/** One diff line's text, its terminator kept as it is (CRLF survives), the rest through the escaping boundary. */
function shownLine(line: string): string {
  const end = line.endsWith("\r\n") ? line.length - 2 : line.endsWith("\n") ? line.length - 1 : line.length;
  const body = line.slice(0, end);
  const safe = escapeLine(body);
  return safe === body ? line : safe + line.slice(end);
}

/**
 * A unified diff of two texts; "" when they are equal. Paths are shown after `a/` and `b/`, quoted as git does when
 * they hold control characters; lines that would drive a terminal or start a CI command are shown escaped.
 */
export function unifiedDiff(path: string, before: string, after: string, options: UnifiedDiffOptions = {}): string {
  if (before === after) return "";
  const context = options.context ?? 3;
  const a = splitLinesKeepEnds(before);
  const b = splitLinesKeepEnds(after);
  const ops = diffLines(a, b);

  // Positions (0-based line numbers in a and b) of every op, to build hunk headers.
  const posA: number[] = [];
  const posB: number[] = [];
  let ia = 0;
  let ib = 0;
  for (const op of ops) {
    posA.push(ia);
    posB.push(ib);
    if (op.kind !== "+") ia++;
    if (op.kind !== "-") ib++;
  }

  const changed = ops.map((op, i) => (op.kind === " " ? -1 : i)).filter((i) => i >= 0);
  const hunks: [number, number][] = [];
  for (const i of changed) {
    const from = Math.max(0, i - context);
    const to = Math.min(ops.length - 1, i + context);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else hunks.push([from, to]);
  }

  const out: string[] = [`--- ${headerPath("a/", path)}\n`, `+++ ${headerPath("b/", path)}\n`];
  for (const [from, to] of hunks) {
    let lenA = 0;
    let lenB = 0;
    for (let i = from; i <= to; i++) {
      if (ops[i]!.kind !== "+") lenA++;
      if (ops[i]!.kind !== "-") lenB++;
    }
    out.push(`@@ -${range(posA[from]!, lenA)} +${range(posB[from]!, lenB)} @@\n`);
    for (let i = from; i <= to; i++) {
      const op = ops[i]!;
      out.push(op.kind + shownLine(op.line));
      if (!op.line.endsWith("\n")) out.push("\n\\ No newline at end of file\n");
    }
  }
  return out.join("");
}

/** `start,len` as diff prints it: 1-based start, the line before for an empty range, ",1" left out. */
function range(start0: number, len: number): string {
  if (len === 0) return `${start0},0`;
  return len === 1 ? `${start0 + 1}` : `${start0 + 1},${len}`;
}
