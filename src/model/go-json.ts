// Go's encoding/json over fly-go's types (fly-go v0.9.6, see fly-go-types.ts): what `json.Unmarshal(buf, config)`
// leaves in a *fly.MachineConfig and what `json.Marshal` then sends. flyctl decodes `machine_config` this way
// (internal/config/machine.go ParseConfig, called from containerconfig.ParseContainerConfig inside
// appconfig updateMachineConfig), so unknown fields vanish, wrong types fail the conversion, and the enum types with
// their own UnmarshalJSON (Duration, MachineAutostop, MachinePersistRootfs) accept exactly what fly-go accepts.
//
// Values are plain JSON-like objects keyed by json tag; embedded structs' fields sit flat in their parent, as Go's
// encoder promotes them. Decoding follows encoding/json decode.go: objects decode into the existing struct (merge),
// maps keep their existing keys and take fresh values, array elements decode into the existing element at the same
// index and the slice is cut to the new length, null is a no-op except for pointers, maps and slices (nil).
import type { KeyPath } from "../diagnostic.js";
import { NestingTooDeep, isObj, isUnsafeKey, safeClone, type Obj } from "../object.js";
import { FLY_GO_NAMED, FLY_GO_STRUCTS, type GoField } from "./fly-go-types.js";
import { formatGoDuration, parseGoDuration } from "./go-duration.js";

export interface GoJsonIssue {
  message: string;
  /** Path in the JSON input (keys as written, array indexes). */
  path: KeyPath;
}

export interface GoJsonOptions {
  /** The source text of the number at a path, when known: Go reads ints from the literal (`8080.0` is no int). */
  literal?: (path: KeyPath) => string | undefined;
}


function define(o: Obj, k: string, v: unknown): void {
  if (v === undefined) {
    if (Object.prototype.hasOwnProperty.call(o, k)) delete o[k];
    return;
  }
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

interface Ctx {
  issues: GoJsonIssue[];
  literal?: (path: KeyPath) => string | undefined;
}

/** Decodes `input` into `current` (not mutated) as Go would into a value of Go type `type`. */
export function unmarshalGo(type: string, current: unknown, input: unknown, options: GoJsonOptions = {}): { value: unknown; issues: GoJsonIssue[] } {
  const ctx: Ctx = { issues: [], literal: options.literal };
  const value = dec(type, current, input, [], [], "", ctx);
  return { value, issues: ctx.issues };
}

function jsonKind(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number" || typeof v === "bigint") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}

/** encoding/json UnmarshalTypeError.Error(). */
function typeError(ctx: Ctx, path: KeyPath, fields: readonly string[], struct: string, what: string, type: string): void {
  const message = struct
    ? `json: cannot unmarshal ${what} into Go struct field ${struct}.${fields.join(".")} of type ${goTypeName(type)}`
    : `json: cannot unmarshal ${what} into Go value of type ${goTypeName(type)}`;
  ctx.issues.push({ message, path });
}

function goTypeName(t: string): string {
  const base = t.replace(/^(\[\]|\*|map\[string\])+/, "");
  const prefix = t.slice(0, t.length - base.length);
  if (FLY_GO_STRUCTS[base] || FLY_GO_NAMED[base] || base === "Duration") return `${prefix}fly.${base}`;
  return t === "any" ? "interface {}" : t;
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  int: [-(2n ** 63n), 2n ** 63n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** The number's literal: the source text when known, else JavaScript's own spelling (integral or not). */
function literalOf(v: number | bigint, path: KeyPath, ctx: Ctx): string {
  return ctx.literal?.(path) ?? (typeof v === "bigint" ? v.toString() : Number.isInteger(v) && Math.abs(v) < 1e21 ? BigInt(v).toString() : String(v));
}

function toNumber(b: bigint): number | bigint {
  const n = Number(b);
  return Number.isSafeInteger(n) ? n : b;
}

function dec(t: string, cur: unknown, v: unknown, path: KeyPath, fields: readonly string[], struct: string, ctx: Ctx): unknown {
  if (v === undefined) return cur;
  if (t.startsWith("*")) {
    if (v === null) return undefined;
    return dec(t.slice(1), cur, v, path, fields, struct, ctx);
  }
  if (t.startsWith("[]")) {
    if (v === null) return undefined;
    if (!Array.isArray(v)) {
      typeError(ctx, path, fields, struct, jsonKind(v), t);
      return cur;
    }
    const old = Array.isArray(cur) ? cur : [];
    const elem = t.slice(2);
    return v.map((x, i) => dec(elem, i < old.length ? old[i] : undefined, x, [...path, i], fields, struct, ctx));
  }
  if (t.startsWith("map[string]")) {
    if (v === null) return undefined;
    if (!isObj(v)) {
      typeError(ctx, path, fields, struct, jsonKind(v), t);
      return cur;
    }
    const out: Obj = {};
    if (isObj(cur)) for (const k of Object.keys(cur)) define(out, k, cur[k]);
    const elem = t.slice("map[string]".length);
    for (const k of Object.keys(v)) if (!isUnsafeKey(k)) define(out, k, dec(elem, undefined, v[k], [...path, k], [...fields, k], struct, ctx) ?? zeroOf(elem));
    return out;
  }
  if (v === null) return cur; // null into a non-pointer, non-reference value: no-op
  switch (t) {
    case "any":
      // Copied by the one safe routine (no prototype keys, depth capped): the only type whose depth is the input's.
      try {
        return safeClone(v);
      } catch (e) {
        if (!(e instanceof NestingTooDeep)) throw e;
        ctx.issues.push({ message: `value ${e.message}`, path });
        return cur;
      }
    case "string":
      if (typeof v === "string") return v;
      typeError(ctx, path, fields, struct, jsonKind(v), t);
      return cur;
    case "bool":
      if (typeof v === "boolean") return v;
      typeError(ctx, path, fields, struct, jsonKind(v), t);
      return cur;
    case "float64":
      if (typeof v === "number") return v;
      if (typeof v === "bigint") return Number(v);
      typeError(ctx, path, fields, struct, jsonKind(v), t);
      return cur;
    case "int":
    case "int32":
    case "int64":
    case "uint32":
    case "uint64": {
      if (typeof v !== "number" && typeof v !== "bigint") {
        typeError(ctx, path, fields, struct, jsonKind(v), t);
        return cur;
      }
      const lit = literalOf(v, path, ctx);
      const [min, max] = INT_RANGES[t]!;
      const big = /^-?[0-9]+$/.test(lit) ? BigInt(lit) : undefined;
      if (big === undefined || big < min || big > max) {
        typeError(ctx, path, fields, struct, `number ${lit}`, t);
        return cur;
      }
      return toNumber(big);
    }
    case "Duration":
      return decDuration(v, path, ctx, cur);
    case "MachineAutostop":
      return decAutostop(v, path, ctx, cur);
    case "MachinePersistRootfs":
      return decPersistRootfs(v, path, fields, struct, ctx, cur);
  }
  const named = FLY_GO_NAMED[t];
  if (named) return dec(named, cur, v, path, fields, struct, ctx);
  const def = FLY_GO_STRUCTS[t];
  if (!def) throw new Error(`go-json: unknown type ${t}`);
  if (!isObj(v)) {
    typeError(ctx, path, fields, struct, jsonKind(v), t);
    return cur;
  }
  const out: Obj = {};
  if (isObj(cur)) for (const k of Object.keys(cur)) define(out, k, cur[k]);
  for (const k of Object.keys(v)) {
    if (isUnsafeKey(k)) continue; // flyconf's safety rule (src/object.ts) over Go's: prototype keys are never read
    const f = fieldFor(t, k);
    if (!f) continue; // unknown fields are dropped
    const [json, ft, , owner] = f;
    define(out, json, dec(ft, out[json], v[k], [...path, k], [...fields, json], owner, ctx));
  }
  return out;
}

type ResolvedField = readonly [json: string, type: string, goName: string, owner: string];
const fieldCache = new Map<string, Map<string, ResolvedField>>();

/** All fields of a struct by json name, embedded structs' fields promoted (the outer struct's own field wins). */
function fieldsOf(t: string): Map<string, ResolvedField> {
  let m = fieldCache.get(t);
  if (m) return m;
  m = new Map();
  const embedded: GoField[] = [];
  for (const f of FLY_GO_STRUCTS[t] ?? []) {
    if (f[0] === "") embedded.push(f);
    else m.set(f[0], [f[0], f[1], f[2], t]);
  }
  for (const e of embedded) for (const [k, f] of fieldsOf(e[1].replace(/^\*/, ""))) if (!m.has(k)) m.set(k, f);
  fieldCache.set(t, m);
  return m;
}

/** encoding/json's field lookup: the exact name, else a case-insensitive match (ASCII folding). */
function fieldFor(t: string, key: string): ResolvedField | undefined {
  const m = fieldsOf(t);
  const exact = m.get(key);
  if (exact) return exact;
  const folded = key.toLowerCase();
  for (const [k, f] of m) if (k.toLowerCase() === folded) return f;
  return undefined;
}

/** The zero value Go stores for a map element decoded from null. */
function zeroOf(t: string): unknown {
  if (t === "string" || FLY_GO_NAMED[t] === "string") return "";
  if (t === "bool") return false;
  if (/^u?int(32|64)?$|^float64$/.test(t)) return 0;
  return undefined;
}

/** fly-go duration.go Duration.UnmarshalJSON → ParseDuration: a Go duration string or a number of nanoseconds. */
function decDuration(v: unknown, path: KeyPath, ctx: Ctx, cur: unknown): unknown {
  if (typeof v === "string") {
    const r = parseGoDuration(v);
    if (r.ok) return formatGoDuration(r.ns);
    ctx.issues.push({ message: r.error, path });
    return cur;
  }
  if (typeof v === "number" || typeof v === "bigint") {
    // json.Unmarshal into any gives float64; int64(value) truncates.
    const f = Number(v);
    return formatGoDuration(BigInt(Math.trunc(f)));
  }
  ctx.issues.push({ message: `unknown duration type: ${goDynamicType(v)}`, path });
  return cur;
}

function goDynamicType(v: unknown): string {
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** fly-go machine_types.go MachineAutostop.UnmarshalJSON; stored as MarshalJSON writes it (false, true, "suspend"). */
function decAutostop(v: unknown, path: KeyPath, ctx: Ctx, cur: unknown): unknown {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    if (v === "off") return false;
    if (v === "stop") return true;
    if (v === "suspend") return "suspend";
    ctx.issues.push({ message: `invalid autostop string value "${v}"`, path });
    return cur;
  }
  ctx.issues.push({ message: "autostop value is not a valid bool or string", path });
  return cur;
}

const PERSIST_STRINGS: Record<string, string> = { "": "", none: "", never: "never", restart: "restart", always: "always" };
const PERSIST_INTS = ["", "never", "restart", "always"];

/** fly-go machine_types.go MachinePersistRootfs.UnmarshalJSON: the four strings ("none" = ""), or 0–3. */
export function persistRootfsOf(v: unknown, literal?: string): { ok: true; value: string } | { ok: false; message: string } {
  if (typeof v === "string") {
    const s = PERSIST_STRINGS[v];
    return s !== undefined && Object.prototype.hasOwnProperty.call(PERSIST_STRINGS, v) ? { ok: true, value: s } : { ok: false, message: `invalid persist_rootfs string value "${v}"` };
  }
  if (typeof v === "number" || typeof v === "bigint") {
    const lit = literal ?? String(v);
    if (!/^-?[0-9]+$/.test(lit)) return { ok: false, message: "json: cannot unmarshal number into Go value of type string" };
    const n = BigInt(lit);
    if (n >= 0n && n <= 3n) return { ok: true, value: PERSIST_INTS[Number(n)]! };
    return { ok: false, message: `invalid persist_rootfs int value ${lit}` };
  }
  return { ok: false, message: `json: cannot unmarshal ${jsonKind(v)} into Go value of type string` };
}

function decPersistRootfs(v: unknown, path: KeyPath, _fields: readonly string[], _struct: string, ctx: Ctx, cur: unknown): unknown {
  const r = persistRootfsOf(v, typeof v === "number" ? ctx.literal?.(path) : undefined);
  if (r.ok) return r.value;
  ctx.issues.push({ message: r.message, path });
  return cur;
}

/**
 * Go's json.Marshal of a value of type `t`, as a JSON-like value (fly-go field order; undefined = omitted). Nil
 * pointers, maps and slices are omitted even without omitempty (the API reads null as absent; flyconf's output
 * policy, see README), zero values of omitempty fields are omitted, and other zero values are written.
 */
export function marshalGo(t: string, v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  if (t.startsWith("*")) return marshalGo(t.slice(1), v) ?? marshalZero(t.slice(1));
  if (t.startsWith("[]")) return Array.isArray(v) ? v.map((x) => marshalGo(t.slice(2), x) ?? marshalZero(t.slice(2)) ?? null) : undefined;
  if (t.startsWith("map[string]")) {
    if (!isObj(v)) return undefined;
    const out: Obj = {};
    const elem = t.slice("map[string]".length);
    for (const k of Object.keys(v)) define(out, k, marshalGo(elem, v[k]) ?? marshalZero(elem) ?? null);
    return out;
  }
  const def = FLY_GO_STRUCTS[t];
  if (!def) return v; // basic and named types are stored as they marshal
  if (!isObj(v)) return undefined;
  const out: Obj = {};
  writeFields(t, v, out);
  return out;
}

function writeFields(t: string, v: Obj, out: Obj): void {
  for (const [json, ft, , omitempty] of FLY_GO_STRUCTS[t]!) {
    if (json === "") {
      writeFields(ft.replace(/^\*/, ""), v, out);
      continue;
    }
    const tag = { omitempty };
    const x = v[json];
    if (x === undefined || x === null) {
      if (!tag?.omitempty && !ft.startsWith("*") && !ft.startsWith("[]") && !ft.startsWith("map[")) define(out, json, marshalZero(ft));
      continue;
    }
    const m = marshalGo(ft, x);
    if (m === undefined) continue;
    if (tag?.omitempty && isEmpty(ft, m)) continue;
    define(out, json, m);
  }
}

function isEmpty(t: string, m: unknown): boolean {
  if (t.startsWith("*")) return false;
  if (Array.isArray(m)) return m.length === 0;
  if (t.startsWith("map[")) return isObj(m) && Object.keys(m).length === 0;
  return m === false || m === 0 || m === "" || m === 0n;
}

function marshalZero(t: string): unknown {
  if (t === "MachineAutostop") return false;
  const base = FLY_GO_NAMED[t] ?? t;
  if (base === "string") return "";
  if (base === "bool") return false;
  if (/^u?int(32|64)?$|^float64$/.test(base)) return 0;
  if (FLY_GO_STRUCTS[t]) return marshalGo(t, {});
  return undefined;
}

