// Structural combinators with flyctl's decoding rules: tables matched case-insensitively (Go encoding/json),
// unknown keys ignored, and the "one table or an array of tables" shape several patches accept.
import * as z from "zod";
import { isObj } from "../object.js";
import { TomlDateTime, TomlFloat, isTable, newTable, type TomlTable } from "../reader/values.js";

/** Object schemas built here, so tools (unknown-key rule, schema generator) can read their known keys. */
export const knownKeys = new WeakMap<z.ZodType, readonly string[]>();

/** goObject's parts, for the fast decoder: the key folding (tables only) and the object schema after it. */
export const goObjectParts = new WeakMap<z.ZodType, { fold: (t: TomlTable) => TomlTable; lower: ReadonlyMap<string, string>; object: z.ZodType }>();

/**
 * A Go struct decoded from JSON: exact key match first, else a case-insensitive one; unknown keys are dropped.
 * Go visits a map's keys in sorted order and the last write to a field wins, so `Internal_Port` then
 * `internal_port` leaves the lowercase value.
 */
export function goObject<S extends z.ZodRawShape>(shape: S, what = "a table") {
  const keys = Object.keys(shape);
  const lower = new Map(keys.map((k) => [k.toLowerCase(), k]));
  const foldTable = (src: TomlTable): TomlTable => {
    let needsFold = false;
    for (const k of Object.keys(src)) if (!(k in shape) && lower.has(k.toLowerCase())) needsFold = true;
    if (!needsFold) return src;
    const out = newTable();
    for (const k of Object.keys(src).sort()) {
      const target = k in shape ? k : (lower.get(k.toLowerCase()) ?? k);
      out[target] = src[k]!;
    }
    return out;
  };
  const fold = (v: unknown, ctx: z.core.ParsePayload): unknown => {
    if (isTable(v)) return foldTable(v);
    // zod's object takes any non-array object, which would let a float or a date-time through as an empty table.
    if (isObj(v)) {
      ctx.issues.push({ code: "custom", message: `must be ${what}, not ${describeShape(v)}`, input: v });
      return z.NEVER;
    }
    return v;
  };
  const obj = z.object(shape, { error: (iss) => (iss.code === "invalid_type" ? `must be ${what}, not ${describeShape(iss.input)}` : undefined) });
  const schema = z.preprocess(fold, obj);
  knownKeys.set(schema, keys);
  knownKeys.set(obj, keys);
  goObjectParts.set(schema, { fold: foldTable, lower, object: obj });
  return schema;
}

function describeShape(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  if (isTable(v)) return "a table";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (v instanceof TomlFloat) return `the float ${v.source}`;
  if (v instanceof TomlDateTime) return `the date-time ${v.text}`;
  return `the ${typeof v === "number" || typeof v === "bigint" ? "number" : typeof v} ${String(v)}`;
}

/** An array (TOML `[[x]]` or `x = [...]`); a single table is a decode error here. */
export function goArray<T extends z.ZodType>(item: T, what = "an array of tables") {
  return z.array(item, { error: (iss) => (iss.code === "invalid_type" ? `must be ${what}, not ${describeShape(iss.input)}` : undefined) });
}

/** flyctl's ensureArrayOfMap: a single table or an array of tables, always an array afterwards. */
export function oneOrMany<T extends z.ZodType>(item: T) {
  return z
    .union([goArray(item), item], { error: (iss) => (iss.code === "invalid_union" ? `must be a table or an array of tables` : undefined) })
    .transform((v): z.output<T>[] => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
}

/**
 * A Go map with free-form keys and decoded values (`[checks.NAME]`). Built by hand rather than z.record so that a
 * key such as `__proto__` stays an own key of a null-prototype object.
 */
export function goMap<T extends z.ZodType>(value: T) {
  const schema = z.any().transform((v, ctx) => {
    if (!isTable(v)) {
      ctx.issues.push({ code: "custom", message: `must be a table, not ${describeShape(v)}`, input: v });
      return z.NEVER;
    }
    const out = newTable() as Record<string, z.output<T>>;
    for (const [k, item] of Object.entries(v)) {
      const r = value.safeParse(item);
      if (r.success) out[k] = r.data as z.output<T>;
      else for (const iss of r.error.issues) ctx.issues.push({ ...iss, path: [k, ...iss.path] } as never);
    }
    return out;
  });
  mapValueSchemas.set(schema, value);
  return schema;
}

/** goMap schemas → their value schema, for the JSON Schema generator. */
export const mapValueSchemas = new WeakMap<z.ZodType, z.ZodType>();
