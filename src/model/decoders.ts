// Every function the fly.toml model runs on a value, without zod: the leaves' decoders (Go's encoding/json rules,
// spec §1.2), the transforms and flyctl's patches (§1.1). Both paths call these same functions: the zod model
// (schema.ts, for issues, types and the JSON Schema) wraps them, and the decoder plan (decoder-plan.ts, made at build
// time) names them, so the fast path (decoder-runtime.ts) runs without building or loading zod at all.
// An export here is part of the plan's vocabulary: the plan refers to functions by their export name.
import { TomlDateTime, TomlFloat, isTable, newTable, type TomlTable } from "../reader/values.js";
import { parseGoDuration } from "./go-duration.js";
import { goFormatValue } from "./go-format.js";
import { persistRootfsOf } from "./go-json.js";
import { nullObject } from "../object.js";

export type Decoded<T> = { ok: true; value: T } | { ok: false; message: string };
/** A leaf's decoder: any input, the decoded value or one message. */
export type LeafDecode<T = unknown> = (v: unknown) => Decoded<T>;
/** What a transform may report to (zod's payload has this shape): an issue makes the value fail. */
export interface IssueSink {
  issues: unknown[];
}

/** Durations are nanoseconds (Go time.Duration, int64). */
export type Nanoseconds = bigint;
export type Autostop = "off" | "stop" | "suspend";

/** How a value reads in a message: `the string "8080"`, `the integer 5`, `a table`. */
export function describe(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "boolean") return `the boolean ${v}`;
  if (typeof v === "number" || typeof v === "bigint") return `the integer ${v}`;
  if (v instanceof TomlFloat) return `the float ${v.source}`;
  if (v instanceof TomlDateTime) return `the date-time ${v.text}`;
  if (Array.isArray(v)) return "an array";
  if (isTable(v)) return "a table";
  return String(v);
}

/** How a value that is not the expected table or array reads (goObject, goArray and goMap messages). */
export function describeShape(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (isTable(v)) return "a table";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (v instanceof TomlFloat) return `the float ${v.source}`;
  if (v instanceof TomlDateTime) return `the date-time ${v.text}`;
  return `the ${typeof v === "number" || typeof v === "bigint" ? "number" : typeof v} ${String(v)}`;
}

const mustBe = (what: string, v: unknown) => ({ ok: false as const, message: `must be ${what}, not ${describe(v)}` });

// ---- leaves with Go's encoding/json semantics --------------------------------------------------------------

export const goString: LeafDecode<string> = (v) => (typeof v === "string" ? { ok: true, value: v } : mustBe("a string", v));

export const goBool: LeafDecode<boolean> = (v) => (typeof v === "boolean" ? { ok: true, value: v } : mustBe("a boolean (true or false, without quotes)", v));

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A Go integer type's accepted range, for `toGoInteger`. */
interface IntRange {
  name: string;
  min: bigint;
  max: bigint;
}
const INT: IntRange = { name: "an integer", min: INT64_MIN, max: INT64_MAX };
const UINT32: IntRange = { name: "a non-negative integer below 2^32", min: 0n, max: 2n ** 32n - 1n };

/** An integer as Go's JSON decoder takes it: integral numbers only (TOML `80.0` is fine, `80.5` is not). */
export function toGoInteger(v: unknown, range: IntRange = INT): Decoded<number | bigint> {
  // The common case, a safe integer in an int64 field, without the round trip through BigInt.
  if (typeof v === "number" && range === INT && Number.isSafeInteger(v)) return { ok: true, value: v === 0 ? 0 : v }; // -0 is 0 in Go
  let big: bigint;
  if (typeof v === "number") big = BigInt(v);
  else if (typeof v === "bigint") big = v;
  else if (v instanceof TomlFloat && Number.isInteger(v.value) && Math.abs(v.value) < 1e21) big = BigInt(v.value);
  else return mustBe(range.name, v);
  if (big < range.min || big > range.max) return { ok: false, message: `${big} is out of range for ${range.name}` };
  const n = Number(big);
  return { ok: true, value: Number.isSafeInteger(n) ? n : big };
}

export const goInt: LeafDecode<number | bigint> = (v) => toGoInteger(v);
export const goUint32: LeafDecode<number | bigint> = (v) => toGoInteger(v, UINT32);

export const goFloat: LeafDecode<number> = (v) => {
  if (typeof v === "number") return { ok: true, value: v };
  if (typeof v === "bigint") return { ok: true, value: Number(v) };
  if (v instanceof TomlFloat) return { ok: true, value: v.value };
  return mustBe("a number", v);
};

export const goStringList: LeafDecode<string[]> = (v) => {
  if (!Array.isArray(v)) return mustBe("an array of strings", v);
  const bad = v.findIndex((e) => typeof e !== "string");
  return bad < 0 ? { ok: true, value: v as string[] } : { ok: false, message: `must be an array of strings; item ${bad} is ${describe(v[bad])}` };
};

export const goStringMap: LeafDecode<Record<string, string>> = (v) => {
  if (!isTable(v)) return mustBe("a table of strings", v);
  const out: Record<string, string> = nullObject();
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== "string") return { ok: false, message: `must be a table of strings; ${JSON.stringify(k)} is ${describe(val)}` };
    out[k] = val;
  }
  return { ok: true, value: out };
};

/** Free-form values passed through to JSON as they are (response headers, build settings). */
export const goAny: LeafDecode = (v) => ({ ok: true, value: toJsonValue(v) });

function toJsonValue(v: unknown): unknown {
  if (v instanceof TomlFloat) return v.value;
  if (v instanceof TomlDateTime) return v.text;
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (isTable(v)) {
    const out: Record<string, unknown> = nullObject();
    for (const [k, val] of Object.entries(v)) out[k] = toJsonValue(val);
    return out;
  }
  return v;
}

function durationString(s: string): Decoded<Nanoseconds> {
  const r = parseGoDuration(s);
  if (r.ok) return { ok: true, value: r.ns };
  return { ok: false, message: `${JSON.stringify(s)} is not a valid duration (${r.error}); write it like "10s", "1m30s" or "500ms"` };
}

/** fly-go Duration.UnmarshalJSON: a Go duration string, or a number taken as nanoseconds. */
export const goDuration: LeafDecode<Nanoseconds> = (v) => {
  if (typeof v === "string") return durationString(v);
  if (typeof v === "number" || typeof v === "bigint") return { ok: true, value: BigInt(v) };
  if (v instanceof TomlFloat && Number.isFinite(v.value)) return { ok: true, value: BigInt(Math.trunc(v.value)) };
  return mustBe('a duration string such as "10s"', v);
};

export const NS = 1n;
export const MS = 1_000_000n;
export const SECOND = 1_000_000_000n;

/**
 * flyctl's castDuration patch (kill_timeout, service and top-level check timings): a string is parsed, `""` means
 * unset, an integer is scaled by the unit of its location, a float is truncated first, anything else is silently
 * dropped (flyctl ignores it, so the linter reports it, not the decoder).
 */
function patchedDuration(unitNs: bigint): LeafDecode<Nanoseconds | undefined> {
  return (v) => {
    if (typeof v === "string") return v === "" ? { ok: true, value: undefined } : durationString(v);
    if (typeof v === "number" || typeof v === "bigint") return { ok: true, value: BigInt(v) * unitNs };
    if (v instanceof TomlFloat && Number.isFinite(v.value)) return { ok: true, value: BigInt(Math.trunc(v.value)) * unitNs };
    return { ok: true, value: undefined };
  };
}
/** castDuration where an integer means milliseconds (check timings). */
export const patchedDurationMs = patchedDuration(MS);
/** castDuration where an integer means seconds (kill_timeout). */
export const patchedDurationSeconds = patchedDuration(SECOND);

// ---- fly.toml's own leaves ---------------------------------------------------------------------------------

/** fly-go MachineAutostop.UnmarshalJSON: true/false/"off"/"stop"/"suspend", nothing else (not "true", not "Stop"). */
export const autostop: LeafDecode<Autostop> = (v) => {
  if (v === true || v === "stop") return { ok: true, value: "stop" };
  if (v === false || v === "off") return { ok: true, value: "off" };
  if (v === "suspend") return { ok: true, value: "suspend" };
  if (typeof v === "string") {
    return { ok: false, message: `must be true, false, "off", "stop" or "suspend" (exactly so: strings are not read as booleans), not the string ${JSON.stringify(v)}` };
  }
  return { ok: false, message: `must be true, false, "off", "stop" or "suspend", not ${describe(v)}` };
};

function isFloat(v: unknown): v is { value: number; source: string } {
  return typeof v === "object" && v !== null && "source" in v && "value" in v && typeof (v as { value: unknown }).value === "number";
}

/** flyctl's castToInt (only `[[services]]` internal_port and ports[].port): numeric strings and floats allowed. */
export const castInt: LeafDecode<number | bigint> = (v) => {
  if (typeof v === "string") {
    if (!/^[+-]?[0-9]+$/.test(v)) return { ok: false, message: `${JSON.stringify(v)} is not an integer` };
    return toGoInteger(BigInt(v));
  }
  if (typeof v === "number" || typeof v === "bigint") return toGoInteger(v);
  if (isFloat(v)) return Number.isFinite(v.value) ? toGoInteger(Math.trunc(v.value)) : { ok: false, message: `${v.source} is not an integer` };
  return { ok: false, message: `must be an integer, not ${describe(v)}` };
};

export interface Concurrency {
  type?: string | undefined;
  hard_limit?: number | bigint | undefined;
  soft_limit?: number | bigint | undefined;
}

/** `[[services]]` only: the legacy "SOFT,HARD" string becomes a requests concurrency (no trimming, as Atoi). */
export const legacyConcurrency: LeafDecode<Concurrency> = (v) => {
  if (typeof v !== "string") return { ok: false, message: `must be a table or a "SOFT,HARD" string, not ${describe(v)}` };
  const comma = v.indexOf(",");
  if (comma < 0) return { ok: false, message: `unknown concurrency value ${JSON.stringify(v)}: write a table, or "SOFT,HARD" such as "20,25"` };
  const parts = [v.slice(0, comma), v.slice(comma + 1)];
  const nums: (number | bigint)[] = [];
  for (const p of parts) {
    const r = /^[+-]?[0-9]+$/.test(p) ? toGoInteger(BigInt(p)) : undefined;
    if (!r || !r.ok) return { ok: false, message: `cannot convert ${JSON.stringify(p)} in concurrency ${JSON.stringify(v)} to an integer (no spaces allowed)` };
    nums.push(r.value);
  }
  return { ok: true, value: { type: "requests", soft_limit: nums[0], hard_limit: nums[1] } };
};

/** Check headers in `[[services]]` and `[checks]`: a table (values stringified like Go %v) or a {name, value} list. */
export const patchedHeaders: LeafDecode<Record<string, string> | undefined> = (v) => {
  const out: Record<string, string> = nullObject();
  if (isTable(v)) {
    for (const [k, val] of Object.entries(v)) out[k] = goFormatValue(val);
  } else if (Array.isArray(v)) {
    for (const [i, item] of v.entries()) {
      if (!isTable(item)) return { ok: false, message: `header ${i} must be a table with name and value, not ${describe(item)}` };
      if (!("name" in item)) return { ok: false, message: `header ${i} has no name` };
      out[goFormatValue(item.name)] = "value" in item ? goFormatValue(item.value) : "";
    }
  } else {
    return { ok: false, message: `must be a table of headers or a list of {name, value} tables, not ${describe(v)}` };
  }
  return { ok: true, value: Object.keys(out).length ? out : undefined };
};

/** Values the patches stringify (`initial_size`, top-level vm `memory`): `512` becomes "512". */
export const stringified: LeafDecode<string> = (v) =>
  typeof v === "string" || typeof v === "number" || typeof v === "bigint" || isFloat(v)
    ? { ok: true, value: goFormatValue(v) }
    : { ok: false, message: `must be a string or a number, not ${describe(v)}` };

/**
 * fly-go machine_types.go MachinePersistRootfs.UnmarshalJSON: "", "none", "never", "restart", "always", or the
 * protobuf integers 0–3; anything else fails flyctl's decode ("sometimes", 4, "Always").
 */
export const persistRootfs: LeafDecode<string> = (v) => {
  // A TOML float reaches fly-go as a JSON number: 2.0 as `2`, 2.5 as `2.5` (no integer).
  const r = v instanceof TomlFloat ? persistRootfsOf(v.value, Number.isInteger(v.value) ? String(v.value) : v.source) : persistRootfsOf(v);
  if (r.ok) return r;
  return { ok: false, message: `must be "never", "restart", "always", "none" or "" (or 0–3): ${r.message}` };
};

/** `[env]`: a table, or (nested) lists of tables merged in order; values stringified with Go's %v. */
export const env: LeafDecode<Record<string, string>> = (v) => {
  const out: Record<string, string> = nullObject();
  const merge = (x: unknown): string | undefined => {
    if (isTable(x)) {
      for (const k in x) out[k] = goFormatValue(x[k]);
      return undefined;
    }
    if (Array.isArray(x)) {
      for (const item of x) {
        const err = merge(item);
        if (err) return err;
      }
      return undefined;
    }
    return `must be a table (or a list of tables), not ${describe(x)}`;
  };
  const err = merge(v);
  return err ? { ok: false, message: err } : { ok: true, value: out };
};

/** `[processes]` table (values must be strings), or the legacy `[[processes]]` list of {name, command}. */
export const processes: LeafDecode<Record<string, string> | undefined> = (v) => {
  const out: Record<string, string> = nullObject();
  if (Array.isArray(v)) {
    for (const item of v) {
      if (!isTable(item) || !("name" in item)) continue;
      out[goFormatValue(item.name)] = "command" in item ? goFormatValue(item.command) : "";
    }
    return { ok: true, value: Object.keys(out).length ? out : undefined };
  }
  if (!isTable(v)) return { ok: false, message: `must be a table of process commands, not ${describe(v)}` };
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== "string") return { ok: false, message: `process ${JSON.stringify(k)} must be a command string, not ${describe(val)}` };
    out[k] = val;
  }
  return { ok: true, value: out };
};

// ---- allocation-free answers for the commonest leaves --------------------------------------------------------

/** A shortcut's answer when it cannot tell: the leaf's full decode decides. */
export const MISS: unique symbol = Symbol("flyconf.leaf.miss");
/**
 * The decoded value when the input is the plain case, MISS otherwise. Each must agree with its leaf's decode
 * wherever it answers (test/fast-decode.test.ts compares the fast path with zod).
 */
export const SHORTCUTS: ReadonlyMap<LeafDecode, (v: unknown) => unknown> = new Map<LeafDecode, (v: unknown) => unknown>([
  [goString, (v) => (typeof v === "string" ? v : MISS)],
  [goBool, (v) => (typeof v === "boolean" ? v : MISS)],
  [goInt, (v) => (typeof v === "number" && Number.isSafeInteger(v) ? (v === 0 ? 0 : v) : MISS)],
  [
    goStringList,
    (v) => {
      if (!Array.isArray(v)) return MISS;
      for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return MISS;
      return v;
    },
  ],
]);

// ---- structure ---------------------------------------------------------------------------------------------

/**
 * Go encoding/json's key matching for a struct: exact first, else case-insensitive. Go visits a map's keys in
 * sorted order and the last write to a field wins, so `Internal_Port` then `internal_port` leaves the lowercase
 * value. Returns the table itself when no key needs folding.
 */
export function foldKeys(src: TomlTable, known: ReadonlySet<string>, lower: ReadonlyMap<string, string>): TomlTable {
  let needsFold = false;
  for (const k of Object.keys(src)) if (!known.has(k) && lower.has(k.toLowerCase())) needsFold = true;
  if (!needsFold) return src;
  const out = newTable();
  for (const k of Object.keys(src).sort()) {
    const target = known.has(k) ? k : (lower.get(k.toLowerCase()) ?? k);
    out[target] = src[k]!;
  }
  return out;
}

// ---- transforms (the patches that reshape values) ----------------------------------------------------------

/** flyctl's ensureArrayOfMap: a single table or an array of tables, always an array afterwards. */
export function asList<T>(v: T | T[]): T[] {
  return Array.isArray(v) ? v : [v];
}

/** A checks list: an empty one is deleted by the patch. */
export function emptyListUnset<T>(l: T[]): T[] | undefined {
  return l.length ? l : undefined;
}

/** cmd/entrypoint/exec: a string becomes a one-element list. */
export function oneItemList(s: string): string[] {
  return [s];
}

/** Top-level kill_timeout: null when present but unset by the patch (still blocks the legacy experimental one). */
export function unsetAsNull<T>(d: T | undefined): T | null {
  return d ?? null;
}

/** Patch #2 drops a `[[services]]` entry that has no keys (empty check lists count as none). */
export function dropEmptyService(v: unknown): unknown {
  return isTable(v) && onlyEmptyCheckLists(v) ? undefined : v;
}
function onlyEmptyCheckLists(t: Record<string, unknown>): boolean {
  for (const k in t) {
    const x = t[k];
    if ((k !== "tcp_checks" && k !== "http_checks") || !Array.isArray(x) || x.length !== 0) return false;
  }
  return true;
}

/** `[checks.NAME]` tables as they are; a list of checks each with a `name` keyed by it (the name stays inside). */
export function namedChecks<C extends { name: string }, M extends Record<string, unknown>>(v: C[] | M): Record<string, Omit<C, "name">> | M | undefined {
  if (!Array.isArray(v)) return Object.keys(v).length ? v : undefined;
  const named: Record<string, Omit<C, "name">> = nullObject();
  for (const { name, ...check } of v) named[name] = check;
  return Object.keys(named).length ? named : undefined;
}

function allUndefined(o: Record<string, unknown>): boolean {
  for (const k of Object.keys(o)) if (o[k] !== undefined) return false;
  return true;
}

/** a ++ b as a new array (the aliases are mostly absent: no spreading of empty lists per file). */
function concat<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] {
  if (!a?.length) return b ? b.slice() : [];
  return b?.length ? a.concat(b) : a.slice();
}

/** The decoded document before the patches that move data between keys (`rawFlyToml` in schema.ts). */
interface RawDoc {
  [key: string]: unknown;
  mount?: unknown[];
  mounts?: unknown[];
  compute?: unknown[];
  computes?: unknown[];
  vm?: unknown[];
  metric?: unknown[];
  metrics?: unknown[];
  services?: unknown[];
  kill_timeout?: Nanoseconds | null;
  build?: Record<string, unknown>;
  experimental?: Record<string, unknown>;
}

/**
 * The whole fly.toml's patches that move data between keys: aliases concatenated in flyctl's order, legacy
 * experimental keys (decoded here, their issues reported at the source keys), empty services dropped.
 */
export function patchFlyToml(raw: RawDoc, ctx: IssueSink): Record<string, unknown> {
  // One pass over the decoded keys: the ones the patches rewrite into locals, every other one copied as it is (in
  // the decoded order). Decoded tables differ in which keys they hold, so named reads of thirty fields would each
  // be a megamorphic lookup; a for-in over the object's own keys is not.
  const out: Record<string, unknown> = {};
  let mountOne, mountList, compute, computes, vms, metric, metricsRaw, servicesRaw: unknown[] | undefined;
  let kill: Nanoseconds | null | undefined;
  let buildRaw: Record<string, unknown> | undefined, exp: Record<string, unknown> | undefined;
  for (const k in raw) {
    const v = raw[k];
    switch (k) {
      case "mount": mountOne = v as unknown[]; break;
      case "mounts": mountList = v as unknown[]; break;
      case "compute": compute = v as unknown[]; break;
      case "computes": computes = v as unknown[]; break;
      case "vm": vms = v as unknown[]; break;
      case "metric": metric = v as unknown[]; break;
      case "metrics": metricsRaw = v as unknown[]; break;
      case "services": servicesRaw = v as unknown[]; break;
      case "kill_timeout": kill = v as Nanoseconds | null; break;
      case "build": buildRaw = v as Record<string, unknown>; break;
      case "experimental": exp = v as Record<string, unknown>; break;
      default: out[k] = v;
    }
  }

  const services = (servicesRaw ?? []).filter((x) => x !== undefined);
  // Legacy [experimental] keys (patch #4): used only when the top level does not set them.
  let killTimeout = kill ?? undefined;
  if (exp?.kill_timeout !== undefined && kill === undefined) {
    const r = patchedDurationSeconds(exp.kill_timeout);
    if (r.ok) killTimeout = r.value;
    else ctx.issues.push({ code: "custom", message: r.message, input: exp.kill_timeout, path: ["experimental", "kill_timeout"] });
  }
  let metricsList = concat(metric, metricsRaw);
  if ((exp?.metrics_port !== undefined || exp?.metrics_path !== undefined) && metricsRaw === undefined) {
    // Decoded as a [metrics] table of these two keys would be (port before path, as the model lists them).
    const legacy: Record<string, unknown> = {};
    let ok = true;
    for (const [key, from, decode] of [["port", "metrics_port", goInt], ["path", "metrics_path", goString]] as const) {
      const x = exp[from];
      if (x === undefined) continue;
      const r = decode(x);
      if (r.ok) legacy[key] = r.value;
      else {
        ok = false;
        ctx.issues.push({ code: "custom", message: r.message, input: x, path: ["experimental", from] });
      }
    }
    if (ok) metricsList = [...(metric ?? []), legacy];
  }

  // Own keys copied in a loop rather than by object rest (`{ a, ...rest }`), which V8 runs as a slow runtime call.
  let buildOut = buildRaw;
  if (buildOut && buildOut.build_target !== undefined) {
    const renamed: Record<string, unknown> = {};
    for (const k of Object.keys(buildOut)) if (k !== "build_target") renamed[k] = buildOut[k];
    renamed["build-target"] = buildOut.build_target;
    buildOut = renamed;
  }
  if (buildOut && allUndefined(buildOut)) buildOut = undefined;
  let expOut = exp;
  if (exp) {
    expOut = {};
    for (const k of Object.keys(exp)) if (k !== "kill_timeout" && k !== "metrics_port" && k !== "metrics_path") expOut[k] = exp[k];
  }
  const list = <T>(x: T[]): T[] | undefined => (x.length ? x : undefined);
  out.kill_timeout = killTimeout;
  out.build = buildOut;
  out.experimental = expOut;
  out.services = list(services);
  out.mounts = list(concat(mountOne, mountList));
  out.vm = list(concat(concat(compute, computes), vms));
  out.metrics = list(metricsList);
  return out;
}
