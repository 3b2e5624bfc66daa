#!/usr/bin/env node
// Thin launcher. The CLI is bundled into dist/flyconf.mjs by `npm run build` (run by `prepare` on npm ci); the
// unbundled dist/cli/main.js is the fallback when only tsc has run.
const load = () => import("../dist/flyconf.mjs").catch((err) => (err && err.code === "ERR_MODULE_NOT_FOUND" ? import("../dist/cli/main.js") : Promise.reject(err)));
load().then(
  (m) => m.main(process.argv.slice(2)).then((code) => { process.exitCode = code; }),
  (err) => {
    process.stderr.write(`flyconf: cannot start (${err && err.code === "ERR_MODULE_NOT_FOUND" ? "not built: run npm run build" : String(err && err.message)})\n`);
    process.exitCode = 2;
  },
);
