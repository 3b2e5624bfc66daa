#!/usr/bin/env node
// Bundles the CLI into one CommonJS file (dist/flyconf.cjs) and primes a V8 code cache for it.
// Why: a pre-commit hook pays start-up on every commit. Node's ESM loader pays per module (zod alone is ~90), and
// Node 20 has no module compile cache; one bundled script loaded through vm.Script with cachedData (bin/flyconf.js)
// skips most parsing and compiling.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { build } from "esbuild";

/** Both bundles: one CommonJS file for Node 20, minified. */
const common = { bundle: true, minify: true, platform: "node", format: "cjs", target: "node20", legalComments: "none", logLevel: "warning" };

await build({ ...common, entryPoints: ["dist/cli/main.js"], outfile: "dist/flyconf.cjs", plugins: [lazyChildProcess(), lspApart()] });

// The language server is a bundle of its own, loaded by `flyconf lsp` alone: vscode-languageserver and the LSP
// code never weigh on the start-up of lint and compile.
await build({ ...common, entryPoints: ["dist/lsp/main.js"], outfile: "dist/flyconf-lsp.cjs" });

/**
 * In the CLI bundle, `import("../lsp/main.js")` becomes a lazy require of the separate bundle beside it (a plain
 * dynamic import() cannot run inside the vm.Script that bin/flyconf.js loads the bundle with).
 */
function lspApart() {
  return {
    name: "lsp-apart",
    setup(b) {
      b.onResolve({ filter: /\/lsp\/main\.js$/ }, () => ({ path: "lsp-bundle", namespace: "flyconf" }));
      b.onLoad({ filter: /^lsp-bundle$/, namespace: "flyconf" }, () => ({ contents: 'module.exports = require("./flyconf-lsp.cjs");', loader: "js" }));
      b.onResolve({ filter: /^\.\/flyconf-lsp\.cjs$/ }, () => ({ path: "./flyconf-lsp.cjs", external: true }));
    },
  };
}

/**
 * commander requires node:child_process at load time but needs it only for executable subcommands, which flyconf
 * has none of; loading it costs ~2 ms of every start. Hand commander a proxy that loads it on first use.
 */
function lazyChildProcess() {
  return {
    name: "lazy-child-process",
    setup(b) {
      b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
        args.importer.includes(`${"/"}commander${"/"}`) ? { path: "lazy-child-process", namespace: "flyconf" } : undefined,
      );
      b.onLoad({ filter: /^lazy-child-process$/, namespace: "flyconf" }, () => ({
        contents: 'let m; const load = () => (m ??= require("node:child_process")); module.exports = new Proxy({}, { get: (_, k) => (k === "__esModule" ? undefined : load()[k]), has: (_, k) => k !== "__esModule" && k in load() });',
        loader: "js",
      }));
    },
  };
}

// Prime the code cache with a representative run (functions compiled during it are cached too): a clean file and
// one with errors, in the default (stylish) format, so the common paths start compiled.
rmSync("dist/flyconf.cjs.cache", { force: true });
const r = spawnSync(process.execPath, ["bin/flyconf.js", "lint", "fixtures/examples/demo/fly.toml", "fixtures/examples/demo/broken.fly.toml"], {
  env: { ...process.env, FLYCONF_WRITE_CODE_CACHE: "1" },
  stdio: "ignore",
});
if (r.status !== 1) console.warn(`bundle: priming run exited ${r.status} (expected 1: the example has errors); the cache is written on first use instead`);
