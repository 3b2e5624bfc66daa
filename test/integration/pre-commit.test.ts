// The pre-commit hook (.pre-commit-hooks.yaml), run by the REAL pre-commit framework against this checkout:
// `pre-commit try-repo <checkout> flyconf --files …` in a throwaway git repository. pre-commit installs the hook the
// way a user's machine would (npm install + prepare build, npm pack, npm install -g of the tarball: needs the npm
// registry), so this is slow (~30 s) and skips, with a note, when pre-commit is not installed or
// FLYCONF_SKIP_PRECOMMIT is set. try-repo on a dirty checkout uses the tracked files' working-tree state (untracked
// files are left out, so .pre-commit-hooks.yaml and .npmrc must be committed or staged).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { projectRoot } from "../helpers/shared.js";

describe(".pre-commit-hooks.yaml", () => {
  const hooks = parse(readFileSync(join(projectRoot, ".pre-commit-hooks.yaml"), "utf8")) as Record<string, unknown>[];
  const hook = hooks.find((h) => h.id === "flyconf")!;

  it("defines the flyconf hook", () => {
    expect(hook).toMatchObject({ id: "flyconf", name: "flyconf", entry: "flyconf lint", language: "node", pass_filenames: true });
    // Let pre-commit pick system node when it exists; forcing "system" would break machines without node.
    expect(hook.language_version).toBeUndefined();
  });

  it("matches fly.toml, fly.yaml, fly.json (and fly.yml) and their per-environment variants in any directory, nothing else", () => {
    // pre-commit applies `files` with Python's re.search; this pattern reads the same in JavaScript.
    const files = new RegExp(hook.files as string);
    for (const p of ["fly.toml", "apps/web/fly.toml", "fly.staging.toml", "deploy/fly.production.toml", "fly.yaml", "fly.json", "fly.prod.yaml", "fly.yml"]) expect(files.test(p), p).toBe(true);
    for (const p of ["myfly.toml", "fly.toml.bak", "flyctl.toml", "package.json", "fly.toml/readme.md", "Cargo.toml", "machines.json"]) expect(files.test(p), p).toBe(false);
  });

  it("keeps npm pack's stdout clean for pre-commit's install (.npmrc foreground-scripts=false)", () => {
    // pre-commit reads the tarball name from `npm pack` stdout; a foreground prepare script would print into it.
    expect(readFileSync(join(projectRoot, ".npmrc"), "utf8")).toMatch(/^foreground-scripts=false$/m);
  });
});

const hasPreCommit = spawnSync("pre-commit", ["--version"], { encoding: "utf8" }).status === 0;
const optedOut = Boolean(process.env.FLYCONF_SKIP_PRECOMMIT);
// In CI (.ci/run installs pre-commit) a missing pre-commit is a failure, not a skip.
if (process.env.CI === "true" && !hasPreCommit && !optedOut) throw new Error("CI=true but pre-commit is not on PATH: .ci/run should have installed it");
const skipReason = optedOut
  ? "FLYCONF_SKIP_PRECOMMIT is set"
  : !hasPreCommit
    ? "pre-commit is not on PATH (apt-get install -y pre-commit)"
    : undefined;

/** The environment without npm's and git's per-invocation variables (vitest may run under `npm test` or a git hook). */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) || k.startsWith("GIT_") || k === "INIT_CWD") continue;
    env[k] = v;
  }
  env.PRE_COMMIT_HOME = home;
  env.PRE_COMMIT_COLOR = "never";
  env.NO_COLOR = "1";
  return env;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

/**
 * The pre-commit configuration a document shows (its ```yaml block with `repos:`), verbatim but for the two values
 * it says to fill in: `repo` (this checkout) and `rev` (its commit, `git rev-parse HEAD`, as the document says).
 */
export function preCommitConfigOf(doc: string): string {
  const text = readFileSync(join(projectRoot, doc), "utf8");
  const block = [...text.matchAll(/```yaml\n([^]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith("repos:"));
  if (!block) throw new Error(`${doc} shows no pre-commit configuration`);
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: projectRoot, encoding: "utf8" }).stdout.trim();
  const lines = block.split("\n").map((l) => (l.trimStart().startsWith("- repo: ") ? l.replace(/- repo: \S+/, `- repo: ${projectRoot}`) : l.trimStart().startsWith("rev: ") ? l.replace(/rev: \S+/, `rev: ${head}`) : l));
  return lines.join("\n");
}

const work = skipReason ? "" : mkdtempSync(join(tmpdir(), "flyconf-precommit-"));
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.skipIf(skipReason !== undefined)("pre-commit hook (real pre-commit, try-repo)", () => {
  function makeTarget(name: string, config?: string): string {
    const dir = join(work, name);
    mkdirSync(join(dir, "good"), { recursive: true });
    mkdirSync(join(dir, "bad"), { recursive: true });
    cpSync(join(projectRoot, "fixtures/schema/good-launch.toml"), join(dir, "good/fly.toml"));
    cpSync(join(projectRoot, "fixtures/schema/bad-internal-port-string.toml"), join(dir, "bad/fly.toml"));
    if (config !== undefined) writeFileSync(join(dir, ".pre-commit-config.yaml"), config);
    const env = cleanEnv(join(work, "home"));
    for (const args of [["init", "-q"], ["add", "."]]) {
      const r = spawnSync("git", args, { cwd: dir, env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    }
    return dir;
  }

  it("fails the bad fly.toml with flyconf's diagnostics and passes the good one (try-repo; docs/editors.md's configuration verbatim)", { timeout: 900_000 }, async () => {
    // Two independent runs (each installs its own hook environment), in parallel to halve the wait: try-repo on the
    // working tree, and `pre-commit run` with the configuration docs/editors.md shows (the committed HEAD).
    const both = makeTarget("both");
    const good = makeTarget("good-only", preCommitConfigOf("docs/editors.md"));
    const [r1, r2] = await Promise.all([
      run("pre-commit", ["try-repo", projectRoot, "flyconf", "--verbose", "--files", "bad/fly.toml", "good/fly.toml"], both, cleanEnv(join(work, "home1"))),
      run("pre-commit", ["run", "--verbose", "--files", "good/fly.toml"], good, cleanEnv(join(work, "home2"))),
    ]);
    // pre-commit exits 1 when a hook fails, 3 when it could not install the hook: show its output then.
    expect(r1.out).not.toMatch(/An (unexpected )?error has occurred/);
    expect(r1.code, r1.out).toBe(1);
    expect(r1.out).toMatch(/flyconf\.+Failed/);
    expect(r1.out).toContain("bad/fly.toml");
    expect(r1.out).toMatch(/internal_port must be an integer, not the string "8080"/);
    expect(r1.out).not.toMatch(/good\/fly\.toml:\d+/);

    expect(r2.code, r2.out).toBe(0);
    expect(r2.out).toMatch(/flyconf\.+Passed/);
  });
});

if (skipReason) {
  describe("pre-commit hook", () => {
    it.skip(`skipped: ${skipReason}`, () => {});
  });
  console.warn(`[flyconf tests] pre-commit: skipped, ${skipReason}`);
}
