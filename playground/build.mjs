#!/usr/bin/env node
// Builds the playground into playground/dist/: one self-contained index.html (script and styles inline), so it
// works opened from file:// (module scripts and fetch do not) and from any static host. Its Content-Security-Policy
// allows only that one script, by hash, and no connections: the page cannot make a network request.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(here, "dist");

const result = await build({
  entryPoints: [join(here, "src/main.ts")],
  absWorkingDir: root,
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: ["es2022", "chrome109", "firefox115", "safari16"],
  loader: { ".toml": "text", ".json": "text" },
  legalComments: "none",
  write: false,
  metafile: true,
  logLevel: "warning",
});
let js = result.outputFiles[0].text;
// An inline script ends at the first "</script" whatever the context; the bundle has none in code, only in strings.
js = js.replace(/<\/script/gi, "<\\/script");
const css = readFileSync(join(here, "style.css"), "utf8");
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
const hash = `'sha256-${createHash("sha256").update(js).digest("base64")}'`;

const template = readFileSync(join(here, "index.html"), "utf8");
const html = template
  .replace("%SCRIPT_HASH%", () => hash)
  .replace("%VERSION%", () => version)
  .replace("<!--STYLE-->", () => `<style>${css}</style>`)
  .replace("<!--SCRIPT-->", () => `<script>${js}</script>`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "index.html"), html);

console.log(`playground: wrote ${join("playground", "dist", "index.html")} (${(html.length / 1024).toFixed(0)} KB)`);
