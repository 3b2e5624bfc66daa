// Machines API JSON as input: which shape a file has (a Machine, a list of Machines, a create/update body, a bare
// config), the configs it holds with their JSON paths, and a normal form of services for comparing Machines.
import type { KeyPath } from "../diagnostic.js";
import { isObj, type Obj } from "../object.js";

export type MachineInputShape = "machine" | "machine-list" | "body" | "config" | "other";


export interface MachineEntry {
  /** Position in a list (0 for single inputs). */
  index: number;
  /** JSON path of the Machine object (or body, or config) in the document. */
  path: KeyPath;
  /** JSON path of its config object; undefined when there is none (e.g. a list element that is not an object). */
  configPath?: KeyPath;
  config?: Obj;
  /** The enclosing object: the Machine, the body, or the config itself. */
  raw: unknown;
  id?: string;
  name?: string;
  /** metadata.fly_process_group, else metadata.process_group; undefined when neither is a non-empty string. */
  group?: string;
  /** JSON path of the metadata key the group came from. */
  groupPath?: KeyPath;
}

export interface MachineInput {
  shape: MachineInputShape;
  entries: MachineEntry[];
}

/** Keys only a GET response carries (never part of a create/update body). */
const MACHINE_KEYS = ["id", "state", "instance_id", "private_ip", "created_at", "updated_at", "events", "image_ref", "checks", "host_status", "incomplete_config"];
/** Keys only a create/update body carries (fly-go LaunchMachineInput). */
export const BODY_ONLY_KEYS = ["skip_launch", "skip_service_registration", "lease_ttl", "lsvd", "min_secrets_version", "skip_secrets", "current_version", "lease_nonce"];
/** Keys a body shares with a Machine object but that a config never has. */
export const BODY_KEYS = ["region", "name", ...BODY_ONLY_KEYS];

/** Detect the shape of a parsed JSON document and extract its configs. Linear in the number of Machines. */
export function readMachineInput(value: unknown): MachineInput {
  if (Array.isArray(value)) {
    return { shape: "machine-list", entries: value.map((m, i) => entryOf(m, [i], i)) };
  }
  if (!isObj(value)) return { shape: "other", entries: [] };
  if (isObj(value.config)) {
    const shape = MACHINE_KEYS.some((k) => k in value) ? "machine" : "body";
    return { shape, entries: [entryOf(value, [], 0)] };
  }
  return { shape: "config", entries: [configEntry(value)] };
}

function entryOf(m: unknown, path: KeyPath, index: number): MachineEntry {
  if (!isObj(m)) return { index, path, raw: m };
  const e: MachineEntry = { index, path, raw: m };
  if (typeof m.id === "string" && m.id) e.id = m.id;
  if (typeof m.name === "string" && m.name) e.name = m.name;
  if (isObj(m.config)) {
    e.config = m.config;
    e.configPath = [...path, "config"];
    Object.assign(e, groupOf(m.config, e.configPath));
  }
  return e;
}

function configEntry(c: Obj): MachineEntry {
  return { index: 0, path: [], configPath: [], config: c, raw: c, ...groupOf(c, []) };
}

function groupOf(config: Obj, configPath: KeyPath): Pick<MachineEntry, "group" | "groupPath"> {
  const md = config.metadata;
  if (!isObj(md)) return {};
  for (const k of ["fly_process_group", "process_group"]) {
    const g = md[k];
    if (typeof g === "string" && g !== "") return { group: g, groupPath: [...configPath, "metadata", k] };
  }
  return {};
}

/** How a Machine is named in messages: its id, else its name, else its position. */
export function machineLabel(e: MachineEntry): string {
  if (e.id) return `Machine ${e.id}`;
  if (e.name) return `Machine ${JSON.stringify(e.name)}`;
  return typeof e.path[0] === "number" ? `Machine #${e.index + 1}` : "the Machine";
}

/**
 * Normal form for comparing services: autostop aliases folded ("off" → false, "stop" → true), null and absent alike
 * (null-valued keys dropped), object keys sorted. Array order is kept (ports and checks are ordered), so a path in
 * the normal form is the same path in the source.
 */
export function normalizeServices(services: unknown): unknown {
  return normalize(services, undefined);
}

function normalize(v: unknown, key: string | undefined): unknown {
  if (Array.isArray(v)) return v.map((x) => normalize(x, undefined));
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) {
      const x = v[k];
      if (x === null || x === undefined) continue;
      Object.defineProperty(out, k, { value: normalize(x, k), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (key === "autostop") return v === "off" ? false : v === "stop" ? true : v;
  return v;
}

/** Canonical text of a normalized value (keys are already sorted by normalize). */
export function canonicalText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x)) ?? "null";
}

export interface ValueDifference {
  /** Path relative to the compared roots. */
  path: KeyPath;
  /** Undefined when absent. */
  actual: unknown;
  expected: unknown;
}

/**
 * Every leaf-level difference between two normalized values: for objects the union of keys, for arrays each index,
 * otherwise the value itself. Linear in the size of the two values.
 */
export function diffValues(actual: unknown, expected: unknown, base: KeyPath = [], out: ValueDifference[] = []): ValueDifference[] {
  if (isObj(actual) && isObj(expected)) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const k of [...keys].sort()) diffValues(actual[k], expected[k], [...base, k], out);
    return out;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    const n = Math.max(actual.length, expected.length);
    for (let i = 0; i < n; i++) diffValues(actual[i], expected[i], [...base, i], out);
    return out;
  }
  if (actual === undefined && expected === undefined) return out;
  if (isObj(actual) || isObj(expected) || Array.isArray(actual) || Array.isArray(expected) || actual !== expected) {
    if (canonicalText(actual) !== canonicalText(expected)) out.push({ path: base, actual, expected });
  }
  return out;
}

/** A short rendering of a JSON value for messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return "absent";
  const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? Number(x) : x)) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
