// One rule's documentation page (docs/rules/<id>.md) and the index of them (docs/rules/README.md), generated from the
// rule registry's meta, the same parts `flyconf explain` prints. The pages ship in the npm package: the language
// server's diagnostics link to the installed copy, the README's rule table to the repository's.
import type { RuleMeta } from "../rules/types.js";
import { explainParts } from "./explain.js";

type PageMeta = Pick<RuleMeta, "id" | "severity" | "fixable" | "inputs" | "description" | "docs">;

const GENERATED = "<!-- Generated from the rule's module in src/rules/ by `npm run docs:rules`; do not edit. -->";

export function rulePageName(id: string): string {
  return `${id}.md`;
}

export function rulePage(m: PageMeta): string {
  const p = explainParts(m);
  return [
    GENERATED,
    "",
    `# ${m.id}`,
    "",
    `${p.summary}`,
    "",
    p.description,
    "",
    p.docs,
    "",
    "## Configure",
    "",
    ...p.usage.map((u) => `- ${u}`),
    "",
    "[All rules](README.md)",
    "",
  ].join("\n");
}

export function ruleIndexPage(metas: readonly PageMeta[]): string {
  return [
    GENERATED,
    "",
    "# flyconf rules",
    "",
    "`flyconf rules` lists them, `flyconf explain ID` prints a page in the terminal.",
    "",
    "| id | default | fixable | catches |",
    "|---|---|---|---|",
    ...metas.map((m) => `| [${m.id}](${rulePageName(m.id)}) | ${m.severity} | ${m.fixable ? "yes" : ""} | ${m.description.replace(/\|/g, "\\|")} |`),
    "",
  ].join("\n");
}
