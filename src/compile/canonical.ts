// Canonical JSON for Machine configs: fly-go's field order, Go's sorted map keys, absent fields omitted, and
// integers beyond 2^53 printed exactly.
import { isObj, type Obj } from "../object.js";
import { compareCodePoints } from "../portable/bytes.js";
import { FIELD_ORDER, type Autostop, type AutostopWire, type CompiledMachineConfig, type Int, type MachineConfigFields, type MachineInit } from "./machine-types.js";
import { nullObject } from "../object.js";


/** Sets of the known field lists, for membership tests (built once per list). */
const orderSets = new WeakMap<readonly string[], Set<string>>();
function orderSet(order: readonly string[]): Set<string> {
  let set = orderSets.get(order);
  if (!set) orderSets.set(order, (set = new Set(order)));
  return set;
}

/** `out[k] = v` as a new own data property, even for `__proto__`. */
function define(out: Obj, k: string, v: unknown): void {
  if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}

type Nested = Record<string, (v: unknown) => unknown>;

/** Nested-field tables are null-prototype: a key such as `constructor` or `__proto__` in input finds no entry. */
function nestedTable(n: Nested): Nested {
  const t = nullObject() as Nested;
  for (const k of Object.keys(n)) t[k] = n[k]!;
  return t;
}

const NO_NESTED: Nested = nestedTable({});

/** Known fields in `order` first, then any others in their own order; undefined dropped. */
function ordered(o: Obj, order: readonly string[], nested: Nested = NO_NESTED): Obj {
  const out: Obj = {};
  for (const k of order) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    const v = o[k];
    // null means absent to the API (fly-go decodes it as the zero value; omitempty then drops it).
    if (v !== undefined && v !== null) define(out, k, nested[k] ? nested[k]!(v) : v);
  }
  const known = orderSet(order);
  for (const k of Object.keys(o)) {
    if (known.has(k)) continue;
    const v = o[k];
    if (v !== undefined && v !== null) define(out, k, nested[k] ? nested[k]!(v) : v);
  }
  return out;
}

const identity = (x: unknown) => x;

/** Go marshals maps with their keys sorted (by bytes). */
function sortedMap(v: unknown, each: (x: unknown) => unknown = identity): unknown {
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort(byteCompare)) define(out, k, each(v[k]));
  return out;
}

/**
 * Go's byte order of the UTF-8 encodings, which is code point order. UTF-16 code unit order agrees with it except
 * where a surrogate (a code point above U+FFFF) meets a unit in U+E000–U+FFFF: such pairs compare by bytes.
 */
function byteCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
    return compareCodePoints(a.slice(i), b.slice(i));
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

const list = (f: (x: unknown) => unknown) => (v: unknown) => (Array.isArray(v) ? v.map(f) : v);
const obj = (order: readonly string[], nested?: Nested) => {
  const table = nested ? nestedTable(nested) : NO_NESTED;
  return (v: unknown) => (isObj(v) ? ordered(v, order, table) : v);
};

const check = obj(FIELD_ORDER.check);
const port = obj(FIELD_ORDER.port, {
  tls_options: obj(["alpn", "versions", "default_self_signed"]),
  http_options: obj(["compress", "response", "h2_backend", "idle_timeout", "headers_read_timeout", "replay_cache"], {
    response: obj(["headers", "pristine"]),
    replay_cache: list(obj(["path_prefix", "ttl_seconds", "type", "name", "allow_bypass"])),
  }),
});
/** The API answers autostop as false / true / "suspend": "off" and "stop" are the same settings. */
const autostop = (v: unknown) => (v === "off" ? false : v === "stop" ? true : v);
const service = obj(FIELD_ORDER.service, {
  autostop,
  ports: list(port),
  checks: list(check),
  concurrency: obj(["type", "hard_limit", "soft_limit"]),
});

const sortedPlain = (v: unknown) => sortedMap(v);
const sortedChecks = (v: unknown) => sortedMap(v, check);

/** The nested orders of a config (built once, not per call). */
const CONFIG_NESTED: Nested = nestedTable({
    env: sortedPlain,
    init: obj(FIELD_ORDER.init),
    guest: obj(FIELD_ORDER.guest),
    metadata: sortedPlain,
    mounts: list(obj(FIELD_ORDER.mount)),
    services: list(service),
    metrics: obj(["port", "path", "https"]),
    checks: sortedChecks,
    statics: list(obj(["guest_path", "url_prefix", "tigris_bucket", "index_document"])),
    files: list(obj(["guest_path", "raw_value", "secret_name", "image_config", "mode"])),
    restart: obj(["policy", "max_retries"]),
    stop_config: obj(["timeout", "signal"]),
});

/**
 * A config in canonical form: fly-go's field order, map keys sorted, absent and null fields omitted, autostop as the
 * API answers it (`"off"` → false, `"stop"` → true). Two configs mean the same to the API when
 * `stringifyJson(canonicalConfig(a)) === stringifyJson(canonicalConfig(b))`. Returns a new object.
 */
export function canonicalConfig<I extends Int = Int>(c: MachineConfigFields<I, AutostopWire> & { init: MachineInit<I> }): CompiledMachineConfig<I>;
export function canonicalConfig<I extends Int = Int>(c: MachineConfigFields<I, AutostopWire>): MachineConfigFields<I, Autostop>;
export function canonicalConfig(c: MachineConfigFields<Int, AutostopWire>): MachineConfigFields<Int, Autostop> {
  return ordered(c as Obj, FIELD_ORDER.config, CONFIG_NESTED) as MachineConfigFields<Int, Autostop>;
}

/** JSON text with bigints printed as exact integers. */
export function stringifyJson(value: unknown, indent = 2): string {
  const marks: string[] = [];
  const text = JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v !== "bigint") return v;
      marks.push(v.toString());
      return `\u0000bigint:${marks.length - 1}\u0000`;
    },
    indent,
  );
  if (!marks.length) return text;
  return text.replace(/"\\u0000bigint:(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)]!);
}
