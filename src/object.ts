// Objects built from untrusted input (fly.toml, machine_config JSON, Machine JSON, config files, API responses).
// One rule for the whole code base: a key read from input never becomes a path into a shared prototype. Tables are
// null-prototype objects; everything merged or copied from parsed JSON goes through safeMerge / safeClone below,
// which skip `__proto__`, `constructor` and `prototype` and cap the depth before recursing; options and input
// objects are read with ownValue, so a polluted Object.prototype cannot answer for a missing key.
// Runtime-neutral: no Node built-ins (the browser build uses it too).

/** Keys that reach a prototype when used as a property path: never copied from input into an object. */
export function isUnsafeKey(key: string): boolean {
  return key === "__proto__" || key === "constructor" || key === "prototype";
}

const hasOwnProperty = Object.prototype.hasOwnProperty;

export function hasOwn(o: object, key: PropertyKey): boolean {
  return hasOwnProperty.call(o, key);
}

/** `o[key]` if `o` has it as its own property; never an inherited value. */
export function ownValue<T = unknown>(o: unknown, key: string): T | undefined {
  if (typeof o !== "object" || o === null) return undefined;
  return hasOwnProperty.call(o, key) ? ((o as Record<string, unknown>)[key] as T) : undefined;
}

/** An options object's own enumerable properties, on a null-prototype copy: nothing inherited is read as an option. */
export function ownOptions<T extends object>(options: T | undefined): Partial<T> {
  const out = Object.create(null) as Record<string, unknown>;
  if (options) for (const k of Object.keys(options)) out[k] = (options as Record<string, unknown>)[k];
  return out as Partial<T>;
}

/**
 * A fresh object without a prototype: `__proto__`, `constructor` and `toString` are plain keys of it.
 * Not `Object.create(null)`: V8 makes that a dictionary-mode object (every read a hash lookup, every `for…in` a
 * sort), where an empty literal whose prototype is then set to null keeps fast properties. Same object to a
 * program: null prototype, own keys in insertion order.
 */
export function nullObject<T extends object = Record<string, unknown>>(): T {
  const o = {};
  Object.setPrototypeOf(o, null);
  return o as T;
}

/** `o[key] = value` as an own data property, also for `__proto__` (whose assignment would set the prototype). */
export function defineOwn(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A JSON-style object. */
export type Obj = Record<string, unknown>;

/** A JSON object: not an array, not null. The one such test; every stage imports it from here. */
export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Machine configs nest about 8 levels; anything past this is refused before a recursion could overflow. */
export const MAX_MERGE_DEPTH = 64;

/** Thrown by safeMerge / safeClone for input nested deeper than their limit; callers turn it into a diagnostic. */
export class NestingTooDeep extends Error {
  constructor(readonly limit: number) {
    super(`nests more than ${limit} levels deep`);
  }
}

/**
 * A deep copy of JSON-like data: plain objects and arrays, unsafe keys left out, other values as they are.
 * The source is never aliased, so merging into the copy cannot reach back into the caller's objects.
 */
export function safeClone(value: unknown, maxDepth = MAX_MERGE_DEPTH): unknown {
  return cloneAt(value, 0, maxDepth);
}

function cloneAt(value: unknown, depth: number, maxDepth: number): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (depth >= maxDepth) throw new NestingTooDeep(maxDepth);
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneAt(value[i], depth + 1, maxDepth);
    return out;
  }
  // Only JSON-shaped objects are copied key by key; class instances (a TomlFloat, a bigint box) pass as they are.
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    if (isUnsafeKey(k)) continue;
    out[k] = cloneAt((value as Record<string, unknown>)[k], depth + 1, maxDepth);
  }
  return out;
}

/**
 * Go's json.Unmarshal into an existing value, the one merge routine for input: objects merge key by key, lists and
 * scalars replace. Keys `__proto__`, `constructor` and `prototype` are skipped; the merge only ever walks into the
 * target's own plain objects; merged values are copies (safeClone). Throws NestingTooDeep past `maxDepth`.
 */
export function safeMerge(target: Record<string, unknown>, source: Record<string, unknown>, maxDepth = MAX_MERGE_DEPTH): void {
  mergeAt(target, source, 0, maxDepth);
}

function mergeAt(target: Record<string, unknown>, source: Record<string, unknown>, depth: number, maxDepth: number): void {
  if (depth >= maxDepth) throw new NestingTooDeep(maxDepth);
  for (const k of Object.keys(source)) {
    if (isUnsafeKey(k)) continue;
    const v = source[k];
    const cur = hasOwnProperty.call(target, k) ? target[k] : undefined;
    if (isObj(v) && isObj(cur)) mergeAt(cur, v, depth + 1, maxDepth);
    else target[k] = cloneAt(v, depth + 1, maxDepth);
  }
}
