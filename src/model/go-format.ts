// Go fmt.Sprintf("%v", v) for the values go-toml v2 decodes into interface{} and flyctl stringifies (env values,
// check header values). Sources: fmt/print.go, strconv/ftoa.go, time/format.go, go-toml v2 decode.go and
// localtime.go.

import { isTable, TomlDateTime, TomlFloat } from "../reader/values.js";

export function goFormatValue(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return Number.isInteger(v) ? v.toString() : goFormatFloat(v);
  if (v instanceof TomlFloat) return goFormatFloat(v.value);
  if (v instanceof TomlDateTime) return goFormatDateTime(v);
  if (Array.isArray(v)) return "[" + v.map(goFormatValue).join(" ") + "]";
  if (isTable(v)) {
    // fmt prints map keys sorted; Go compares strings bytewise, i.e. by code point, not by UTF-16 unit.
    const keys = Object.keys(v).sort(compareCodePoints);
    return "map[" + keys.map((k) => k + ":" + goFormatValue(v[k])).join(" ") + "]";
  }
  return "<nil>";
}

function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a, (c) => c.codePointAt(0)!);
  const cb = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
  }
  return ca.length - cb.length;
}

/**
 * %v of a float64: strconv 'g' with the shortest digits that round-trip. In that mode ftoa.go switches to the
 * exponent form when exp < -4 || exp >= 6 ("if precision was the shortest possible, use precision 6 for this
 * decision"), so 1e6 prints as "1e+06" and 123456.0 as "123456".
 */
export function goFormatFloat(f: number): string {
  if (Number.isNaN(f)) return "NaN";
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  if (f === 0) return Object.is(f, -0) ? "-0" : "0";
  const sign = f < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest round-trip digits, as Go's shortest mode does.
  const [mantissa, expText] = Math.abs(f).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp).toString().padStart(2, "0");
    return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e;
  }
  if (exp < 0) return sign + "0." + "0".repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length);
  return sign + digits.slice(0, exp + 1) + "." + digits.slice(exp + 1);
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}:\d{2})?$/;
const TIME = /^(\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;

/**
 * go-toml gives a time.Time for an offset date-time (its String(): "2006-01-02 15:04:05.999999999 -0700 MST", the
 * zone being UTC for a zero offset and an unnamed fixed zone otherwise) and LocalDate / LocalTime / LocalDateTime
 * otherwise, whose String() keep the fraction digits as written (at most 9).
 */
function goFormatDateTime(dt: TomlDateTime): string {
  if (dt.kind === "local-date") return dt.text;
  if (dt.kind === "local-time") {
    const m = TIME.exec(dt.text);
    return m ? localTime(m[1]!, m[2], m[3]) : dt.text;
  }
  const m = DATE_TIME.exec(dt.text);
  if (!m) return dt.text;
  const [, date, hm, sec, frac, offset] = m;
  if (dt.kind === "local-date-time") return date + "T" + localTime(hm!, sec, frac);

  if (offset === undefined) return dt.text;
  // time.Time: nanoseconds truncated to 9 digits, then printed with trailing zeros dropped.
  let nanos = (frac ?? "").slice(0, 9);
  while (nanos.endsWith("0")) nanos = nanos.slice(0, -1);
  const hhmm = offset.replace(":", "");
  const zone = /^([Zz]|[+-]0000)$/.test(hhmm) ? "+0000 UTC" : hhmm + " " + hhmm;
  return `${date} ${hm}:${sec ?? "00"}${nanos ? "." + nanos : ""} ${zone}`;
}

function localTime(hm: string, sec: string | undefined, frac: string | undefined): string {
  return `${hm}:${sec ?? "00"}${frac ? "." + frac.slice(0, 9) : ""}`;
}
