// Every README code block, run or checked (issue 12: "the README library example fails as written"):
// - `$ flyconf …` lines run against the built CLI (dist/, as .ci/run builds before testing) in a copy of
//   fixtures/examples/demo (repo-relative paths such as fixtures/plan/… run from the repository root); their exit
//   code is 0 or 1, never a usage error, and output lines under them must be exactly what the command prints;
// - ```ts blocks run with tsx, "flyconf" and "flyconf/node" resolved to this checkout, in that copy;
// - usage listings (a block starting `flyconf COMMAND`) name exactly the options `flyconf COMMAND --help` has;
// - the ```json config is a valid .flyconf.json, ```toml blocks parse;
// - plain ```sh blocks (install, build, test) name npm scripts that exist, and `npm run demo` runs;
// - editor and CI configurations (lua, elisp, yaml) are for other programs and are listed here by name, not run;
//   ts blocks that drive a live Machines API (the platform-builder walkthrough) show as skipped.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/lint/config.js";
import { lint } from "../src/lint/lint.js";
import { projectRoot } from "./helpers/shared.js";

const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
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
  lang: string;
  body: string;
  line: number;
}
const blocks: Block[] = [];
{
  const lines = readme.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== "```"; i++) body.push(lines[i]!);
    blocks.push({ lang: open[1]!, body: body.join("\n"), line: start + 1 });
  }
}

/** Configurations for other programs (editors, GitHub Actions): not run here. */
const EDITOR_CONFIGS = new Set(["lua", "elisp", "yaml"]);
/** The platform-builder walkthrough drives a live Machines API (a token, an app): its blocks are not run here. */
const needsLiveApi = (code: string) => /\bclient\.|createMachinesClient/.test(code);
const scripts = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")).scripts as Record<string, string>;

function helpOptions(command: string): string[] {
  const r = spawnSync(process.execPath, [cli, command, "--help"], { encoding: "utf8" });
  return [...r.stdout.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!).filter((o) => o !== "--help");
}

describe("README code blocks", () => {
  it("every block is of a kind this test runs or checks", () => {
    for (const b of blocks) expect(["sh", "", "ts", "json", "toml", ...EDITOR_CONFIGS], `README line ${b.line}`).toContain(b.lang);
  });

  for (const b of blocks) {
    const first = b.body.split("\n")[0]!;
    const title = `line ${b.line}: ${first.slice(0, 70)}`;
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
    } else if (b.lang === "ts" && needsLiveApi(b.body)) {
      it.skip(`needs a live Machines API, not run: ${title}`, () => undefined);
    } else if (b.lang === "ts") {
      it(`runs ${title}`, () => {
        const dir = demoCopy();
        const code = b.body.replace(/from "flyconf\/node"/g, `from ${JSON.stringify(join(projectRoot, "src/node.ts"))}`).replace(/from "flyconf"/g, `from ${JSON.stringify(join(projectRoot, "src/index.ts"))}`);
        writeFileSync(join(dir, "example.ts"), code);
        const r = spawnSync(process.execPath, [join(projectRoot, "node_modules/tsx/dist/cli.mjs"), "example.ts"], { cwd: dir, encoding: "utf8" });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
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
      it(`names npm scripts that exist (${title})`, () => {
        for (const m of b.body.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(scripts), b.body).toContain(m[1]);
      });
    } else {
      it(`is an editor configuration for another program (${b.lang}, ${title})`, () => expect(EDITOR_CONFIGS.has(b.lang)).toBe(true));
    }
  }

  it.skipIf(!built)("the quick start's npm run demo runs", () => {
    const r = spawnSync("npm", ["run", "demo", "--silent"], { cwd: projectRoot, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });
});
