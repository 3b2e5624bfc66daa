// Issue 12, "The first hour": each item a new user ran into, reproduced as written in the issue and held fixed.
// The describe blocks carry the item's title.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import type { LintIO } from "../src/cli/lint.js";
import { formatResults } from "../src/format/index.js";
import { fixText } from "../src/lint/fix.js";
import { lint } from "../src/lint/lint.js";
import { analyze, checkGroups, compile, compileGroup, lintMachineJson, plan, toConsoleMachineConfig, toMachineConfig, toReleaseMachineConfig, updateBody, validateMachineBody } from "../src/index.js";
import { compileFile, createMachinesClient, lintFile } from "../src/node.js";
import { checkOptions } from "../src/options.js";

const tmpRoot = mkdtempSync(join(tmpdir(), "flyconf-first-hour-"));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
let n = 0;
function dir(files: Record<string, string> = {}): string {
  const d = join(tmpRoot, `d${n++}`);
  for (const [name, text] of Object.entries(files)) {
    const p = join(d, name);
    mkdirSync(join(p, ".."), { recursive: true });
    writeFileSync(p, text);
  }
  mkdirSync(d, { recursive: true });
  return d;
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
async function run(argv: string[], opts: Partial<LintIO> & { cwd: string }): Promise<Run> {
  const out = { stdout: "", stderr: "" };
  const io: LintIO = { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s), isTTY: false, stderrIsTTY: false, env: {}, ...opts };
  const code = await main(argv, io);
  return { code, ...out };
}

const HTTP_CHECKS_MS = `app = "a"

[http_service]
internal_port = 8080

[[http_service.checks]]
interval = 10000
timeout = 2000
path = "/health"
`;

describe("A fix that hides a mistake: safe fixes vs suggestions", () => {
  it("[[http_service.checks]] interval = 10000: no safe fix, suggestions with the likely intent first", () => {
    const d = lint(HTTP_CHECKS_MS).diagnostics.filter((x) => x.ruleId === "duration-unit");
    expect(d).toHaveLength(2);
    for (const x of d) expect(x.fix).toBeUndefined();
    expect(d[0]!.suggestions!.map((s) => s.edits[0]!.text)).toEqual(['"10s"', '"10us"']);
    expect(d[1]!.suggestions!.map((s) => s.edits[0]!.text)).toEqual(['"2s"', '"2us"']);
    expect(d[0]!.message).toContain('did you mean "10s"?');
  });

  it("--fix leaves the value alone and the warning stays until a person changes it", () => {
    const f = fixText(HTTP_CHECKS_MS);
    expect(f.applied).toBe(0);
    expect(f.text).toBe(HTTP_CHECKS_MS);
    expect(f.result.diagnostics.filter((x) => x.ruleId === "duration-unit")).toHaveLength(2);
  });

  it("--fix-unsafe applies the first suggestion (the likely intent) and the file lints clean", () => {
    const f = fixText(HTTP_CHECKS_MS, {}, { unsafe: true });
    expect(f.text).toContain('interval = "10s"');
    expect(f.text).toContain('timeout = "2s"');
    expect(f.result.diagnostics).toEqual([]);
  });

  it("a meaning-keeping fix stays safe: kill_timeout = 5 → \"5s\" with --fix", () => {
    const f = fixText('app = "a"\nkill_timeout = 5\n');
    expect(f.text).toBe('app = "a"\nkill_timeout = "5s"\n');
  });

  it("a truncated float is a suggestion, not a fix: kill_timeout = 1.5 suggests \"1.5s\" then \"1s\"", () => {
    const [d] = lint('app = "a"\nkill_timeout = 1.5\n').diagnostics;
    expect(d!.fix).toBeUndefined();
    expect(d!.suggestions!.map((s) => s.edits[0]!.text)).toEqual(['"1.5s"', '"1s"']);
    expect(fixText('app = "a"\nkill_timeout = 1.5\n').applied).toBe(0);
  });

  it("suggestions appear in the JSON output, in SARIF (safe: false) and under the finding in stylish", () => {
    const diagnostics = lint(HTTP_CHECKS_MS).diagnostics;
    const results = [{ path: "fly.toml", source: HTTP_CHECKS_MS, diagnostics }];
    const json = JSON.parse(formatResults("json", results, { color: false, rules: [], toolVersion: "t" }));
    expect(json.files[0].diagnostics[0].suggestions[0]).toEqual({ description: 'replace 10000 with "10s" (changes the duration: the likely intent)', edits: [{ start: 83, end: 88, text: '"10s"' }] });
    expect(json.files[0].diagnostics[0].fix).toBeUndefined();
    const sarif = JSON.parse(formatResults("sarif", results, { color: false, rules: [], toolVersion: "t", cwd: "/" }));
    const fixes = sarif.runs[0].results[0].fixes;
    expect(fixes.map((f: { properties: { safe: boolean } }) => f.properties.safe)).toEqual([false, false]);
    expect(fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toBe('"10s"');
    const stylish = formatResults("stylish", results, { color: false, rules: [], toolVersion: "t" });
    expect(stylish).toContain('suggestion: replace 10000 with "10s" (changes the duration: the likely intent)');
    expect(stylish).toContain("2 other problems have suggestions that change the meaning (not applied by --fix; --fix-unsafe applies the first).");
  });

  it("the CLI: --fix writes nothing and exits 0 with the warnings; --fix-unsafe writes the intent", async () => {
    const cwd = dir({ "fly.toml": HTTP_CHECKS_MS });
    const fixed = await run(["lint", "--fix", "--format", "compact", "fly.toml"], { cwd });
    expect(fixed.code).toBe(0);
    expect(readFileSync(join(cwd, "fly.toml"), "utf8")).toBe(HTTP_CHECKS_MS);
    expect(fixed.stdout.split("\n").filter((l) => l.includes("[duration-unit]"))).toHaveLength(2);
    const dry = await run(["lint", "--fix-dry-run", "--fix-unsafe", "fly.toml"], { cwd });
    expect(dry.stdout).toContain('+interval = "10s"');
    expect(readFileSync(join(cwd, "fly.toml"), "utf8")).toBe(HTTP_CHECKS_MS);
    const unsafe = await run(["lint", "--fix-unsafe", "fly.toml"], { cwd });
    expect(unsafe.code).toBe(0);
    expect(unsafe.stdout).toBe("");
    expect(readFileSync(join(cwd, "fly.toml"), "utf8")).toContain('interval = "10s"');
  });
});

describe("One run does not show every problem", () => {
  it('internal_port = "8080" + auto_stop_machines = "sometimes" + [[restart]] policy = "no": all three in one run', () => {
    const text = 'app = "a"\n\n[http_service]\ninternal_port = "8080"\nauto_stop_machines = "sometimes"\n\n[[restart]]\npolicy = "no"\n';
    const got = lint(text).diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`);
    expect(got).toEqual(["4:17 invalid-type", "5:22 autostop-value", "8:10 restart-policy"]);
    // ...and the restart finding carries its fix there too.
    expect(lint(text).diagnostics[2]!.fix?.edits[0]!.text).toBe('"never"');
  });

  it("the compiler's own findings (a bad vm size) show beside a decode error elsewhere", () => {
    const text = 'app = "a"\nkill_signal = 9\n\n[[vm]]\nsize = "huge"\n';
    const got = lint(text).diagnostics.map((d) => `${d.line} ${d.ruleId}`);
    expect(got).toEqual(["2 invalid-type", "5 invalid-type"]);
  });

  it("a finding that only echoes the decode error is still held back", () => {
    // auto_stop_machines is dropped from the lenient model; "autostart without autostop" would echo it.
    const text = 'app = "a"\n[http_service]\ninternal_port = 8080\nauto_stop_machines = "sometimes"\nauto_start_machines = true\n';
    expect(lint(text).diagnostics.map((d) => d.ruleId)).toEqual(["autostop-value"]);
  });
});

describe("port = 70000 (and 0, negative, start_port > end_port) is not reported", () => {
  const at = (text: string) => lint(text).diagnostics.filter((d) => d.ruleId === "port-range").map((d) => `${d.line}:${d.column}`);
  const svc = (ports: string) => `app = "a"\n[[services]]\ninternal_port = 8080\nprotocol = "tcp"\n[[services.ports]]\n${ports}\n`;
  it("port = 70000", () => expect(at(svc("port = 70000"))).toEqual(["6:8"]));
  it("port = 0", () => expect(at(svc("port = 0"))).toEqual(["6:8"]));
  it("port = -443", () => expect(at(svc("port = -443"))).toEqual(["6:8"]));
  it('port = "70000" (the legacy string form)', () => expect(at(svc('port = "70000"'))).toEqual(["6:8"]));
  it("start_port > end_port", () => {
    const d = lint(svc("start_port = 9010\nend_port = 9000")).diagnostics.filter((x) => x.ruleId === "port-range");
    expect(d.map((x) => x.message)).toEqual(["start_port = 9010 is above end_port = 9000: the range is empty (start_port is the first port, end_port the last); swap them"]);
  });
  it("1, 65535 and a one-port range are fine", () => expect(at(svc("port = 1\n[[services.ports]]\nport = 65535\n[[services.ports]]\nstart_port = 5\nend_port = 5"))).toEqual([]));
  it("flyconf rules lists port-range", async () => {
    const r = await run(["rules"], { cwd: tmpRoot });
    expect(r.stdout).toMatch(/port-range\s+error/);
  });
});

describe("port-range has a Machine JSON half (reversed ranges, ports outside 1-65535)", () => {
  // The exact findings live in fixtures/rules/port-range/bad-machine*.json (test/machine-rules.test.ts); these pin
  // the boundaries between port-range and invalid-type, and that the library's body check refuses them.
  const body = (ports: string, internal = "8080") => `{"config": {"image": "i", "metadata": {"fly_platform_version": "v2", "fly_process_group": "app"}, "services": [{"protocol": "tcp", "internal_port": ${internal}, "ports": [${ports}]}]}}`;
  const ids = (text: string) => lintMachineJson(text).diagnostics.filter((d) => d.severity === "error").map((d) => `${d.ruleId} ${d.keyPath}`);
  it("start_port > end_port", () => expect(ids(body('{"start_port": 9010, "end_port": 9000}'))).toEqual(["port-range config.services[0].ports[0].start_port"]));
  it("port = 70000, 0, -1 and internal_port = 0", () => {
    expect(ids(body('{"port": 70000}, {"port": 0}, {"port": -1}', "0"))).toEqual(["port-range config.services[0].internal_port", "port-range config.services[0].ports[0].port", "port-range config.services[0].ports[1].port", "port-range config.services[0].ports[2].port"]);
  });
  it('a port that is not an integer ("80", 80.5) stays invalid-type', () => {
    expect(ids(body('{"port": "80"}, {"port": 80.5}, {"start_port": "9010", "end_port": 9000}'))).toEqual(["invalid-type config.services[0].ports[0].port", "invalid-type config.services[0].ports[1].port", "invalid-type config.services[0].ports[2].start_port"]);
  });
  it("validateMachineBody refuses a reversed range under port-range; a port of its own is no range", () => {
    const r = validateMachineBody(JSON.parse(body('{"start_port": 9010, "end_port": 9000}')));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.diagnostics.map((d) => d.ruleId)).toEqual(["port-range"]);
    expect(ids(body('{"port": 80, "start_port": 9010, "end_port": 9000}'))).toEqual([]);
  });
});

const TWO_GROUPS = 'app = "a"\n[processes]\nweb = "bin/web"\nworker = "bin/worker"\n[http_service]\ninternal_port = 8080\nprocesses = ["web"]\n';

describe("Usage mistakes exit 2", () => {
  it("compile --group nope lists the groups", async () => {
    const cwd = dir({ "fly.toml": TWO_GROUPS });
    const r = await run(["compile", "--group", "nope"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe('flyconf: --group "nope": fly.toml defines no such process group; its groups: "web", "worker"\n');
  });
  it("--services --wrap together", async () => {
    const cwd = dir({ "fly.toml": TWO_GROUPS });
    const r = await run(["compile", "--group", "web", "--services", "--wrap"], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--services and --wrap cannot be used together");
  });
  it("--wrap is never ignored: without a group it is refused, and --release/--console refuse --group/--services/--merge", async () => {
    const cwd = dir({ "fly.toml": TWO_GROUPS });
    expect((await run(["compile", "--wrap"], { cwd })).code).toBe(2);
    expect((await run(["compile", "--release", "--group", "web"], { cwd })).code).toBe(2);
    expect((await run(["compile", "--console", "--services"], { cwd })).code).toBe(2);
    expect((await run(["compile", "--release", "--console"], { cwd })).code).toBe(2);
  });
});

describe("compile --release and compile --console", () => {
  const REL = 'app = "a"\nprimary_region = "ams"\n[deploy]\nrelease_command = "bin/rails db:migrate"\n';
  it("--release prints the release_command Machine (toReleaseMachineConfig)", async () => {
    const cwd = dir({ "fly.toml": REL });
    const r = await run(["compile", "--release"], { cwd });
    expect(r.code).toBe(0);
    const cfg = JSON.parse(r.stdout);
    expect(cfg.init.cmd).toEqual(["bin/rails", "db:migrate"]);
    expect(cfg.env).toEqual({ FLY_PROCESS_GROUP: "fly_app_release_command", PRIMARY_REGION: "ams", RELEASE_COMMAND: "1" });
    expect(cfg.restart).toEqual({ policy: "no" });
  });
  it("--console --wrap prints the fly console Machine as a create body", async () => {
    const cwd = dir({ "fly.toml": REL });
    const r = await run(["compile", "--console", "--wrap"], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).config.init.exec).toEqual(["/bin/sleep", "inf"]);
  });
  it("--release without a release_command says so and exits 1", async () => {
    const cwd = dir({ "fly.toml": 'app = "a"\n' });
    const r = await run(["compile", "--release"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no [deploy] release_command");
  });
});

describe("compile and lint agree on [[files]] local_path / machine_config files (missing-file)", () => {
  const FILES = 'app = "a"\nmachine_config = "machine.json"\n[[files]]\nguest_path = "/etc/app.conf"\nlocal_path = "app.conf"\n';
  it("missing: both report missing-file at the same place and exit 1", async () => {
    const cwd = dir({ "fly.toml": FILES });
    const c = await run(["compile"], { cwd });
    const l = await run(["lint", "--format", "compact"], { cwd });
    expect(c.code).toBe(1);
    expect(l.code).toBe(1);
    expect(c.stderr).toBe(
      'fly.toml:2:18: cannot read machine config file "machine.json" (relative to fly.toml): fly deploy fails on it [missing-file]\n' +
        'fly.toml:5:14: cannot read local_path "app.conf" (relative to fly.toml): fly deploy fails on it [missing-file]\n',
    );
    expect(l.stdout.split("\n").filter(Boolean).map((x) => x.replace(/ error /, " "))).toEqual(c.stderr.split("\n").filter(Boolean));
  });
  it("present: both pass (lint no longer says cannot read machine config file for one that exists)", async () => {
    const cwd = dir({ "fly.toml": FILES, "machine.json": '{"guest": {"cpus": 2}}', "app.conf": "x=1\n" });
    const c = await run(["compile"], { cwd });
    const l = await run(["lint"], { cwd });
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout).app.files).toEqual([{ guest_path: "/etc/app.conf", raw_value: "eD0xCg==" }]);
    expect(l.code).toBe(0);
    expect(l.stdout).toBe("");
  });
  it("the library's lint reads nothing without readFile (a browser has no files) and reports nothing about them", () => {
    expect(lint(FILES).diagnostics).toEqual([]);
  });
});

describe("compile of a file that fly deploy refuses", () => {
  it("[http_service] without processes in a multi-group app: the lint error on stderr, no config, exit 1", async () => {
    const cwd = dir({ "fly.toml": TWO_GROUPS.replace('processes = ["web"]\n', "") });
    const r = await run(["compile"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^fly\.toml:5:2: http_service has no processes, .* \[service-missing-processes\]\n/);
    expect(r.stderr).toContain("fly deploy refuses this file");
  });
  it("a warning-only file still compiles (exit 0)", async () => {
    const cwd = dir({ "fly.toml": 'app = "a"\nkill_timeout = 5\n' });
    expect((await run(["compile"], { cwd })).code).toBe(0);
  });
});

describe("Library: options validated with a TypeError, \"warning\" an alias of \"warn\", a RuleId union", () => {
  it('lint(text, { rules: { "duration-unit": "warning" } }) keeps the rule on, as a warning', () => {
    const d = lint('app = "a"\nkill_timeout = 5\n', { rules: { "duration-unit": "warning" } }).diagnostics;
    expect(d.map((x) => `${x.ruleId} ${x.severity}`)).toEqual(["duration-unit warning"]);
  });
  it("an unknown rule id throws a TypeError naming it, with the nearest id", () => {
    expect(() => lint("", { rules: { "duration-units": "off" } as never })).toThrow(new TypeError('lint: rules["duration-units"]: unknown rule "duration-units" (did you mean "duration-unit"?); `flyconf rules` lists them'));
  });
  it("a bad setting throws a TypeError naming the key and the value", () => {
    expect(() => lint("", { rules: { "duration-unit": "loud" } as never })).toThrow(new TypeError('lint: rules["duration-unit"] is "loud"; expected "off", "warn" (or "warning"), "error" or "info"'));
  });
  it("an unknown option, a bad maxBytes, a non-function readFile", () => {
    expect(() => lint("", { rule: {} } as never)).toThrow(/^lint: unknown option "rule" \(did you mean "rules"\?\)/);
    expect(() => lint("", { maxBytes: -1 })).toThrow(new TypeError('lint: option "maxBytes" must be a positive integer (bytes), not -1'));
    expect(() => lint("", { readFile: "x" } as never)).toThrow(TypeError);
  });
  it('"warning" works in the CLI (--rule) and the config file', async () => {
    const cwd = dir({ "fly.toml": 'app = "a"\nkill_timeout = 5\n', ".flyconf.json": '{ "rules": { "duration-unit": "warning" } }' });
    const r = await run(["lint", "--format", "compact"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("warning kill_timeout = 5");
    const e = await run(["lint", "--format", "compact", "--rule", "duration-unit=warning"], { cwd });
    expect(e.stdout).toContain("warning kill_timeout = 5");
  });
  it("the main entry exports a RuleId union that the rules option is typed with", async () => {
    const src = readFileSync(join(__dirname, "../src/index.ts"), "utf8");
    expect(src).toMatch(/export type \{[^}]*\bRuleId\b/);
    const id: import("../src/index.js").RuleId = "port-range";
    expect(id).toBe("port-range");
  });
});

describe("compile() library options are validated (and every other entry point's)", () => {
  const TOML = 'app = "a"\n';
  const model = analyze(TOML).model!;
  // Every public function that takes an options object (flyconf and flyconf/node), called with an unknown key.
  const calls: [string, (o: object) => unknown][] = [
    ["compile", (o) => compile(TOML, o)],
    ["analyze", (o) => analyze(TOML, o)],
    ["compileGroup", (o) => compileGroup(TOML, "app", o)],
    ["updateBody", (o) => updateBody(TOML, { config: {} }, o)],
    ["plan", (o) => plan(TOML, [], o)],
    ["lint", (o) => lint(TOML, o)],
    ["lintMachineJson", (o) => lintMachineJson("{}", o)],
    ["validateMachineBody", (o) => validateMachineBody({ config: {} }, o)],
    ["checkGroups", (o) => checkGroups([], o)],
    ["toMachineConfig", (o) => toMachineConfig(model, "app", o)],
    ["toReleaseMachineConfig", (o) => toReleaseMachineConfig(model, o)],
    ["toConsoleMachineConfig", (o) => toConsoleMachineConfig(model, o)],
    ["formatResults", (o) => formatResults("json", [], { color: false, rules: [], toolVersion: "0", ...o })],
    ["lintFile", (o) => lintFile("/nonexistent/fly.toml", o)],
    ["compileFile", (o) => compileFile("/nonexistent/fly.toml", o)],
    ["createMachinesClient", (o) => createMachinesClient({ app: "demo", token: "t", ...o })],
  ];
  it.each(calls)("%s: an unknown key is a TypeError naming the function and the key, with the nearest key", (fn, call) => {
    expect(() => call({ maxByte: 1 })).toThrow(TypeError);
    let message = "";
    try {
      call({ maxByte: 1 });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message.startsWith(`${fn}: unknown option "maxByte"`)).toBe(true);
  });
  it("compile: wrong types and bad enum values name the key and the value", () => {
    expect(() => compile(TOML, { group: 5 } as never)).toThrow(new TypeError('compile: option "group" must be a string, not 5'));
    expect(() => compile(TOML, { bigint: "yes" } as never)).toThrow(new TypeError('compile: option "bigint" must be true or false, not "yes"'));
    expect(() => compile(TOML, { files: "all" } as never)).toThrow(new TypeError('compile: option "files" must be one of "deploy", "none", not "all"'));
    expect(() => compile(TOML, { onGroupChange: "yes" } as never)).toThrow(new TypeError('compile: option "onGroupChange" must be one of "refuse", "allow", not "yes"'));
    expect(() => compile(TOML, { detached: true } as never)).toThrow(new TypeError('compile: option "detached" must be one of "refuse", "attach", not true'));
    expect(() => compile(TOML, { format: "yml" } as never)).toThrow(new TypeError('compile: option "format" must be one of "toml", "yaml", "json", not "yml"'));
    expect(() => compile(TOML, { maxBytes: 1.5 })).toThrow(new TypeError('compile: option "maxBytes" must be a positive integer (bytes), not 1.5'));
    expect(() => compile(TOML, { readFile: {} } as never)).toThrow(new TypeError('compile: option "readFile" must be a function, not an object'));
    expect(() => compile(TOML, "fly.toml" as never)).toThrow(new TypeError('compile: options must be an object, not "fly.toml"'));
    expect(() => compile(TOML, { grop: "web" } as never)).toThrow(/^compile: unknown option "grop" \(did you mean "group"\?\); options are "maxBytes", /);
  });
  it("compile: valid options, undefined values and a Machine of any shape are accepted", () => {
    expect(compile(TOML, { group: "app", bigint: true, files: "none", onGroupChange: "allow", detached: "attach", format: "toml", maxBytes: 100, image: undefined }).ok).toBe(true);
    expect(compile(TOML, { machine: 5 }).ok).toBe(false);
  });
  it("compileGroup, updateBody, validateMachineBody, plan, lintMachineJson: their own keys, enums and rules", () => {
    expect(() => compileGroup(TOML, "app", { rules: { "port-range": "loud" } } as never)).toThrow(new TypeError('compileGroup: rules["port-range"] is "loud"; expected "off", "warn" (or "warning"), "error" or "info"'));
    expect(() => compileGroup(TOML, "app", { lazyConfigs: true } as never)).toThrow(/^compileGroup: unknown option "lazyConfigs"/);
    expect(() => updateBody(TOML, { config: {} }, { group: 1 } as never)).toThrow(new TypeError('updateBody: option "group" must be a string, not 1'));
    expect(() => validateMachineBody({ config: {} }, { intent: "delete" } as never)).toThrow(new TypeError('validateMachineBody: option "intent" must be one of "create", "update", not "delete"'));
    expect(() => checkGroups([], { appGroups: "web" } as never)).toThrow(new TypeError('checkGroups: option "appGroups" must be an array of strings, not "web"'));
    expect(() => plan(TOML, [], { highAvailability: "no" } as never)).toThrow(new TypeError('plan: option "highAvailability" must be true or false, not "no"'));
    expect(() => lintMachineJson("{}", { intent: "patch" } as never)).toThrow(new TypeError('lintMachineJson: option "intent" must be one of "create", "update", not "patch"'));
    expect(() => formatResults("xml" as never, [], { color: false, rules: [], toolVersion: "0" })).toThrow(new TypeError('Unknown format "xml"; expected one of: stylish, compact, json, sarif, github.'));
    expect(() => createMachinesClient({ app: "demo", token: "t", retries: -1 })).toThrow(new TypeError('createMachinesClient: option "retries" must be a non-negative integer, not -1'));
  });
  it("lint accepts its documented format option", () => {
    expect(lint("app: a\n", { format: "yaml" }).diagnostics).toEqual([]);
  });
  it("the key lists are held to the option types: a key the type has and the list lacks does not type-check", () => {
    const opts: { a?: string; b?: number } = { a: "x" };
    // @ts-expect-error `b` is an option of the type but not in the key list (typecheck fails if this compiles)
    checkOptions("f", opts, { a: "string" });
    expect(() => checkOptions("f", { b: 1 } as typeof opts, { a: "string", b: "count" })).not.toThrow();
  });
  it("keys and values are shown escaped and cut short", () => {
    expect(() => compile(TOML, { "\u001b]0;x\u0007": 1 } as never)).toThrow(/^compile: unknown option "\\u001b\]0;x\\u0007"/);
    expect(() => compile(TOML, { group: "\u202eweb\u2028" } as never)).not.toThrow();
    expect(() => compile(TOML, { image: 1, group: "x" } as never)).toThrow(new TypeError('compile: option "image" must be a string, not 1'));
    expect(() => compile(TOML, { files: "\u001b[2J" } as never)).toThrow(new TypeError('compile: option "files" must be one of "deploy", "none", not "\\u001b[2J"'));
    const long = "x".repeat(10_000);
    expect(() => compile(TOML, { files: long } as never)).toThrow(new TypeError(`compile: option "files" must be one of "deploy", "none", not "${"x".repeat(60)}…"`));
  });
});

describe("GitHub annotations point at the wrong file when the step runs in a subdirectory", () => {
  const BAD = 'app = "a"\n[http_service]\ninternal_port = 8080\nauto_start_machines = "true"\n';
  it("::error file= is relative to $GITHUB_WORKSPACE (apps/api/fly.staging.toml)", async () => {
    const ws = dir({ "apps/api/fly.staging.toml": BAD });
    const r = await run(["lint", "fly.staging.toml"], { cwd: join(ws, "apps/api"), env: { GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: ws } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=apps\/api\/fly\.staging\.toml,line=4,/);
  });
  it("SARIF artifactLocation.uri is relative to $GITHUB_WORKSPACE, or to --sarif-root", async () => {
    const ws = dir({ "apps/api/fly.staging.toml": BAD });
    const cwd = join(ws, "apps/api");
    const a = JSON.parse((await run(["lint", "--format", "sarif", "fly.staging.toml"], { cwd, env: { GITHUB_WORKSPACE: ws } })).stdout);
    expect(a.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "apps/api/fly.staging.toml", uriBaseId: "%SRCROOT%" });
    expect(a.runs[0].originalUriBaseIds["%SRCROOT%"].uri).toBe(`file://${ws}/`);
    const b = JSON.parse((await run(["lint", "--format", "sarif", "--sarif-root", "../..", "fly.staging.toml"], { cwd })).stdout);
    expect(b.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("apps/api/fly.staging.toml");
  });
  it("--sarif-root with another format is a usage mistake", async () => {
    const cwd = dir({ "fly.toml": 'app = "a"\n' });
    expect((await run(["lint", "--sarif-root", ".", "--format", "json"], { cwd })).code).toBe(2);
  });
});

describe("--quiet and --print-config FILE", () => {
  const MIXED = 'app = "a"\nkill_timeout = 5\n[http_service]\ninternal_port = 8080\nauto_start_machines = "true"\n';
  it("--quiet reports errors only, and warnings do not count against --max-warnings", async () => {
    const cwd = dir({ "fly.toml": MIXED });
    const r = await run(["lint", "--quiet", "--format", "compact"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split("\n").map((l) => l.replace(/^.*\[(.*)\]$/, "$1"))).toEqual(["autostart-type"]);
    const w = dir({ "fly.toml": 'app = "a"\nkill_timeout = 5\n' });
    const q = await run(["lint", "--quiet", "--max-warnings", "0"], { cwd: w });
    expect(q).toEqual({ code: 0, stdout: "", stderr: "" });
  });
  it("--print-config FILE prints every rule's effective setting, config file and --rule applied", async () => {
    const cwd = dir({ "apps/api/fly.toml": 'app = "a"\n', ".flyconf.json": '{ "rules": { "duration-unit": "off", "unknown-key": "error" } }' });
    const r = await run(["lint", "--print-config", "apps/api/fly.toml", "--rule", "port-range=warning"], { cwd });
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.file).toBe("apps/api/fly.toml");
    expect(c.configFile).toBe(join(cwd, ".flyconf.json"));
    expect(c.rules["duration-unit"]).toBe("off");
    expect(c.rules["unknown-key"]).toBe("error");
    expect(c.rules["port-range"]).toBe("warning");
    expect(c.rules["autostart-type"]).toBe("error");
    expect(Object.keys(c.rules)).toHaveLength((await import("../src/rules/index.js")).RULES.length);
  });
});

describe("Suppressions: where the rule fired, the nearest rule id, flyconf-disable-line", () => {
  const msgs = (text: string) => lint(text).diagnostics.map((d) => `${d.line} ${d.ruleId}: ${d.message}`);
  it("a disable-next-line one line off says where the rule fires", () => {
    const text = 'app = "a"\n# flyconf-disable-next-line duration-unit -- legacy\n\nkill_timeout = 5\n';
    expect(msgs(text)).toEqual([
      "2 unused-suppression: suppression of duration-unit suppresses nothing on the next line, but duration-unit fires on line 4; put the comment on the line before it, or use flyconf-disable-line on that line",
      '4 duration-unit: kill_timeout = 5 is 5 seconds here (a bare number means seconds, milliseconds or nanoseconds depending on the key); write "5s"',
    ]);
  });
  it("a misspelt rule id gets the nearest one", () => {
    expect(msgs('app = "a"\n# flyconf-disable-next-line duration-units\nkill_timeout = "5s"\n')).toEqual([
      '2 unused-suppression: suppression of unknown rule "duration-units" (did you mean "duration-unit"?) suppresses nothing on the next line: remove it',
    ]);
  });
  it("# flyconf-disable-line RULE silences its own line only", () => {
    expect(msgs('app = "a"\nkill_timeout = 5 # flyconf-disable-line duration-unit -- read by our scripts\n')).toEqual([]);
    const other = msgs('app = "a"\n# flyconf-disable-line duration-unit\nkill_timeout = 5\n');
    expect(other[0]).toMatch(/^2 unused-suppression: suppression of duration-unit suppresses nothing on its line, but duration-unit fires on line 3; put the comment on that line$/);
  });
});

describe("Message wording: what was expected, on the right line", () => {
  const syntax = (text: string) => lint(text).diagnostics.filter((d) => d.ruleId === "toml-syntax").map((d) => `${d.line}:${d.column} ${d.message}`);
  it("an unterminated table key is reported on its own line, not a line late", () => {
    expect(syntax('app = "a"\n[http_service\ninternal_port = 8080\n')).toEqual(['2:1 Unterminated table header: expected "]" to close [http_service on its line']);
  });
  it("Unexpected character says which character and what was expected", () => {
    expect(syntax('app = "a"\nx = @\n')).toEqual(['2:5 Unexpected character "@": expected a value (a string in quotes, a number, true or false, a date, an [array] or an {inline table})']);
    expect(syntax("@\n")).toEqual(['1:1 Unexpected character "@": expected a key (letters, digits, "_" and "-", or a quoted string), a [table] header or a # comment']);
  });
  it("no bare Unexpected token: a second value, a missing comma, a trailing comma each say what was expected", () => {
    expect(syntax("x = 1 2\n")).toEqual(["1:7 Expected the end of the line after the value (one key = value per line; a # comment may follow)"]);
    expect(syntax("x = 1,\n")).toEqual(["1:6 Expected the end of the line after the value (one key = value per line; a # comment may follow)"]);
    expect(syntax("x = [1 2]\n")).toEqual(["1:8 Expected comma (,) token"]);
  });
  it("a missing value is reported on the line of its =", () => {
    expect(syntax('app = "a"\nx =\n')).toEqual(['2:4 Missing value: expected a value after "=" on the same line (a string in quotes, a number, true or false, a date, an [array] or an {inline table})']);
  });
  it("invalid restart policy lists the valid values", () => {
    const [d] = lint('app = "a"\n[[restart]]\npolicy = "sometimes"\n').diagnostics;
    expect(d!.message).toBe('invalid restart policy: "sometimes"; use "always", "never" or "on-failure"');
  });
  it("one way to name a service: key paths everywhere (services[0], http_service), never [[services]] #1", () => {
    const text = 'app = "a"\n[http_service]\ninternal_port = 8080\nauto_stop_machines = "stop"\nauto_start_machines = false\n[[services]]\ninternal_port = 1\nprotocol = "tcp"\ninternal_prot = 2\n';
    const messages = lint(text).diagnostics.map((d) => d.message);
    expect(messages.some((m) => m.startsWith("http_service stops idle Machines"))).toBe(true);
    expect(messages.some((m) => m.startsWith("services[0] (internal_port 1) exposes no ports"))).toBe(true);
    expect(messages.some((m) => m.includes("in services[0]"))).toBe(true);
    expect(messages.join("\n")).not.toMatch(/\[\[services\]\] #|\[http_service\] (stops|starts|exposes)/);
  });
});

describe("Every id that can be printed is a registered rule (input-size)", () => {
  it("--max-bytes reports input-size, which flyconf rules and explain know and a config file may set", async () => {
    const cwd = dir({ "fly.toml": 'app = "a"\n# a comment that makes this file longer than sixty-four bytes\n' });
    const r = await run(["lint", "--max-bytes", "64", "--format", "compact"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[input-size\]\n$/);
    expect((await run(["explain", "input-size"], { cwd })).code).toBe(0);
    expect((await run(["rules"], { cwd })).stdout).toMatch(/input-size/);
    expect((await run(["lint", "--rule", "input-size=warn", "--max-bytes", "64"], { cwd })).code).toBe(0);
  });
  it("invalid-machine and unsafe-integer (printed by the library's update and compile paths) are rules too", async () => {
    for (const id of ["invalid-machine", "unsafe-integer"]) {
      expect((await run(["explain", id], { cwd: tmpRoot })).code).toBe(0);
      expect((await run(["rules"], { cwd: tmpRoot })).stdout).toContain(id);
      expect(() => lint("", { rules: { [id]: "warn" } })).not.toThrow();
    }
    expect(compile(TWO_GROUPS, { group: "worker", machine: { config: { metadata: { fly_platform_version: "v2", fly_process_group: "web" } } } }).diagnostics.map((d) => d.ruleId)).toEqual(["invalid-machine"]);
    expect(compile('app = "a"\nswap_size_mb = 9007199254740993\n').diagnostics.map((d) => d.ruleId)).toEqual(["unsafe-integer"]);
    // The proof for every id, every entry point and the CLI is test/printed-ids.test.ts.
  });
  it("a Machine the update path refuses is reported against the --merge file without a rule id", async () => {
    const cwd = dir({ "fly.toml": TWO_GROUPS, "m.json": '{"config": {"metadata": {"fly_platform_version": "v2", "fly_process_group": "web"}}}' });
    const r = await run(["compile", "--merge", "m.json", "--group", "worker"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^flyconf: m\.json: the Machine belongs to process group "web"/);
    expect(r.stderr).not.toMatch(/\[invalid-machine\]/);
  });
});

describe("Docs: install from this repository today; registry forms marked as after the first release", () => {
  const REGISTRY_FORMS = ["npx --yes flyconf", "rev: v0.1.0", "flyconf@v0", "flyconf@0.1.0"];
  for (const doc of ["README.md", "docs/editors.md", "action.yml"]) {
    it(`${doc}: every registry form has "after the first release" within three lines`, () => {
      const lines = readFileSync(join(__dirname, "..", doc), "utf8").split("\n");
      const unmarked: string[] = [];
      lines.forEach((l, i) => {
        if (!REGISTRY_FORMS.some((f) => l.includes(f))) return;
        const near = lines.slice(Math.max(0, i - 3), i + 4).join(" ").toLowerCase();
        if (!near.includes("after the first release")) unmarked.push(`${doc}:${i + 1}: ${l.trim()}`);
      });
      expect(unmarked).toEqual([]);
    });
  }
  it("docs/editors.md says how to install today: a git URL, a tarball from npm pack, a local clone for pre-commit", () => {
    const text = readFileSync(join(__dirname, "../docs/editors.md"), "utf8");
    const today = text.slice(text.indexOf("## Installing flyconf today"), text.indexOf("\n## ", text.indexOf("## Installing flyconf today") + 5));
    expect(today).toContain("git+https://");
    expect(today).toContain("npm pack");
    expect(text).toContain("repo: /path/to/flyconf");
    expect(readFileSync(join(__dirname, "../README.md"), "utf8")).toContain("docs/editors.md#installing-flyconf-today");
  });
});

describe("Docs: FLYCONF_SKIP_PRECOMMIT and how long the integration tests take", () => {
  it("the README names the variable the pre-commit suite reads, and the suite's duration", () => {
    const readme = readFileSync(join(__dirname, "../README.md"), "utf8");
    const suite = readFileSync(join(__dirname, "integration/pre-commit.test.ts"), "utf8");
    expect(suite).toContain("process.env.FLYCONF_SKIP_PRECOMMIT");
    expect(readme).toContain("FLYCONF_SKIP_PRECOMMIT=1");
    expect(readme).toMatch(/`npm run test:integration` took [\d.]+ minutes/);
  });
});
