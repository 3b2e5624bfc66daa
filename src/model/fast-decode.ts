// The model's success path without zod's runtime. zod stays the model (types, JSON Schema, every issue message);
// this walks its definitions once and builds plain closures that give the same output for input zod accepts and
// answer FAIL for anything else, so the caller asks zod for the issues only then. Lint spends most of its time
// decoding well-formed files, and zod's per-property payloads and issue arrays were a third of that.
//
// The closures mirror zod 4's semantics for the few definition kinds the model uses (object, array, union,
// optional, pipe, transform, any/unknown); anything else makes `fastDecoder` throw at build time, and a test
// compares both paths on the corpus and on generated input. It reads zod's private definitions (`_zod.def`), so
// package.json pins zod to the exact version this was verified against (VERIFIED_ZOD_VERSION; a test fails on any
// other): upgrading zod means re-running `npm run fuzz` and the fast-decode tests, then moving the pin.
import type * as z from "zod";
import { isTable, newTable, type TomlTable } from "../reader/values.js";
import { MISS, leafDecoders, leafShortcuts } from "./leaf.js";
import { goObjectParts, mapValueSchemas } from "./shapes.js";

/** The zod release whose definitions this file was verified against (with `npm run fuzz`, 100,000 cases). */
export const VERIFIED_ZOD_VERSION = "4.6.7";

export const FAIL: unique symbol = Symbol("flyconf.decode.fail");
type Decode = (v: unknown) => unknown;

interface Def {
  type: string;
  checks?: unknown[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  out?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  transform?: (v: unknown, ctx: unknown) => unknown;
}

const payload: { value: unknown; issues: unknown[] } = { value: undefined, issues: [] };
/** goObjectDecoder's found-field stack (see there). */
const stack: number[] = [];
let stackTop = 0;
const built = new WeakMap<z.ZodType, Decode>();

/** A decoder equivalent to `schema.safeParse` on success; FAIL where zod would report issues. */
export function fastDecoder<T extends z.ZodType>(schema: T): (v: unknown) => z.output<T> | typeof FAIL {
  return build(schema) as (v: unknown) => z.output<T> | typeof FAIL;
}

/**
 * Tables with keys outside the model (unknown or differing only by case) met since the last `resetStrayKeys()`.
 * May overcount (a union branch that failed), never undercounts a table the decoder accepted: zero after a
 * successful decode means every key of the document is one the model knows, and the unknown-key walk can be skipped.
 */
let strayKeys = 0;
export function resetStrayKeys(): void {
  strayKeys = 0;
}
export function strayKeysSeen(): number {
  return strayKeys;
}

function build(schema: z.ZodType): Decode {
  const cached = built.get(schema);
  if (cached) return cached;
  // Recursive schemas would need a forward reference; the model has none, so a plain memo is enough.
  const d = make(schema);
  built.set(schema, d);
  return d;
}

function make(schema: z.ZodType): Decode {
  const mapValue = mapValueSchemas.get(schema);
  if (mapValue) return goMapDecoder(build(mapValue));
  const go = goObjectParts.get(schema);
  if (go) return goObjectDecoder(go.fold, go.lower, go.object);
  const leaf = leafDecoders.get(schema);
  const shortcut = leafShortcuts.get(schema);
  if (leaf && shortcut)
    return (v) => {
      const x = shortcut(v);
      if (x !== MISS) return x;
      const r = leaf(v);
      return r.ok ? r.value : FAIL;
    };
  if (leaf)
    return (v) => {
      const r = leaf(v);
      return r.ok ? r.value : FAIL;
    };
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  if (def.checks?.length) throw new Error(`fastDecoder: checks on a ${def.type} schema are not supported`);
  switch (def.type) {
    case "any":
    case "unknown":
      return (v) => v;
    case "optional": {
      const inner = build(def.innerType!);
      if (optin(def.innerType!) === "defaulted") throw new Error("fastDecoder: defaults are not supported");
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case "transform": {
      const fn = def.transform!;
      return (v) => {
        // zod hands the transform its payload: the value and the issues array it may push to. The model's
        // transforms only push (never addIssue) and never run another fast decoder, so one payload is reused.
        payload.value = v;
        const out = fn(v, payload);
        if (payload.issues.length) {
          payload.issues.length = 0;
          return FAIL;
        }
        if (out instanceof Promise) throw new Error("fastDecoder: async transforms are not supported");
        return out;
      };
    }
    case "pipe": {
      const a = build(def.in!);
      const b = build(def.out!);
      return (v) => {
        const x = a(v);
        return x === FAIL ? FAIL : b(x);
      };
    }
    case "array": {
      const el = build(def.element!);
      return (v) => {
        if (!Array.isArray(v)) return FAIL;
        const out = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          const x = el(v[i]);
          if (x === FAIL) return FAIL;
          out[i] = x;
        }
        return out;
      };
    }
    case "union": {
      const opts = def.options!.map(build);
      return (v) => {
        for (const o of opts) {
          const x = o(v);
          if (x !== FAIL) return x;
        }
        return FAIL;
      };
    }
    case "object":
      return objectDecoder(objectFields(def));
    default:
      throw new Error(`fastDecoder: zod ${def.type} schemas are not supported`);
  }
}

function optin(s: z.ZodType): string | undefined {
  return (s as unknown as { _zod: { optin?: string } })._zod.optin;
}
function optout(s: z.ZodType): string | undefined {
  return (s as unknown as { _zod: { optout?: string } })._zod.optout;
}

interface Field {
  key: string;
  decode: Decode;
  /** For a value that is there (not undefined): the decoder inside `.optional()`, which would only pass it on. */
  decodePresent: Decode;
  /** Absent: left out of the output without running the decoder (zod: optin and optout both "optional"). */
  skipAbsent: boolean;
  /** Absent: a failure (zod: no optin). */
  required: boolean;
}

function objectFields(def: Def): Field[] {
  if (def.catchall) throw new Error("fastDecoder: catchall objects are not supported");
  return Object.keys(def.shape!)
    .filter((k) => k !== "__proto__")
    .map((key) => {
      const s = def.shape![key]!;
      const sdef = (s as unknown as { _zod: { def: Def } })._zod.def;
      const decode = build(s);
      const decodePresent = sdef.type === "optional" && !sdef.checks?.length ? build(sdef.innerType!) : decode;
      return { key, decode, decodePresent, skipAbsent: optin(s) === "optional" && optout(s) === "optional", required: optin(s) === undefined };
    });
}

/** zod's $ZodObject with unknown keys stripped: shape order, absent optional keys left out, `__proto__` skipped. */
function objectDecoder(fields: readonly Field[]): Decode {
  return (v) => {
    // zod takes any non-array object; Go does not decode a float or a date-time into a struct (goObject agrees).
    if (typeof v !== "object" || v === null || Array.isArray(v)) return FAIL;
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const x = input[f.key];
      const present = x !== undefined || f.key in input;
      if (!present && f.skipAbsent) continue;
      const r = f.decode(x);
      if (r === FAIL) return FAIL;
      if (!present && f.required) return FAIL;
      if (r !== undefined) out[f.key] = r;
      else if (present) out[f.key] = undefined;
    }
    return out;
  };
}

/**
 * goObject (key folding, then the object) in one pass over the table's own keys rather than over the whole shape:
 * a fly.toml table sets a few of a section's many keys. Output in shape order, as zod's. A key that needs folding
 * (`Internal_Port`) takes the two-step path.
 */
function goObjectDecoder(fold: (t: TomlTable) => TomlTable, lower: ReadonlyMap<string, string>, object: z.ZodType): Decode {
  const fields = objectFields((object as unknown as { _zod: { def: Def } })._zod.def);
  const slow = objectDecoder(fields);
  // Only optional and required fields have this shortcut; any other kind of field keeps zod's whole-shape walk.
  if (fields.some((f) => !f.skipAbsent && !f.required))
    return (v) => {
      strayKeys++; // this path does not look at the table's own keys: assume the worst
      return isTable(v) ? slow(fold(v)) : FAIL;
    };
  const index = new Map(fields.map((f, i) => [f.key, i]));
  const required = fields.flatMap((f, i) => (f.required ? [i] : []));
  const Out = plainObjectMaker();
  return (v) => {
    if (!isTable(v)) return FAIL;
    // The field indexes found, sorted, on a stack shared by the nested calls (no array per table).
    const base = stackTop;
    let top = base;
    for (const k in v) {
      const i = index.get(k);
      if (i !== undefined) {
        // Insertion into a sorted run: tables hold a handful of keys.
        let j = top++;
        for (; j > base && stack[j - 1]! > i; j--) stack[j] = stack[j - 1]!;
        stack[j] = i;
        continue;
      }
      strayKeys++;
      if (lower.has(k.toLowerCase())) return slow(fold(v));
    }
    for (const i of required) {
      let seen = false;
      for (let j = base; j < top && !seen; j++) seen = stack[j] === i;
      if (!seen) return FAIL;
    }
    stackTop = top;
    const out = new Out();
    try {
      for (let j = base; j < top; j++) {
        const f = fields[stack[j]!]!;
        const r = f.decodePresent(v[f.key]);
        if (r === FAIL) return FAIL;
        out[f.key] = r;
      }
    } finally {
      stackTop = base;
    }
    return out;
  };
}

/**
 * A constructor of plain objects (prototype Object.prototype, as `{}`), one per object schema: V8 then gives each
 * schema's outputs their own starting hidden class with room for its fields in the object, instead of every
 * schema's outputs growing from the one `{}` map.
 */
function plainObjectMaker(): new () => Record<string, unknown> {
  const Out = function (this: unknown) {} as unknown as { new (): Record<string, unknown>; prototype: object };
  Out.prototype = Object.prototype;
  return Out;
}

/** goMap's transform, with the value decoded by the fast path instead of a nested safeParse. */
function goMapDecoder(value: Decode): Decode {
  return (v) => {
    if (!isTable(v)) return FAIL;
    const out = newTable() as Record<string, unknown>;
    for (const k of Object.keys(v)) {
      const r = value(v[k]);
      if (r === FAIL) return FAIL;
      out[k] = r;
    }
    return out;
  };
}
