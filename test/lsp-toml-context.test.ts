// The language server's line scanners (src/lsp/toml-context.ts): the same answers as the regexes they replaced, and
// linear on hostile lines (a `[` followed by thousands of spaces took seconds with the old lazy-group regex).
import { describe, expect, it } from "vitest";
import { headerOf, keyOfLine } from "../src/lsp/toml-context.js";

// The replaced regexes, kept here only as the reference for well-formed lines.
const HEADER = /^\s*\[(\[?)\s*([^\]\n]*?)\s*\]\]?/;
const KEY_LINE = /^\s*((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)\s*=/;

const LINES = [
  "[http_service]",
  "  [[services]]",
  "[[services.ports]] # comment",
  "[ http_service.concurrency ]",
  "[[ vm ]]",
  "[[x]",
  "[unterminated",
  "[ [x]",
  "[]",
  'internal_port = 8080',
  '  "quoted key" = 1',
  "a . b.'c d' = 2",
  "a.b",
  "a. = 1",
  "= 1",
  'key"x = 1',
  "processes = ['app']",
  "",
  "   ",
];

describe("LSP line scanners (toml-context)", () => {
  it.each(LINES)("headerOf agrees with the reference regex on %j", (line) => {
    const m = HEADER.exec(line);
    expect(headerOf(line)).toEqual(m ? { path: headerOf(line)?.path, array: m[1] === "[" } : undefined);
    if (m) expect(headerOf(line)?.path.join(".")).toBe(m[2]!.split(".").map((s) => s.trim().replace(/^["']|["']$/g, "")).filter(Boolean).join("."));
  });

  it.each(LINES)("keyOfLine agrees with the reference regex on %j", (line) => {
    const m = KEY_LINE.exec(line);
    expect(keyOfLine(line) !== undefined).toBe(m !== null);
  });

  it("is linear on hostile lines (200,000 characters each)", () => {
    const n = 200_000;
    const hostile = ["[" + " ".repeat(n) + "x", "[[" + "a".repeat(n), "a" + " . a".repeat(n / 4) + " x", '"' + "x".repeat(n), " ".repeat(n) + "="];
    const t = Date.now();
    for (const line of hostile) {
      headerOf(line);
      keyOfLine(line);
    }
    // Quadratic behaviour would take minutes at this size; linear takes milliseconds.
    expect(Date.now() - t).toBeLessThan(2_000);
  });
});
