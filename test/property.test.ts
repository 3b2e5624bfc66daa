// Property tests (fast-check), a small number of cases: mutated corpus files and generated TOML never make
// compile() or lint() throw, always give well-formed diagnostics, and never change Object.prototype or other globals.
// `npm run fuzz` runs the same properties over 100,000 cases (scripts/fuzz.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_SEEDS, checkInput, checkProtoCase, protoCaseArb, generatedTomlArb, loadSeeds, malformed, mutate, mutatedCorpusArb } from "../scripts/fuzz.js";
import { compile } from "../src/pipeline.js";
import { hasShared, listShared, noteSkip } from "./helpers/shared.js";

noteSkip("property (corpus seeds; the built-in seeds still run)");
const seeds = loadSeeds();
// A fixed seed keeps the suite deterministic; FC_SEED=n explores other cases.
const seed = Number(process.env.FC_SEED ?? 20251128);

describe("property: compile() and lint() are total", () => {
  it(`seeds from ${hasShared ? "the corpus and " : ""}${BUILTIN_SEEDS.length} built-in files`, () => {
    const corpus = ["corpus/real", "corpus/flyctl-fixtures"].flatMap((d) => listShared(d).filter((f) => f.endsWith(".toml")));
    expect(seeds.length).toBe(BUILTIN_SEEDS.length + corpus.length);
  });

  it("mutated corpus files (byte flips, truncation, duplicated/renamed keys, swapped value types)", () => {
    fc.assert(
      fc.property(mutatedCorpusArb(seeds), (input) => void checkInput(input)),
      { numRuns: 400, seed },
    );
  });

  it("JSON with __proto__ / constructor / prototype keys planted anywhere: Machine JSON, compile({ machine }), machine_config", () => {
    fc.assert(
      fc.property(protoCaseArb, (c) => void checkProtoCase(c)),
      { numRuns: 300, seed },
    );
  });

  it("generated TOML documents", () => {
    fc.assert(
      fc.property(generatedTomlArb, (input) => void checkInput(input)),
      { numRuns: 300, seed },
    );
  });

  it("arbitrary bytes and strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 200, unit: "binary" })), (input) => void checkInput(input)),
      { numRuns: 200, seed },
    );
  });

  it("generated documents are valid TOML (the generator is not just producing syntax errors)", () => {
    const sample = fc.sample(generatedTomlArb, { numRuns: 100, seed });
    const syntax = sample.filter((t) => compile(t).diagnostics.some((d) => d.ruleId === "toml-syntax"));
    expect(syntax.slice(0, 3)).toEqual([]);
  });
});

describe("every value of the built-in seeds swapped for every other type (exhaustive, deterministic)", () => {
  const swaps = ["{ a = 1 }", "{}", "[1, 2]", "[]", "[{ a = 1 }]", "1979-05-27T07:32:00Z", "9007199254740993", "1.5", "nan", "true", '""', '"x"'];
  BUILTIN_SEEDS.forEach((text, s) => {
    it(`seed ${s}: no throw, well-formed diagnostics`, () => {
      const lines = text.split("\n");
      const failures: string[] = [];
      lines.forEach((line, i) => {
        if (!/^\s*[A-Za-z_"'][^=]*=/.test(line)) return;
        for (const v of swaps) {
          const input = mutate(text, [{ kind: "swapValue", line: i, value: v }]);
          try {
            checkInput(input);
          } catch (e) {
            failures.push(`line ${i + 1} (${line.trim()}) = ${v}: ${(e as Error).stack?.split("\n").slice(0, 3).join(" ")}`);
          }
        }
      });
      expect(failures, failures.slice(0, 10).join("\n")).toEqual([]);
    });
  });
});

describe("the fuzz helpers themselves", () => {
  it("mutations do what they say", () => {
    const text = 'app = "a"\n[http_service]\ninternal_port = 8080\n';
    const dec = (b: Uint8Array) => Buffer.from(b).toString("utf8");
    expect(dec(mutate(text, [{ kind: "truncate", at: 5 }]))).toBe("app =");
    expect(dec(mutate(text, [{ kind: "renameKey", line: 2, name: "__proto__" }]))).toContain("__proto__ = 8080");
    expect(dec(mutate(text, [{ kind: "swapValue", line: 2, value: '"8080"' }]))).toContain('internal_port = "8080"');
    expect(dec(mutate(text, [{ kind: "dupLine", line: 0 }]))).toBe('app = "a"\napp = "a"\n[http_service]\ninternal_port = 8080\n');
    expect(mutate(text, [{ kind: "flip", at: 0, byte: 0xff }])[0]).toBe(0xff);
  });

  it("malformed() catches bad positions", () => {
    const d = { ruleId: "x", severity: "error" as const, message: "m", line: 1, column: 1, endLine: 1, endColumn: 2, keyPath: "" };
    expect(malformed("a\n", [d])).toBe("");
    expect(malformed("a\n", [{ ...d, line: 3, endLine: 3 }])).toMatch(/beyond/);
    expect(malformed("a\n", [{ ...d, column: 0 }])).toMatch(/≥ 1/);
    expect(malformed("a\n", [{ ...d, endColumn: 0 }])).not.toBe("");
    expect(malformed("a\nb\n", [{ ...d, line: 2, endLine: 1 }])).toMatch(/end before start/);
    expect(malformed("a\n", [{ ...d, message: " " }])).toMatch(/message/);
  });
});
