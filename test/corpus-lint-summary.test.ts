// Lints every real-world fly.toml in ../shared/corpus/real and compares the counts per rule id with the committed
// summary (fixtures/corpus/lint-summary.json). The summary changes only on purpose: a rule change that moves these
// numbers must come with a reviewed UPDATE_GOLDEN=1 run (see the README's notes on what was reviewed).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lint } from "../src/lint/lint.js";
import { hasShared, listShared, noteSkip, projectRoot, sharedPath } from "./helpers/shared.js";

const summaryPath = join(projectRoot, "fixtures/corpus/lint-summary.json");

noteSkip("corpus lint summary");

describe.skipIf(!hasShared)("corpus lint summary", () => {
  it("counts per rule id match the committed summary", () => {
    const files = listShared("corpus/real").filter((f) => f.endsWith(".toml"));
    const byRule: Record<string, { severity: string; findings: number; files: number }> = {};
    let clean = 0;
    for (const f of files) {
      const { diagnostics } = lint(readFileSync(sharedPath("corpus/real", f)));
      if (diagnostics.length === 0) clean++;
      const seen = new Set<string>();
      for (const d of diagnostics) {
        const e = (byRule[d.ruleId] ??= { severity: d.severity, findings: 0, files: 0 });
        e.findings++;
        if (!seen.has(d.ruleId)) e.files++;
        seen.add(d.ruleId);
      }
    }
    const rules = Object.fromEntries(Object.keys(byRule).sort().map((k) => [k, byRule[k]]));
    const summary = { files: files.length, clean, rules };
    const text = `${JSON.stringify(summary, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(summaryPath, text);
    expect(text).toBe(readFileSync(summaryPath, "utf8"));
  });
});
