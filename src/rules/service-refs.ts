// Helpers shared by the service and process-group rules: the services of a fly.toml in flyctl's order
// (AllServices: [http_service] first, then [[services]]) with the names and paths users recognise, which of them
// apply to a group (flattenGroupsMatch), and "did you mean" suggestions.
import type { KeyPath } from "../diagnostic.js";
import { groupInfo, groupMatches } from "../compile/groups.js";
import type { FlyToml, HttpService, Service } from "../model/schema.js";
import { sourcePathOf } from "../model/source-path.js";
import type { PositionedDocument } from "../reader/document.js";
import type { TomlTable } from "../reader/values.js";
import { serviceLabel } from "./model-paths.js";

export interface ServiceRef {
  /** How messages name it (serviceLabel): `http_service`, `services[1]`, `services`. */
  label: string;
  /** Path in the model: ["http_service"] or ["services", i]. */
  modelPath: KeyPath;
  /** Path in the source document. */
  sourcePath: KeyPath;
  kind: "http_service" | "services";
  service: HttpService | Service;
  processes?: string[];
}

// The last answer only (see groupInfo in compile/groups.ts): the rules of one lint run ask in a row.
let last: { model: FlyToml; doc: PositionedDocument<TomlTable>; http: FlyToml["http_service"]; services: FlyToml["services"]; refs: readonly ServiceRef[] } | undefined;

/**
 * Every service in flyctl's order, [http_service] first. Shared by the rules of one lint run (memoized per model
 * and document; rules only read it).
 */
export function serviceRefs(doc: PositionedDocument<TomlTable>, model: FlyToml): readonly ServiceRef[] {
  if (last && last.model === model && last.doc === doc && last.http === model.http_service && last.services === model.services) return last.refs;
  const refs = computeServiceRefs(doc, model);
  last = { model, doc, http: model.http_service, services: model.services, refs };
  return refs;
}

function computeServiceRefs(doc: PositionedDocument<TomlTable>, model: FlyToml): ServiceRef[] {
  const out: ServiceRef[] = [];
  if (model.http_service) {
    out.push({ label: serviceLabel(doc, ["http_service"]), modelPath: ["http_service"], sourcePath: ["http_service"], kind: "http_service", service: model.http_service, processes: model.http_service.processes });
  }
  model.services?.forEach((s, i) => {
    const sourcePath = sourcePathOf(doc.value, ["services", i]);
    const label = serviceLabel(doc, ["services", i]);
    out.push({ label, modelPath: ["services", i], sourcePath, kind: "services", service: s, processes: s.processes });
  });
  return out;
}

/** The services that apply to `group` after Flatten. */
export function servicesOfGroup(model: FlyToml, refs: readonly ServiceRef[], group: string): ServiceRef[] {
  const def = groupInfo(model).def;
  return refs.filter((r) => groupMatches(group, r.processes, def));
}

/** `"a", "b" and "c"` */
export function quoteList(names: readonly string[]): string {
  const q = names.map((n) => JSON.stringify(n));
  return q.length <= 1 ? q.join("") : `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
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
  const list = [...candidates].filter((c) => c !== word);
  const exact = list.find((c) => norm(c) === w);
  if (exact !== undefined) return exact;
  const limit = word.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of list) {
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
