// Writes docs/rules/<id>.md for every rule of the registry and docs/rules/README.md (the index), from the rules'
// meta. Run: `npm run docs:rules`. test/rule-docs.test.ts fails when the committed pages differ from these.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ruleIndexPage, rulePage, rulePageName } from "../src/format/rule-page.js";
import { RULES } from "../src/rules/index.js";

export const ruleDocsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../docs/rules");

/** Every page by file name. */
export function rulePages(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const r of RULES) pages.set(rulePageName(r.meta.id), rulePage(r.meta));
  pages.set("README.md", ruleIndexPage(RULES.map((r) => r.meta)));
  return pages;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(ruleDocsDir, { recursive: true });
  const pages = rulePages();
  for (const name of readdirSync(ruleDocsDir)) if (!pages.has(name)) rmSync(join(ruleDocsDir, name));
  for (const [name, text] of pages) writeFileSync(join(ruleDocsDir, name), text);
  console.log(`wrote ${pages.size} pages to docs/rules/`);
}
