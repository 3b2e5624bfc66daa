// Helpers shared by the service and process-group rules: the services of a fly.toml in flyctl's order
// (AllServices: [http_service] first, then [[services]]) with the names and paths users recognise, which of them
// apply to a group (flattenGroupsMatch), and "did you mean" suggestions.
import type { KeyPath } from "../diagnostic.js";
import { defaultProcessName, groupMatches } from "../compile/groups.js";
import type { FlyToml, HttpService, Service } from "../model/schema.js";
import { sourcePathOf } from "../model/source-path.js";
import type { PositionedDocument } from "../reader/document.js";
import type { TomlTable } from "../reader/values.js";

export interface ServiceRef {
  /** How messages name it: `[http_service]`, `[[services]] #2` (1-based, as written in the file), `[services]`. */
  label: string;
  /** Path in the model: ["http_service"] or ["services", i]. */
  modelPath: KeyPath;
  /** Path in the source document. */
  sourcePath: KeyPath;
  kind: "http_service" | "services";
  service: HttpService | Service;
  processes?: string[];
}

/** Every service in flyctl's order, [http_service] first. */
export function serviceRefs(doc: PositionedDocument<TomlTable>, model: FlyToml): ServiceRef[] {
  const out: ServiceRef[] = [];
  if (model.http_service) {
    out.push({ label: "[http_service]", modelPath: ["http_service"], sourcePath: ["http_service"], kind: "http_service", service: model.http_service, processes: model.http_service.processes });
  }
  model.services?.forEach((s, i) => {
    const sourcePath = sourcePathOf(doc.value, ["services", i]);
    const idx = sourcePath[1];
    const label = typeof idx === "number" ? `[[services]] #${idx + 1}` : "[services]";
    out.push({ label, modelPath: ["services", i], sourcePath, kind: "services", service: s, processes: s.processes });
  });
  return out;
}

/** The services that apply to `group` after Flatten. */
export function servicesOfGroup(model: FlyToml, refs: readonly ServiceRef[], group: string): ServiceRef[] {
  const def = defaultProcessName(model);
  return refs.filter((r) => groupMatches(group, r.processes, def));
}

/** `"a", "b" and "c"` */
export function quoteList(names: readonly string[]): string {
  const q = names.map((n) => JSON.stringify(n));
  return q.length <= 1 ? q.join("") : `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
}

/**
 * The candidate `word` was most likely meant as: a case-insensitive match, the same word with `-`/`_` swapped, or
 * the nearest one within edit distance 2 (1 for words of up to 4 characters). Ties go to the first candidate.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/-/g, "_");
  const w = norm(word);
  const list = [...candidates].filter((c) => c !== word);
  const exact = list.find((c) => norm(c) === w);
  if (exact !== undefined) return exact;
  const limit = word.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const c of list) {
    const dist = editDistance(w, norm(c));
    if (dist < bestD) {
      best = c;
      bestD = dist;
    }
  }
  return best;
}
