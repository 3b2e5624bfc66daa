// `flyconf lint DIR` on several threads (src/cli/lint-pool.ts): the report, stderr and exit code are those of a run
// on one thread, byte for byte, in every format; a worker that cannot start changes nothing. The real binary is
// spawned (workers run bin/flyconf.js), so this suite needs dist/ (`npm run build`; .ci/run builds before testing).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { AUTO_MIN_FILES, lintOnThreads, threadCount, type PoolFile } from "../src/cli/lint-pool.js";
import { lintOne, type LintIO } from "../src/cli/lint.js";

const projectRoot = join(import.meta.dirname, "..");
const bin = join(projectRoot, "bin/flyconf.js");
const built = existsSync(join(projectRoot, "dist/cli/lint-pool.js"));
const tmp = mkdtempSync(join(tmpdir(), "flyconf-threads-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every fly.toml-like fixture of the repository, each in its own directory, twice over: ~400 files. */
function tree(): string {
  const root = join(tmp, "apps");
  const sources: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) visit(join(d, e.name));
      else if (e.name.endsWith(".toml")) sources.push(join(d, e.name));
    }
  };
  visit(join(projectRoot, "fixtures"));
  sources.sort();
  let n = 0;
  for (let copy = 0; copy < 2; copy++) {
    for (const src of sources) {
      const dir = join(root, `c${copy}`, relative(join(projectRoot, "fixtures"), src).replaceAll("/", "_").replace(/\.toml$/, ""));
      mkdirSync(dir, { recursive: true });
      cpSync(src, join(dir, "fly.toml"));
      n++;
    }
  }
  // A directory config that switches rules off for its files only (a second rules table entry), a file over the
  // byte cap, links the walk skips, and a file named with a control character.
  writeFileSync(join(root, "c1", ".flyconf.json"), JSON.stringify({ rules: { "unknown-key": "off", "duration-unit": "error" } }));
  mkdirSync(join(root, "big"));
  writeFileSync(join(root, "big", "fly.toml"), `app = "big"\n${"# padding\n".repeat(2000)}`);
  mkdirSync(join(root, "links"));
  symlinkSync("/etc/hostname", join(root, "links", "fly.toml"));
  mkdirSync(join(root, "dangling"));
  symlinkSync(join(root, "nowhere.toml"), join(root, "dangling", "fly.toml"));
  mkdirSync(join(root, "odd\u001bname"));
  writeFileSync(join(root, "odd\u001bname", "fly.toml"), 'app = "odd"\n[http_service]\ninteral_port = 8080\n');
  expect(n).toBeGreaterThan(AUTO_MIN_FILES);
  return root;
}

describe("threadCount: how many threads a run lints on", () => {
  it("auto: one thread below AUTO_MIN_FILES or on one core; then one per 128 files, at most one per core", () => {
    expect(threadCount("auto", AUTO_MIN_FILES - 1, 8)).toBe(1);
    expect(threadCount("auto", 10_000, 1)).toBe(1);
    expect(threadCount("auto", AUTO_MIN_FILES, 8)).toBe(2);
    expect(threadCount("auto", 10_000, 2)).toBe(2);
    expect(threadCount("auto", 10_000, 64)).toBe(8);
  });
  it("off is one thread; a number is taken as asked, never more threads than chunks of 32 files", () => {
    expect(threadCount("off", 10_000, 8)).toBe(1);
    expect(threadCount(4, 10_000, 2)).toBe(4);
    expect(threadCount(4, 40, 8)).toBe(2);
    expect(threadCount(1, 10_000, 8)).toBe(1);
  });
});

describe.skipIf(!built && !process.env.CI)("flyconf lint on several threads (the real binary; needs npm run build)", () => {
  const root = tree();
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [bin, "lint", root, "--max-bytes", "8192", ...args], { cwd: tmp, encoding: "utf8", env: { PATH: process.env.PATH ?? "" }, maxBuffer: 256 * 1024 * 1024 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  for (const [format, threads] of [["json", "auto"], ["stylish", "3"], ["github", "2"], ["sarif", "5"]] as const) {
    it(`--format ${format}: --concurrency ${threads} prints exactly what one thread prints`, () => {
      const one = run(["--format", format, "--concurrency", "off"]);
      expect(one.status).toBe(1);
      expect(one.stdout.length).toBeGreaterThan(10_000);
      // The skipped links are reported on stderr in both runs, in the same order.
      expect(one.stderr).toContain("skipped ");
      expect(run(["--format", format, "--concurrency", threads])).toEqual(one);
    });
  }

  it("the per-directory config and the byte cap reach the workers", () => {
    const out = (JSON.parse(run(["--format", "json", "--concurrency", "2"]).stdout) as { files: { path: string; diagnostics: { ruleId: string }[] }[] }).files;
    const inC1 = out.filter((f) => f.path.includes(`${"/"}c1${"/"}`));
    const inC0 = out.filter((f) => f.path.includes(`${"/"}c0${"/"}`));
    expect(inC1.flatMap((f) => f.diagnostics).some((m) => m.ruleId === "unknown-key")).toBe(false);
    expect(inC0.flatMap((f) => f.diagnostics).some((m) => m.ruleId === "unknown-key")).toBe(true);
    expect(out.find((f) => f.path.endsWith(`big${"/"}fly.toml`))?.diagnostics.map((m) => m.ruleId)).toEqual(["input-size"]);
  });

  it("--concurrency takes auto, off or 1 to 64; anything else is a usage error (exit 2)", () => {
    for (const bad of ["0", "65", "two", ""]) {
      const r = run(["--concurrency", bad]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("--concurrency");
    }
  });

  it("workers do lint: this thread lints only part of the files, and every outcome equals this thread's own", async () => {
    const files: PoolFile[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name === "fly.toml" && e.isFile()) files.push({ index: files.length, path: relative(tmp, join(d, e.name)), abs: join(d, e.name), rules: 0 });
      }
    };
    walk(root);
    const shared = { maxBytes: 8192, inlineConfig: true };
    const rules = { "port-range": "off" } as const;
    let here = 0;
    const outcomes = await lintOnThreads(bin, 3, files, { ...shared, rules: [rules], machineSupport: false }, (f) => {
      here++;
      return lintOne(f, rules, shared);
    });
    expect(here).toBeGreaterThan(0);
    expect(here).toBeLessThan(files.length);
    expect(outcomes).toEqual(files.map((f) => lintOne(f, rules, shared)));
  });

  it("a worker that cannot start changes nothing: this thread lints what it was to lint", async () => {
    const capture = (workerEntry?: string) => {
      const io = { out: "", err: "" };
      const lintIO: LintIO = { stdout: (s) => (io.out += s), stderr: (s) => (io.err += s), cwd: tmp, env: {}, ...(workerEntry ? { workerEntry } : {}) };
      return { io, lintIO };
    };
    const a = capture();
    const codeA = await main(["lint", root, "--max-bytes", "8192", "--format", "json", "--concurrency", "off"], a.lintIO);
    const b = capture(join(tmp, "no-such-worker.js"));
    const codeB = await main(["lint", root, "--max-bytes", "8192", "--format", "json", "--concurrency", "4"], b.lintIO);
    expect(codeB).toBe(codeA);
    expect(b.io).toEqual(a.io);
  });
});
