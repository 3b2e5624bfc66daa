// `flyconf lint`, `flyconf rules`, `flyconf explain`: run main([...], io) in-process with captured output, on a temp
// copy of fixtures/cli/project (plus .git and node_modules trees made here, since git cannot hold them).
// A few tests spawn the real `node bin/flyconf.js`; they need dist/ (`npm run build`; .ci/run builds before
// testing) and are skipped without it.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { discoverFiles, isFlyTomlName } from "../src/cli/files.js";
import { inputKindOf, lintFile, type LintIO } from "../src/cli/lint.js";
import { ConfigResolver } from "../src/lint/config.js";
import { projectRoot } from "./helpers/shared.js";

const tmpRoot = mkdtempSync(join(tmpdir(), "flyconf-cli-"));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

const WEB_ERROR = "apps/web/fly.toml:8:25: error http_service.auto_start_machines must be a boolean (true or false, without quotes), not the string \"true\" [autostart-type]";

let n = 0;
/** A fresh copy of the fixture project, with a .git and a node_modules tree holding fly.toml files to skip. */
function project(): string {
  const dir = join(tmpRoot, `p${n++}`);
  cpSync(join(projectRoot, "fixtures/cli/project"), dir, { recursive: true });
  for (const skipped of [".git", "node_modules/pkg"]) {
    mkdirSync(join(dir, skipped), { recursive: true });
    writeFileSync(join(dir, skipped, "fly.toml"), 'app = 1\nauto_start_machines = "true"\n');
  }
  return dir;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], opts: Partial<LintIO> & { cwd: string }): Promise<Run> {
  const out = { stdout: "", stderr: "" };
  const io: LintIO = {
    stdout: (s) => void (out.stdout += s),
    stderr: (s) => void (out.stderr += s),
    env: {},
    isTTY: false,
    stderrIsTTY: false,
    readStdin: async () => {
      throw new Error("this test gives no stdin");
    },
    ...opts,
  };
  const code = await main(argv, io);
  return { code, ...out };
}

const stdinOf = (text: string) => async () => Buffer.from(text);

describe("exit codes and formats", () => {
  const cwd = project();

  it("a clean file: exit 0, no output", async () => {
    const r = await run(["lint", "fly.toml"], { cwd });
    expect(r).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("no path lints ./fly.toml", async () => {
    expect((await run(["lint"], { cwd })).code).toBe(0);
    const r = await run(["lint"], { cwd: join(cwd, "apps/api") });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("fly.toml");
  });

  it("no ./fly.toml: exit 2 with a hint", async () => {
    const r = await run(["lint"], { cwd: join(cwd, "apps") });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flyconf: fly\.toml: no such file in .*\(run flyconf lint in the app's directory or pass a path\)\n$/);
  });

  it("errors: exit 1; compact prints FILE:LINE:COL lines", async () => {
    const r = await run(["lint", "-f", "compact", "apps/web/fly.toml"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`${WEB_ERROR}\n`);
    expect(r.stderr).toBe("");
  });

  it("stylish (default): header, row, code frame, summary; no colour without a TTY", async () => {
    const r = await run(["lint", "apps/web/fly.toml"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("apps/web/fly.toml\n  8:25  error");
    expect(r.stdout).toContain('auto_start_machines = "true"');
    expect(r.stdout).toContain("1 problem (1 error, 0 warnings)");
    expect(r.stdout).not.toContain("\x1b[");
  });

  it("colour only on a TTY, never with NO_COLOR", async () => {
    expect((await run(["lint", "apps/web/fly.toml"], { cwd, isTTY: true })).stdout).toContain("\x1b[");
    expect((await run(["lint", "apps/web/fly.toml"], { cwd, isTTY: true, env: { NO_COLOR: "1" } })).stdout).not.toContain("\x1b[");
  });

  it("json: every diagnostic has 1-based line, column, end line, end column and the key path", async () => {
    const r = await run(["lint", "--format", "json", "apps"], { cwd });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(["apps/api/fly.toml", "apps/web/fly.staging.toml", "apps/web/fly.toml"]);
    const all = report.files.flatMap((f: { diagnostics: unknown[] }) => f.diagnostics);
    expect(all.length).toBe(3);
    for (const d of all) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.endLine).toBeGreaterThanOrEqual(d.line);
      if (d.endLine === d.line) expect(d.endColumn).toBeGreaterThan(d.column);
      expect(typeof d.keyPath).toBe("string");
    }
    const web = report.files[2].diagnostics[0];
    expect(web).toMatchObject({ ruleId: "autostart-type", line: 8, column: 25, endLine: 8, endColumn: 31, keyPath: "http_service.auto_start_machines" });
    expect(web.fix.edits).toHaveLength(1);
    expect(report.summary).toEqual({ files: 3, errors: 2, warnings: 1 });
  });

  it("sarif: a 2.1.0 log with results", async () => {
    const r = await run(["lint", "--format", "sarif", "apps/web/fly.toml"], { cwd });
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].results[0].ruleId).toBe("autostart-type");
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toMatchObject({ startLine: 8, startColumn: 25 });
  });

  it("github: chosen automatically when GITHUB_ACTIONS=true and no --format; --format wins", async () => {
    const gh = await run(["lint", "apps/web/fly.toml"], { cwd, env: { GITHUB_ACTIONS: "true" } });
    expect(gh.stdout).toMatch(/^::error file=apps\/web\/fly\.toml,line=8,col=25,endLine=8,endColumn=31,title=.*::http_service\.auto_start_machines must be a boolean/);
    const compact = await run(["lint", "-f", "compact", "apps/web/fly.toml"], { cwd, env: { GITHUB_ACTIONS: "true" } });
    expect(compact.stdout).toBe(`${WEB_ERROR}\n`);
  });

  it("--output-file writes the report there and nothing to stdout", async () => {
    const r = await run(["lint", "-f", "json", "-o", "report.json", "apps/web/fly.toml"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(join(cwd, "report.json"), "utf8")).summary.errors).toBe(1);
  });

  it("warnings only: exit 0, unless --max-warnings is exceeded (exit 1 with a message)", async () => {
    expect((await run(["lint", "apps/web/fly.staging.toml"], { cwd })).code).toBe(0);
    expect((await run(["lint", "--max-warnings", "1", "apps/web/fly.staging.toml"], { cwd })).code).toBe(0);
    const r = await run(["lint", "--max-warnings", "0", "apps/web/fly.staging.toml"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("flyconf: too many warnings (1; --max-warnings allows 0)\n");
  });

  it("an oversized file is an error finding (exit 1), not a crash", async () => {
    const r = await run(["lint", "-f", "compact", "--max-bytes", "10", "fly.toml"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^fly\.toml:1:1: error file is \d+ bytes, over the 10-byte limit \(raise it with --max-bytes\) \[input-size\]\n$/);
  });

  it("invalid UTF-8 and TOML syntax errors are findings (exit 1)", async () => {
    writeFileSync(join(cwd, "bad.toml"), Buffer.from([0x61, 0x70, 0x70, 0x20, 0x3d, 0x20, 0x22, 0xff, 0x22, 0x0a]));
    writeFileSync(join(cwd, "broken.toml"), 'app = "x\n');
    const r = await run(["lint", "-f", "compact", "bad.toml", "broken.toml"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^bad\.toml:1:8: error invalid UTF-8 at byte 7.*\[toml-syntax\]\nbroken\.toml:1:\d+: error .*\[toml-syntax\]\n$/);
  });
});

describe("usage errors: exit 2, one clear line, no stack trace", () => {
  const cwd = project();
  const cases: [string, string[], RegExp][] = [
    ["unknown format", ["lint", "--format", "xml"], /argument 'xml' is invalid. Allowed choices are stylish, compact, json, sarif, github/],
    ["--fix with --fix-dry-run", ["lint", "--fix", "--fix-dry-run"], /--fix and --fix-dry-run cannot be used together/],
    ["bad --max-warnings", ["lint", "--max-warnings", "-1"], /must be a whole number/],
    ["--stdin-filename without -", ["lint", "--stdin-filename", "x.toml", "fly.toml"], /pass `-` as the path too/],
    ["unknown --rule id", ["lint", "--rule", "autostart-typ=off"], /unknown rule "autostart-typ" \(did you mean "autostart-type"\?\)/],
    ["bad --rule severity", ["lint", "--rule", "autostart-type=loud"], /expected "off", "warn" \(or "warning"\), "error" or "info", got "loud"/],
    ["missing path", ["lint", "nope.toml"], /^flyconf: nope\.toml: no such file or directory\n$/],
    ["a directory with no fly.toml", ["lint", "empty"], /^flyconf: empty: no fly\.toml, fly\.yaml or fly\.json \(or fly\.\*\.toml, fly\.\*\.yaml, fly\.\*\.json\) found in this directory or below \(\.git and node_modules are skipped\)\n$/],
    ["missing --config", ["lint", "--config", "nope.json"], /nope\.json: config file not found/],
    ["stdin twice", ["lint", "-", "-"], /can be given only once/],
    ["unknown option", ["lint", "--frobnicate"], /unknown option '--frobnicate'/],
  ];
  mkdirSync(join(cwd, "empty"));
  for (const [name, argv, msg] of cases) {
    it(name, async () => {
      const r = await run(argv, { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe("");
    });
  }

  it("--help exits 0; no arguments prints help and exits 2", async () => {
    const h = await run(["lint", "--help"], { cwd });
    expect(h.code).toBe(0);
    expect(h.stdout).toContain("--max-warnings");
    expect((await run([], { cwd })).code).toBe(2);
  });
});

describe("path discovery", () => {
  const cwd = project();

  it("a directory is searched recursively for fly.toml and fly.*.toml, sorted, skipping .git, node_modules and ignored paths", async () => {
    const r = await run(["lint", "-f", "json", "."], { cwd });
    const paths = JSON.parse(r.stdout).files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(["apps/api/fly.toml", "apps/web/fly.staging.toml", "apps/web/fly.toml", "fly.toml"]);
  });

  it("the order is sorted whatever the argument order, and a file given twice (or also via its directory) is linted once", async () => {
    const r = await run(["lint", "-f", "json", "fly.toml", "apps/web/fly.toml", "apps", "./fly.toml", "apps/../fly.toml"], { cwd });
    const paths = JSON.parse(r.stdout).files.map((f: { path: string }) => f.path);
    expect(paths).toEqual(["apps/api/fly.toml", "apps/web/fly.staging.toml", "apps/web/fly.toml", "fly.toml"]);
  });

  it("an explicitly named file need not be called fly.toml", async () => {
    writeFileSync(join(cwd, "app.toml"), 'app = "x"\n');
    expect((await run(["lint", "app.toml"], { cwd })).code).toBe(0);
  });

  it("symlinked files are linted once; symlinked directories are not followed (no cycles)", async () => {
    const dir = join(tmpRoot, `links${n++}`);
    mkdirSync(join(dir, "real"), { recursive: true });
    writeFileSync(join(dir, "real/fly.toml"), 'app = "x"\n');
    symlinkSync(join(dir, "real"), join(dir, "loop"));
    symlinkSync(join(dir, "real/fly.toml"), join(dir, "fly.staging.toml"));
    const d = discoverFiles(["."], { cwd: dir, configs: new ConfigResolver() });
    expect(d.files.map((f) => f.path)).toEqual(["fly.staging.toml"]);
  });

  it("a walked file is shown as join(argument, path below it) shows it, however the directory is written", () => {
    const dir = join(tmpRoot, `shown${n++}`);
    mkdirSync(join(dir, "a/b"), { recursive: true });
    writeFileSync(join(dir, "a/b/fly.toml"), 'app = "x"\n');
    const shown = (arg: string) => discoverFiles([arg], { cwd: dir, configs: new ConfigResolver() }).files.map((f) => f.path);
    for (const arg of [".", "./", "a", "a/", "./a", "a/../a", "a//b", join(dir, "a"), `${dir}/`]) {
      const below = relative(resolve(dir, arg), join(dir, "a/b/fly.toml"));
      expect(shown(arg), arg).toEqual([normalize(join(arg, below))]);
    }
  });

  it("isFlyTomlName", () => {
    expect(["fly.toml", "fly.staging.toml", "fly.a.b.toml"].every(isFlyTomlName)).toBe(true);
    expect(["fly.toml.bak", "myfly.toml", "fly.json", "Fly.toml", "fly..toml2"].some(isFlyTomlName)).toBe(false);
  });

  it("all inputs ignored: exit 0 with a note saying which pattern did it", async () => {
    const r = await run(["lint", "legacy/fly.toml"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('flyconf: nothing to lint: every input is ignored (legacy/fly.toml by "legacy")\n');
  });
});

describe("configuration", () => {
  it("the config found upward from the file sets severities; --rule overrides it", async () => {
    const cwd = project();
    writeFileSync(join(cwd, "apps/.flyconf.json"), JSON.stringify({ rules: { "autostart-type": "warn" } }));
    const r = await run(["lint", "-f", "compact", "apps/web/fly.toml"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("warning http_service.auto_start_machines");
    expect((await run(["lint", "--rule", "autostart-type=error", "apps/web/fly.toml"], { cwd })).code).toBe(1);
    expect((await run(["lint", "--rule", "autostart-type=off", "--rule", "autostop-value=off", "apps"], { cwd })).code).toBe(0);
    // The nearest config governs (no merging): apps/.flyconf.json has no ignore, and legacy is outside apps anyway.
    expect((await run(["lint", "-f", "compact", "--max-warnings", "0", "apps/web/fly.staging.toml"], { cwd })).code).toBe(1);
  });

  it("a bad config file: exit 2 with every problem named", async () => {
    const cwd = project();
    writeFileSync(join(cwd, ".flyconf.json"), JSON.stringify({ rules: { "autostart-typo": "warn", "autostop-value": "warnings" }, ignores: [] }));
    const r = await run(["lint", "fly.toml"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(cwd, ".flyconf.json")}: invalid configuration:`);
    expect(r.stderr).toContain('unknown rule "autostart-typo" (did you mean "autostart-type"?)');
    expect(r.stderr).toContain('rules.autostop-value: expected "off", "warn" (or "warning"), "error" or "info", got "warnings"');
    expect(r.stderr).toContain('Unrecognized key: "ignores"');
    writeFileSync(join(cwd, ".flyconf.json"), "{ not json");
    const r2 = await run(["lint", "fly.toml"], { cwd });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/\.flyconf\.json: not valid JSON \(/);
  });

  it("--config names the file to use instead of searching; its ignore globs are relative to it", async () => {
    const cwd = project();
    writeFileSync(join(cwd, "strict.json"), JSON.stringify({ rules: { "unused-suppression": "error" }, ignore: ["apps/api"] }));
    const r = await run(["lint", "-f", "compact", "--config", "strict.json", "."], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("apps/web/fly.staging.toml:4:1: error suppression of autostart-type");
    expect(r.stdout).not.toContain("apps/api");
    // With --config, the project's own .flyconf.json (which ignores legacy) is not used.
    expect(r.stdout).toContain("legacy/fly.toml");
  });

  it("flyconf.config.json is found too", async () => {
    const cwd = project();
    rmSync(join(cwd, ".flyconf.json"));
    writeFileSync(join(cwd, "flyconf.config.json"), JSON.stringify({ ignore: ["apps/web/*.toml", "legacy/"] }));
    const r = await run(["lint", "-f", "json", "."], { cwd });
    expect(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path)).toEqual(["apps/api/fly.toml", "fly.toml"]);
  });
});

describe("stdin", () => {
  const cwd = project();
  const bad = readFileSync(join(cwd, "apps/web/fly.toml"), "utf8");

  it("- reads stdin, shown as <stdin>", async () => {
    const r = await run(["lint", "-f", "compact", "-"], { cwd, readStdin: stdinOf(bad) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:8:25: error .*\[autostart-type\]\n$/);
  });

  it("--stdin-filename names it, and its directory's config applies (including ignore)", async () => {
    writeFileSync(join(cwd, "apps/.flyconf.json"), JSON.stringify({ rules: { "autostart-type": "info" } }));
    const r = await run(["lint", "-f", "compact", "--stdin-filename", "apps/web/fly.toml", "-"], { cwd, readStdin: stdinOf(bad) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^apps\/web\/fly\.toml:8:25: info /);
    const ign = await run(["lint", "--stdin-filename", "legacy/fly.toml", "-"], { cwd, readStdin: stdinOf(bad) });
    expect(ign.code).toBe(0);
    expect(ign.stdout).toBe("");
    rmSync(join(cwd, "apps/.flyconf.json"));
  });

  it("--fix with -: the fixed text goes to stdout, the report to stderr", async () => {
    const r = await run(["lint", "-f", "compact", "--fix", "-"], { cwd, readStdin: stdinOf(bad) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(bad.replace('"true"', "true"));
    expect(r.stderr).toBe("");
  });

  it("stdin together with files", async () => {
    const r = await run(["lint", "-f", "json", "fly.toml", "-"], { cwd, readStdin: stdinOf(bad) });
    expect(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path)).toEqual(["<stdin>", "fly.toml"]);
  });

  it("a stdin read failure is exit 2", async () => {
    const r = await run(["lint", "-"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("flyconf: <stdin>: cannot read (this test gives no stdin)\n");
  });
});

describe("--fix and --fix-dry-run", () => {
  it("--fix-dry-run prints a unified diff on stdout, the remaining findings on stderr, and writes nothing", async () => {
    const cwd = project();
    const before = readFileSync(join(cwd, "apps/web/fly.toml"), "utf8");
    const r = await run(["lint", "-f", "compact", "--fix-dry-run", "apps"], { cwd });
    expect(r.stdout).toBe(
      [
        "--- a/apps/web/fly.toml",
        "+++ b/apps/web/fly.toml",
        "@@ -5,5 +5,5 @@",
        "   internal_port = 8080",
        "   force_https = true",
        '   auto_stop_machines = "stop"',
        '-  auto_start_machines = "true"   # quoted by mistake',
        "+  auto_start_machines = true   # quoted by mistake",
        "   min_machines_running = 0",
        "",
      ].join("\n"),
    );
    // What would remain after fixing: the unfixable api error and the staging warning.
    expect(r.stderr).toContain("apps/api/fly.toml:6:24: error");
    expect(r.stderr).toContain("apps/web/fly.staging.toml:4:1: warning");
    expect(r.stderr).not.toContain("autostart-type]");
    expect(r.code).toBe(1);
    expect(readFileSync(join(cwd, "apps/web/fly.toml"), "utf8")).toBe(before);
  });

  it("--fix writes the fixed files, reports what remains; a second run changes nothing and is clean for the rule", async () => {
    const cwd = project();
    const r = await run(["lint", "-f", "compact", "--fix", "."], { cwd });
    expect(r.code).toBe(1); // apps/api's autostop-value has no fix
    expect(r.stdout).not.toContain("[autostart-type]");
    const after = readFileSync(join(cwd, "apps/web/fly.toml"), "utf8");
    expect(after).toContain("auto_start_machines = true   # quoted by mistake");
    // Ignored and skipped files are never written.
    expect(readFileSync(join(cwd, "legacy/fly.toml"), "utf8")).toContain('"true"');
    expect(readFileSync(join(cwd, "node_modules/pkg/fly.toml"), "utf8")).toContain('"true"');
    const again = await run(["lint", "-f", "compact", "--fix", "."], { cwd });
    expect(again.stdout).toBe(r.stdout);
    expect(readFileSync(join(cwd, "apps/web/fly.toml"), "utf8")).toBe(after);
    const dry = await run(["lint", "--fix-dry-run", "."], { cwd });
    expect(dry.stdout).toBe("");
  });

  it("--fix keeps CRLF line endings", async () => {
    const cwd = project();
    const crlf = readFileSync(join(cwd, "apps/web/fly.toml"), "utf8").replace(/\n/g, "\r\n");
    writeFileSync(join(cwd, "apps/web/fly.toml"), crlf);
    expect((await run(["lint", "--fix", "apps/web/fly.toml"], { cwd })).code).toBe(0);
    expect(readFileSync(join(cwd, "apps/web/fly.toml"), "utf8")).toBe(crlf.replace('"true"', "true"));
  });
});

describe("rules and explain", () => {
  const cwd = tmpRoot;
  it("rules prints a table: id, default severity, fixable, description", async () => {
    const r = await run(["rules"], { cwd });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+FIXABLE\s+DESCRIPTION$/);
    expect(r.stdout).toMatch(/\nautostart-type\s+error\s+yes\s+auto_start_machines is not a boolean/);
    expect(r.stdout).toMatch(/\nunused-suppression\s+warning\s+no\s+/);
  });

  it("rules --format json is machine-readable", async () => {
    const r = await run(["rules", "--format", "json"], { cwd });
    const rules = JSON.parse(r.stdout);
    expect(rules.find((x: { id: string }) => x.id === "autostart-type")).toMatchObject({ severity: "error", fixable: true, inputs: expect.any(Array), description: expect.any(String), docs: expect.stringContaining("Bad:") });
  });

  it("explain ID prints a header and the docs", async () => {
    const r = await run(["explain", "autostart-type"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# autostart-type\n\nDefault severity: error · Fixable: yes/);
    expect(r.stdout).toContain("Bad:\n```toml\n[http_service]\nauto_start_machines = \"true\"");
    // The installed copy of the rule's page (docs/rules, in the npm package).
    expect(r.stdout.endsWith(`\nPage: ${join(projectRoot, "docs/rules/autostart-type.md")}\n`)).toBe(true);
  });

  it("explain with an unknown id: exit 2 with a suggestion", async () => {
    const r = await run(["explain", "autostart-typ"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('flyconf: unknown rule "autostart-typ"; did you mean "autostart-type"? (`flyconf rules` lists them)\n');
    expect((await run(["explain", "zzzz"], { cwd })).stderr).toBe('flyconf: unknown rule "zzzz" (`flyconf rules` lists them)\n');
  });
});

describe("lintFile (the per-input seam)", () => {
  it("routes by input kind: .toml (and anything else) is fly.toml; .json is Machine JSON", () => {
    expect(inputKindOf("fly.toml")).toBe("fly.toml");
    expect(inputKindOf("fly.production.toml")).toBe("fly.toml");
    expect(inputKindOf("machine.JSON")).toBe("machine-json");
  });

  it("a .json file goes to the Machine JSON linter (findings, no fixes: --fix leaves it alone)", async () => {
    const cwd = project();
    cpSync(join(projectRoot, "fixtures/machine-json/invalid/autostart-string.json"), join(cwd, "machine.json"));
    const before = readFileSync(join(cwd, "machine.json"), "utf8");
    const r = await run(["lint", "-f", "compact", "--fix", "machine.json"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^machine\.json:\d+:\d+: error .*\[autostart-type\]\n$/);
    expect(readFileSync(join(cwd, "machine.json"), "utf8")).toBe(before);
    // stdin is routed by --stdin-filename.
    const s = await run(["lint", "-f", "compact", "--stdin-filename", "m.json", "-"], { cwd, readStdin: stdinOf(before) });
    expect(s.stdout).toMatch(/^m\.json:\d+:\d+: error .*\[autostart-type\]\n$/);
  });

  it("returns a FileResult with the source for code frames, and a fix record when fixing", () => {
    const bytes = Buffer.from('app = "x"\n[http_service]\ninternal_port = 8080\nauto_start_machines = "false"\n');
    const r = lintFile("fly.toml", bytes, { rules: {}, maxBytes: 1 << 20, fix: false });
    expect(r.diagnostics.map((d) => d.ruleId)).toEqual(["autostart-type"]);
    expect(r.source).toBe(bytes.toString("utf8"));
    const f = lintFile("fly.toml", bytes, { rules: {}, maxBytes: 1 << 20, fix: true });
    expect(f.fix).toMatchObject({ applied: 1, before: bytes.toString("utf8") });
    expect(f.fix!.after).toContain("auto_start_machines = false\n");
  });
});

const bin = join(projectRoot, "bin/flyconf.js");
const built = existsSync(join(projectRoot, "dist/cli/lint.js")) && existsSync(join(projectRoot, "dist/cli/main.js"));
describe.skipIf(!built)("the real binary (node bin/flyconf.js; needs npm run build)", () => {
  const cwd = project();
  const node = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { cwd, input, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });

  it("lint: exit 1 with compact output for a file with an error; exit 0 for a clean one", () => {
    const r = node(["lint", "-f", "compact", "apps/web/fly.toml"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`${WEB_ERROR}\n`);
    expect(r.status).toBe(1);
    expect(node(["lint"]).status).toBe(0);
  });

  it("lint - reads real stdin; usage errors exit 2 without a stack trace", () => {
    const r = node(["lint", "-f", "compact", "--stdin-filename", "x/fly.toml", "-"], readFileSync(join(cwd, "apps/web/fly.toml"), "utf8"));
    expect(r.stdout).toMatch(/^x\/fly\.toml:8:25: error /);
    expect(r.status).toBe(1);
    const bad = node(["lint", "--rule", "nope=off"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^flyconf: --rule nope=off: unknown rule "nope"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("--fix through the real binary is atomic and idempotent", () => {
    const file = join(cwd, "apps/web/fly.toml");
    expect(node(["lint", "--fix", "apps/web/fly.toml"]).status).toBe(0);
    const once = readFileSync(file);
    expect(node(["lint", "--fix", "apps/web/fly.toml"]).status).toBe(0);
    expect(readFileSync(file)).toEqual(once);
  });
});

describe("lazy Machine JSON support", () => {
  it("the CLI's JSON size cap matches the engine's", async () => {
    const cli = await import("../src/cli/lint.js");
    const engine = await import("../src/lint/machine-lint.js");
    expect(cli.DEFAULT_MAX_JSON_BYTES).toBe(engine.DEFAULT_MAX_JSON_BYTES);
  });
});
