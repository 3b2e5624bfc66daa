#!/usr/bin/env node
// Bundles the CLI into one ESM file (dist/flyconf.mjs). Node's ESM loader pays per module, and zod alone is ~90
// files: one bundled file halves start-up, which is what a pre-commit hook waits for on every commit.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/cli/main.js"],
  outfile: "dist/flyconf.mjs",
  bundle: true,
  minify: true,
  platform: "node",
  format: "esm",
  target: "node20",
  legalComments: "none",
  logLevel: "warning",
  // CommonJS dependencies (commander, ajv runtime) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __flyconfRequire } from 'node:module'; const require = __flyconfRequire(import.meta.url);" },
});
