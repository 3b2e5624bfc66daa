// Value types the reader produces besides plain strings, booleans, numbers, arrays and null-prototype tables.
// flyctl decodes TOML with go-toml into Go values; some distinctions survive into its output, so we keep them:
// a float stays a float (Go prints `2.0` as "2" but `1e6` as "1e+06" in env), an integer beyond 2^53 stays exact.
import { nullObject } from "../object.js";

/** A TOML float. Kept apart from integers because Go formats and converts them differently. */
export class TomlFloat {
  constructor(readonly value: number, readonly source: string) {}
  toJSON(): number | null {
    return Number.isFinite(this.value) ? this.value : null;
  }
}

export type TomlDateTimeKind = "offset-date-time" | "local-date-time" | "local-date" | "local-time";

/** A TOML date, time or date-time, kept as its source text. fly.toml has no use for them beyond passing through. */
export class TomlDateTime {
  constructor(readonly kind: TomlDateTimeKind, readonly text: string) {}
  toJSON(): string {
    return this.text;
  }
}

/** An integer: a JS number when it is safe, a bigint beyond 2^53 so nothing is rounded. */
export type TomlInteger = number | bigint;

export type TomlScalar = string | boolean | TomlInteger | TomlFloat | TomlDateTime;
export type TomlValue = TomlScalar | TomlValue[] | TomlTable;
/** A table: always a null-prototype object, so keys such as `__proto__` or `constructor` are plain own keys. */
export interface TomlTable {
  [key: string]: TomlValue;
}

export function isTable(v: unknown): v is TomlTable {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof TomlFloat) && !(v instanceof TomlDateTime);
}

export function newTable(): TomlTable {
  return nullObject<TomlTable>();
}

/** Plain JSON-compatible copy (floats as numbers, datetimes as text, bigints as numbers): for JSON Schema tools. */
export function toPlain(v: unknown): unknown {
  if (v instanceof TomlFloat) return v.value;
  if (v instanceof TomlDateTime) return v.text;
  if (typeof v === "bigint") return Number(v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (isTable(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: toPlain(v[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}
