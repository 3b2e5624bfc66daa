// flyctl helpers.ParseSize over docker/go-units v0.5.0 (RAMInBytes / FromHumanSize), with the Go library pieces
// it leans on: strconv.Atoi, strconv.ParseFloat (and its error texts), float64 -> int64 conversion.

export type SizeResult = { ok: true; value: number } | { ok: false; error: string };
type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/** strconv.Atoi on 64-bit: optional sign, ASCII digits (no underscores, no spaces), int64 range. */
function atoi(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n < MIN_INT64 || n > MAX_INT64 ? undefined : n;
}

/** strconv.Quote: Go-escaped, keeping printable runes (letters, marks, numbers, punctuation, symbols, ASCII space). */
export function goQuote(s: string): string {
  const named: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v" };
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === " " || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
    else if (named[ch] !== undefined) out += named[ch];
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c < 0x10000) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += "\\U" + c.toString(16).padStart(8, "0");
  }
  return out + '"';
}

/** strconv's underscoreOK: underscores only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = "^";
  let i = 0;
  if (s[0] === "-" || s[0] === "+") s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1]!)) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) saw = "0";
    else if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
    } else {
      if (saw === "_") return false;
      saw = "!";
    }
  }
  return saw !== "_";
}

/** strconv.ParseFloat(s, 64): Go float literal syntax (decimal or hex with a p exponent, underscores, inf/nan). */
export function goParseFloat(s: string): Parsed<number> {
  // The error text only when there is an error (strconv.Quote is not cheap, and most sizes parse).
  const syntax = () => ({ ok: false as const, error: `strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax` });
  const special = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (special) return { ok: true, value: special[1] === "-" ? -Infinity : Infinity };
  if (/^nan$/i.test(s)) return { ok: true, value: NaN };

  let i = 0;
  const neg = s[0] === "-";
  if (s[0] === "+" || s[0] === "-") i++;
  const hex = i + 2 < s.length && s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X");
  if (hex) i += 2;
  const isMantDigit = (c: string): boolean => (c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c));
  let underscores = false;
  let sawDot = false;
  let intDigits = "";
  let fracDigits = "";
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === "_") underscores = true;
    else if (c === ".") {
      if (sawDot) break;
      sawDot = true;
    } else if (isMantDigit(c)) {
      if (sawDot) fracDigits += c;
      else intDigits += c;
    } else break;
  }
  if (intDigits === "" && fracDigits === "") return syntax();

  let exp = "0";
  if (i < s.length && s[i]!.toLowerCase() === (hex ? "p" : "e")) {
    i++;
    let sign = "";
    if (s[i] === "+" || s[i] === "-") sign = s[i++]!;
    if (!(s[i]! >= "0" && s[i]! <= "9")) return syntax();
    let digits = "";
    for (; i < s.length && ((s[i]! >= "0" && s[i]! <= "9") || s[i] === "_"); i++) {
      if (s[i] === "_") underscores = true;
      else digits += s[i];
    }
    exp = sign + digits;
  } else if (hex) return syntax();
  if (underscores && !underscoreOK(s.slice(0, i))) return syntax();
  if (i !== s.length) return syntax();

  let value: number;
  if (hex) {
    const mant = BigInt("0x0" + intDigits + fracDigits);
    const e2 = Number(exp) - 4 * fracDigits.length;
    value = mant === 0n ? 0 : Number(mant) * 2 ** e2;
  } else {
    value = Number(`0${intDigits}.${fracDigits}0e${exp}`);
  }
  if (neg) value = -value;
  if (!Number.isFinite(value)) {
    return { ok: false, error: `strconv.ParseFloat: parsing ${goQuote(s)}: value out of range` };
  }
  return { ok: true, value };
}

/** Go int64(f). Out of range and NaN give MinInt64, as on amd64 (arm64 saturates instead). */
function float64ToInt64(f: number): bigint {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return MIN_INT64;
  return BigInt(Math.trunc(f));
}

const PREFIXES = "kmgtp";

const utf8 = new TextEncoder();
const utf8Length = (s: string): number => utf8.encode(s).length;

/** go-units parseSize: `<float>[ ]<suffix>`, suffix b, or k/m/g/t/p optionally followed by b or ib (any case). */
function goUnitsParseSize(sizeStr: string, factor: 1000 | 1024): Parsed<bigint> {
  const digitsEtc = /[0-9. ]/g;
  let sep = -1;
  for (const m of sizeStr.matchAll(digitsEtc)) sep = m.index;
  if (sep === -1) return { ok: false, error: `invalid size: '${sizeStr}'` };
  // A single space between number and suffix is dropped; any other space stays in the number and fails there.
  const num = sizeStr[sep] === " " ? sizeStr.slice(0, sep) : sizeStr.slice(0, sep + 1);
  let sfx = sizeStr.slice(sep + 1);

  const parsed = goParseFloat(num);
  if (!parsed.ok) return parsed;
  let size = parsed.value;
  if (size < 0) return { ok: false, error: `invalid size: '${sizeStr}'` };
  if (sfx === "") return { ok: true, value: float64ToInt64(size) };

  const bad = (): Parsed<bigint> => ({ ok: false, error: `invalid suffix: '${sfx}'` });
  // Go measures the suffix in UTF-8 bytes, before and after lowercasing it rune by rune (so the Kelvin sign
  // U+212A, 3 bytes, becomes a 1-byte "k").
  if (utf8Length(sfx) > 3) return bad();
  sfx = Array.from(sfx, (c) => String.fromCodePoint(c.toLowerCase().codePointAt(0)!)).join("");
  const len = utf8Length(sfx);
  if (sfx[0] === "b") return len > 1 ? bad() : { ok: true, value: float64ToInt64(size) };
  const power = PREFIXES.indexOf(sfx[0]!);
  if (power === -1) return bad();
  size *= factor ** (power + 1);
  if ((len === 2 && sfx[1] !== "b") || (len === 3 && sfx.slice(1) !== "ib")) return bad();
  return { ok: true, value: float64ToInt64(size) };
}

/**
 * flyctl helpers.ParseSize: an Atoi-able string is already in `unit` (returned as is, even negative); anything else
 * is parsed to bytes by RAMInBytes ("ram", factor 1024) or FromHumanSize ("human", factor 1000), then divided by
 * `unit` with Go's truncating integer division. Errors carry flyctl's `invalid size: ` wrapping.
 */
export function parseSize(s: string, parser: "ram" | "human", unit: number): SizeResult {
  const n = atoi(s);
  if (n !== undefined) return { ok: true, value: Number(n) };
  const bytes = goUnitsParseSize(s, parser === "ram" ? 1024 : 1000);
  if (!bytes.ok) return { ok: false, error: `invalid size: ${bytes.error}` };
  return { ok: true, value: Number(bytes.value / BigInt(unit)) };
}

/** Results by input string (pure functions of it; callers only read them). Bounded: cleared when full. */
function memo(f: (s: string) => SizeResult): (s: string) => SizeResult {
  const cache = new Map<string, SizeResult>();
  return (s) => {
    let r = cache.get(s);
    if (r === undefined) {
      if (cache.size >= 1024) cache.clear();
      cache.set(s, (r = Object.freeze(f(s))));
    }
    return r;
  };
}

/** `[[vm]] memory` to MiB, as flyctl's guest conversion does it. */
export const memoryMbFromString: (s: string) => SizeResult = memo((s) => {
  const r = parseSize(s, "ram", 1024 * 1024);
  if (r.ok && r.value === 0) return { ok: false, error: "memory cannot be zero" };
  return r;
});

/** A mount size (`initial_size`, `auto_extend_size_*`) to decimal GB; the machine conversion treats errors as 0. */
export const gbFromHumanSize: (s: string) => SizeResult = memo((s) => parseSize(s, "human", 1e9));
