#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built by `npm run build`, run by `prepare` on npm ci).
import("../dist/cli/main.js").then(
  (m) => m.main(process.argv.slice(2)).then((code) => { process.exitCode = code; }),
  (err) => {
    process.stderr.write(`flyconf: cannot start (${err && err.code === "ERR_MODULE_NOT_FOUND" ? "not built: run npm run build" : String(err && err.message)})\n`);
    process.exitCode = 2;
  },
);
