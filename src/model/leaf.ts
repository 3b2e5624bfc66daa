// The model's leaves as zod schemas: each wraps one decoder of decoders.ts (Go's encoding/json semantics) so that
// a failure becomes one issue at the leaf's own path. Built on first use (schema.ts builds the model lazily): the
// fast path never needs them.
import * as z from "./zod.js";
import * as decoders from "./decoders.js";
import type { LeafDecode } from "./decoders.js";

/** JSON Schema fragments for leaves whose zod form is opaque (a transform over `any`). Read by the schema generator. */
export const jsonSchemaHints = new WeakMap<z.ZodType, Record<string, unknown>>();

/** Each leaf's decode function (a decoders.ts export), for the decoder plan (decoder-plan.ts). */
export const leafDecoders = new WeakMap<z.ZodType, LeafDecode>();

/** A leaf: any input, decoded by `decode`; failures become one issue at the leaf's own path. */
export function leaf<T>(jsonSchema: Record<string, unknown>, decode: LeafDecode<T>) {
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

const DURATION_HINT = {
  anyOf: [
    { type: "string", pattern: "^([-+]?([0-9]*\\.?[0-9]+(ns|us|µs|μs|ms|s|m|h))+|0)$", description: "Go duration, e.g. \"10s\", \"1m30s\", \"500ms\"" },
    { type: "number" },
  ],
};

/** The leaves every section shares. */
export function goLeaves() {
  return {
    goString: leaf({ type: "string" }, decoders.goString),
    goBool: leaf({ type: "boolean" }, decoders.goBool),
    goInt: leaf({ type: "integer" }, decoders.goInt),
    goUint32: leaf({ type: "integer", minimum: 0, maximum: 4294967295 }, decoders.goUint32),
    goFloat: leaf({ type: "number" }, decoders.goFloat),
    goStringList: leaf({ type: "array", items: { type: "string" } }, decoders.goStringList),
    goStringMap: leaf({ type: "object", additionalProperties: { type: "string" } }, decoders.goStringMap),
    goAny: leaf({}, decoders.goAny),
    goDuration: leaf(DURATION_HINT, decoders.goDuration),
    /** castDuration where integers are milliseconds. */
    patchedDurationMs: leaf(DURATION_HINT, decoders.patchedDurationMs),
    /** castDuration where integers are seconds. */
    patchedDurationSeconds: leaf(DURATION_HINT, decoders.patchedDurationSeconds),
  };
}
