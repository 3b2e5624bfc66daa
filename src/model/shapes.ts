// Structural combinators with flyctl's decoding rules: tables matched case-insensitively (Go encoding/json),
// unknown keys ignored, and the "one table or an array of tables" shape several patches accept.
import * as z from "./zod.js";
import { isObj } from "../object.js";
import { isTable, newTable } from "../reader/values.js";
import { asList, describeShape, foldKeys } from "./decoders.js";

/** Object schemas built here, so tools (unknown-key rule, schema generator) can read their known keys. */
export const knownKeys = new WeakMap<z.ZodType, readonly string[]>();

/** goObject's parts, for the decoder plan: the struct's keys (their lowercase forms) and the object schema. */
export const goObjectParts = new WeakMap<z.ZodType, { lower: ReadonlyMap<string, string>; object: z.ZodType }>();

/**
 * A Go struct decoded from JSON: exact key match first, else a case-insensitive one (decoders.ts foldKeys); unknown
 * keys are dropped.
 */
export function goObject<S extends z.ZodRawShape>(shape: S, what = "a table") {
  const keys = Object.keys(shape);
  const known = new Set(keys);
  const lower = new Map(keys.map((k) => [k.toLowerCase(), k]));
  const fold = (v: unknown, ctx: z.core.ParsePayload): unknown => {
    if (isTable(v)) return foldKeys(v, known, lower);
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
  goObjectParts.set(schema, { lower, object: obj });
  return schema;
}

/** An array (TOML `[[x]]` or `x = [...]`); a single table is a decode error here. */
export function goArray<T extends z.ZodType>(item: T, what = "an array of tables") {
  return z.array(item, { error: (iss) => (iss.code === "invalid_type" ? `must be ${what}, not ${describeShape(iss.input)}` : undefined) });
}

/** flyctl's ensureArrayOfMap: a single table or an array of tables, always an array afterwards. */
export function oneOrMany<T extends z.ZodType>(item: T) {
  return z
    .union([goArray(item), item], { error: (iss) => (iss.code === "invalid_union" ? `must be a table or an array of tables` : undefined) })
    .transform(asList as (v: z.output<T>[] | z.output<T>) => z.output<T>[]);
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

/** goMap schemas → their value schema, for the JSON Schema generator and the decoder plan. */
export const mapValueSchemas = new WeakMap<z.ZodType, z.ZodType>();
