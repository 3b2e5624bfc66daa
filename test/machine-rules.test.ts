// Rule fixtures for Machines API JSON: fixtures/rules/<rule-id>/bad-*.json with the exact expected compact output of
// that rule in bad-*.expected, and good-*.json that must lint clean (no finding from any rule). A fixture that needs
// a fly.toml (--app-config) has it beside it as <name>.app-config.toml.txt (not .toml: the fly.toml runner would
// pick it up). UPDATE_GOLDEN=1 rewrites the .expected files (review the diff).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatResults } from "../src/format/index.js";
import { RULES, RULES_BY_ID } from "../src/rules/index.js";
import { analyze } from "../src/pipeline.js";
import { processNames } from "../src/compile/groups.js";
import { ensureValidators } from "./helpers/validators.js";
import { projectRoot } from "./helpers/shared.js";

const dir = join(projectRoot, "fixtures/rules");
const update = process.env.UPDATE_GOLDEN === "1";
type LintFn = typeof import("../src/lint/machine-lint.js").lintMachineJson;
let lintMachineJson: LintFn;

beforeAll(async () => {
  ensureValidators();
  ({ lintMachineJson } = await import("../src/lint/machine-lint.js"));
});

function appGroupsFor(ruleDir: string, f: string): string[] | undefined {
  const side = join(ruleDir, f.replace(/\.json$/, ".app-config.toml.txt"));
  if (!existsSync(side)) return undefined;
  const a = analyze(readFileSync(side, "utf8"));
  if (!a.model) throw new Error(`${side} does not load`);
  return processNames(a.model);
}

/** fixtures/rules/<id>/options.json: lint options for the directory's fixtures (e.g. `expectBody`, as `--body`). */
function optionsFor(ruleDir: string): { expectBody?: boolean } {
  const file = join(ruleDir, "options.json");
  // "compile" and "docs" hold the compile() options of the directory's fly.toml fixtures (test/rules.test.ts).
  const { compile: _compile, docs: _docs, ...options } = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { expectBody?: boolean; compile?: unknown; docs?: unknown }) : {};
  return options;
}

const ruleDirs = readdirSync(dir).filter((d) => readdirSync(join(dir, d)).some((f) => f.endsWith(".json")));

describe("Machine JSON rule fixtures", () => {
  it("every rule that checks Machine JSON has JSON fixtures", () => {
    const jsonRules = RULES.filter((r) => r.meta.inputs.includes("machine-json") && r.meta.id !== "invalid-type" && r.meta.id !== "duration-unit" && r.meta.id !== "unused-suppression").map((r) => r.meta.id);
    expect(jsonRules.filter((id) => !ruleDirs.includes(id))).toEqual([]);
  });
  for (const id of ruleDirs) {
    const ruleDir = join(dir, id);
    describe(id, () => {
      it("names a registered rule", () => expect(RULES_BY_ID.has(id)).toBe(true));
      for (const f of readdirSync(ruleDir).filter((x) => /^bad.*\.json$/.test(x))) {
        it(`${f} gives the expected findings`, () => {
          const text = readFileSync(join(ruleDir, f), "utf8");
          const diagnostics = lintMachineJson(text, { ...optionsFor(ruleDir), appGroups: appGroupsFor(ruleDir, f) }).diagnostics.filter((d) => d.ruleId === id);
          const got = formatResults("compact", [{ path: `${id}/${f}`, diagnostics }], { color: false, rules: [], toolVersion: "test" });
          const expectedPath = join(ruleDir, f.replace(/\.json$/, ".expected"));
          if (update) writeFileSync(expectedPath, got);
          expect(got.length, "a bad fixture must trigger its rule").toBeGreaterThan(0);
          expect(got).toBe(readFileSync(expectedPath, "utf8"));
        });
      }
      for (const f of readdirSync(ruleDir).filter((x) => /^good.*\.json$/.test(x))) {
        it(`${f} lints clean`, () => {
          const diagnostics = lintMachineJson(readFileSync(join(ruleDir, f), "utf8"), { ...optionsFor(ruleDir), appGroups: appGroupsFor(ruleDir, f) }).diagnostics;
          expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message} [${d.ruleId}]`)).toEqual([]);
        });
      }
    });
  }
});

describe("Machine JSON rule docs", () => {
  for (const rule of RULES.filter((r) => r.meta.inputs.includes("machine-json") && !r.meta.inputs.includes("fly.toml"))) {
    const m = rule.meta;
    const bad = /Bad:\n```json\n([^]*?)```/.exec(m.docs)?.[1];
    const good = /Good:\n```json\n([^]*?)```/.exec(m.docs)?.[1];
    it(`${m.id}: the docs' bad example triggers it and the good one does not`, () => {
      expect(bad).toBeDefined();
      expect(good).toBeDefined();
      expect(lintMachineJson(bad!).diagnostics.some((d) => d.ruleId === m.id)).toBe(true);
      expect(lintMachineJson(good!).diagnostics.some((d) => d.ruleId === m.id)).toBe(false);
    });
  }
});
