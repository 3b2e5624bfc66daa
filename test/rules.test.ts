// actionlint-style rule fixtures: fixtures/rules/<rule-id>/ holds bad-*.toml with the exact expected compact output
// of that rule in bad-*.expected, and good-*.toml that must lint clean (no finding from any rule).
// Rules of the library's compile and update path (invalid-machine, unsafe-integer) are found by compile(), not lint():
// their options.json gives each fixture its compile() options under "compile" (a good one must compile clean), and
// under "docs" those of the docs' examples ("machine": the examples are the Machine, "toml" the fly.toml).
// UPDATE_GOLDEN=1 rewrites the .expected files (review the diff).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatResults } from "../src/format/index.js";
import { lint } from "../src/lint/lint.js";
import type { Diagnostic } from "../src/diagnostic.js";
import { compile, type CompileOptions } from "../src/pipeline.js";
import { RULES, RULES_BY_ID } from "../src/rules/index.js";
import { projectRoot } from "./helpers/shared.js";

const dir = join(projectRoot, "fixtures/rules");
const update = process.env.UPDATE_GOLDEN === "1";

/**
 * Files a fixture names (`[[files]] local_path`, machine_config) are read from its rule's directory, as the CLI reads
 * them beside fly.toml.
 */
const readerFor = (ruleDir: string) => (p: string) => {
  try {
    return readFileSync(join(ruleDir, p));
  } catch {
    return undefined;
  }
};

interface FixtureOptions {
  maxBytes?: number;
  maxFindings?: number;
  compile?: Record<string, CompileOptions>;
  docs?: { machine?: boolean; toml?: string; options: CompileOptions };
}

function fixtureOptions(ruleDir: string): FixtureOptions {
  const file = join(ruleDir, "options.json");
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as FixtureOptions) : {};
}

/** Lint options of a rule's fixtures: its files beside them, and fixtures/rules/<id>/options.json (e.g. a byte cap). */
function optionsFor(ruleDir: string): { readFile: (p: string) => Uint8Array | undefined; maxBytes?: number } {
  const { compile: _c, docs: _d, ...extra } = fixtureOptions(ruleDir);
  return { readFile: readerFor(ruleDir), ...extra };
}

/** The fixture's findings: by compile() when options.json gives it compile options, else by lint(). */
function findingsFor(ruleDir: string, name: string, text: string): Diagnostic[] {
  const own = fixtureOptions(ruleDir).compile?.[basename(name)];
  // A fixture's suffix is its format, as flyctl picks it (bad-*.yaml is read as fly.yaml).
  return own ? compile(text, { ...own, readFile: readerFor(ruleDir), filePath: name }).diagnostics : lint(text, { ...optionsFor(ruleDir), filePath: name }).diagnostics;
}

function compactFor(name: string, text: string, ruleId: string): string {
  const diagnostics = findingsFor(join(dir, ruleId), name, text).filter((d) => d.ruleId === ruleId);
  return formatResults("compact", [{ path: name, diagnostics }], { color: false, rules: [], toolVersion: "test" });
}

describe("rule fixtures", () => {
  for (const rule of RULES) {
    const id = rule.meta.id;
    const ruleDir = join(dir, id);
    describe(id, () => {
      it("has fixtures: at least one failing input with expected output and one passing input", () => {
        expect(existsSync(ruleDir), `fixtures/rules/${id}/ is missing`).toBe(true);
        const files = readdirSync(ruleDir);
        expect(files.some((f) => /^bad.*\.(toml|yaml|json)$/.test(f))).toBe(true);
        expect(files.some((f) => /^good.*\.(toml|yaml|json)$/.test(f))).toBe(true);
      });
      if (!existsSync(ruleDir)) return;
      for (const f of readdirSync(ruleDir).filter((x) => /^bad.*\.(toml|yaml)$/.test(x))) {
        it(`${f} gives the expected findings`, () => {
          const text = readFileSync(join(ruleDir, f), "utf8");
          const got = compactFor(`${id}/${f}`, text, id);
          const expectedPath = join(ruleDir, f.replace(/\.(toml|yaml)$/, ".expected"));
          if (update) writeFileSync(expectedPath, got);
          expect(got.length, "a bad fixture must trigger its rule").toBeGreaterThan(0);
          expect(got).toBe(readFileSync(expectedPath, "utf8"));
        });
      }
      for (const f of readdirSync(ruleDir).filter((x) => /^good.*\.(toml|yaml)$/.test(x))) {
        it(`${f} lints clean`, () => {
          const diagnostics = findingsFor(ruleDir, f, readFileSync(join(ruleDir, f), "utf8"));
          expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message} [${d.ruleId}]`)).toEqual([]);
        });
      }
    });
  }

  it("every fixture directory names a rule", () => {
    for (const d of readdirSync(dir)) expect(RULES_BY_ID.has(d), `fixtures/rules/${d} names no rule`).toBe(true);
  });
});

describe("rule metadata", () => {
  for (const rule of RULES) {
    const m = rule.meta;
    it(`${m.id}: id, one-line description, docs with a bad and a good example`, () => {
      expect(m.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(m.description).not.toContain("\n");
      expect(m.docs).toMatch(/Bad:\n```(toml|json|yaml)\n/);
      expect(m.docs).toMatch(/Good:\n```(toml|json|yaml)\n/);
    });
    // The docs' own examples must behave as they say (fly.toml rules with a checker).
    const bad = /Bad:\n```toml\n([^]*?)```/.exec(m.docs)?.[1];
    const good = /Good:\n```toml\n([^]*?)```/.exec(m.docs)?.[1];
    const docs = fixtureOptions(join(dir, m.id)).docs;
    if (docs) {
      // Rules of the compile/update path: the examples are compiled, as the docs say.
      const lang = docs.machine ? "json" : "toml";
      const example = (which: string) => new RegExp(`${which}:\\n\`\`\`${lang}\\n([^]*?)\`\`\``).exec(m.docs)?.[1];
      const ids = (text: string) =>
        (docs.machine ? compile(docs.toml!, { ...docs.options, machine: JSON.parse(text) as unknown }) : compile(text, docs.options)).diagnostics.map((d) => d.ruleId);
      it(`${m.id}: the docs' bad example triggers it and the good one does not (compiled)`, () => {
        expect(ids(example("Bad")!)).toContain(m.id);
        expect(ids(example("Good")!)).toEqual([]);
      });
    } else if (bad !== undefined && good !== undefined && m.inputs.includes("fly.toml") && m.id !== "unused-suppression") {
      it(`${m.id}: the docs' bad example triggers it and the good one does not`, () => {
        const options = optionsFor(join(dir, m.id));
        expect(lint(bad, options).diagnostics.some((d) => d.ruleId === m.id)).toBe(true);
        expect(lint(good, options).diagnostics.some((d) => d.ruleId === m.id)).toBe(false);
      });
    }
  }
});
