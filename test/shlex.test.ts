import { describe, expect, it } from "vitest";
import { shlexSplit } from "../src/compile/shlex.js";

// google/shlex shlex_test.go TestSplit: its testString, plus `thirteen=13 fourteen/14` (runes outside every class).
const upstream = "one two \"three four\" \"five \\\"six\\\"\" seven#eight # nine # ten\n eleven 'twelve\\' thirteen=13 fourteen/14";

const cases: [string, string[]][] = [
  [upstream, ["one", "two", "three four", 'five "six"', "seven#eight", "eleven", "twelve\\", "thirteen=13", "fourteen/14"]],
  // Separators: space, tab, CR, LF only; runs collapse; none gives no words.
  ["", []],
  ["   \t\r\n ", []],
  ["a\tb\rc\nd", ["a", "b", "c", "d"]],
  ["a\u00a0b", ["a\u00a0b"]],
  ["a\u000bb\fc", ["a\u000bb\fc"]],
  // Any rune that is not special is word text.
  ["/bin/sh -c 'echo $HOME' x=1 ünï", ["/bin/sh", "-c", "echo $HOME", "x=1", "ünï"]],
  // Quotes join adjacent text; empty quotes make an empty word.
  ['a"b c"d', ["ab cd"]],
  ["a'b c'd", ["ab cd"]],
  ['""', [""]],
  ["''", [""]],
  ['x "" y', ["x", "", "y"]],
  ["'a'\"b\"c", ["abc"]],
  // Single quotes are literal: backslash and double quote kept.
  ["'a\\b\"c'", ['a\\b"c']],
  ["'it'\\''s'", ["it's"]],
  // In double quotes a backslash escapes any next rune and is dropped.
  ['"\\x"', ["x"]],
  ['"a\\"b"', ['a"b']],
  ['"a\\\\b"', ["a\\b"]],
  ['"a\\$b"', ["a$b"]],
  ['"a\\\nb"', ["a\nb"]],
  ["\"it's\"", ["it's"]],
  // Outside quotes a backslash escapes the next rune, including separators, quotes and `#`.
  ["a\\ b", ["a b"]],
  ["\\#x", ["#x"]],
  ["a\\\nb", ["a\nb"]],
  ["\\'a", ["'a"]],
  ["\\\\", ["\\"]],
  // `#` starts a comment only at the start of a word; the comment runs to LF only.
  ["run --x #y", ["run", "--x"]],
  ["run --x#y", ["run", "--x#y"]],
  ["a #b\nc", ["a", "c"]],
  ["a #b\rc", ["a"]],
  ["#only", []],
  ['"a"#b', ["a#b"]],
  ["'a'#b", ["a#b"]],
  ["a # 'unterminated", ["a"]],
  ['"#not" \'#comment\'', ["#not", "#comment"]],
];

const errors: [string, string][] = [
  ['"abc', "EOF found when expecting closing quote"],
  ["'abc", "EOF found when expecting closing quote"],
  ["a 'b", "EOF found when expecting closing quote"],
  ["abc\\", "EOF found after escape character"],
  ["\\", "EOF found after escape character"],
  ['"abc\\', "EOF found after escape character"],
  // A trailing backslash in single quotes is literal, so the quote is what is missing.
  ["'abc\\", "EOF found when expecting closing quote"],
];

describe("shlexSplit", () => {
  it.each(cases)("splits %j", (input, words) => {
    expect(shlexSplit(input)).toEqual({ ok: true, words });
  });

  it.each(errors)("rejects %j", (input, error) => {
    expect(shlexSplit(input)).toEqual({ ok: false, error });
  });
});
