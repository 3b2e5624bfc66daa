// One rule, one module: a rule's id is spelt only in its own module (src/rules/<id>.ts) and the registry, so the
// stages before the linter report neutral problems and rules claim them; and the README's rule table is the
// registry's (ids, default severities, fixable, in registry order).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { RULES } from "../src/rules/index.js";
import { projectRoot } from "./helpers/shared.js";

const src = join(projectRoot, "src");
const ids = new Set(RULES.map((r) => r.meta.id));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/**
 * Every string literal (and template without substitutions) in a file that is exactly a rule id, as a value: literal
 * types (`ruleId: "unknown-group"`) are checked by tsc against RuleId (src/rules/ids.ts, held equal to the registry).
 */
function ruleIdLiterals(file: string): { id: string; line: number }[] {
  const text = readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { id: string; line: number }[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && ids.has(n.text) && !ts.isLiteralTypeNode(n.parent)) {
      out.push({ id: n.text, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("rule ids are spelt in their own module and the registry only", () => {
  it("no rule id is a string literal anywhere else in src/", () => {
    const strays: string[] = [];
    for (const file of sourceFiles(src)) {
      const rel = relative(projectRoot, file);
      if (rel === join("src", "rules", "index.ts") || rel === join("src", "rules", "ids.ts")) continue;
      for (const { id, line } of ruleIdLiterals(file)) if (rel !== join("src", "rules", `${id}.ts`)) strays.push(`${rel}:${line}: "${id}"`);
    }
    expect(strays).toEqual([]);
  });

  it("every rule module spells its own id (the check above would see a moved one)", () => {
    for (const id of ids) expect(ruleIdLiterals(join(src, "rules", `${id}.ts`)).map((x) => x.id), id).toContain(id);
  });

  it("the check finds a stray id (it can fail)", () => {
    const sf = ts.createSourceFile("x.ts", 'const id = "unknown-key";', ts.ScriptTarget.Latest, true);
    const found: string[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isStringLiteral(n) && ids.has(n.text)) found.push(n.text);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    expect(found).toEqual(["unknown-key"]);
  });
});

describe("README rule table", () => {
  const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
  const start = readme.indexOf("| id | default | fixable | catches |");
  const rows = readme
    .slice(start)
    .split("\n")
    .slice(2)
    .filter((l, i, all) => l.startsWith("|") && all.slice(0, i).every((x) => x.startsWith("|")));

  it("lists every rule of the registry, in its order, with its default severity and fixability", () => {
    expect(start).toBeGreaterThan(0);
    const table = rows.map((r) => r.split("|").map((c) => c.trim()));
    // Each id links to its page: [`id`](docs/rules/id.md).
    expect(table.map((c) => c[1])).toEqual(RULES.map((r) => `[\`${r.meta.id}\`](docs/rules/${r.meta.id}.md)`));
    for (const [i, rule] of RULES.entries()) {
      const cells = table[i]!;
      expect(cells[2], rule.meta.id).toBe(rule.meta.severity);
      expect(cells[3] !== "", `${rule.meta.id}: fixable column`).toBe(rule.meta.fixable);
    }
  });
});

describe("README architecture section", () => {
  it("shows a complete rule module exactly as it is in src/rules/", () => {
    const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
    const at = readme.indexOf("A complete small rule");
    expect(at).toBeGreaterThan(0);
    const block = /```ts\n([^]*?)```/.exec(readme.slice(at))![1]!;
    const id = /id: "([a-z-]+)"/.exec(block)![1]!;
    expect(block).toBe(readFileSync(join(src, "rules", `${id}.ts`), "utf8"));
  });
});
