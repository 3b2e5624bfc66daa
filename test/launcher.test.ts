// The launcher (bin/flyconf.js) runs the CLI bundle and its chunks (dist/flyconf-NAME.cjs: yaml, the JSON error
// parser, the Machine JSON validators) through V8 code caches; scripts/bundle.mjs builds them. These tests run the
// real binary: the chunks change nothing a user sees, load only when an input needs them, and their caches are
// written once and then used. They need a build (npm run build; .ci/run builds before testing).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { projectRoot } from "./helpers/shared.js";

const built = existsSync(join(projectRoot, "dist/flyconf.cjs")) && existsSync(join(projectRoot, "dist/cli/main.js"));
const tmpRoot = mkdtempSync(join(tmpdir(), "flyconf-launcher-"));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

const env = { PATH: process.env.PATH ?? "" };

/** Inputs that need each chunk, and one that needs none. */
const YAML = "fixtures/formats/findings/fly.yaml";
const JSON_SYNTAX = "fixtures/rules/json-syntax/bad-trailing-comma.json";
const MACHINE = "fixtures/machine-json/invalid/port-70000.json";
const TOML = "fixtures/examples/demo/broken.fly.toml";
/** Well-formed and every key known: decoded by the plan alone, so zod never loads. */
const CLEAN_TOML = "fixtures/examples/demo/fly.toml";

/**
 * Runs the binary of `root` with fs.readFileSync watched: returns its output and the files of dist/ it read (by
 * name; a file that is not there is not a read). The launcher takes readFileSync from node:fs when it loads, so a
 * probe that wraps it first sees every read.
 */
function runWatched(root: string, args: string[]): { status: number | null; stdout: string; stderr: string; read: string[] } {
  const probe = `
const fs = require("node:fs");
const read = fs.readFileSync;
const seen = [];
fs.readFileSync = function (p, ...rest) {
  const data = read.call(this, p, ...rest);
  if (typeof p === "string" && p.startsWith(${JSON.stringify(join(root, "dist"))})) seen.push(p.slice(${JSON.stringify(join(root, "dist/"))}.length));
  return data;
};
process.on("exit", () => process.stderr.write("\\nREAD " + JSON.stringify(seen)));
process.argv = [process.argv[0], ${JSON.stringify(join(root, "bin/flyconf.js"))}, ...JSON.parse(process.env.ARGS)];
require(${JSON.stringify(join(root, "bin/flyconf.js"))});
`;
  // A script file, not `node -e`: a process started with options looks for a cache of its own flags first.
  const file = join(tmpRoot, `probe-${createHash("sha256").update(root).digest("hex").slice(0, 12)}.cjs`);
  writeFileSync(file, probe);
  const r = spawnSync(process.execPath, [file], { cwd: projectRoot, encoding: "utf8", env: { ...env, ARGS: JSON.stringify(args) } });
  const at = r.stderr.lastIndexOf("\nREAD ");
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.slice(0, at), read: JSON.parse(r.stderr.slice(at + "\nREAD ".length)) as string[] };
}

async function inProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out = { stdout: "", stderr: "" };
  const status = await main(args, { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env, cwd: projectRoot });
  return { status, ...out };
}

describe.skipIf(!built)("the launcher and its chunks (node bin/flyconf.js; needs npm run build)", () => {
  it("the bundle leaves yaml, momoa, zod and the validators to chunks, and ships each one it requires", () => {
    const bundle = readFileSync(join(projectRoot, "dist/flyconf.cjs"), "utf8");
    const required = [...bundle.matchAll(/require\("\.\/(flyconf-[a-z-]+\.cjs)"\)/g)].map((m) => m[1]!);
    expect(new Set(required)).toEqual(new Set(["flyconf-lsp.cjs", "flyconf-yaml.cjs", "flyconf-momoa.cjs", "flyconf-zod.cjs", "flyconf-machine-validators.cjs"]));
    for (const f of required) expect(existsSync(join(projectRoot, "dist", f)), f).toBe(true);
    // Code only the chunks hold: yaml's composer, momoa's tokenizer, zod's issue messages, the validators' schema ids.
    for (const [chunk, text] of [
      ["flyconf-yaml.cjs", "Implicit keys of flow sequence pairs"],
      ["flyconf-momoa.cjs", "Unknown token type"],
      ["flyconf-zod.cjs", "Invalid discriminator value"],
      ["flyconf-machine-validators.cjs", "https://flyconf.dev/schemas/machine.schema.json"],
    ] as const) {
      expect(bundle.includes(text), text).toBe(false);
      expect(readFileSync(join(projectRoot, "dist", chunk), "utf8").includes(text), text).toBe(true);
    }
  });

  it.each([
    ["fly.yaml", ["lint", YAML]],
    ["fly.yaml, JSON report", ["lint", "--format", "json", YAML]],
    ["compile fly.yaml", ["compile", "fixtures/formats/app/fly.yaml"]],
    ["a JSON syntax error", ["lint", JSON_SYNTAX]],
    ["Machine JSON", ["lint", "--format", "compact", MACHINE, "fixtures/examples/demo/machine.json"]],
    ["fly.toml", ["lint", TOML]],
  ])("%s: the real binary prints what main() prints in-process", async (_, args) => {
    const real = runWatched(projectRoot, args);
    const expected = await inProcess(args);
    expect({ status: real.status, stdout: real.stdout, stderr: real.stderr }).toEqual(expected);
    expect(expected.stdout.length + expected.stderr.length).toBeGreaterThan(0);
  });

  it("each chunk loads only when the input needs it, with its code cache", () => {
    const chunksRead = (args: string[]) => runWatched(projectRoot, args).read.filter((f) => f !== "flyconf.cjs" && f !== "flyconf.cjs.cache");
    expect(runWatched(projectRoot, ["lint", CLEAN_TOML]).read).toEqual(["flyconf.cjs", "flyconf.cjs.cache"]);
    // Unknown and misspelt keys: found through the decoder plan, without zod.
    const typos = runWatched(projectRoot, ["lint", "fixtures/rules/unknown-key/bad-typos.toml"]);
    expect(typos.stdout).toContain("unknown-key");
    expect(typos.read).toEqual(["flyconf.cjs", "flyconf.cjs.cache"]);
    // A value the model rejects: zod's schemas answer with the issues.
    expect(chunksRead(["lint", TOML])).toEqual(["flyconf-zod.cjs", "flyconf-zod.cjs.cache"]);
    expect(chunksRead(["lint", "fixtures/formats/app/fly.yaml"])).toEqual(["flyconf-yaml.cjs", "flyconf-yaml.cjs.cache"]);
    expect(chunksRead(["lint", YAML])).toEqual(["flyconf-yaml.cjs", "flyconf-yaml.cjs.cache", "flyconf-zod.cjs", "flyconf-zod.cjs.cache"]);
    expect(chunksRead(["lint", JSON_SYNTAX])).toEqual(["flyconf-momoa.cjs", "flyconf-momoa.cjs.cache"]);
    expect(chunksRead(["lint", MACHINE])).toEqual(["flyconf-machine-validators.cjs", "flyconf-machine-validators.cjs.cache"]);
  });

  it("a missing chunk cache is written on first use and then used, not rewritten", () => {
    const root = install("install");
    const caches = readdirSync(join(root, "dist")).filter((f) => /^flyconf-(yaml|momoa|zod|machine-validators)\.cjs\.cache$/.test(f));
    expect(caches).toHaveLength(4);
    for (const f of caches) rmSync(join(root, "dist", f));
    const cache = join(root, "dist/flyconf-yaml.cjs.cache");
    const bundleCache = statSync(join(root, "dist/flyconf.cjs.cache")).ino;
    expect(runWatched(root, ["lint", YAML]).status).toBe(1);
    const first = statSync(cache);
    expect(first.size).toBeGreaterThan(10_000);
    // A cache V8 rejected is written again (temp file and rename: a new inode); the same inode means it was used.
    expect(runWatched(root, ["lint", YAML]).status).toBe(1);
    expect(statSync(cache).ino).toBe(first.ino);
    expect(statSync(join(root, "dist/flyconf.cjs.cache")).ino).toBe(bundleCache);
    expect(existsSync(join(root, "dist/flyconf-momoa.cjs.cache"))).toBe(false);
  });

  it("caches stay valid when a lint switches V8's optimizing compiler off (src/cli/tiering.ts)", () => {
    const root = install("tiering");
    // Inputs past the 4 KB from which a lint runs without TurboFan; the fly.yaml loads its chunk after the switch.
    const services = (n: number, toml: boolean) =>
      Array.from({ length: n }, (_, i) => (toml ? `[[services]]\n  internal_port = ${8000 + i}\n  protocol = "tcp"\n` : `  - internal_port: ${8000 + i}\n    protocol: tcp\n`)).join("");
    writeFileSync(join(root, "big.fly.toml"), `app = "big"\n${services(150, true)}`);
    writeFileSync(join(root, "fly.yaml"), `app: big\nservices:\n${services(150, false)}`);
    expect(statSync(join(root, "big.fly.toml")).size).toBeGreaterThan(4096);
    const caches = () => readdirSync(join(root, "dist")).filter((f) => f.endsWith(".cache")).map((f) => [f, statSync(join(root, "dist", f)).ino] as const);
    const before = caches();
    expect(before.map(([f]) => f)).toContain("flyconf-yaml.cjs.cache");
    const lint = () => spawnSync(process.execPath, [join(root, "bin/flyconf.js"), "lint", "big.fly.toml", "fly.yaml"], { cwd: root, encoding: "utf8", env });
    const r = lint();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // Read with the flags V8 started with: accepted, so not written again.
    expect(caches()).toEqual(before);
    // Written by such a run (a missing cache), it is accepted by the next.
    rmSync(join(root, "dist/flyconf.cjs.cache"));
    lint();
    const written = caches();
    expect(written.map(([f]) => f)).toContain("flyconf.cjs.cache");
    lint();
    expect(caches()).toEqual(written);
  });

  it("a process with other V8 flags (NODE_OPTIONS) keeps a cache of its own and leaves the plain one alone", () => {
    const root = install("flags");
    const inode = (f: string) => statSync(join(root, "dist", f)).ino;
    const plain = inode("flyconf.cjs.cache");
    const flags = "--max-old-space-size=256";
    const tag = spawnSync(process.execPath, [flags, "-p", "require('node:v8').cachedDataVersionTag()"], { encoding: "utf8" }).stdout.trim();
    expect(tag).toMatch(/^\d+$/);
    const lint = (nodeOptions?: string) =>
      spawnSync(process.execPath, [join(root, "bin/flyconf.js"), "lint", join(projectRoot, CLEAN_TOML)], { cwd: root, encoding: "utf8", env: nodeOptions ? { ...env, NODE_OPTIONS: nodeOptions } : env });
    const expected = lint();
    expect(expected.status).toBe(0);
    // V8 rejects the plain cache under these flags: the run writes its own, and the plain one is the same file.
    const flagged = lint(flags);
    expect({ status: flagged.status, stdout: flagged.stdout, stderr: flagged.stderr }).toEqual({ status: expected.status, stdout: expected.stdout, stderr: expected.stderr });
    const own = `flyconf.cjs.v8-${tag}.cache`;
    expect(statSync(join(root, "dist", own)).size).toBeGreaterThan(100_000);
    expect(inode("flyconf.cjs.cache")).toBe(plain);
    // Both are then accepted by their own kind of run: neither is written again.
    const ownInode = inode(own);
    lint(flags);
    lint();
    expect(inode(own)).toBe(ownInode);
    expect(inode("flyconf.cjs.cache")).toBe(plain);
  });

  it("only a lint or a compile writes a missing cache (a short `flyconf rules` would leave it thin)", () => {
    const root = install("commands");
    rmSync(join(root, "dist/flyconf.cjs.cache"));
    const run = (args: string[]) => spawnSync(process.execPath, [join(root, "bin/flyconf.js"), ...args], { cwd: root, encoding: "utf8", env });
    expect(run(["rules"]).status).toBe(0);
    expect(run(["--help"]).status).toBe(0);
    expect(run(["explain", "unknown-key"]).status).toBe(0);
    expect(existsSync(join(root, "dist/flyconf.cjs.cache"))).toBe(false);
    expect(run(["compile", join(projectRoot, CLEAN_TOML)]).status).toBe(0);
    expect(statSync(join(root, "dist/flyconf.cjs.cache")).size).toBeGreaterThan(100_000);
  });
});

/** A copy of the built package (bin, dist, package.json) under the test's temporary directory. */
function install(name: string): string {
  const root = join(tmpRoot, name);
  cpSync(join(projectRoot, "bin"), join(root, "bin"), { recursive: true });
  cpSync(join(projectRoot, "dist"), join(root, "dist"), { recursive: true, filter: (src) => !src.endsWith(".tmp") && !/\.v8-\d+\.cache$/.test(src) });
  cpSync(join(projectRoot, "package.json"), join(root, "package.json"));
  return root;
}
