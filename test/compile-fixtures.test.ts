// The project's own golden compile fixtures (fixtures/compile/<name>/): fly.toml, optional machine.json (the update
// path), expected.json = exactly what `flyconf compile` prints. Every compiled config must also satisfy
// schemas/machine-config.schema.json. UPDATE_GOLDEN=1 rewrites expected.json (review the diff).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { stringifyJson } from "../src/compile/canonical.js";
import { lint } from "../src/lint/lint.js";
import { compile, compileIn } from "../src/pipeline.js";
import { listVectors, readVector } from "./helpers/flyctl.js";
import { hasShared, listShared, noteSkip, projectRoot, readShared } from "./helpers/shared.js";

const dir = join(projectRoot, "fixtures/compile");
const update = process.env.UPDATE_GOLDEN === "1";
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(projectRoot, "schemas/machine-config.schema.json"), "utf8")));

function expectValid(config: unknown, label: string): void {
  const ok = validate(JSON.parse(stringifyJson(config)));
  expect(ok, `${label}: ${JSON.stringify(validate.errors)}`).toBe(true);
}

describe("compile fixtures", () => {
  for (const name of readdirSync(dir).sort()) {
    it(name, () => {
      const base = join(dir, name);
      const machinePath = join(base, "machine.json");
      const machine = existsSync(machinePath) ? JSON.parse(readFileSync(machinePath, "utf8")) : undefined;
      const r = compile(readFileSync(join(base, "fly.toml")), {
        machine,
        bigint: true,
        readFile: (p) => (existsSync(join(base, p)) ? readFileSync(join(base, p)) : undefined),
      });
      expect(r.diagnostics).toEqual([]);
      const got = `${stringifyJson(r.configs)}\n`;
      const expectedPath = join(base, "expected.json");
      if (update) writeFileSync(expectedPath, got);
      expect(got).toBe(readFileSync(expectedPath, "utf8"));
      for (const [g, c] of Object.entries(r.configs)) expectValid(c, `${name}/${g}`);
      // The linter compiles in the lint mode; its configs, once read, are the same text in the same order.
      const opts = { machine, bigint: true as const, readFile: (p: string) => (existsSync(join(base, p)) ? readFileSync(join(base, p)) : undefined) };
      const deferred = compileIn("lint", readFileSync(join(base, "fly.toml")), opts).result;
      expect(stringifyJson(deferred.configs)).toBe(stringifyJson(compile(readFileSync(join(base, "fly.toml")), opts).configs));
      const text = readFileSync(join(base, "fly.toml"));
      expect(stringifyJson(lint(text).compiled.configs)).toBe(stringifyJson(compile(text, { files: "none", bigint: true }).configs));
    });
  }
});

// flyctl passes values through that the API schema rejects; the linter reports these (not the compiler).
const KNOWN_INVALID: Record<string, string> = {
  "full-reference": 'concurrency type "donuts" (concurrency-limits reports it)',
};

describe("compiled conformance inputs satisfy the Machine config schema", () => {
  for (const f of listVectors().filter((x) => x.endsWith(".toml"))) {
    const stem = f.replace(/\.toml$/, "").replace(/__.*$/, "");
    if (KNOWN_INVALID[stem]) continue;
    it(f, () => {
      const r = compile(readVector(f), { files: "none" });
      for (const [g, c] of Object.entries(r.configs)) expectValid(c, `${f}/${g}`);
    });
  }
});

// lint() compiles in the lint mode (only the steps that can fail run, configs built when read); the diagnostics must
// be exactly those of a full compile, and the configs, once read, the same text.
noteSkip("the lint compile mode over the real corpus (the fixtures still run)");

describe("the lint compile mode changes nothing a caller can see", () => {
  const texts: [string, string][] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith(".toml")) texts.push([join(d, e.name), readFileSync(join(d, e.name), "utf8")]);
    }
  };
  walk(join(projectRoot, "fixtures"));
  if (hasShared) for (const f of listShared("corpus/real").filter((x) => x.endsWith(".toml"))) texts.push([f, readShared("corpus/real", f)]);

  it(`on ${texts.length} fly.toml files (fixtures${hasShared ? " and the real corpus" : ""})`, () => {
    let failing = 0;
    for (const [name, text] of texts) {
      // The lint mode cannot know of a bigint before the configs are built: it always keeps them (bigint: true).
      const full = compile(text, { files: "none", bigint: true });
      const lazy = compileIn("lint", text, { files: "none", bigint: true }).result;
      expect(lazy.diagnostics, name).toEqual(full.diagnostics);
      expect(stringifyJson(lazy.configs), name).toBe(stringifyJson(full.configs));
      if (full.diagnostics.length) failing++;
    }
    // Both outcomes are covered: files that compile and files the compiler refuses.
    expect(failing).toBeGreaterThan(5);
    expect(texts.length - failing).toBeGreaterThan(20);
  });
});
