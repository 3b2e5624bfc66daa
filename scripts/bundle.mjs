#!/usr/bin/env node
// Bundles the CLI into one CommonJS file (dist/flyconf.cjs) and primes a V8 code cache for it.
// Why: a pre-commit hook pays start-up on every commit. Node's ESM loader pays per module (zod alone is ~90), and
// Node 20 has no module compile cache; one bundled script loaded through vm.Script with cachedData (bin/flyconf.js)
// skips most parsing and compiling.
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { build } from "esbuild";

/** Every bundle: one CommonJS file for Node 20, minified (NOMINIFY=1: readable names, for a --cpu-prof of the CLI). */
const common = { bundle: true, minify: process.env.NOMINIFY !== "1", platform: "node", format: "cjs", target: "node20", legalComments: "none", logLevel: "warning" };

/**
 * Chunks: code that linting a fly.toml never runs, each bundled into dist/flyconf-NAME.cjs and loaded on first use
 * (bin/flyconf.js loads a chunk through its own V8 code cache, as it loads the CLI bundle). Together they are ~40%
 * of the CLI's code (~330 KB) that every start would otherwise read, and yaml would also initialize.
 */
const CHUNKS = [
  // fly.yaml
  { name: "yaml", modules: ["yaml"] },
  // JSON syntax errors' messages and positions (src/reader/json.ts): fly.json, Machine JSON, machine_config.
  { name: "momoa", modules: ["@humanwhocodes/momoa"] },
  // zod: the fly.toml model's schemas, built only when a file fails the fast decoder (src/model/load.ts), for a
  // .flyconf.json, the unknown-key walk and `explain`. A well-formed fly.toml never loads it. The chunk holds the
  // names src/model/zod.ts re-exports and what they need (tree-shaken), not the whole package.
  { name: "zod", modules: ["./dist/model/zod.js"] },
  // The Machines API schema check (src/lint/machine-schema.ts): Machine JSON only.
  { name: "machine-validators", modules: ["./generated/machine-config.validate.js", "./generated/machine.validate.js"] },
];

const chunks = [];
for (const c of CHUNKS) chunks.push(await buildChunk(c));

await build({ ...common, entryPoints: ["dist/cli/main.js"], outfile: "dist/flyconf.cjs", plugins: [lazyChildProcess(), lspApart(), chunksApart(chunks)] });

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
 * One chunk: its modules bundled into dist/flyconf-NAME.cjs, whose exports are { m0: first module's namespace, … }.
 * Returns what the CLI bundle's stand-ins need: the file each module resolved to (esbuild's resolution of an
 * import, as in the CLI bundle) and its export names (read from the built chunk, so they match the installed code).
 */
async function buildChunk({ name, modules }) {
  const file = `flyconf-${name}.cjs`;
  const contents = `${modules.map((m, i) => `import * as m${i} from ${JSON.stringify(m)};`).join("\n")}\nexport { ${modules.map((_, i) => `m${i}`).join(", ")} };`;
  const r = await build({ ...common, stdin: { contents, resolveDir: resolve("."), sourcefile: `${name}-chunk.js`, loader: "js" }, outfile: `dist/${file}`, metafile: true });
  const imports = Object.entries(r.metafile.inputs).find(([p]) => p.endsWith(`${name}-chunk.js`))[1].imports;
  const built = createRequire(import.meta.url)(resolve("dist", file));
  return {
    file,
    modules: modules.map((m, i) => ({
      path: resolve(imports.find((x) => x.original === m).path),
      exports: Object.getOwnPropertyNames(built[`m${i}`]).filter((k) => k !== "__esModule" && k !== "default"),
    })),
  };
}

/**
 * In the CLI bundle, every import of a chunk's module becomes a stand-in: an object with one getter per export that
 * requires the chunk on first use. esbuild reads a named import through the object each time it is used
 * (`(0, import_yaml.parseAllDocuments)(…)`), so nothing loads until a fly.yaml or a JSON error needs it. Only named
 * imports work this way (a default import of a CommonJS module is the object itself): src/ imports chunk modules
 * by name, and tests run fly.yaml, fly.json and Machine JSON through the real binary.
 */
function chunksApart(built) {
  const byPath = new Map();
  for (const c of built) c.modules.forEach((m, i) => byPath.set(m.path, { file: c.file, index: i, exports: m.exports }));
  // The imports to look at: a package by its name, a file by its base name.
  const esc = (x) => x.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const specifiers = CHUNKS.flatMap((c) => c.modules.map((m) => (m.startsWith(".") ? `/${esc(m.split("/").pop())}` : `^${esc(m)}`)));
  const filter = new RegExp(`(${specifiers.join("|")})$`);
  return {
    name: "chunks-apart",
    setup(b) {
      b.onResolve({ filter }, async (args) => {
        if (args.pluginData === "chunks-apart") return undefined;
        const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: "chunks-apart" });
        return byPath.has(r.path) ? { path: r.path, namespace: "flyconf-chunk" } : r;
      });
      b.onLoad({ filter: /.*/, namespace: "flyconf-chunk" }, (args) => {
        const m = byPath.get(args.path);
        const getters = m.exports.map((k) => `${JSON.stringify(k)}: { enumerable: true, get: () => load()[${JSON.stringify(k)}] }`);
        return {
          contents: `let c; const load = () => (c ??= require(${JSON.stringify(`./${m.file}`)})).m${m.index};\nmodule.exports = Object.defineProperties({}, { ${getters.join(", ")} });`,
          loader: "js",
        };
      });
      b.onResolve({ filter: /^\.\/flyconf-[a-z-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
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

// Prime the code caches with representative runs (functions compiled during a run are cached too). First the CLI
// bundle: a clean fly.toml and one with errors, in the default (stylish) format, so the common paths start
// compiled, and nothing else (what only fly.yaml or Machine JSON runs would weigh on every start).
// Caches of runs with other V8 flags (bin/flyconf.js names them FILE.v8-TAG.cache) go too: they were of the old code.
for (const f of readdirSync("dist")) if (/^flyconf(-[a-z-]+)?\.cjs(\.v8-\d+)?\.cache$/.test(f)) rmSync(`dist/${f}`, { force: true });
prime(["fixtures/examples/demo/fly.toml", "fixtures/examples/demo/broken.fly.toml"], { FLYCONF_WRITE_CODE_CACHE: "1" });
// Then the chunks (a missing cache is written at exit; the bundle's, present now, is kept): a fly.yaml, a JSON
// syntax error and Machine JSON.
prime(["fixtures/formats/findings/fly.yaml", "fixtures/rules/json-syntax/bad-trailing-comma.json", "fixtures/examples/demo/machine.json"], {});
for (const c of chunks) if (!readdirSync("dist").includes(`${c.file}.cache`)) console.warn(`bundle: the priming run did not load ${c.file}; its cache is written on first use instead`);

function prime(files, env) {
  // Without NODE_OPTIONS: the caches primed are the ones a plain `flyconf` reads (FILE.cache, see bin/flyconf.js).
  const r = spawnSync(process.execPath, ["bin/flyconf.js", "lint", ...files], { env: { ...process.env, NODE_OPTIONS: "", ...env }, stdio: "ignore" });
  if (r.status !== 1) console.warn(`bundle: priming run exited ${r.status} (expected 1: the examples have errors); the cache is written on first use instead`);
}
