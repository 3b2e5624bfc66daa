// The model's success path without zod: closures built from the decoder plan (decoder-plan.ts writes it at build
// time from the zod model into generated/fly-toml-decoder.js). They give zod's output for every input zod accepts
// and FAIL for anything else, so the caller asks zod for the issues only then. Lint spends most of its time decoding
// well-formed files, and a start-up that builds no zod schema (and loads no zod) is most of a one-file lint's margin.
//
// The closures mirror zod 4's semantics for the few definition kinds the model uses; test/fast-decode.test.ts
// compares both paths on the corpus, every fixture and generated input. Zod-free: the plan names decoders.ts
// functions, which the zod model wraps too.
import { isTable, newTable, type TomlTable } from "../reader/values.js";
import * as decoders from "./decoders.js";
import { MISS, SHORTCUTS, foldKeys, type LeafDecode } from "./decoders.js";

export const FAIL: unique symbol = Symbol("flyconf.decode.fail");
export type Decode = (v: unknown) => unknown;

/** One field of an object node. */
export interface PlanField {
  key: string;
  /** The field's node. */
  of: number;
  /** For a value that is there (not undefined): the node inside `.optional()`, which would only pass it on. */
  present: number;
  /** Absent: left out of the output without running the decoder (zod: optin and optout both "optional"). */
  skipAbsent: boolean;
  /** Absent: a failure (zod: no optin). */
  required: boolean;
}

/** A node of the plan; nodes refer to each other by index, functions by their decoders.ts export name. */
export type PlanNode =
  | { kind: "any" }
  | { kind: "leaf"; decode: string }
  | { kind: "optional"; of: number }
  | { kind: "transform"; fn: string }
  | { kind: "pipe"; in: number; out: number }
  | { kind: "array"; of: number }
  | { kind: "union"; of: number[] }
  | { kind: "object"; fields: PlanField[] }
  /** goObject: Go's case-insensitive key match (decoders.ts foldKeys), then the object. */
  | { kind: "goObject"; fields: PlanField[] }
  /** goMap: free-form keys, each value decoded by `of`. */
  | { kind: "map"; of: number };

export interface DecoderPlan {
  /** The zod release the plan was read from (decoder-plan.ts VERIFIED_ZOD_VERSION). */
  zod: string;
  root: number;
  nodes: readonly PlanNode[];
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

const payload: { value: unknown; issues: unknown[] } = { value: undefined, issues: [] };
/** goObjectDecoder's found-field stack (see there). */
const stack: number[] = [];
let stackTop = 0;

/** The plan's root decoder: `schema.safeParse`'s data on success, FAIL where zod would report issues. */
export function decoderFromPlan(plan: DecoderPlan): Decode {
  const built: (Decode | undefined)[] = new Array(plan.nodes.length);
  const build = (i: number): Decode => {
    let d = built[i];
    if (d) return d;
    // Nodes may be shared but never recursive (the model has no cycles): a forward reference is not needed.
    const node = plan.nodes[i];
    if (!node) throw new Error(`decoder plan: no node ${i}`);
    d = make(node, build);
    built[i] = d;
    return d;
  };
  return build(plan.root);
}

function fn<T>(name: string): T {
  const f = Object.hasOwn(decoders, name) ? (decoders as Record<string, unknown>)[name] : undefined;
  if (typeof f !== "function") throw new Error(`decoder plan: decoders.ts has no function ${JSON.stringify(name)} (rebuild: npm run build)`);
  return f as T;
}

function make(node: PlanNode, build: (i: number) => Decode): Decode {
  switch (node.kind) {
    case "any":
      return (v) => v;
    case "leaf": {
      const leaf = fn<LeafDecode>(node.decode);
      const shortcut = SHORTCUTS.get(leaf);
      if (shortcut)
        return (v) => {
          const x = shortcut(v);
          if (x !== MISS) return x;
          const r = leaf(v);
          return r.ok ? r.value : FAIL;
        };
      return (v) => {
        const r = leaf(v);
        return r.ok ? r.value : FAIL;
      };
    }
    case "optional": {
      const inner = build(node.of);
      return (v) => (v === undefined ? undefined : inner(v));
    }
    case "transform": {
      const f = fn<(v: unknown, ctx: typeof payload) => unknown>(node.fn);
      return (v) => {
        // zod hands a transform its payload: the value and the issues array it may push to. The model's transforms
        // only push (never addIssue) and never run another decoder of this file, so one payload is reused.
        payload.value = v;
        const out = f(v, payload);
        if (payload.issues.length) {
          payload.issues.length = 0;
          return FAIL;
        }
        return out;
      };
    }
    case "pipe": {
      const a = build(node.in);
      const b = build(node.out);
      return (v) => {
        const x = a(v);
        return x === FAIL ? FAIL : b(x);
      };
    }
    case "array": {
      const el = build(node.of);
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
      const opts = node.of.map(build);
      return (v) => {
        for (const o of opts) {
          const x = o(v);
          if (x !== FAIL) return x;
        }
        return FAIL;
      };
    }
    case "object":
      return objectDecoder(fieldsOf(node.fields, build));
    case "goObject":
      return goObjectDecoder(fieldsOf(node.fields, build));
    case "map":
      return goMapDecoder(build(node.of));
  }
}

interface Field {
  key: string;
  decode: Decode;
  decodePresent: Decode;
  skipAbsent: boolean;
  required: boolean;
}

function fieldsOf(fields: readonly PlanField[], build: (i: number) => Decode): Field[] {
  return fields.map((f) => ({ key: f.key, decode: build(f.of), decodePresent: build(f.present), skipAbsent: f.skipAbsent, required: f.required }));
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
function goObjectDecoder(fields: readonly Field[]): Decode {
  const known = new Set(fields.map((f) => f.key));
  const lower = new Map(fields.map((f) => [f.key.toLowerCase(), f.key]));
  const fold = (t: TomlTable) => foldKeys(t, known, lower);
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

/** goMap's transform, with each value decoded by the fast path instead of a nested safeParse. */
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
