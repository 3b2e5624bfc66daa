// Go's time.ParseDuration and Duration.String, ported from src/time/format.go and src/time/time.go.
// Durations are int64 nanoseconds; bigint keeps them exact across the whole range.

export type GoDurationResult = { ok: true; ns: bigint } | { ok: false; error: string };

const ONE_63 = 1n << 63n;

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ["ns", 1n],
  ["us", 1_000n],
  ["\u00b5s", 1_000n], // micro sign
  ["\u03bcs", 1_000n], // Greek mu
  ["ms", 1_000_000n],
  ["s", 1_000_000_000n],
  ["m", 60_000_000_000n],
  ["h", 3_600_000_000_000n],
]);

const encoder = new TextEncoder();

/** Go's time-package quote(): ASCII printable kept (with `"` and `\` escaped), every other byte as \xNN. */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of encoder.encode(ch)) out += "\\x" + b.toString(16).padStart(2, "0");
    } else {
      if (ch === '"' || ch === "\\") out += "\\";
      out += ch;
    }
  }
  return out + '"';
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";

function invalidDuration(orig: string): GoDurationResult {
  return { ok: false, error: "time: invalid duration " + goTimeQuote(orig) };
}

export function parseGoDuration(orig: string): GoDurationResult {
  let s = orig;
  let neg = false;
  if (s !== "" && (s[0] === "-" || s[0] === "+")) {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ok: true, ns: 0n };
  if (s === "") return invalidDuration(orig);

  let d = 0n;
  let i = 0;
  while (i < s.length) {
    if (!(s[i] === "." || isDigit(s[i]))) return invalidDuration(orig);

    // leadingInt: the integer part, overflowing past 2^63 is an error.
    const intStart = i;
    let v = 0n;
    while (isDigit(s[i])) {
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > ONE_63) return invalidDuration(orig);
      i++;
    }
    const pre = i !== intStart;

    // leadingFraction: digits past what fits are ignored; scale is a float64 as in Go.
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s[i] === ".") {
      i++;
      const fracStart = i;
      let overflow = false;
      while (isDigit(s[i])) {
        if (!overflow) {
          const y = f * 10n + BigInt(s.charCodeAt(i) - 48);
          if (f > (ONE_63 - 1n) / 10n || y > ONE_63) overflow = true;
          else {
            f = y;
            scale *= 10;
          }
        }
        i++;
      }
      post = i !== fracStart;
    }
    if (!pre && !post) return invalidDuration(orig);

    const unitStart = i;
    while (i < s.length && !(s[i] === "." || isDigit(s[i]))) i++;
    if (i === unitStart) return { ok: false, error: "time: missing unit in duration " + goTimeQuote(orig) };
    const u = s.slice(unitStart, i);
    const unit = UNITS.get(u);
    if (unit === undefined) {
      return { ok: false, error: "time: unknown unit " + goTimeQuote(u) + " in duration " + goTimeQuote(orig) };
    }
    if (v > ONE_63 / unit) return invalidDuration(orig);
    v *= unit;
    if (f > 0n) {
      // Go computes the fraction in float64 and truncates: uint64(float64(f) * (float64(unit) / scale)).
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > ONE_63) return invalidDuration(orig);
    }
    d += v;
    if (d > ONE_63) return invalidDuration(orig);
  }
  if (neg) return { ok: true, ns: -d };
  if (d > ONE_63 - 1n) return invalidDuration(orig);
  return { ok: true, ns: d };
}

/** Digits of v / 10^prec after the point, trailing zeros (and the point) dropped; Go's fmtFrac. */
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let out = "";
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) out = digit.toString() + out;
    v /= 10n;
  }
  return [print ? "." + out : "", v];
}

/** Go's Duration.String(): "1h2m3.5s", "1.5ms", "1µs", "0s". */
export function formatGoDuration(ns: bigint): string {
  // Go works on the uint64 magnitude, so MinInt64 needs no special case here.
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return "0s";
    let unit: string;
    let prec: number;
    if (u < 1_000n) [unit, prec] = ["ns", 0];
    else if (u < 1_000_000n) [unit, prec] = ["\u00b5s", 3];
    else [unit, prec] = ["ms", 6];
    const [frac, whole] = fmtFrac(u, prec);
    out = whole.toString() + frac + unit;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = (u % 60n).toString() + frac + "s";
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + "m" + out;
      u /= 60n;
      if (u > 0n) out = u.toString() + "h" + out;
    }
  }
  return neg ? "-" + out : out;
}
