// The JSON reader's fast scanner against momoa: the same values and the same key/value spans for every node, and
// syntax errors with momoa's message and line:column.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, type ValueNode } from "@humanwhocodes/momoa";
import { describe, expect, it } from "vitest";
import { pathKey } from "../src/reader/document.js";
import { readJson, MAX_JSON_DEPTH } from "../src/reader/json.js";
import { problemMessage } from "../src/lint/report.js";
import { projectRoot } from "./helpers/shared.js";

function momoaSpans(text: string): Map<string, { key?: [number, number]; value: [number, number] }> {
  const out = new Map<string, { key?: [number, number]; value: [number, number] }>();
  const walk = (n: ValueNode, path: (string | number)[], key?: [number, number]) => {
    out.set(pathKey(path), { ...(key ? { key } : {}), value: n.range! });
    if (n.type === "Object") for (const m of n.members) walk(m.value, [...path, m.name.type === "String" ? m.name.value : m.name.name], m.name.range);
    if (n.type === "Array") n.elements.forEach((e, i) => walk(e.value, [...path, i]));
  };
  const doc = parse(text, { mode: "json", ranges: true });
  walk(doc.body, []);
  return out;
}

const files = [
  ...readdirSync(join(projectRoot, "fixtures/machine-json/valid")).map((f) => join(projectRoot, "fixtures/machine-json/valid", f)),
  ...readdirSync(join(projectRoot, "fixtures/machine-json/invalid")).map((f) => join(projectRoot, "fixtures/machine-json/invalid", f)),
];

describe("readJson agrees with momoa", () => {
  const samples: [string, string][] = [
    ["escapes and unicode", '{"a\\"b": "x\\u00e9\\n", "é": [1, -2.5e3, true, false, null, {}], "e": []}'],
    ["nested lists", "[[[]], [1, [2, [3]]], {\"k\": [{\"z\": 0}]}]"],
    ["CRLF and tabs", '{\r\n\t"a": 1,\r\n\t"b": [\r\n\t\t2\r\n\t]\r\n}'],
    ["scalar document", ' "just a string" '],
  ];
  for (const f of files) samples.push([f.slice(projectRoot.length + 1), readFileSync(f, "utf8")]);
  for (const [name, text] of samples) {
    it(name, () => {
      const r = readJson(text);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.doc.value).toEqual(JSON.parse(text));
      for (const [k, s] of momoaSpans(text)) {
        if (k === "[]") continue; // the root spans the whole text, as in the TOML reader
        const mine = r.doc.get(JSON.parse(k) as (string | number)[]);
        expect(mine?.value, k).toEqual({ start: s.value[0], end: s.value[1] });
        expect(mine?.key, k).toEqual(s.key ? { start: s.key[0], end: s.key[1] } : undefined);
      }
    });
  }
});

describe("readJson syntax errors carry momoa's message and position", () => {
  const bad: [string, string, number, number][] = [
    ["trailing comma", '{\n  "a": 1,\n}', 3, 1],
    ["comment", '[\n  // x\n  1\n]', 2, 3],
    ["single quotes", "{'a': 1}", 1, 2],
    ["unterminated string", '{"a": "x', 1, 9],
    ["leading zero", "[01]", 1, 2],
    ["empty input", "", 1, 1],
  ];
  for (const [name, text, line, column] of bad) {
    it(name, () => {
      const r = readJson(text);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      let momoaMessage = "";
      try {
        parse(text, { mode: "json" });
      } catch (e) {
        momoaMessage = (e as Error).message.replace(/\s*\(\d+:\d+\)\s*$/, "");
      }
      expect({ kind: r.problem.kind, message: problemMessage(r.problem, "machine-json"), ...r.problem.position }).toMatchObject({ kind: "syntax", line, column, message: `invalid JSON: ${momoaMessage}` });
    });
  }
  it("a raw control character in a string is an error (RFC 8259, Go's encoding/json), though momoa lets it pass", () => {
    const r = readJson('["a\nb"]');
    expect(r.ok).toBe(false);
    if (!r.ok) expect({ message: problemMessage(r.problem, "machine-json"), ...r.problem.position }).toMatchObject({ line: 1, column: 4, message: "invalid JSON: control character in string" });
  });
  it("nesting beyond the cap is one diagnostic, not a stack overflow", () => {
    const r = readJson("[".repeat(MAX_JSON_DEPTH + 10) + "]".repeat(MAX_JSON_DEPTH + 10));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(problemMessage(r.problem, "machine-json")).toMatch(/nested deeper than 256 levels/);
    expect(readJson("[".repeat(100) + "]".repeat(100)).ok).toBe(true);
  });
});
