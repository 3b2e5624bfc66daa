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
  // A process started with Node or V8 options reads the cache of its own flags first, then the plain one (options
  // such as -r leave V8's flags alone); what it writes is always its own (ownCacheOf).
  const cacheFile = ownCacheOf(file);
  const cachedData = readIfThere(cacheFile) ?? (cacheFile !== `${file}.cache` ? readIfThere(`${file}.cache`) : undefined);
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

function readIfThere(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The cache this process writes for FILE. V8 rejects a cache made under other V8 flags (NODE_OPTIONS set to
 * --max-old-space-size=4096, common in CI, is enough), and a rejected cache is written again after the run: runs with
 * and without such flags would each throw the other's cache away. So a process started with any Node or V8 option
 * keeps a cache of its own, named by V8's tag for its flags (node:v8 is loaded only then); a plain `flyconf` has
 * FILE.cache, which the build primes.
 */
let ownSuffix;
function ownCacheOf(file) {
  ownSuffix ??= process.execArgv.length === 0 && !process.env.NODE_OPTIONS ? ".cache" : `.v8-${require("node:v8").cachedDataVersionTag()}.cache`;
  return file + ownSuffix;
}

/**
 * Whether this run may write a cache V8 had none of, or rejected: a lint or a compile, which run the code the caches
 * are for. `flyconf rules` or `--help` compiles little of it, and a cache written then would be accepted, thin, by
 * every later run.
 */
const writesCaches = process.argv[2] === "lint" || process.argv[2] === "compile";

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
  if (!all && !writesCaches) return;
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
