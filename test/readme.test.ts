// Every code block of README.md and docs/editors.md, run or checked (issue 12: "the README library example fails as
// written"; "every README code block executed"):
// - `$ flyconf …` lines run against the built CLI (dist/, as .ci/run builds before testing) in a copy of
//   fixtures/examples/demo (repo-relative paths such as fixtures/plan/… run from the repository root); their exit
//   code is 0 or 1, never a usage error, and output lines under them must be exactly what the command prints;
// - ```ts blocks run (types stripped) with "flyconf" and "flyconf/node" resolved to this build (dist/), in that copy;
// - usage listings (a block starting `flyconf COMMAND`) name exactly the options `flyconf COMMAND --help` has;
// - the ```json config is a valid .flyconf.json, ```toml blocks parse;
// - plain ```sh blocks: each command runs — `flyconf`, `npx flyconf` and `npx --yes flyconf@VERSION` as the built CLI
//   in a copy of the demo project — or, when it cannot run here (npm ci, npm test, a VS Code or HTTP server), shows as
//   a skipped test that says why; `npm run X` names a script that exists, and `npm run demo` runs;
// - ```yaml: GitHub Action steps (`uses: …/flyconf@…`) use only inputs action.yml declares, and their `args` are
//   accepted by flyconf lint; workflow `run:` steps run as sh blocks do; pre-commit configurations name the hook
//   .pre-commit-hooks.yaml defines with args flyconf lint accepts (test/integration/pre-commit.test.ts runs the
//   docs/editors.md configuration verbatim under the real pre-commit);
// - ```lua: the Neovim set-up, run verbatim in headless Neovim by test/integration/lsp-neovim.test.ts (checked here to
//   still read it); ```elisp: read as s-expressions (balanced, strings closed) naming `flyconf lsp --stdio`;
// - ts blocks that drive a live Machines API (the platform-builder walkthrough) show as skipped here: they run, in
//   order, against a fake Machines API in test/readme-workflows.test.ts.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { transformSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseConfig } from "../src/lint/config.js";
import { lint } from "../src/lint/lint.js";
import { projectRoot } from "./helpers/shared.js";

const DOCS = ["README.md", "docs/editors.md"];
const cli = join(projectRoot, "bin/flyconf.js");
const built = existsSync(join(projectRoot, "dist"));
const tmp = mkdtempSync(join(tmpdir(), "flyconf-readme-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
function demoCopy(): string {
  const d = join(tmp, `demo${n++}`);
  cpSync(join(projectRoot, "fixtures/examples/demo"), d, { recursive: true });
  return d;
}

interface Block {
  doc: string;
  lang: string;
  body: string;
  line: number;
}
const blocks: Block[] = [];
for (const doc of DOCS) {
  const lines = readFileSync(join(projectRoot, doc), "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    blocks.push({ doc, lang: open[1]!, body: body.join("\n"), line: start + 1 });
  }
}

/**
 * Commands of sh blocks that cannot run inside this test, and why (each shows as a skipped test with its reason).
 * Matched by how the command starts.
 */
const NOT_RUN: readonly [string, string][] = [
  ["npm ci", "reinstalls every dependency (minutes); .ci/run runs exactly `npm ci` on a clean clone"],
  ["npm test", "is this test suite (it would run itself); CI runs it"],
  ["npm install", "installs into a user's project or globally; test/integration/pack.test.ts installs the packed tarball"],
  ["npm pack", "test/integration/pack.test.ts packs and installs the tarball"],
  ["npm run test:integration", "runs the integration suites (pre-commit, Chromium, Neovim), which CI runs"],
  ["npm run package:vscode", "packages the VS Code extension (vsce); test/vscode-extension.test.ts checks the extension"],
  ["npm run build:playground", "builds the playground bundle; test/integration/playground.test.ts builds and drives it in Chromium"],
  ["npm run lint", "runs ESLint over the repository; npm test runs it"],
  ["npm run schema", "rewrites schemas/fly-toml.schema.json in the checkout; test/fly-toml-schema.test.ts fails when it is stale"],
  ["code ", "needs VS Code"],
  ["npx serve", "starts a web server from the npm registry"],
];
/** Scripts the sh-block runner runs for real (quick, no side effects on the checkout). */
const RUN_SCRIPTS = new Set(["demo"]);
/** The platform-builder walkthrough drives a live Machines API (a token, an app): its blocks are not run here. */
/** A module of src/ shown verbatim: it imports its neighbours relatively. */
const isShownSource = (code: string) => /^import .* from "\.\/[^"]+";$/m.test(code);
const needsLiveApi = (code: string) => /\bclient\.|createMachinesClient/.test(code);
const scripts = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).scripts as Record<string, string>;

function helpOptions(command: string): string[] {
  const r = spawnSync(process.execPath, [cli, command, "--help"], { encoding: "utf8" });
  return [...r.stdout.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!).filter((o) => o !== "--help");
}

describe("Every README code block executed (README.md and docs/editors.md)", () => {
  it("every block is of a kind this test runs or checks", () => {
    for (const b of blocks) expect(["sh", "", "ts", "json", "toml", "yaml", "lua", "elisp"], `${b.doc} line ${b.line}`).toContain(b.lang);
  });

  for (const b of blocks) {
    const first = b.body.split("\n")[0]!;
    const title = `${b.doc === "README.md" ? "" : `${b.doc} `}line ${b.line}: ${first.slice(0, 70)}`;
    if ((b.lang === "sh" || b.lang === "") && first.startsWith("$ flyconf ")) {
      it.skipIf(!built)(`runs ${title}`, () => {
        const groups: { cmd: string; out: string[] }[] = [];
        for (const l of b.body.split("\n")) {
          if (l.startsWith("$ ")) groups.push({ cmd: l.slice(2), out: [] });
          else groups[groups.length - 1]!.out.push(l);
        }
        for (const g of groups) {
          const cwd = /\bfixtures\//.test(g.cmd) ? projectRoot : demoCopy();
          const cmd = g.cmd.replace(/^flyconf /, `"${process.execPath}" "${cli}" `);
          const r = spawnSync("sh", ["-c", cmd], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", GITHUB_ACTIONS: "" } });
          expect([0, 1], `${g.cmd}: ${r.stderr}`).toContain(r.status);
          if (g.out.length) expect(r.stdout, g.cmd).toBe(`${g.out.join("\n")}\n`);
        }
      });
    } else if (b.lang === "" && /^flyconf [a-z]+ /.test(first)) {
      const command = /^flyconf ([a-z]+)/.exec(first)![1]!;
      it.skipIf(!built)(`the ${command} usage listing names exactly the options of flyconf ${command} --help (${title})`, () => {
        // The left column of each line (before the description, which starts after two or more spaces).
        const left = b.body.split("\n").map((l) => l.trim().split(/ {2,}/)[0]!).join("\n");
        const listed = new Set([...left.matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1]!));
        const help = helpOptions(command);
        for (const o of help) expect(listed.has(o), `${o} (flyconf ${command} --help) is missing from the README`).toBe(true);
        for (const o of listed) expect(help, `README lists ${o} for flyconf ${command}`).toContain(o);
      });
    } else if (b.lang === "ts" && isShownSource(b.body)) {
      // A source module shown whole (the architecture section): test/rule-modules.test.ts holds it equal to its file,
      // which tsc checks; its relative imports resolve only there.
      it(`${title} is src/rules/${/id: "([a-z-]+)"/.exec(b.body)?.[1]}.ts`, () => expect(b.body).toMatch(/^import .* from "\.\/types\.js";$/m));
    } else if (b.lang === "ts" && needsLiveApi(b.body)) {
      it.skip(`needs a live Machines API, not run: ${title}`, () => undefined);
    } else if (b.lang === "ts") {
      it(`runs ${title}`, () => {
        const dir = demoCopy();
        // "flyconf" and "flyconf/node" are what the package exports: this checkout's build (dist/). The block's types
        // are stripped as tsx would (esbuild), and it runs as an ES module under plain node: a tsx process that
        // transpiles all of src/ on the fly took 1.5 to 2.3 s a block.
        const code = b.body.replace(/from "flyconf\/node"/g, `from ${JSON.stringify(pathToFileURL(join(projectRoot, "dist/node.js")).href)}`).replace(/from "flyconf"/g, `from ${JSON.stringify(pathToFileURL(join(projectRoot, "dist/index.js")).href)}`);
        writeFileSync(join(dir, "example.mjs"), transformSync(code, { loader: "ts", format: "esm", target: "node20" }).code);
        const r = spawnSync(process.execPath, ["example.mjs"], { cwd: dir, encoding: "utf8" });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
      });
    } else if (b.lang === "json" && b.body.includes('"evenBetterToml.schema.associations"')) {
      it(`is VS Code settings whose pattern matches fly.toml names only, mapped to the schema's $id (${title})`, () => {
        const schemaId = (JSON.parse(readFileSync(join(projectRoot, "schemas/fly-toml.schema.json"), "utf8")) as { $id: string }).$id;
        const assoc = (JSON.parse(b.body) as Record<string, Record<string, string>>)["evenBetterToml.schema.associations"]!;
        for (const [pattern, url] of Object.entries(assoc)) {
          const re = new RegExp(pattern);
          for (const uri of ["file:///app/fly.toml", "file:///app/fly.staging.toml", "file:///a/b/fly.production.toml"]) expect(re.test(uri), uri).toBe(true);
          for (const uri of ["file:///app/Cargo.toml", "file:///app/notfly.toml", "file:///app/fly.toml.bak"]) expect(re.test(uri), uri).toBe(false);
          expect(url).toBe(schemaId);
        }
      });
    } else if (b.lang === "json") {
      it(`is a valid .flyconf.json (${title})`, () => {
        expect(() => parseConfig(b.body, "/x/.flyconf.json")).not.toThrow();
      });
    } else if (b.lang === "toml") {
      it(`parses (${title})`, () => {
        expect(lint(b.body).diagnostics.filter((d) => d.ruleId === "toml-syntax")).toEqual([]);
      });
    } else if (b.lang === "sh") {
      shCommands(b.body, title);
    } else if (b.lang === "yaml") {
      yamlBlock(b, title);
    } else if (b.lang === "lua") {
      it(`runs verbatim in headless Neovim in test/integration/lsp-neovim.test.ts (${title})`, () => {
        const suite = readFileSync(join(projectRoot, "test/integration/lsp-neovim.test.ts"), "utf8");
        expect(b.doc).toBe("README.md");
        expect(suite).toContain("/\\*\\*Neovim\\*\\*[^]*?```lua\\n([^]*?)```/.exec(readme)");
        expect(/\*\*Neovim\*\*[^]*?```lua\n([^]*?)```/.exec(readFileSync(join(projectRoot, b.doc), "utf8"))?.[1]).toBe(`${b.body}\n`);
      });
    } else if (b.lang === "elisp") {
      it(`reads as Emacs Lisp naming flyconf lsp --stdio, and runs verbatim in batch Emacs in test/integration/lsp-emacs.test.ts (${title})`, () => {
        expect(readSexps(b.body).length).toBeGreaterThan(0);
        expect(b.body).toContain('("flyconf" "lsp" "--stdio")');
        const suite = readFileSync(join(projectRoot, "test/integration/lsp-emacs.test.ts"), "utf8");
        expect(suite).toContain("/\\*\\*Emacs\\*\\*[^]*?```elisp\\n([^]*?)```/.exec(readme)");
        expect(/\*\*Emacs\*\*[^]*?```elisp\n([^]*?)```/.exec(readFileSync(join(projectRoot, b.doc), "utf8"))?.[1]).toBe(`${b.body}\n`);
      });
    } else {
      it(`is a block of a known kind (${b.lang}, ${title})`, () => expect.fail(`no check for \`\`\`${b.lang}`));
    }
  }

  it.skipIf(!built)("flyconf --help and every subcommand's --help match the README (commands, and each option on a line naming the command)", () => {
    const top = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" }).stdout;
    const commands = top
      .slice(top.indexOf("Commands:"))
      .split("\n")
      .slice(1)
      .map((l) => l.trim().split(" ")[0]!)
      .filter((c) => c !== "" && c !== "help");
    expect(commands).toEqual(expect.arrayContaining(["compile", "lint", "plan", "rules", "explain", "lsp", "diff"]));
    const text = readFileSync(join(projectRoot, "README.md"), "utf8");
    const lines = text.split("\n");
    for (const c of commands) {
      expect(text, `README never shows flyconf ${c}`).toContain(`flyconf ${c}`);
      // compile, lint and plan have usage listings (checked option by option above); the others name each option on
      // a line that shows the command.
      if (["compile", "lint", "plan"].includes(c)) continue;
      const opts = helpOptions(c);
      if (c === "diff") {
        expect(opts, "diff is plan under its former name").toEqual(helpOptions("plan"));
        expect(text).toMatch(/`flyconf diff` is the same command/);
        continue;
      }
      for (const o of opts) expect(lines.some((l) => l.includes(`flyconf ${c}`) && l.includes(o)), `README: flyconf ${c} ${o}`).toBe(true);
    }
  });

  it.skipIf(!built)("the quick start's npm run demo runs", () => {
    const r = spawnSync("npm", ["run", "demo", "--silent"], { cwd: projectRoot, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});

/** The `flyconf …` part of a command, for the built CLI: `flyconf`, `npx flyconf`, `npx --yes flyconf@X`. */
function flyconfArgs(cmd: string): string | undefined {
  for (const prefix of ["flyconf ", "npx flyconf ", "npx --yes flyconf@"]) {
    if (!cmd.startsWith(prefix)) continue;
    return prefix.endsWith("@") ? cmd.slice(cmd.indexOf(" ") + 1).replace(/^--yes flyconf@\S+ /, "") : cmd.slice(prefix.length);
  }
  return undefined;
}

/** Runs `flyconf ARGS` (the built CLI) in a copy of the demo project: exit 0 or 1, never a usage error (2). */
function runFlyconf(args: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("sh", ["-c", `"${process.execPath}" "${cli}" ${args}`], { cwd: demoCopy(), encoding: "utf8", env: { ...process.env, NO_COLOR: "1", GITHUB_ACTIONS: "" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One test per command of a shell snippet (lines, `&&` chains; `#` comments dropped). */
function shCommands(body: string, title: string): void {
  const commands = body
    .split("\n")
    .map((l) => (l.includes(" #") ? l.slice(0, l.indexOf(" #")) : l).trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .flatMap((l) => l.split(" && ").map((c) => c.trim()));
  for (const cmd of commands) {
    const args = flyconfArgs(cmd);
    const script = /^npm run ([\w:-]+)/.exec(cmd)?.[1];
    const why = NOT_RUN.find(([start]) => cmd.startsWith(start))?.[1];
    if (args !== undefined) {
      it.skipIf(!built)(`runs \`${cmd}\` with the built CLI (${title})`, () => {
        const r = runFlyconf(args);
        expect([0, 1], `${cmd}: ${r.stderr}`).toContain(r.status);
      });
    } else if (why !== undefined) {
      if (script !== undefined) it(`\`${cmd}\` names an npm script that exists (${title})`, () => expect(Object.keys(scripts)).toContain(script));
      it.skip(`not run here: \`${cmd}\` ${why} (${title})`, () => undefined);
    } else if (script !== undefined && RUN_SCRIPTS.has(script)) {
      it(`\`${cmd}\` names an npm script that exists (${title})`, () => expect(Object.keys(scripts)).toContain(script));
    } else if (/^UPDATE_GOLDEN=1 npx vitest run (test\/[\w./-]+)$/.test(cmd)) {
      const file = /(test\/[\w./-]+)$/.exec(cmd)![1]!;
      it(`\`${cmd}\` names a test file that exists and reads UPDATE_GOLDEN (${title})`, () => expect(readFileSync(join(projectRoot, file), "utf8")).toContain("UPDATE_GOLDEN"));
    } else {
      it(`\`${cmd}\` is a command this test knows how to run (${title})`, () => expect.fail(`add it to NOT_RUN with a reason, or run it: ${cmd}`));
    }
  }
}

const actionInputs = Object.keys((parseYaml(readFileSync(join(projectRoot, "action.yml"), "utf8")) as { inputs: Record<string, unknown> }).inputs);
const hookIds = (parseYaml(readFileSync(join(projectRoot, ".pre-commit-hooks.yaml"), "utf8")) as { id: string }[]).map((h) => h.id);

/** Every step of a parsed workflow, job list or step list (or a single step). */
function stepsOf(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.flatMap(stepsOf);
  if (typeof v !== "object" || v === null) return [];
  const o = v as Record<string, unknown>;
  if ("uses" in o || "run" in o) return [o];
  return Object.values(o).flatMap(stepsOf);
}

function yamlBlock(b: Block, title: string): void {
  const value: unknown = parseYaml(b.body);
  it(`parses as YAML (${title})`, () => expect(value).toBeDefined());
  if (/^repos:/m.test(b.body) || /^\s*- id: flyconf/m.test(b.body)) {
    // A pre-commit configuration, or a hook entry of one.
    const hooks = (/^repos:/m.test(b.body) ? (value as { repos: { hooks: { id: string; args?: string[] }[] }[] }).repos.flatMap((r) => r.hooks) : (value as { id: string; args?: string[] }[]));
    it(`names the pre-commit hook .pre-commit-hooks.yaml defines, with args flyconf lint accepts (${title})`, () => {
      for (const h of hooks) {
        expect(hookIds).toContain(h.id);
        if (h.args) expect([0, 1]).toContain(runFlyconf(["lint", ...h.args, "fly.toml"].map((a) => JSON.stringify(a)).join(" ")).status);
      }
    });
    if (/^repos:/m.test(b.body)) {
      it(`runs verbatim under the real pre-commit in test/integration/pre-commit.test.ts (${title})`, () => {
        expect(readFileSync(join(projectRoot, "test/integration/pre-commit.test.ts"), "utf8")).toContain(`preCommitConfigOf(${JSON.stringify(b.doc)})`);
      });
    }
    return;
  }
  const steps = stepsOf(value);
  it(`is a GitHub Actions step list or workflow (${title})`, () => expect(steps.length).toBeGreaterThan(0));
  for (const step of steps) {
    if (typeof step.uses === "string" && /\/flyconf@/.test(step.uses)) {
      const inputs = Object.keys((step.with ?? {}) as object);
      it(`uses only inputs action.yml declares (${inputs.join(", ")}) (${title})`, () => {
        for (const k of inputs) expect(actionInputs, `action.yml has no input ${k}`).toContain(k);
        const args = (step.with as Record<string, unknown> | undefined)?.args;
        if (typeof args === "string") expect([0, 1]).toContain(runFlyconf(`lint ${args} fly.toml`).status);
      });
    } else if (typeof step.run === "string") {
      shCommands(step.run, title);
    }
  }
}

/** Reads Emacs Lisp forms: lists, strings with escapes, ?chars, quotes and comments; throws when unbalanced. */
function readSexps(text: string): number[] {
  const forms: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ";") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      if (i >= text.length) throw new Error("unterminated string");
    } else if (c === "?") {
      i += text[i + 1] === "\\" ? 2 : 1;
    } else if (c === "(") {
      depth++;
    } else if (c === ")") {
      if (--depth < 0) throw new Error(`unbalanced ) at ${i}`);
      if (depth === 0) forms.push(i);
    }
  }
  if (depth !== 0) throw new Error(`${depth} unclosed (`);
  return forms;
}
