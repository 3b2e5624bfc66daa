// Leaf decoders with Go's encoding/json semantics, as zod schemas.
//
// flyctl patches the raw TOML map, marshals it to JSON and unmarshals that into Go structs (spec §0). So a TOML
// float 8080.0 is a valid int (JSON `8080`), 8080.5 is not, the string "true" is not a bool, and so on. Each leaf
// here accepts exactly what that round trip accepts and says plainly what it got otherwise.
import * as z from "zod";
import { TomlDateTime, TomlFloat, isTable } from "../reader/values.js";
import { parseGoDuration } from "./go-duration.js";
import { nullObject } from "../object.js";

/** JSON Schema fragments for leaves whose zod form is opaque (a transform over `any`). Read by the schema generator. */
export const jsonSchemaHints = new WeakMap<z.ZodType, Record<string, unknown>>();

type Decoded<T> = { ok: true; value: T } | { ok: false; message: string };

/** Each leaf's decode function, so the fast decoder (fast-decode.ts) can call it without zod's payloads. */
export const leafDecoders = new WeakMap<z.ZodType, (v: unknown) => Decoded<unknown>>();

/** A shortcut's answer when it cannot tell: the leaf's full decode decides. */
export const MISS: unique symbol = Symbol("flyconf.leaf.miss");
/**
 * Allocation-free answers for the commonest leaves: the decoded value when the input is the plain case, MISS
 * otherwise. Each must agree with its leaf's decode wherever it answers (fast-decode's test compares with zod).
 */
export const leafShortcuts = new WeakMap<z.ZodType, (v: unknown) => unknown>();

/** A leaf: any input, decoded by `decode`; failures become one issue at the leaf's own path. */
export function leaf<T>(jsonSchema: Record<string, unknown>, decode: (v: unknown) => Decoded<T>) {
  const schema = z.any().transform((v, ctx): T => {
    const r = decode(v);
    if (r.ok) return r.value;
    ctx.issues.push({ code: "custom", message: r.message, input: v });
    return z.NEVER;
  });
  jsonSchemaHints.set(schema, jsonSchema);
  leafDecoders.set(schema, decode);
  return schema;
}

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

const mustBe = (what: string, v: unknown) => ({ ok: false as const, message: `must be ${what}, not ${describe(v)}` });

export const goString = leaf<string>({ type: "string" }, (v) => (typeof v === "string" ? { ok: true, value: v } : mustBe("a string", v)));

export const goBool = leaf<boolean>({ type: "boolean" }, (v) =>
  typeof v === "boolean" ? { ok: true, value: v } : mustBe("a boolean (true or false, without quotes)", v),
);
leafShortcuts.set(goString, (v) => (typeof v === "string" ? v : MISS));
leafShortcuts.set(goBool, (v) => (typeof v === "boolean" ? v : MISS));

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A Go integer type's accepted range, for `goInteger`. */
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

export const goInt = leaf<number | bigint>({ type: "integer" }, (v) => toGoInteger(v));
leafShortcuts.set(goInt, (v) => (typeof v === "number" && Number.isSafeInteger(v) ? (v === 0 ? 0 : v) : MISS));
export const goUint32 = leaf<number | bigint>({ type: "integer", minimum: 0, maximum: 4294967295 }, (v) => toGoInteger(v, UINT32));

export const goFloat = leaf<number>({ type: "number" }, (v) => {
  if (typeof v === "number") return { ok: true, value: v };
  if (typeof v === "bigint") return { ok: true, value: Number(v) };
  if (v instanceof TomlFloat) return { ok: true, value: v.value };
  return mustBe("a number", v);
});

export const goStringList = leaf<string[]>({ type: "array", items: { type: "string" } }, (v) => {
  if (!Array.isArray(v)) return mustBe("an array of strings", v);
  const bad = v.findIndex((e) => typeof e !== "string");
  return bad < 0 ? { ok: true, value: v as string[] } : { ok: false, message: `must be an array of strings; item ${bad} is ${describe(v[bad])}` };
});
leafShortcuts.set(goStringList, (v) => {
  if (!Array.isArray(v)) return MISS;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return MISS;
  return v;
});

export const goStringMap = leaf<Record<string, string>>(
  { type: "object", additionalProperties: { type: "string" } },
  (v) => {
    if (!isTable(v)) return mustBe("a table of strings", v);
    const out: Record<string, string> = nullObject();
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== "string") return { ok: false, message: `must be a table of strings; ${JSON.stringify(k)} is ${describe(val)}` };
      out[k] = val;
    }
    return { ok: true, value: out };
  },
);

/** Free-form values passed through to JSON as they are (response headers, build settings). */
export const goAny = leaf<unknown>({}, (v) => ({ ok: true, value: toJsonValue(v) }));

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

/** Durations are nanoseconds (Go time.Duration, int64). */
export type Nanoseconds = bigint;

const DURATION_HINT = {
  anyOf: [
    { type: "string", pattern: "^([-+]?([0-9]*\\.?[0-9]+(ns|us|µs|μs|ms|s|m|h))+|0)$", description: "Go duration, e.g. \"10s\", \"1m30s\", \"500ms\"" },
    { type: "number" },
  ],
};

function durationString(s: string): Decoded<Nanoseconds> {
  const r = parseGoDuration(s);
  if (r.ok) return { ok: true, value: r.ns };
  return { ok: false, message: `${JSON.stringify(s)} is not a valid duration (${r.error}); write it like "10s", "1m30s" or "500ms"` };
}

/** fly-go Duration.UnmarshalJSON: a Go duration string, or a number taken as nanoseconds. */
export const goDuration = leaf<Nanoseconds>(DURATION_HINT, (v) => {
  if (typeof v === "string") return durationString(v);
  if (typeof v === "number" || typeof v === "bigint") return { ok: true, value: BigInt(v) };
  if (v instanceof TomlFloat && Number.isFinite(v.value)) return { ok: true, value: BigInt(Math.trunc(v.value)) };
  return mustBe("a duration string such as \"10s\"", v);
});

/**
 * flyctl's castDuration patch (kill_timeout, service and top-level check timings): a string is parsed, `""` means
 * unset, an integer is scaled by the unit of its location, a float is truncated first, anything else is silently
 * dropped (flyctl ignores it, so the linter reports it, not the decoder).
 */
export function patchedDuration(unitNs: bigint) {
  return leaf<Nanoseconds | undefined>(DURATION_HINT, (v) => {
    if (typeof v === "string") return v === "" ? { ok: true, value: undefined } : durationString(v);
    if (typeof v === "number" || typeof v === "bigint") return { ok: true, value: BigInt(v) * unitNs };
    if (v instanceof TomlFloat && Number.isFinite(v.value)) return { ok: true, value: BigInt(Math.trunc(v.value)) * unitNs };
    return { ok: true, value: undefined };
  });
}

export const NS = 1n;
export const MS = 1_000_000n;
export const SECOND = 1_000_000_000n;
