// Where this installation's rule pages are (docs/rules/<id>.md, shipped in the npm package): `flyconf explain` names
// the page, the language server links diagnostics to it. Node-only.
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";

/** docs/rules of the package this code runs from; undefined when the pages are not there. */
export function installedRuleDocs(): string | undefined {
  // Bundled (dist/flyconf.cjs, dist/flyconf-lsp.cjs) the code runs as CommonJS and __dirname is dist/; from sources
  // or tsc's output it is a folder below src/ or dist/. Otherwise: from the launcher, bin/flyconf.js.
  let from: string | undefined;
  if (typeof __dirname === "string") from = __dirname;
  else if (process.argv[1]) {
    try {
      from = dirname(realpathSync(process.argv[1]));
    } catch {
      from = undefined;
    }
  }
  for (let dir = from, i = 0; dir !== undefined && i < 4; dir = dirname(dir), i++) {
    const docs = join(dir, "docs", "rules");
    if (existsSync(join(docs, "README.md")) && existsSync(join(dir, "package.json"))) return docs;
  }
  return undefined;
}

/** The rule's page, if this installation has it. */
export function rulePagePath(id: string): string | undefined {
  const dir = installedRuleDocs();
  const page = dir && join(dir, `${id}.md`);
  return page && existsSync(page) ? page : undefined;
}
