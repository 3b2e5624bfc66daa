// Regression guard: `flyconf lint`'s output (json and stylish) for every fixture file and every real-world fly.toml in
// ../shared/corpus/real is byte-identical to what was recorded. Refactors (message ids, the hot path) must not move a
// byte; a deliberate output change updates the golden in the same commit (UPDATE_GOLDEN=1, review the diff) and says
// why in the commit message.
//
// Each file is linted as the CLI lints it (lintFile: kind by name, named files read beside it, default rules) and
// printed by the real formatters. The golden keeps, per file, sha256 prefixes of the two outputs and one short line
// per finding (position, severity, rule id, whether it carries a fix), so a change shows where it happened.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lintFile, loadMachineSupport, ruleDocs } from "../src/cli/lint.js";
import { localFileReader } from "../src/cli/io.js";
import { formatResults } from "../src/format/index.js";
import { hasShared, noteSkip, projectRoot, sharedDir } from "./helpers/shared.js";

const update = process.env.UPDATE_GOLDEN === "1";
/** Outputs recorded elsewhere or generated from the others are not inputs. */
const NOT_INPUTS = new Set(["fixtures/golden", "fixtures/corpus"]);
const LINTABLE = /\.(toml|yaml|yml|json)$/;

function walk(root: string, dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const abs = join(dir, name);
    if (NOT_INPUTS.has(relative(root, abs))) continue;
    if (statSync(abs).isDirectory()) walk(root, abs, out);
    else if (LINTABLE.test(name)) out.push(abs);
  }
  return out;
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);

/** One file's golden entry: `path json=… stylish=…`, then `  line:col-endLine:endCol severity rule-id [fix]`. */
function entry(shown: string, abs: string): string {
  const r = lintFile(shown, readFileSync(abs), { rules: {}, fix: false, readFile: localFileReader(dirname(abs)) });
  const json = formatResults("json", [r], { color: false, rules: [], toolVersion: "golden" });
  const stylish = formatResults("stylish", [r], { color: false, rules: ruleDocs(), toolVersion: "golden" });
  const lines = [`${shown} json=${hash(json)} stylish=${hash(stylish)}`];
  for (const d of r.diagnostics) {
    const fix = d.fix ? " fix" : "";
    const suggestions = d.suggestions?.length ? ` suggestions=${d.suggestions.length}` : "";
    lines.push(`  ${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.ruleId}${fix}${suggestions}`);
  }
  return `${lines.join("\n")}\n`;
}

function check(goldenPath: string, files: { shown: string; abs: string }[]): void {
  const got = files.map((f) => entry(f.shown, f.abs)).join("");
  if (update) writeFileSync(goldenPath, got);
  const want = readFileSync(goldenPath, "utf8");
  // Compared entry by entry first, so a failure names the file that moved rather than one 100 KB string.
  const split = (t: string) => t.split(/\n(?=\S)/);
  const [g, w] = [split(got), split(want)];
  for (let i = 0; i < Math.max(g.length, w.length); i++) expect(g[i], `entry ${i} of ${relative(projectRoot, goldenPath)}`).toBe(w[i]);
  expect(got).toBe(want);
}

beforeAll(loadMachineSupport);

describe("lint output golden", () => {
  it("every fixture file lints to the recorded json and stylish output (fixtures/golden/lint-fixtures.txt)", () => {
    const files = walk(projectRoot, join(projectRoot, "fixtures"), []).map((abs) => ({ shown: relative(projectRoot, abs), abs }));
    expect(files.length).toBeGreaterThan(300);
    check(join(projectRoot, "fixtures/golden/lint-fixtures.txt"), files);
  });
});

noteSkip("corpus lint output golden");

describe.skipIf(!hasShared)("corpus lint output golden", () => {
  it("every ../shared/corpus/real file lints to the recorded json and stylish output (fixtures/golden/lint-corpus.txt)", () => {
    const dir = join(sharedDir, "corpus/real");
    const files = walk(dir, dir, []).map((abs) => ({ shown: `corpus/real/${relative(dir, abs)}`, abs }));
    expect(files.length).toBeGreaterThan(280);
    check(join(projectRoot, "fixtures/golden/lint-corpus.txt"), files);
  });
});
