import { describe, expect, it } from "vitest";
import { goFormatFloat, goFormatValue } from "../src/model/go-format.js";
import { newTable, TomlDateTime, TomlFloat, type TomlTable, type TomlValue } from "../src/reader/values.js";

const table = (entries: [string, TomlValue][]): TomlTable => {
  const t = newTable();
  for (const [k, v] of entries) t[k] = v;
  return t;
};
const float = (v: number): TomlFloat => new TomlFloat(v, String(v));

// strconv ftoa_test.go ftoatests with 'g' and precision -1 (what %v uses), plus fmt's sign handling.
const ftoa: [number, string][] = [
  [1, "1"],
  [20, "20"],
  [1234567.8, "1.2345678e+06"],
  [200000, "200000"],
  [2000000, "2e+06"],
  [1e10, "1e+10"],
  [0, "0"],
  [-1, "-1"],
  [12, "12"],
  [123456700, "1.234567e+08"],
  [1e23, "1e+23"],
  [99999999999999974834176, "9.999999999999997e+22"],
  [100000000000000008388608, "1.0000000000000001e+23"],
  [5e-324, "5e-324"],
  [-5e-324, "-5e-324"],
  [32, "32"],
  [NaN, "NaN"],
  [Infinity, "+Inf"],
  [-Infinity, "-Inf"],
  // Go's own vectors spell these with more digits than a double holds; the parsed values are what is tested.
  // eslint-disable-next-line no-loss-of-precision -- as written in Go's strconv tests
  [2.2250738585072012e-308, "2.2250738585072014e-308"],
  // eslint-disable-next-line no-loss-of-precision -- as written in Go's strconv tests
  [2.2250738585072011e-308, "2.225073858507201e-308"],
  // Ours: the spec's examples and the threshold edges (exp -4 and 5 stay fixed, -5 and 6 switch).
  [2.0, "2"],
  [1.5, "1.5"],
  [1000000.0, "1e+06"],
  [999999.0, "999999"],
  [123456.7, "123456.7"],
  [0.0001, "0.0001"],
  [0.00001, "1e-05"],
  [0.000123, "0.000123"],
  [123456789.0, "1.23456789e+08"],
  [-0, "-0"],
  [-2.5, "-2.5"],
  [0.1, "0.1"],
  [1e100, "1e+100"],
  [1.7976931348623157e308, "1.7976931348623157e+308"],
  [3.14159, "3.14159"],
];

describe("goFormatFloat", () => {
  it.each(ftoa)("%d -> %j", (f, want) => expect(goFormatFloat(f)).toBe(want));
});

describe("goFormatValue", () => {
  const cases: [string, unknown, string][] = [
    ["string", "hello world", "hello world"],
    ["empty string", "", ""],
    ["integer", 2, "2"],
    ["negative integer", -42, "-42"],
    ["big integer", 9223372036854775807n, "9223372036854775807"],
    ["min int64", -9223372036854775808n, "-9223372036854775808"],
    ["float 2.0", float(2), "2"],
    ["float 1e6", float(1e6), "1e+06"],
    ["float nan", float(NaN), "NaN"],
    ["float -inf", float(-Infinity), "-Inf"],
    ["true", true, "true"],
    ["false", false, "false"],
    ["array", ["a", "b"], "[a b]"],
    ["empty array", [], "[]"],
    ["mixed array", [1, float(1.5), true, "x y", [2, 3]], "[1 1.5 true x y [2 3]]"],
    ["table, keys sorted", table([["b", 2], ["a", "x"], ["C", true]]), "map[C:true a:x b:2]"],
    ["empty table", newTable(), "map[]"],
    ["nested", table([["k", [table([["z", float(0.5)], ["y", 1]])]]]), "map[k:[map[y:1 z:0.5]]]"],
    ["keys by code point", table([["\u{1F600}", 1], ["\uFFFD", 2], ["a", 3]]), "map[a:3 \uFFFD:2 \u{1F600}:1]"],
    ["__proto__ key", table([["__proto__", 1]]), "map[__proto__:1]"],
    // go-toml v2: offset date-times are time.Time, printed by Time.String().
    ["offset Z", new TomlDateTime("offset-date-time", "1979-05-27T07:32:00Z"), "1979-05-27 07:32:00 +0000 UTC"],
    ["offset zero", new TomlDateTime("offset-date-time", "1979-05-27T07:32:00+00:00"), "1979-05-27 07:32:00 +0000 UTC"],
    ["offset -00:00", new TomlDateTime("offset-date-time", "1979-05-27T07:32:00-00:00"), "1979-05-27 07:32:00 +0000 UTC"],
    [
      "offset -07:00 with fraction",
      new TomlDateTime("offset-date-time", "1979-05-27T00:32:00.999999-07:00"),
      "1979-05-27 00:32:00.999999 -0700 -0700",
    ],
    ["offset +05:30", new TomlDateTime("offset-date-time", "1979-05-27 07:32:00.500+05:30"), "1979-05-27 07:32:00.5 +0530 +0530"],
    [
      "offset fraction beyond ns",
      new TomlDateTime("offset-date-time", "1979-05-27T07:32:00.1234567891z"),
      "1979-05-27 07:32:00.123456789 +0000 UTC",
    ],
    // LocalDate / LocalTime / LocalDateTime String(): fraction digits kept as written, up to 9.
    ["local date", new TomlDateTime("local-date", "1979-05-27"), "1979-05-27"],
    ["local time", new TomlDateTime("local-time", "07:32:00"), "07:32:00"],
    ["local time fraction", new TomlDateTime("local-time", "00:32:00.500"), "00:32:00.500"],
    ["local time long fraction", new TomlDateTime("local-time", "00:32:00.1234567890"), "00:32:00.123456789"],
    ["local date-time", new TomlDateTime("local-date-time", "1979-05-27T07:32:00"), "1979-05-27T07:32:00"],
    ["local date-time, space", new TomlDateTime("local-date-time", "1979-05-27 07:32:00.999999"), "1979-05-27T07:32:00.999999"],
    ["local date-time, no seconds (TOML 1.1)", new TomlDateTime("local-date-time", "1979-05-27t07:32"), "1979-05-27T07:32:00"],
    ["datetime in an array", [new TomlDateTime("local-date", "2024-01-02")], "[2024-01-02]"],
  ];
  it.each(cases)("%s", (_name, value, want) => expect(goFormatValue(value)).toBe(want));
});
