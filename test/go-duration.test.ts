import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "../src/model/go-duration.js";

const NS = 1n;
const US = 1_000n;
const MS = 1_000_000n;
const S = 1_000_000_000n;
const M = 60n * S;
const H = 60n * M;
const MAX = (1n << 63n) - 1n;
const MIN = -(1n << 63n);

// Go src/time/time_test.go parseDurationTests.
const parseCases: [string, bigint][] = [
  ["0", 0n],
  ["5s", 5n * S],
  ["30s", 30n * S],
  ["1478s", 1478n * S],
  ["-5s", -5n * S],
  ["+5s", 5n * S],
  ["-0", 0n],
  ["+0", 0n],
  ["5.0s", 5n * S],
  ["5.6s", 5n * S + 600n * MS],
  ["5.s", 5n * S],
  [".5s", 500n * MS],
  ["1.0s", 1n * S],
  ["1.00s", 1n * S],
  ["1.004s", 1n * S + 4n * MS],
  ["1.0040s", 1n * S + 4n * MS],
  ["100.00100s", 100n * S + 1n * MS],
  ["10ns", 10n * NS],
  ["11us", 11n * US],
  ["12\u00b5s", 12n * US],
  ["12\u03bcs", 12n * US],
  ["13ms", 13n * MS],
  ["14s", 14n * S],
  ["15m", 15n * M],
  ["16h", 16n * H],
  ["3h30m", 3n * H + 30n * M],
  ["10.5s4m", 4n * M + 10n * S + 500n * MS],
  ["-2m3.4s", -(2n * M + 3n * S + 400n * MS)],
  ["1h2m3s4ms5us6ns", 1n * H + 2n * M + 3n * S + 4n * MS + 5n * US + 6n * NS],
  ["39h9m14.425s", 39n * H + 9n * M + 14n * S + 425n * MS],
  ["52763797000ns", 52763797000n],
  ["0.3333333333333333333h", 20n * M],
  ["9007199254740993ns", (1n << 53n) + 1n],
  ["9223372036854775807ns", MAX],
  ["9223372036854775.807us", MAX],
  ["9223372036s854ms775us807ns", MAX],
  ["-9223372036854775808ns", MIN],
  ["-9223372036854775.808us", MIN],
  ["-9223372036s854ms775us808ns", MIN],
  ["-2562047h47m16.854775808s", MIN],
  ["0.100000000000000000000h", 6n * M],
  ["0.830103483285477580700h", 49n * M + 48n * S + 372539827n],
  // Ours: the float64 fraction arithmetic truncates sub-nanosecond parts.
  ["1.5h", 90n * M],
  ["0.0000000019s", 1n],
  ["1.9ns", 1n],
];

// Go src/time/time_test.go parseDurationErrorTests (the quoted part), with our full messages.
const errorCases: [string, string][] = [
  ["", 'time: invalid duration ""'],
  ["3", 'time: missing unit in duration "3"'],
  ["10", 'time: missing unit in duration "10"'],
  ["-", 'time: invalid duration "-"'],
  ["s", 'time: invalid duration "s"'],
  [".", 'time: invalid duration "."'],
  ["-.", 'time: invalid duration "-."'],
  [".s", 'time: invalid duration ".s"'],
  ["+.s", 'time: invalid duration "+.s"'],
  ["1d", 'time: unknown unit "d" in duration "1d"'],
  ["\ufffd", 'time: invalid duration "\\xef\\xbf\\xbd"'],
  ["\ufffd hello \ufffd world", 'time: invalid duration "\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world"'],
  ["9223372036854775810ns", 'time: invalid duration "9223372036854775810ns"'],
  ["9223372036854775808ns", 'time: invalid duration "9223372036854775808ns"'],
  ["-9223372036854775809ns", 'time: invalid duration "-9223372036854775809ns"'],
  ["9223372036854776us", 'time: invalid duration "9223372036854776us"'],
  ["3000000h", 'time: invalid duration "3000000h"'],
  ["9223372036854775.808us", 'time: invalid duration "9223372036854775.808us"'],
  ["9223372036854ms775us808ns", 'time: invalid duration "9223372036854ms775us808ns"'],
  // Ours: spaces, units with a non-ASCII or quote character, a sign in the middle.
  ["1 s", 'time: unknown unit " s" in duration "1 s"'],
  [" 1s", 'time: invalid duration " 1s"'],
  ["1s ", 'time: unknown unit "s " in duration "1s "'],
  ["1\u00b5x", 'time: unknown unit "\\xc2\\xb5x" in duration "1\\xc2\\xb5x"'],
  ['1"', 'time: unknown unit "\\"" in duration "1\\""'],
  ["1s-2s", 'time: unknown unit "s-" in duration "1s-2s"'],
  ["--1s", 'time: invalid duration "--1s"'],
  ["1S", 'time: unknown unit "S" in duration "1S"'],
  ["1.2.3s", 'time: missing unit in duration "1.2.3s"'],
];

// Go src/time/time_test.go durationTests.
const formatCases: [string, bigint][] = [
  ["0s", 0n],
  ["1ns", 1n],
  ["1.1\u00b5s", 1100n],
  ["2.2ms", 2200n * US],
  ["3.3s", 3300n * MS],
  ["4m5s", 4n * M + 5n * S],
  ["4m5.001s", 4n * M + 5001n * MS],
  ["5h6m7.001s", 5n * H + 6n * M + 7001n * MS],
  ["8m0.000000001s", 8n * M + 1n],
  ["2562047h47m16.854775807s", MAX],
  ["-2562047h47m16.854775808s", MIN],
  // Ours: the renderings the spec lists.
  ["500ms", 500n * MS],
  ["1.5ms", 1500n * US],
  ["1\u00b5s", 1000n],
  ["100ns", 100n],
  ["10s", 10n * S],
  ["1m0s", M],
  ["1m21s", 81n * S],
  ["3m0s", 3n * M],
  ["1h0m0s", H],
  ["2.5s", 2500n * MS],
  ["-1.5s", -1500n * MS],
];

describe("parseGoDuration", () => {
  it.each(parseCases)("parses %j", (input, want) => {
    expect(parseGoDuration(input)).toEqual({ ok: true, ns: want });
  });

  it.each(errorCases)("rejects %j", (input, error) => {
    expect(parseGoDuration(input)).toEqual({ ok: false, error });
  });

  it("round-trips the int64 extremes and millisecond values (TestParseDurationRoundTrip)", () => {
    for (const d of [MAX, MIN, 0n, 1234567n * MS, 86_400_000n * MS]) {
      expect(parseGoDuration(formatGoDuration(d))).toEqual({ ok: true, ns: d });
    }
  });
});

describe("formatGoDuration", () => {
  it.each(formatCases)("formats as %j", (want, ns) => {
    expect(formatGoDuration(ns)).toBe(want);
    if (ns > 0n) expect(formatGoDuration(-ns)).toBe("-" + want);
  });
});
