// Model paths → source paths. The patches merge aliases (`[[compute]]` + `[[vm]]` → vm, `[mount]` → mounts), wrap
// single tables into lists and turn check lists into maps; a diagnostic about the model must still point at the
// key the user wrote.
import type { KeyPath } from "../diagnostic.js";
import { isTable, type TomlTable, type TomlValue } from "../reader/values.js";

/** The source keys each merged list is built from, in flyctl's concatenation order. */
const ALIASES: Record<string, string[]> = {
  vm: ["compute", "computes", "vm"],
  mounts: ["mount", "mounts"],
  metrics: ["metric", "metrics"],
  services: ["services"],
};

export function sourcePathOf(raw: TomlTable, path: KeyPath): KeyPath {
  const [head, second, ...rest] = path;
  if (typeof head !== "string") return path;
  const aliases = ALIASES[head];
  if (aliases && typeof second === "number") {
    let i = second;
    for (const key of aliases) {
      const v = raw[key];
      const items = listItems(v);
      if (i < items.length) {
        if (head === "services") i = nonEmptyIndex(items, i);
        return Array.isArray(v) ? [key, i, ...rest] : [key, ...rest];
      }
      i -= items.length;
    }
    return [head];
  }
  if (head === "checks" && typeof second === "string") {
    const v = raw.checks;
    if (Array.isArray(v)) {
      const idx = v.findIndex((c) => isTable(c) && c.name === second);
      return idx >= 0 ? ["checks", idx, ...rest] : ["checks"];
    }
  }
  if (head === "processes" && typeof second === "string") {
    const v = raw.processes;
    if (Array.isArray(v)) {
      const idx = v.findIndex((p) => isTable(p) && String(p.name) === second);
      return idx >= 0 ? ["processes", idx, "command"] : ["processes"];
    }
  }
  return path;
}

function listItems(v: TomlValue | undefined): TomlValue[] {
  if (Array.isArray(v)) return v;
  return v === undefined ? [] : [v];
}

function isEmpty(t: TomlTable): boolean {
  for (const _ in t) return false;
  return true;
}

/** Per `[[services]]` list: model index → source index (rules ask for every service, often more than once). */
const nonEmptyIndexes = new WeakMap<TomlValue[], number[]>();

/** Empty `[[services]]` entries are dropped before numbering; map the model index back over them. */
function nonEmptyIndex(items: TomlValue[], i: number): number {
  let map = nonEmptyIndexes.get(items);
  if (!map) {
    map = [];
    for (let j = 0; j < items.length; j++) {
      const it = items[j];
      if (!(isTable(it) && isEmpty(it))) map.push(j);
    }
    nonEmptyIndexes.set(items, map);
  }
  return i < map.length ? map[i]! : i;
}
