// The library's one option check. Every public entry point that takes an options object declares its keys here-style
// (key → kind) beside itself and calls checkOptions first: an unknown key (with the nearest known one), a value of the
// wrong type or an enum value outside its list is a TypeError naming the function, the key and the value, thrown
// before any work, never a silent default. Keys and values are shown escaped (they may come from anywhere) and cut
// short. Portable: no Node built-ins, no rules (the `rules` check is passed in by the lint core).
import { escapeControl } from "./escape.js";
import { isObj } from "./object.js";
import { closest } from "./rules/utils/words.js";

/** A custom check: returns what the value must be ("an object of rule id → setting"), or throws its own TypeError. */
export type OptionCheck = (fn: string, key: string, value: unknown) => string | undefined;

/**
 * How one option is checked: a type name, the list of the string values it may take (an enum), or a custom check.
 * "count" is a positive safe integer ("bytes" the same, for byte caps), "index" a non-negative one, "number" a
 * finite number, "any" anything.
 */
export type OptionKind = "string" | "boolean" | "function" | "strings" | "object" | "count" | "bytes" | "index" | "number" | "any" | readonly string[] | OptionCheck;

export type OptionKeys = Readonly<Record<string, OptionKind>>;

/** The keys of an options type, each with its check: a key the type adds and the check omits is a type error. */
export type OptionKeysFor<T> = { readonly [K in keyof Required<T>]-?: OptionKind } & OptionKeys;

const MAX_SHOWN = 60;

/** A value as an error message shows it: strings quoted, escaped and cut short; other values by their kind. */
export function showValue(v: unknown): string {
  if (typeof v === "string") return escapeControl(JSON.stringify(v.length > MAX_SHOWN ? `${v.slice(0, MAX_SHOWN)}…` : v));
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  if (typeof v === "object") return "an object";
  if (typeof v === "bigint") return `${String(v)}n`;
  if (typeof v === "symbol") return "a symbol";
  return String(v);
}

/** A key as an error message names it: quoted and escaped. */
export const showKey = (k: string): string => showValue(k);

const WHAT: Readonly<Record<string, string>> = {
  string: "a string",
  boolean: "true or false",
  function: "a function",
  strings: "an array of strings",
  object: "an object",
  count: "a positive integer",
  bytes: "a positive integer (bytes)",
  index: "a non-negative integer",
  number: "a finite number",
};


/** What `v` must be for `kind`, or undefined when it is that. */
function mismatch(fn: string, key: string, kind: Exclude<OptionKind, "any">, v: unknown): string | undefined {
  if (typeof kind === "function") return kind(fn, key, v);
  if (typeof kind !== "string") return kind.includes(v as string) ? undefined : `one of ${kind.map((x) => JSON.stringify(x)).join(", ")}`;
  let ok: boolean;
  switch (kind) {
    case "string":
      ok = typeof v === "string";
      break;
    case "boolean":
      ok = typeof v === "boolean";
      break;
    case "function":
      ok = typeof v === "function";
      break;
    case "strings":
      ok = Array.isArray(v) && v.every((x) => typeof x === "string");
      break;
    case "object":
      ok = isObj(v);
      break;
    case "count":
    case "bytes":
      ok = typeof v === "number" && Number.isSafeInteger(v) && v > 0;
      break;
    case "index":
      ok = typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
      break;
    case "number":
      ok = typeof v === "number" && Number.isFinite(v);
      break;
  }
  return ok ? undefined : WHAT[kind];
}

/**
 * Checks `options` against the keys `fn` takes and throws a TypeError for the first problem. Undefined options, and
 * keys set to undefined, are accepted (the default applies). Own enumerable string keys only, as they are read.
 */
export function checkOptions<T extends object>(fn: string, options: T | undefined, keys: NoInfer<OptionKeysFor<T>>): void {
  if (options === undefined) return;
  if (!isObj(options)) throw new TypeError(`${fn}: options must be an object, not ${showValue(options)}`);
  for (const key of Object.keys(options as object)) {
    const kind = Object.hasOwn(keys, key) ? keys[key] : undefined;
    if (kind === undefined) {
      const s = closest(key, Object.keys(keys));
      const known = Object.keys(keys).map((k) => JSON.stringify(k)).join(", ");
      throw new TypeError(`${fn}: unknown option ${showKey(key)}${s ? ` (did you mean ${JSON.stringify(s)}?)` : ""}; options are ${known}`);
    }
    const v = (options as Record<string, unknown>)[key];
    if (v === undefined || kind === "any") continue;
    const what = mismatch(fn, key, kind, v);
    if (what !== undefined) throw new TypeError(`${fn}: option ${showKey(key)} must be ${what}, not ${showValue(v)}`);
  }
}
