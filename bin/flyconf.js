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
const nodeRequire = createRequire(bundle);

/** Scripts run this time through a code cache (the bundle, then any chunk it asked for), for writeCaches. */
const loaded = [];

/**
 * Runs a CommonJS file of dist/ through vm.Script with the V8 code cache beside it (FILE.cache), as Node would run
 * it but without parsing and compiling what the cache holds. Undefined when the file is not there.
 */
function runCached(file) {
  let source;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const cacheFile = `${file}.cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = withStartFlags(() => new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData }));
  loaded.push({ script, cacheFile, stale: cachedData === undefined || script.cachedDataRejected === true });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, bundleRequire, module, file, dist);
  return module;
}

/**
 * The bundle's `require`: its chunks (dist/flyconf-NAME.cjs, code only fly.yaml, JSON errors or Machine JSON need;
 * see scripts/bundle.mjs) run through their own code cache; anything else (Node's modules, the language server's
 * bundle) is Node's.
 */
const chunks = new Map();
function bundleRequire(id) {
  if (!/^\.\/flyconf-[a-z-]+\.cjs$/.test(id) || id === "./flyconf-lsp.cjs") return nodeRequire(id);
  let m = chunks.get(id);
  if (m === undefined) {
    m = runCached(join(dist, id.slice(2)));
    if (m === undefined) return nodeRequire(id);
    chunks.set(id, m);
  }
  return m.exports;
}

function loadBundle() {
  const m = runCached(bundle);
  return m && m.exports.main;
}

/**
 * After the run, so the functions it compiled are cached too: each script whose cache was missing or stale
 * (FLYCONF_WRITE_CODE_CACHE=1: every script run, as the build's priming run asks). Best effort and atomic: a
 * read-only install simply keeps running without a cache.
 */
function writeCaches() {
  turbofan(true);
  const all = process.env.FLYCONF_WRITE_CODE_CACHE === "1";
  for (const { script, cacheFile, stale } of loaded) {
    if (!stale && !all) continue;
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      /* no cache: slower start, same behaviour */
    }
  }
}

/**
 * V8's optimizing compiler, switched by the CLI for short lints (src/cli/tiering.ts). A code cache carries a hash of
 * V8's flags as they are when it is made and is rejected when they differ as it is read, so every cache is read and
 * written with the flags V8 started with (TurboFan on).
 */
let turbofanOff = false;
function turbofan(on) {
  if (on !== turbofanOff) return;
  turbofanOff = !on;
  require("node:v8").setFlagsFromString(on ? "--turbofan" : "--no-turbofan");
}
function withStartFlags(fn) {
  if (!turbofanOff) return fn();
  turbofan(true);
  try {
    return fn();
  } finally {
    turbofan(false);
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
  const main = loadBundle() ?? (await import("../dist/cli/main.js")).main;
  process.exitCode = await main(process.argv.slice(2), undefined, { turbofan });
  writeCaches();
}

run().catch((err) => {
  process.stderr.write(`flyconf: cannot start (${err && err.code === "ERR_MODULE_NOT_FOUND" ? "not built: run npm run build" : String(err && err.message)})\n`);
  process.exitCode = 2;
});
