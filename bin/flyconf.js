#!/usr/bin/env node
// Thin launcher. `npm run build` bundles the CLI into dist/flyconf.cjs and primes a V8 code cache beside it;
// loading that one script with its cache is what makes start-up cheap (see scripts/bundle.mjs). Without a bundle
// (only tsc has run) it falls back to dist/cli/main.js.
// CommonJS (bin/package.json): an ES module entry point makes Node start its ESM loader, ~5 ms of every run.
"use strict";
const { readFileSync, renameSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

const dist = join(__dirname, "..", "dist");
const bundle = join(dist, "flyconf.cjs");
const cacheFile = `${bundle}.cache`;

function loadBundle() {
  let source;
  try {
    source = readFileSync(bundle, "utf8");
  } catch {
    return undefined;
  }
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dist);
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  return { main: module.exports.main, saveCache: stale || process.env.FLYCONF_WRITE_CODE_CACHE === "1" ? () => writeCache(script) : undefined };
}

/** Best effort, atomic: a read-only install simply keeps running without a cache. */
function writeCache(script) {
  try {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } catch {
    /* no cache: slower start, same behaviour */
  }
}

async function preloadLsp() {
  try {
    require(join(dist, "flyconf-lsp.cjs"));
  } catch {
    await import("../dist/lsp/main.js");
  }
}

async function run() {
  // Defence in depth against prototype pollution (the code never merges input into shared objects, see
  // src/object.ts): nothing flyconf or its dependencies do at run time needs to change Object.prototype.
  // The language server's libraries (TypeScript namespaces) assign `toString` on their own objects while loading,
  // which a frozen prototype forbids: `flyconf lsp` loads its bundle first, then freezes as every command does.
  if (process.argv[2] === "lsp") await preloadLsp();
  Object.freeze(Object.prototype);
  const loaded = loadBundle();
  const main = loaded ? loaded.main : (await import("../dist/cli/main.js")).main;
  // Lint worker threads (src/cli/lint-pool.ts) run this same script, so they load the bundle with its cache too.
  const worker = process.argv[2] === "\0flyconf-lint-worker";
  process.exitCode = await main(process.argv.slice(2), undefined, { workerEntry: __filename });
  // One writer of the cache: the main thread (a worker shares the pid, and so the temp file name).
  if (loaded && loaded.saveCache && !worker) loaded.saveCache();
}

run().catch((err) => {
  process.stderr.write(`flyconf: cannot start (${err && err.code === "ERR_MODULE_NOT_FOUND" ? "not built: run npm run build" : String(err && err.message)})\n`);
  process.exitCode = 2;
});
