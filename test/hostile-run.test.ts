// Issue 9: a hostile repository cannot take over a run. Each reproduction of the issue, built at test time in a temp
// directory (symlinks, FIFOs, /dev/zero links, names with control characters), through every entry point it
// reaches: the library (lint, compile, compile({ machine })), the CLI in-process, and the real launcher.
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import type { LintIO } from "../src/cli/lint.js";
import { escapeControl, escapeLine, escapePath } from "../src/escape.js";
import { formatResults, type FileResult, type FormatName } from "../src/format/index.js";
import { lint } from "../src/lint/lint.js";
import { safeClone, safeMerge } from "../src/object.js";
import { compile } from "../src/pipeline.js";
import { projectRoot } from "./helpers/shared.js";

const isRoot = process.getuid?.() === 0;
const root = mkdtempSync(join(tmpdir(), "flyconf-issue9-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
function tmp(): string {
  const d = join(root, `t${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
async function cli(argv: string[], opts: Partial<LintIO> = {}): Promise<Run> {
  const out = { stdout: "", stderr: "" };
  const io: LintIO = { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s), env: {}, isTTY: false, stderrIsTTY: false, ...opts };
  const code = await main(argv, io);
  return { code, ...out };
}

/** Own property names of the shared prototypes: what a pollution changes. */
const PROTOS = [Object.prototype, Array.prototype, Function.prototype];
const protoKeys = () => JSON.stringify(PROTOS.map((p) => Object.getOwnPropertyNames(p).sort()));
const CLEAN = protoKeys();
afterEach(() => {
  // A failing run on old code pollutes this worker; undo it so one failure does not cascade into every test.
  for (const p of PROTOS) for (const k of Object.getOwnPropertyNames(p)) if (!ORIGINAL.get(p)!.has(k)) delete (p as Record<string, unknown>)[k];
});
const ORIGINAL = new Map(PROTOS.map((p) => [p, new Set(Object.getOwnPropertyNames(p))]));

const POLLUTE = `{"__proto__": {"unknown-key": "off", "autostart-type": "off", "outputFile": ".git/hooks/pre-commit", "polluted": "yes"}}`;
const VIA_CONSTRUCTOR = `{"constructor": {"prototype": {"polluted": "yes", "unknown-key": "off"}}}`;

describe("1. prototype pollution: one safe merge, null-prototype and own-property reads", () => {
  for (const [name, json] of [
    ["__proto__", POLLUTE],
    ["constructor.prototype", VIA_CONSTRUCTOR],
  ] as const) {
    const toml = `app = "a"\nmachine_config = '${json}'\n`;
    it(`machine_config through ${name}: lint() and compile() leave Object.prototype alone`, () => {
      lint(toml);
      compile(toml);
      expect(protoKeys()).toBe(CLEAN);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it("compile({ machine }) with guest / env / metadata holding __proto__ and constructor: no pollution, no crash", () => {
    const machine = JSON.parse(`{"config": {"guest": ${POLLUTE}, "env": ${POLLUTE}, "metadata": ${VIA_CONSTRUCTOR}, "init": {"__proto__": {"polluted": 1}}}}`) as unknown;
    const r = compile('app = "a"\n[[vm]]\nmemory = 512\n', { machine, detached: "attach" });
    expect(protoKeys()).toBe(CLEAN);
    expect(r.diagnostics).toEqual([]);
    // The prototype keys are dropped, the rest of the Machine is kept.
    expect(Object.getPrototypeOf(r.configs.app!.guest)).toBe(Object.prototype);
    expect(Object.keys(r.configs.app!.env!)).toEqual(["FLY_PROCESS_GROUP"]);
  });

  it("a machine_config file named by fly.toml and a --merge Machine go through the same routine", async () => {
    const d = tmp();
    writeFileSync(join(d, "mc.json"), POLLUTE);
    writeFileSync(join(d, "machine.json"), `{"config": {"env": ${POLLUTE}}}`);
    writeFileSync(join(d, "fly.toml"), 'app = "a"\nmachine_config = "mc.json"\n');
    const r = await cli(["compile", "--merge", join(d, "machine.json"), "--attach", join(d, "fly.toml")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(protoKeys()).toBe(CLEAN);
  });

  it("the CLI: a polluting file does not switch rules off for the next file nor redirect the report", async () => {
    const d = tmp();
    mkdirSync(join(d, ".git", "hooks"), { recursive: true });
    writeFileSync(join(d, "a.fly.toml"), `app = "a"\nmachine_config = '${POLLUTE}'\n`);
    writeFileSync(join(d, "b.fly.toml"), 'app = "b"\nunknown_thing = 1\n[http_service]\ninternal_port = 8080\nauto_start_machines = "true"\n');
    const r = await cli(["lint", "--format", "compact", "a.fly.toml", "b.fly.toml"], { cwd: d });
    expect(protoKeys()).toBe(CLEAN);
    expect(r.stdout).toMatch(/b\.fly\.toml:2:1: warning unknown key "unknown_thing"/);
    expect(r.stdout).toMatch(/\[autostart-type\]/);
    expect(existsSync(join(d, ".git", "hooks", "pre-commit"))).toBe(false);
  });

  it("lint options are read as own properties: an inherited rules entry switches nothing off", () => {
    const options = Object.create({ rules: { "unknown-key": "off" } }) as object;
    expect(lint('app = "a"\nunknown_thing = 1\n', options).diagnostics.map((d) => d.ruleId)).toEqual(["unknown-key"]);
    const rules = Object.create({ "unknown-key": "off" }) as Record<string, never>;
    expect(lint('app = "a"\nunknown_thing = 1\n', { rules }).diagnostics.map((d) => d.ruleId)).toEqual(["unknown-key"]);
  });

  it("safeMerge: Go's unmarshal (objects merge, the rest replaces), unsafe keys skipped, copies not aliases, depth capped", () => {
    const target: Record<string, unknown> = { a: { x: 1, y: 2 }, l: [1], s: "k" };
    const src = JSON.parse('{"a": {"y": 3, "__proto__": {"p": 1}, "constructor": {"prototype": {"p": 1}}}, "l": [2, {"z": 1}], "s": {"o": 1}, "prototype": 1}') as Record<string, unknown>;
    safeMerge(target, src);
    expect(target).toEqual({ a: { x: 1, y: 3 }, l: [2, { z: 1 }], s: { o: 1 } });
    expect((target.l as unknown[])[1]).not.toBe((src.l as unknown[])[1]);
    expect(protoKeys()).toBe(CLEAN);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { a: deep };
    expect(() => safeClone(deep)).toThrow(/nests more than 64 levels/);
    expect(() => safeMerge({}, deep as Record<string, unknown>)).toThrow(/nests more than 64 levels/);
  });

  it("a 20,000-deep machine_config: one positioned diagnostic, no stack overflow", () => {
    const deep = `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`;
    for (const toml of [`app = "a"\nmachine_config = '${deep}'\n`, `app = "a"\nmachine_config = """${deep}"""\n`]) {
      const r = compile(toml, { maxBytes: 1 << 20 });
      // machine_config is read by the JSON reader (depth-capped) and decoded along fly-go's types
      // (src/model/go-json.ts).
      expect(r.diagnostics.map((d) => `${d.line}:${d.ruleId}:${/nest(s|ed) (more|deeper) than \d+ levels/.test(d.message)}`)).toEqual(["2:invalid-type:true"]);
    }
  });

  it.skipIf(!existsSync(join(projectRoot, "dist/flyconf.cjs")))("the real CLI freezes Object.prototype before it reads input, and still works", () => {
    const d = tmp();
    // A file that exercises decode errors, fixes and the machine_config merge with prototype keys.
    writeFileSync(join(d, "fly.toml"), `app = "a"\nmachine_config = '${POLLUTE}'\n[http_service]\ninternal_port = 8080\nauto_start_machines = "true"\n`);
    const bin = join(projectRoot, "bin/flyconf.js");
    const probe = join(d, "probe.cjs");
    // The launcher's own code: it must freeze before anything else runs.
    writeFileSync(probe, `process.argv = [process.argv[0], ${JSON.stringify(bin)}, "lint", "--format", "json", "--fix", ${JSON.stringify(join(d, "fly.toml"))}];\nrequire(${JSON.stringify(bin)});\nprocess.on("exit", () => process.stderr.write("frozen=" + Object.isFrozen(Object.prototype)));\n`);
    const r = spawnSync(process.execPath, [probe], { encoding: "utf8" });
    expect(r.stderr).toBe("frozen=true");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ files: 1, errors: 0 });
  });
});

describe("2. output injection: one escaping boundary", () => {
  const ESC = "\u001b]0;owned\u0007";
  const hostileName = `fly.${ESC}\n::error file=x.toml,line=1::forged.toml`;
  const result: FileResult = {
    path: hostileName,
    source: `app = "a"\n[env]\n"${"\\u001b"}[2J::warning::k" = "v"\n# ##[error]legacy\n`,
    diagnostics: [
      { ruleId: "unknown-key", severity: "warning", message: `unknown key "\u001b[2J\n::warning::x" ##[error]y \u202egnp.exe`, line: 3, column: 1, endLine: 3, endColumn: 10, keyPath: "" },
      { ruleId: "unknown-key", severity: "error", message: "m", line: 4, column: 3, endLine: 4, endColumn: 8, keyPath: "" },
    ],
  };

  /** Every line of human output: no raw control characters, and no line a GitHub runner reads as a command. */
  function expectInert(text: string, ownAnnotations = false): void {
    expect(text.slice(0, -1)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    for (const line of text.split("\n")) {
      if (ownAnnotations && line !== "") expect(line).toMatch(/^::(error|warning|notice) file=[^:]*,line=\d+,(col=\d+,)?endLine=\d+,(endColumn=\d+,)?title=flyconf \([a-z-]+\)::/);
      else expect(line.trimStart().startsWith("::"), line).toBe(false);
      expect(line.includes("##["), line).toBe(false);
    }
  }

  for (const format of ["stylish", "compact", "github"] as FormatName[]) {
    it(`${format}: file names, messages and code frames are rendered inert`, () => {
      const out = formatResults(format, [result], { color: format === "stylish", rules: [], cwd: "/w", toolVersion: "0" });
      // Colour codes are flyconf's own; strip them, then nothing of the input may remain raw.
      expectInert(out.replace(/\u001b\[\d+m/g, ""), format === "github");
      if (format !== "github") expect(out).toContain("\\u001b]0;owned\\u0007\\n");
      expect(out.split("\n").filter((l) => l.startsWith("::")).length).toBe(format === "github" ? 2 : 0);
    });
  }

  it("escapeControl / escapePath / escapeLine", () => {
    expect(escapeControl("a\u001bb\nc\td\u0085\u2028\u202e")).toBe("a\\u001bb\\nc\\td\\u0085\\u2028\\u202e");
    expect(escapeControl("plain ✓ text")).toBe("plain ✓ text");
    expect(escapeControl("x ##[error]y")).toBe("x ##\\[error]y");
    expect(escapePath("::error::x/fly.toml")).toBe("./::error::x/fly.toml");
    expect(escapePath(" ::e")).toBe("./ ::e");
    expect(escapeLine("::warning::x")).toBe("\\::warning::x");
  });

  it("the CLI: a file named with a newline, ESC and ::error reaches stdout and stderr escaped (compact, github, compile)", async () => {
    const d = tmp();
    const name = `fly.${ESC}\n::error file=a,line=1::forged.toml`;
    writeFileSync(join(d, name), 'app = "a"\n[http_service]\ninternal_port = 8080\nauto_start_machines = "true"\n"\\u001b[31m::x" = 1\n');
    for (const format of ["compact", "github", "stylish"]) {
      const r = await cli(["lint", "--format", format, "."], { cwd: d });
      expect(r.code, r.stderr).toBe(1);
      expectInert(r.stdout, format === "github");
      expectInert(r.stderr);
    }
    const prev = process.cwd();
    process.chdir(d);
    try {
      const r = await cli(["compile", name]);
      expect(r.code).toBe(1);
      expectInert(r.stderr);
      expect(r.stderr).toContain("fly.\\u001b]0;owned\\u0007\\n::error file=a,line=1::forged.toml:4:");
      const missing = await cli(["compile", `nope\n::error::x`]);
      expect(missing.code).toBe(2);
      expectInert(missing.stderr);
    } finally {
      process.chdir(prev);
    }
  });

  it("config errors: each problem on its own escaped line", async () => {
    const d = tmp();
    writeFileSync(join(d, ".flyconf.json"), JSON.stringify({ rules: { "x\n::error::forged": "off" } }));
    writeFileSync(join(d, "fly.toml"), 'app = "a"\n');
    const r = await cli(["lint", "fly.toml"], { cwd: d });
    expect(r.code).toBe(2);
    expectInert(r.stderr);
    expect(r.stderr.split("\n")[1]).toMatch(/^ {2}rules\.x\\n::error::forged: unknown rule/);
  });

  it("JSON outputs (json, sarif, --print-config, compile, plan): the same values, with nothing a terminal or CI acts on left raw", async () => {
    const d = tmp();
    const hostile = "\u009b31m\u202e\u2028##[error]x\u0085";
    writeFileSync(join(d, ".flyconf.json"), JSON.stringify({ ignore: [`x${hostile}`] }));
    writeFileSync(join(d, "fly.toml"), `app = "a"\n[env]\nK = "${hostile}"\n[processes]\n"g${hostile}" = "run"\n[http_service]\ninternal_port = 8080\nprocesses = ["g${hostile}"]\n"k${hostile}" = 1\n`);
    writeFileSync(join(d, "machines.json"), "[]");
    const runs = [
      await cli(["lint", "--format", "json", "fly.toml"], { cwd: d }),
      await cli(["lint", "--format", "sarif", "fly.toml"], { cwd: d }),
      await cli(["lint", "--print-config", "fly.toml"], { cwd: d }),
    ];
    const prev = process.cwd();
    process.chdir(d);
    try {
      runs.push(await cli(["compile", "fly.toml"]), await cli(["plan", "--format", "json", "--machines", "machines.json", "fly.toml"]));
    } finally {
      process.chdir(prev);
    }
    for (const r of runs) {
      expect(r.stdout, r.stderr).not.toBe("");
      expectInert(r.stdout);
      // The escapes mean the same characters: what a tool parses is unchanged.
      expect(JSON.stringify(JSON.parse(r.stdout))).toContain(JSON.stringify(hostile).slice(1, -1));
    }
  });

  it("--fix-dry-run: a hostile path is quoted as git quotes it, hostile lines are escaped, and the rest still applies", async () => {
    const d = tmp();
    const name = `fly.x\n::error file=a::forged ##[x].toml`;
    // C1 CSI, a bidi override and a legacy ##[ command in a comment; a multi-line string line GitHub would read as
    // a workflow command once the diff's context prefix (a space) is in front of it.
    const text = 'app = "a"\n[processes]\napp = """\n::error::forged\n"""\n[http_service]\nauto_start_machines = "true"\n# \u009b31m \u202e ##[error]x\ninternal_port = 8080\n';
    writeFileSync(join(d, name), text);
    const r = await cli(["lint", "--fix-dry-run", "--format", "compact", name], { cwd: d });
    expect(r.code).toBe(1);
    expectInert(r.stdout);
    const lines = r.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual(['--- "a/fly.x\\n::error file=a::forged \\043\\043[x].toml"', '+++ "b/fly.x\\n::error file=a::forged \\043\\043[x].toml"']);
    expect(lines).toContain(" # \\u009b31m \\u202e ##\\[error]x");
    expect(lines).toContain(" \\::error::forged");
    // git reads the quoted header back: with the hostile lines out of the hunk's context, the diff applies as is.
    const g = tmp();
    writeFileSync(join(g, name), 'app = "a"\n\n\n\n\n[http_service]\nauto_start_machines = "true"\n\ninternal_port = 8080\n');
    const clean = await cli(["lint", "--fix-dry-run", name], { cwd: g });
    expect(clean.stdout.split("\n")[0]).toBe(lines[0]);
    const apply = spawnSync("git", ["apply", "--unsafe-paths", "-"], { cwd: g, input: clean.stdout, encoding: "utf8" });
    expect(apply.status, apply.stderr).toBe(0);
    expect(readFileSync(join(g, name), "utf8")).toContain("auto_start_machines = true\n");
  });

  describe("usage errors: commander quotes argv, and what it writes goes through the same boundary", () => {
    const bin = join(projectRoot, "bin/flyconf.js");
    const FORGE = "\n::error file=fly.toml,line=1::forged";
    const ARGVS: [string, string[]][] = [
      ["an unknown option with a newline and ::error", ["lint", `--x${FORGE}`]],
      ["an unknown option that sets the terminal title", ["lint", `--${ESC}`]],
      ["an unknown command", [`lin${FORGE}`]],
      ["an unknown command that clears the screen", ["\u001b[2J\u001b[H"]],
      ["a bad number (our own argument parser)", ["lint", "--max-bytes", `1${FORGE}`]],
      ["a value outside the choices", ["lint", "-f", `x${FORGE}`]],
      ["a forged suggestion line", ["lint", `--fi\n(Did you mean --fix?)${FORGE}`]],
      ["under --format github", ["lint", "--format", "github", `--\u202e${FORGE}`]],
      ["a bad --rule (flyconf's own message)", ["lint", "--rule", `x${FORGE}`]],
      ["explain of an unknown id", ["explain", `x${FORGE}`]],
      ["help for an unknown command", ["help", `x${FORGE}`]],
    ];
    it.each(ARGVS)("%s: exit 2, one escaped line, no workflow command (bin/flyconf.js)", (_name, argv) => {
      if (!existsSync(join(projectRoot, "dist/cli/main.js"))) throw new Error("dist/ is missing: run npm run build before npm test");
      // As in a GitHub Actions step, where the default format is github.
      const r = spawnSync(process.execPath, [bin, ...argv], { encoding: "utf8", env: { ...process.env, GITHUB_ACTIONS: "true" } });
      expect(r.status).toBe(2);
      expectInert(r.stdout);
      expectInert(r.stderr);
      if (argv.some((a) => a.includes(FORGE))) expect(r.stdout + r.stderr).not.toContain("\n::error");
      if (!argv.includes("help")) expect(r.stderr).toMatch(/^(error|flyconf): .*\\n::error file=fly.toml,line=1::forged|^error: unknown (option|command) '.*\\u00(1b|2e)/);
    });

    it("commander's own suggestion keeps its line; an argument's line break does not", () => {
      if (!existsSync(join(projectRoot, "dist/cli/main.js"))) throw new Error("dist/ is missing: run npm run build before npm test");
      const r = spawnSync(process.execPath, [bin, "lint", "--fi"], { encoding: "utf8" });
      expect(r.stderr).toBe("error: unknown option '--fi'\n(Did you mean --fix?)\n(run flyconf --help for usage)\n");
      const forged = spawnSync(process.execPath, [bin, "lnt\n(Did you mean lint?)"], { encoding: "utf8" });
      expect(forged.stderr).toBe("error: unknown command 'lnt\\n(Did you mean lint?)'\n(run flyconf --help for usage)\n");
    });
  });
});

describe("3. exfiltration through symlinks", () => {
  it("the walk does not follow a fly.toml link leaving the walked root, reports it skipped and prints nothing of it", async () => {
    const outside = tmp();
    writeFileSync(join(outside, ".env"), "DATABASE_PASSWORD = 'hunter2-secret'\n");
    const repo = tmp();
    mkdirSync(join(repo, "app"));
    symlinkSync(join(outside, ".env"), join(repo, "app", "fly.toml"));
    writeFileSync(join(repo, "fly.toml"), 'app = "a"\n');
    // An inside link is still linted.
    symlinkSync(join(repo, "fly.toml"), join(repo, "fly.inside.toml"));
    for (const format of ["stylish", "compact", "json", "github", "sarif"]) {
      const r = await cli(["lint", "--format", format, "."], { cwd: repo });
      expect(r.stdout + r.stderr).not.toContain("hunter2");
      expect(r.stderr).toMatch(/^flyconf: skipped app\/fly\.toml: a symbolic link to a file outside /m);
      expect(r.code).toBe(0);
    }
    const only = tmp();
    symlinkSync(join(outside, ".env"), join(only, "fly.toml"));
    const r = await cli(["lint", "."], { cwd: only });
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).not.toContain("hunter2");
  });

  it("an explicitly named link is read when it resolves to a regular file; to a directory or a device it is refused", async () => {
    const d = tmp();
    writeFileSync(join(d, "real.toml"), 'app = "a"\n');
    symlinkSync(join(d, "real.toml"), join(d, "fly.toml"));
    expect((await cli(["lint", "fly.toml"], { cwd: d })).code).toBe(0);
    symlinkSync("/dev/zero", join(d, "zero.toml"));
    const z = await cli(["lint", "zero.toml"], { cwd: d });
    expect(z.code).toBe(2);
    expect(z.stderr).toMatch(/zero\.toml: is a character device, not a regular file/);
  });
});

describe("4. unbounded reads: regular files only, a cap that holds for devices and pipes", () => {
  const devices = ["/dev/zero", "/dev/urandom"].filter((p) => existsSync(p));
  it.each(devices)("fly.toml -> %s: refused at once, one line, exit 2 (lint and compile)", async (dev) => {
    const d = tmp();
    symlinkSync(dev, join(d, "fly.toml"));
    const l = await cli(["lint", "--max-bytes", "100", "fly.toml"], { cwd: d });
    expect(l.code).toBe(2);
    expect(l.stderr.trim().split("\n")).toHaveLength(1);
    expect(l.stderr).toMatch(/not a regular file/);
    const c = await cli(["compile", join(d, "fly.toml")]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/not a regular file/);
  });

  it("a FIFO named fly.toml does not block: explicitly named it is refused, in a walk it is skipped", async () => {
    const d = tmp();
    const fifo = join(d, "fly.toml");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const r = await cli(["lint", "fly.toml"], { cwd: d });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fly\.toml: is a named pipe, not a regular file/);
    writeFileSync(join(d, "fly.other.toml"), 'app = "a"\n');
    const w = await cli(["lint", "."], { cwd: d });
    expect(w.stderr).toMatch(/skipped fly\.toml: not a regular file/);
    expect(w.code).toBe(0);
    const c = await cli(["lint", "-c", fifo, "fly.other.toml"], { cwd: d });
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/named pipe/);
  });

  it("[[files]] local_path = /dev/zero, a FIFO, or a file outside the project: one diagnostic each, nothing read", async () => {
    const outside = tmp();
    writeFileSync(join(outside, "secret.txt"), "s3cret");
    const repo = tmp();
    mkdirSync(join(repo, ".git"));
    mkdirSync(join(repo, "app"));
    spawnSync("mkfifo", [join(repo, "app", "pipe")]);
    symlinkSync(join(outside, "secret.txt"), join(repo, "app", "link.txt"));
    writeFileSync(join(repo, "shared.txt"), "shared");
    const toml = [
      'app = "a"',
      ...["/dev/zero", "pipe", join(outside, "secret.txt"), "link.txt", "../shared.txt"].flatMap((p, i) => ["[[files]]", `guest_path = "/f${i}"`, `local_path = ${JSON.stringify(p)}`]),
      "",
    ].join("\n");
    writeFileSync(join(repo, "app", "fly.toml"), toml);
    const r = await cli(["compile", join(repo, "app", "fly.toml")]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/:4:14: cannot read local_path "\/dev\/zero" \(relative to fly\.toml\): .*outside the project root .*--allow-read DIR/);
    expect(lines[1]).toMatch(/:7:14: cannot read local_path "pipe" \(relative to fly\.toml\): pipe: is a named pipe, not a regular file/);
    expect(lines[2]).toMatch(/:10:14: cannot read local_path .*secret\.txt.*outside the project root/);
    expect(lines[3]).toMatch(/:13:14: cannot read local_path "link\.txt" \(relative to fly\.toml\): link\.txt is outside the project root .*resolves to/);
    expect(r.stdout + r.stderr).not.toContain("s3cret");
    // --allow-read widens it, for exactly that directory.
    writeFileSync(join(repo, "app", "fly.toml"), `app = "a"\n[[files]]\nguest_path = "/s"\nlocal_path = "link.txt"\n`);
    const ok = await cli(["compile", "--allow-read", outside, join(repo, "app", "fly.toml")]);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toContain(Buffer.from("s3cret").toString("base64"));
  });

  it("a machine_config file outside the project root is refused the same way", async () => {
    const outside = tmp();
    writeFileSync(join(outside, "m.json"), '{"guest": {"cpus": 2}}');
    const repo = tmp();
    writeFileSync(join(repo, "fly.toml"), `app = "a"\nmachine_config = ${JSON.stringify(join(outside, "m.json"))}\n`);
    const r = await cli(["compile", join(repo, "fly.toml")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read machine config file .*outside the project root/);
  });
});

describe("5. denial of service: linear scanners and matchers", () => {
  it("a suppression comment with 100,000 spaces lints in linear time", () => {
    const t0 = performance.now();
    const r = lint(`app = "a"\n# flyconf-disable a${" ".repeat(100_000)}b\n`);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('"a"'), expect.stringContaining('"b"')]);
  });

  it("an ignore glob like *a*a*a*a*b against a long name does not backtrack", async () => {
    const d = tmp();
    writeFileSync(join(d, ".flyconf.json"), JSON.stringify({ ignore: ["*a*a*a*a*a*a*a*a*b", "{*a,*a}{*a,*a}{*a,*a}*b"] }));
    const name = `fly.${"a".repeat(200)}.toml`;
    writeFileSync(join(d, name), 'app = "a"\n');
    const t0 = performance.now();
    const r = await cli(["lint", "--format", "compact", "."], { cwd: d });
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(r.code).toBe(0);
  });
});

describe("6. crashes: EPIPE and ENOSPC on the real process", () => {
  const bin = join(projectRoot, "bin/flyconf.js");
  const built = existsSync(join(projectRoot, "dist/flyconf.cjs"));
  it.skipIf(!built)("flyconf lint … | head -1 (EPIPE): no stack trace, the exit code of a complete run", () => {
    const d = tmp();
    writeFileSync(join(d, "fly.toml"), ['app = "a"', ...Array.from({ length: 5000 }, (_, i) => `unknown_${i} = 1`), ""].join("\n"));
    const r = spawnSync("bash", ["-c", `node ${JSON.stringify(bin)} lint --format compact fly.toml | head -1; echo "rc=\${PIPESTATUS[0]}" >&2`], { cwd: d, encoding: "utf8" });
    expect(r.stdout.split("\n")).toHaveLength(2);
    expect(r.stderr).toBe("rc=0\n");
  });

  it.skipIf(!built || !existsSync("/dev/full"))("flyconf compile … >/dev/full and -o /dev/full (ENOSPC): one line, exit 2, /dev/full still a device", () => {
    const d = tmp();
    writeFileSync(join(d, "fly.toml"), 'app = "a"\n[env]\nA = "b"\n');
    for (const cmd of [`compile fly.toml >/dev/full`, `lint --format json fly.toml >/dev/full`, `lint --format json -o /dev/full fly.toml`]) {
      const r = spawnSync("bash", ["-c", `node ${JSON.stringify(bin)} ${cmd}`], { cwd: d, encoding: "utf8" });
      expect(r.status, cmd).toBe(2);
      expect(r.stderr.trim().split("\n"), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/^flyconf: .*no space left on device\n$/);
    }
    expect(spawnSync("test", ["-c", "/dev/full"]).status).toBe(0);
  });
});

describe("7. --fix writes the file that is there", () => {
  const BROKEN = 'app = "a"\n[http_service]\ninternal_port = 8080\nauto_start_machines = "true"\n';
  const FIXED = BROKEN.replace('"true"', "true");

  it("a symlinked fly.toml: the target is fixed, the link stays a link", async () => {
    const d = tmp();
    mkdirSync(join(d, "real"));
    writeFileSync(join(d, "real", "fly.toml"), BROKEN);
    symlinkSync(join("real", "fly.toml"), join(d, "fly.toml"));
    const r = await cli(["lint", "--fix", "fly.toml"], { cwd: d });
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(d, "fly.toml")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, "real", "fly.toml"), "utf8")).toBe(FIXED);
  });

  it("a hard link stays one file; mode 664 and the owner are kept", async () => {
    const d = tmp();
    writeFileSync(join(d, "fly.toml"), BROKEN);
    linkSync(join(d, "fly.toml"), join(d, "other.toml"));
    chmodSync(join(d, "fly.toml"), 0o664);
    expect((await cli(["lint", "--fix", "fly.toml"], { cwd: d })).code).toBe(0);
    const a = statSync(join(d, "fly.toml"));
    expect(a.ino).toBe(statSync(join(d, "other.toml")).ino);
    expect(readFileSync(join(d, "other.toml"), "utf8")).toBe(FIXED);
    expect(a.mode & 0o777).toBe(0o664);

    const e = tmp();
    writeFileSync(join(e, "fly.toml"), BROKEN);
    chmodSync(join(e, "fly.toml"), 0o775);
    if (isRoot) chownSync(join(e, "fly.toml"), 4321, 4321);
    expect((await cli(["lint", "--fix", "fly.toml"], { cwd: e })).code).toBe(0);
    const b = statSync(join(e, "fly.toml"));
    expect(b.mode & 0o777).toBe(0o775);
    if (isRoot) expect([b.uid, b.gid]).toEqual([4321, 4321]);
    expect(readFileSync(join(e, "fly.toml"), "utf8")).toBe(FIXED);
  });

  it("an edit saved while --fix runs is kept: the write is abandoned with a clear message, exit 2", async () => {
    const d = tmp();
    writeFileSync(join(d, "fly.toml"), BROKEN);
    const edit = `${BROKEN}# my edit\n`;
    const r = await cli(["lint", "--fix", "fly.toml"], { cwd: d, beforeFixWrite: (p) => writeFileSync(p, edit) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/fly\.toml: changed on disk while flyconf was fixing it; nothing written/);
    expect(readFileSync(join(d, "fly.toml"), "utf8")).toBe(edit);
    expect(readdirSync(d)).toEqual(["fly.toml"]);
  });

  it("a hard link: the in-place write checks through its own descriptor, so an edit saved meanwhile is kept", async () => {
    const d = tmp();
    writeFileSync(join(d, "fly.toml"), BROKEN);
    linkSync(join(d, "fly.toml"), join(d, "other.toml"));
    const edit = `${BROKEN}# my edit\n`;
    const r = await cli(["lint", "--fix", "fly.toml"], { cwd: d, beforeFixWrite: (p) => writeFileSync(p, edit) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flyconf: fly\.toml: changed on disk while flyconf was fixing it; nothing written/);
    expect(readFileSync(join(d, "other.toml"), "utf8")).toBe(edit);
    expect(statSync(join(d, "fly.toml")).ino).toBe(statSync(join(d, "other.toml")).ino);
  });

  // A write that fails partway, for real: the child runs under a file-size limit (RLIMIT_FSIZE) that the original
  // fits in and the fixed text does not, so the kernel refuses the write past it (EFBIG) as it would a full disk.
  const GROWS = 'app = "a"\n[[restart]]\npolicy = "no"\n';
  const GROWN = GROWS.replace('"no"', '"never"');
  const limited = (d: string, limit: number) =>
    spawnSync("prlimit", [`--fsize=${limit}`, process.execPath, join(projectRoot, "bin/flyconf.js"), "lint", "--format", "compact", "--fix", "fly.toml"], { cwd: d, encoding: "utf8" });
  for (const [name, link] of [["a hard-linked fly.toml (written in place)", true], ["a fly.toml with one link (temp file and rename)", false]] as const) {
    it(`${name}: a write that fails partway leaves the original bytes, one line, exit 2`, () => {
      if (!existsSync(join(projectRoot, "dist/cli/main.js"))) throw new Error("dist/ is missing: run npm run build before npm test");
      const d = tmp();
      writeFileSync(join(d, "fly.toml"), GROWS);
      if (link) linkSync(join(d, "fly.toml"), join(d, "other.toml"));
      // Inside the original's length (the in-place write overwrites bytes, then fails), and past it.
      for (const limit of [GROWS.length - 2, GROWS.length + 1]) {
        const run = limited(d, limit);
        expect(run.error, "prlimit (util-linux) is needed").toBeUndefined();
        expect(run.status, run.stderr).toBe(2);
        const errors = run.stderr.split("\n").filter((l) => l.startsWith("flyconf: "));
        expect(errors).toEqual([`flyconf: fly.toml: file too large (over the file-size limit); nothing written${link ? ": the original text is back in place" : ""}`]);
        expect(run.stdout).toContain("fly.toml:3:10: error");
        expect(readFileSync(join(d, "fly.toml"), "utf8")).toBe(GROWS);
        expect(readdirSync(d).sort()).toEqual(link ? ["fly.toml", "other.toml"] : ["fly.toml"]);
        if (link) expect(statSync(join(d, "other.toml")).ino).toBe(statSync(join(d, "fly.toml")).ino);
      }
      // Without the limit the same run fixes the file (and both names of a hard link).
      expect(limited(d, 1 << 20).status).toBe(0);
      expect(readFileSync(join(d, link ? "other.toml" : "fly.toml"), "utf8")).toBe(GROWN);
    });
  }
});

describe("8. CI can pin its own rules", () => {
  function repo(): string {
    const d = tmp();
    writeFileSync(join(d, ".flyconf.json"), JSON.stringify({ rules: { "autostart-type": "off", "unknown-key": "off" }, ignore: ["**"] }));
    writeFileSync(join(d, "fly.toml"), '# flyconf-disable\napp = "a"\nunknown_thing = 1\n[http_service]\ninternal_port = 8080\nauto_start_machines = "true"\n');
    return d;
  }

  it("without the flags a committed config and a flyconf-disable silence the run (what the flags are for)", async () => {
    const r = await cli(["lint", "--format", "compact", "."], { cwd: repo() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
  });

  it("--no-config-lookup --no-inline-config: the repository's config and comments change nothing; the comment is reported as info", async () => {
    const d = repo();
    const r = await cli(["lint", "--no-config-lookup", "--no-inline-config", "--format", "compact", "."], { cwd: d });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("fly.toml:1:1: info this suppression is ignored: inline configuration is off (--no-inline-config) [ignored-suppression]");
    expect(r.stdout).toMatch(/\[autostart-type\]/);
    expect(r.stdout).toMatch(/\[unknown-key\]/);
    // -c FILE still applies with --no-config-lookup.
    writeFileSync(join(d, "ci.json"), JSON.stringify({ rules: { "unknown-key": "off" } }));
    const c = await cli(["lint", "--no-config-lookup", "--no-inline-config", "-c", "ci.json", "--format", "compact", "fly.toml"], { cwd: d });
    expect(c.stdout).not.toMatch(/\[unknown-key\]/);
    expect(c.stdout).toMatch(/\[autostart-type\]/);
  });

  it("the Action exposes both", () => {
    const action = readFileSync(join(projectRoot, "action.yml"), "utf8");
    expect(action).toMatch(/\n {2}config-lookup:\n/);
    expect(action).toMatch(/\n {2}inline-config:\n/);
    expect(action).toContain("--no-config-lookup");
    expect(action).toContain("--no-inline-config");
  });
});

describe("findings per file are capped", () => {
  it("a Machine list with one finding per element: 1,000 findings and one too-many-findings, bounded memory", async () => {
    const d = tmp();
    const machines = Array.from({ length: 20_000 }, (_, i) => ({ id: `m${i}`, config: { image: "x", metadata: { fly_platform_version: "v2", fly_process_group: "app" }, restart: { policy: "sometimes" } } }));
    writeFileSync(join(d, "machines.json"), JSON.stringify(machines));
    const r = await cli(["lint", "--format", "json", "machines.json"], { cwd: d });
    const report = JSON.parse(r.stdout) as { files: { diagnostics: { ruleId: string; severity: string; message: string }[] }[] };
    const ds = report.files[0]!.diagnostics;
    expect(ds).toHaveLength(1001);
    expect(ds.at(-1)).toMatchObject({ ruleId: "too-many-findings", severity: "error" });
    expect(ds.at(-1)!.message).toMatch(/^…and \d+ more findings \(.*\) not shown: flyconf reports at most 1000 per file$/);
    expect(r.code).toBe(1);
  });

  it("4,000 process groups and a service naming 4,000 unknown ones: capped, and messages list at most 10 names", () => {
    const N = 4000;
    const text = `app = "a"\n[processes]\n${Array.from({ length: N }, (_, i) => `g${i} = "run"`).join("\n")}\n[[services]]\ninternal_port = 8080\nprotocol = "tcp"\nprocesses = [${Array.from({ length: N }, (_, i) => `"u${i}"`).join(",")}]\n`;
    const r = lint(text, { maxBytes: 1 << 20 });
    expect(r.diagnostics).toHaveLength(1001);
    expect(Math.max(...r.diagnostics.map((d) => d.message.length))).toBeLessThan(1000);
  }, 60_000);
});

describe("README: Security model", () => {
  const readme = readFileSync(join(projectRoot, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Security model"), readme.indexOf("\n## ", readme.indexOf("## Security model") + 1));
  it("says what flyconf reads, never reads or runs, and what the three options are for", () => {
    for (const s of ["**What it reads.**", "**What it never reads or runs.**", "--allow-read DIR", "--no-config-lookup", "--no-inline-config"]) expect(section).toContain(s);
  });
  it("its recommended CI invocation runs as written (the pinned flyconf is this one) and pins the rules", async () => {
    const cmd = /```sh\nnpx --yes flyconf@[\d.]+ (lint [^\n]+)\n```/.exec(section)?.[1];
    expect(cmd).toBeDefined();
    const d = tmp();
    writeFileSync(join(d, ".flyconf.json"), JSON.stringify({ rules: { "autostart-type": "off" } }));
    writeFileSync(join(d, "fly.toml"), '# flyconf-disable\napp = "a"\n[http_service]\ninternal_port = 8080\nauto_start_machines = "true"\n');
    const r = await cli(cmd!.split(" "), { cwd: d });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^::error file=fly\.toml,line=5,.*\[?autostart/m);
    expect(r.stdout).toMatch(/^::notice .*ignored-suppression/m);
  });
});

describe("a valid string of 130,000+ characters is read, not reported as toml-syntax", () => {
  const long = "ab\u00e9c".repeat(50_000);
  it.each(['"', "'", '"""', "'''"])("%s-quoted: the value is exact and later positions are right", (q) => {
    const text = `app = "a"\n[env]\nX = ${q}${long}${q}\n[http_service]\ninternal_port = 8080\nauto_start_machines = "true"\n`;
    const r = lint(text, { maxBytes: 1 << 22 });
    expect(r.diagnostics.map((d) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.ruleId}`)).toEqual(["6:23-6:29 autostart-type"]);
    expect(compile(text.replace('"true"', "true"), { maxBytes: 1 << 22 }).configs.app!.env!.X).toBe(long);
  });
  it("escapes decode as the parser would; a bad escape or a control character is still an error at its place", () => {
    const ok = compile(`app = "a"\n[env]\nX = "${"a".repeat(150_000)}\\n\\u00e9\\U0001F600\\t"\nY = """\n${"b".repeat(150_000)}\\\n   c"""\n`, { maxBytes: 1 << 22 });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.configs.app!.env!.X).toBe(`${"a".repeat(150_000)}\n\u00e9\u{1F600}\t`);
    expect(ok.configs.app!.env!.Y).toBe(`${"b".repeat(150_000)}c`);
    const bad = compile(`app = "a"\n[env]\nX = "${"a".repeat(150_000)}\\q"\n`, { maxBytes: 1 << 22 });
    expect(bad.diagnostics.map((d) => `${d.line}:${d.ruleId}`)).toEqual(["3:toml-syntax"]);
  });
});
