// Words in messages: the one edit distance and the one "did you mean" policy (rule findings, rule ids in
// configuration and on the command line alike), and lists joined the way messages read.

/** Lists in messages name at most this many items, then "and N more": input can name thousands. */
export const MAX_LISTED = 10;

function list(items: readonly string[], word: string, show: (item: string) => string): string {
  if (items.length > MAX_LISTED) return `${items.slice(0, MAX_LISTED).map((x) => show(x)).join(", ")} ${word} ${items.length - MAX_LISTED} more`;
  const shown = items.map((x) => show(x));
  return shown.length <= 1 ? shown.join("") : `${shown.slice(0, -1).join(", ")} ${word} ${shown[shown.length - 1]}`;
}

/**
 * `a, b or c`, each item as `show` renders it (as given by default; JSON.stringify for values): long lists are
 * shortened, and only the items shown are rendered (input can name thousands).
 */
export function orList(items: readonly string[], show: (item: string) => string = String): string {
  return list(items, "or", show);
}

/** `a, b and c`; long lists shortened (`a, b, … and 3990 more`). */
export function andList(items: readonly string[], show: (item: string) => string = String): string {
  return list(items, "and", show);
}

/** Each item as a JSON string: `"a"`. */
export function quoted(items: readonly string[]): string[] {
  return items.map((x) => JSON.stringify(x));
}

let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
/** With `max`: any answer above it may be returned as `max + 1` (the search stops once every row entry is past it). */
export function editDistance(a: string, b: string, max = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  // Three rolling rows (i-2, i-1, i) of the full (m+1)×(n+1) table, reused between calls (suggestions compare one
  // word with dozens of candidates).
  if (rows[0].length < n + 1) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [prev2, prev, cur] = rows;
  prev2.fill(0, 0, n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const ai = a.charCodeAt(i - 1);
    const ai1 = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && ai1 === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    if (max < Infinity) {
      // Entries never decrease down a column by more than the transposition allows, so a row wholly above `max`
      // (and the row before it, for transpositions) settles the answer.
      let rowMin = cur[0]!;
      for (let j = 1; j <= n; j++) if (cur[j]! < rowMin) rowMin = cur[j]!;
      let prevMin = prev[0]!;
      for (let j = 1; j <= n; j++) if (prev[j]! < prevMin) prevMin = prev[j]!;
      if (rowMin > max && prevMin > max) return max + 1;
    }
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[n]!;
}

const normCache = new Map<string, string>();
/** Case-folded, `-` read as `_` (cached: candidates are mostly the model's few hundred key names). */
function norm(s: string): string {
  let r = normCache.get(s);
  if (r === undefined) {
    r = s.toLowerCase().replace(/-/g, "_");
    if (normCache.size < 4096) normCache.set(s, r);
  }
  return r;
}

/**
 * The candidate `word` was most likely meant as: a case-insensitive match, the same word with `-`/`_` swapped, or
 * the nearest one within edit distance 2 (1 for words of up to 4 characters). Ties go to the first candidate.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = norm(word);
  const list = Array.isArray(candidates) ? (candidates as readonly string[]) : [...candidates];
  for (const c of list) if (c !== word && norm(c) === w) return c;
  const limit = word.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of list) {
    if (c === word) continue;
    const nc = norm(c);
    // The distance is at least the difference in length: a candidate that cannot beat the best is skipped.
    if (Math.abs(nc.length - w.length) >= bestD) continue;
    const dist = editDistance(w, nc, bestD - 1);
    if (dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  return best;
}

/** Candidates and words longer than this are compared one by one, never indexed (a long name has many deletions). */
const MAX_INDEXED = 32;

/** `s` and every string made of it by deleting up to `k` characters. */
function deletions(s: string, k: number, out = new Set<string>()): Set<string> {
  out.add(s);
  if (k > 0) for (let i = 0; i < s.length; i++) deletions(s.slice(0, i) + s.slice(i + 1), k - 1, out);
  return out;
}

/**
 * closest() for many words against one list (a file naming 4,000 unknown groups among 4,000 defined ones asks
 * 4,000 times): candidates are normalized once and indexed by their deletion neighbourhoods (SymSpell), so a word
 * is compared only with candidates that can be within distance 2 of it. Within distance k, k edits (substitution,
 * insertion, deletion, adjacent transposition) undo by at most k deletions on each side, so the neighbourhoods meet.
 */
export function suggester(candidates: Iterable<string>): (word: string) => string | undefined {
  const list = [...candidates];
  const norms = list.map(norm);
  /** Each normalized spelling → the candidates with it, in list order. */
  const byNorm = new Map<string, number[]>();
  const near = new Map<string, number[]>();
  const long: number[] = [];
  norms.forEach((n, i) => {
    const at = byNorm.get(n);
    if (at) at.push(i);
    else byNorm.set(n, [i]);
    if (n.length > MAX_INDEXED) long.push(i);
    else for (const d of deletions(n, 2)) {
      const seen = near.get(d);
      if (!seen) near.set(d, [i]);
      else if (seen[seen.length - 1] !== i) seen.push(i);
    }
  });
  return (word) => {
    const w = norm(word);
    const exact = byNorm.get(w)?.find((i) => list[i] !== word);
    if (exact !== undefined) return list[exact];
    const limit = word.length <= 4 ? 1 : 2;
    // A long word is compared with every candidate (its deletions would be many), as closest() does.
    let order: Iterable<number>;
    if (w.length > MAX_INDEXED) order = list.keys();
    else {
      const found = new Set<number>(long);
      for (const d of deletions(w, limit)) for (const i of near.get(d) ?? []) found.add(i);
      order = [...found].sort((x, y) => x - y);
    }
    // In list order, as closest() scans: ties go to the first candidate.
    let best: string | undefined;
    let bestD = limit + 1;
    for (const i of order) {
      const c = list[i]!;
      if (c === word) continue;
      const nc = norms[i]!;
      if (Math.abs(nc.length - w.length) >= bestD) continue;
      const dist = editDistance(w, nc, bestD - 1);
      if (dist < bestD) {
        best = c;
        bestD = dist;
      }
    }
    return best;
  };
}
