#!/usr/bin/env node
// Packages the VS Code extension (editors/vscode) into a .vsix: bundles its client (vscode-languageclient) into
// one file with esbuild, then runs @vscode/vsce 3 (the last major that runs on Node 20) without dependency
// detection, since the bundle holds them. Usage: node scripts/package-vscode.mjs [--out FILE.vsix]
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ext = join(root, "editors/vscode");
const { version } = JSON.parse(readFileSync(join(ext, "package.json"), "utf8"));
const i = process.argv.indexOf("--out");
const out = resolve(i > 0 && process.argv[i + 1] ? process.argv[i + 1] : join(ext, `flyconf-${version}.vsix`));

await build({
  entryPoints: [join(ext, "src/extension.js")],
  outfile: join(ext, "dist/extension.js"),
  bundle: true,
  minify: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
  legalComments: "none",
  logLevel: "warning",
});

const vsce = join(dirname(createRequire(import.meta.url).resolve("@vscode/vsce/package.json")), "vsce");
const r = spawnSync(process.execPath, [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", out], {
  cwd: ext,
  stdio: ["ignore", "inherit", "inherit"],
});
if (r.status !== 0) {
  console.error(`package-vscode: vsce exited ${r.status ?? r.signal}`);
  process.exit(1);
}
console.log(`package-vscode: wrote ${out}`);
