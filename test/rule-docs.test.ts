// docs/rules/: one page per rule plus an index, generated from the registry (scripts/gen-rule-docs.ts) and committed,
// so they can be read on the repository host and ship in the npm package (the language server links to them).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ruleDocsDir, rulePages } from "../scripts/gen-rule-docs.js";
import { RULES } from "../src/rules/index.js";
import { projectRoot } from "./helpers/lsp-client.js";

describe("rule pages (docs/rules)", () => {
  const pages = rulePages();

  it("the committed pages are the generated ones, one per rule and the index, nothing else", () => {
    const committed = readdirSync(ruleDocsDir).sort();
    expect(committed).toEqual([...pages.keys()].sort());
    for (const [name, text] of pages) expect(readFileSync(join(ruleDocsDir, name), "utf8"), `docs/rules/${name} is stale: run npm run docs:rules`).toBe(text);
    expect(RULES.every((r) => pages.has(`${r.meta.id}.md`))).toBe(true);
  });

  it("each page holds the rule's description, docs and how to configure it; the index links every page", () => {
    for (const r of RULES) {
      const page = pages.get(`${r.meta.id}.md`)!;
      expect(page).toContain(`# ${r.meta.id}\n`);
      expect(page).toContain(r.meta.description);
      expect(page).toContain(r.meta.docs.trimEnd());
      expect(page).toContain(`--rule ${r.meta.id}=off`);
      expect(pages.get("README.md")).toContain(`[${r.meta.id}](${r.meta.id}.md)`);
    }
  });

  it("ship in the npm package", () => {
    const pkg = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { files: string[] };
    expect(pkg.files).toContain("docs/rules/*.md");
  });
});
