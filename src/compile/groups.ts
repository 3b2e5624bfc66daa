// Process groups (spec §4.1) and Flatten (§4.2): which sections of fly.toml apply to one group.
import type { FlyToml, TopLevelCheck, Vm } from "../model/schema.js";

/** `[processes]` keys in byte order, or `app` when there are none. */
export function processNames(config: FlyToml): string[] {
  const names = Object.keys(config.processes ?? {});
  return names.length ? names.sort(byteOrder) : ["app"];
}

/** `app` when it is a group, else the first name in byte order. */
export function defaultProcessName(config: FlyToml): string {
  return defaultOf(processNames(config));
}

function defaultOf(names: readonly string[]): string {
  return names.includes("app") ? "app" : names[0]!;
}

/** Group names and default group of one model, derived once (internal: compile and lint never mutate the model). */
export interface GroupInfo {
  readonly names: readonly string[];
  readonly def: string;
}

// One entry, not a WeakMap: compile and the rules of a lint run ask about the same model in a row, and thousands
// of dead WeakMap keys cost more in GC than the lookups save.
let lastConfig: FlyToml | undefined;
let lastProcesses: FlyToml["processes"];
let lastInfo: GroupInfo | undefined;

/**
 * processNames and defaultProcessName, memoized for the last model asked about (recomputed if `processes` was
 * replaced).
 */
export function groupInfo(config: FlyToml): GroupInfo {
  if (config === lastConfig && config.processes === lastProcesses && lastInfo) return lastInfo;
  const names = processNames(config);
  const info: GroupInfo = { names, def: defaultOf(names) };
  lastConfig = config;
  lastProcesses = config.processes;
  lastInfo = info;
  return info;
}

/** flyctl's FormatProcessNames: `['a', 'b']`. */
export function formatProcessNames(config: FlyToml): string {
  return `[${processNames(config)
    .map((n) => `'${n}'`)
    .join(", ")}]`;
}

const SURROGATE = /[\ud800-\udfff]/;

export function byteOrder(a: string, b: string): number {
  // Go sorts strings by UTF-8 bytes; comparing code points gives the same order (UTF-16 compare would not).
  // Without surrogates, code units are code points: compare them in place.
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = a.charCodeAt(i) - b.charCodeAt(i);
      if (d !== 0) return d;
    }
    return a.length - b.length;
  }
  const ca = [...a];
  const cb = [...b];
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

/**
 * flattenGroupsMatch: an empty or absent list matches only the default group; otherwise the list must name the
 * group ("" standing for the default group).
 */
export function groupMatches(group: string, list: readonly string[] | undefined, defaultGroup: string): boolean {
  if (!list || list.length === 0) return group === defaultGroup;
  return list.some((p) => p === group || (p === "" && group === defaultGroup));
}

/** The fly.toml as it applies to one group. Same shape as the model, sections narrowed. */
export interface FlatConfig extends FlyToml {
  /** The group this was flattened for. */
  group: string;
  /** The default group of the unflattened config. */
  defaultGroup: string;
}

export function flatten(config: FlyToml, group: string): FlatConfig {
  return flattenWith(config, group, defaultProcessName(config));
}

/** flatten with the default group already known. */
export function flattenWith(config: FlyToml, group: string, def: string): FlatConfig {
  return { ...config, ...flatSections(config, group, def) };
}

/** The fields flatten narrows or adds (in flatten's order); every other field is the config's own. */
export type FlatSections = Pick<
  FlatConfig,
  "group" | "defaultGroup" | "processes" | "checks" | "http_service" | "services" | "mounts" | "files" | "metrics" | "restart" | "vm" | "host_dedication_id"
>;

/**
 * Just the narrowed sections: the compiler reads the rest from the model without copying it per group.
 * (toMachineConfigWith copies these fields by name: a new field goes there too.)
 */
export function flatSections(config: FlyToml, group: string, def: string): FlatSections {
  const vm = config.vm ? chooseVm(config.vm, group, def) : undefined;
  const processes = config.processes && group in config.processes ? { [group]: config.processes[group]! } : undefined;
  return {
    group,
    defaultGroup: def,
    processes,
    checks: config.checks ? pickChecks(config.checks, group, def) : undefined,
    http_service: config.http_service && groupMatches(group, config.http_service.processes, def) ? config.http_service : undefined,
    services: pick(config.services, group, def),
    mounts: pick(config.mounts, group, def),
    files: pick(config.files, group, def),
    metrics: pick(config.metrics, group, def),
    restart: pick(config.restart, group, def),
    vm: vm ? [vm] : undefined,
    host_dedication_id: vm?.host_dedication_id || config.host_dedication_id,
  };
}

/** The `[checks.NAME]` that apply to `group` (a plain object, as Object.fromEntries makes); undefined when none do. */
function pickChecks(checks: NonNullable<FlyToml["checks"]>, group: string, def: string): FlyToml["checks"] {
  let out: Record<string, TopLevelCheck> | undefined;
  for (const name of Object.keys(checks)) {
    const c = checks[name]!;
    if (!groupMatches(group, c.processes, def)) continue;
    out ??= {};
    // defineProperty for `__proto__`: a check may be named so, and must stay an own key.
    if (name === "__proto__") Object.defineProperty(out, name, { value: c, enumerable: true, writable: true, configurable: true });
    else out[name] = c;
  }
  return out;
}

/** The entries of a list section that apply to `group`; undefined when none do. */
function pick<T extends { processes?: string[] }>(xs: T[] | undefined, group: string, def: string): T[] | undefined {
  if (!xs) return undefined;
  const out = xs.filter((x) => groupMatches(group, x.processes, def));
  return out.length ? out : undefined;
}

/**
 * `[[vm]]` has its own rule: entries without processes apply to every group. The last entry naming the group
 * wins; failing that, the first candidate (no processes, or `""` for the default group). No merging.
 */
function chooseVm(vms: Vm[], group: string, def: string): Vm | undefined {
  let first: Vm | undefined;
  let lastNaming: Vm | undefined;
  for (const v of vms) {
    if (v.processes?.length && !groupMatches(group, v.processes, def)) continue;
    first ??= v;
    if (v.processes?.includes(group)) lastNaming = v;
  }
  return lastNaming ?? first;
}
