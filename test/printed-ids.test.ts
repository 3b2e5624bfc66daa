// Issue 12, "Every id that can be printed is a registered rule (or an I/O error with no id)". Proved in general, not
// per id: (1) every kind of problem an earlier stage reports has a registered owner, for both inputs; (2) every
// library entry point that returns diagnostics (lint, compile with and without bigint, compileGroup, updateBody,
// plan, lintMachineJson, validateMachineBody, checkGroups), run over every fixture file and a set of hostile inputs,
// prints only registered ids; (3) the CLI's compile, lint and plan over hostile inputs print only registered ids.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import type { Diagnostic, ProblemKind, ProblemMessageId } from "../src/diagnostic.js";
import { checkGroups, compile, compileGroup, lint, lintMachineJson, plan, updateBody, validateMachineBody } from "../src/index.js";
import { ownerOf } from "../src/lint/report.js";
import { RULES_BY_ID } from "../src/rules/index.js";
import type { InputKind } from "../src/rules/types.js";
import { PROBLEM_MESSAGE_IDS, problemOf } from "./helpers/problems.js";
import { projectRoot } from "./helpers/shared.js";

/** Every ProblemKind (the `satisfies` makes a new kind a compile error here until it is listed). */
const KINDS = { syntax: true, "too-large": true, decode: true, convert: true, file: true, schema: true, group: true, "update-target": true, precision: true } as const satisfies Record<ProblemKind, true>;
const INPUTS: readonly InputKind[] = ["fly.toml", "machine-json"];

/** Every id seen, so the tests show they reached the paths that print the rare ones. */
const seen = new Set<string>();

function unregistered(ds: readonly Diagnostic[], where: string, out: string[]): void {
  for (const d of ds) {
    seen.add(d.ruleId);
    if (!RULES_BY_ID.has(d.ruleId)) out.push(`${where}: ${JSON.stringify(d.ruleId)} (${d.message.slice(0, 80)})`);
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else if (/\.(toml|yaml|yml|json)$/.test(name)) out.push(p);
  }
  return out;
}

const TWO_GROUPS = 'app = "a"\n[processes]\nweb = "w"\nworker = "k"\n[http_service]\ninternal_port = 8080\nprocesses = ["web"]\n';
/** Hostile fly.toml inputs: each stage's failures, and what only the library's compile and update paths refuse. */
const HOSTILE_TOML: (string | Uint8Array)[] = [
  "",
  "# only a comment\n",
  "app = \n",
  "[a\nb = 1\n",
  new Uint8Array([0x61, 0x20, 0x3d, 0x20, 0xff, 0xfe, 0x0a]),
  "\ufeffapp = 'a'\n[[services]]\ninternal_port = 'x'\n",
  'app = "a"\n[http_service]\ninternal_port = 8080\nmin_machines_running = 9007199254740993\n',
  'app = "a"\n[[vm]]\nsize = "huge"\n[[restart]]\npolicy = "no"\n',
  'app = "a"\n[[files]]\nguest_path = "/x"\nlocal_path = "missing.txt"\n[experimental]\nmachine_config = "nope.json"\n',
  'app = "a"\n[__proto__]\nx = 1\n[constructor]\nprototype = 2\n',
  `app = "a"\n${"x = 1\n".repeat(3)}`,
  TWO_GROUPS.replace('processes = ["web"]\n', ""),
  `app = "a"\n${Array.from({ length: 1500 }, (_, i) => `k${i} = 1`).join("\n")}\n`,
  "a".repeat(70_000),
];
const MACHINES: unknown[] = [
  undefined,
  42,
  [],
  { config: {} },
  { config: { metadata: { fly_platform_version: "v2", fly_process_group: "web" } } },
  { config: { metadata: { fly_process_group: "worker" } } },
  { config: { services: [{ autostart: "yes" }] } },
  { config: { guest: { cpus: 9007199254740993n } } },
];
const HOSTILE_JSON = ["", "{", "[1, 2", '"x"', "null", "[]", '{"config": 1}', '{"config": {"services": [{"ports": [{"port": 0}, {"start_port": 9, "end_port": 1}]}]}}', "[".repeat(5000), `{"config": {"env": {"__proto__": "x"}, "metadata": {"fly_process_group": 7}}}`];

const fixtureFiles = filesUnder(join(projectRoot, "fixtures"));

describe("Every id that can be printed is a registered rule (or an I/O error with no id)", () => {
  it("every problem kind of every stage has a registered owner, for fly.toml and for Machine JSON", () => {
    const bad: string[] = [];
    const kinds = new Set<ProblemKind>();
    for (const input of INPUTS) {
      for (const messageId of Object.keys(PROBLEM_MESSAGE_IDS) as ProblemMessageId[]) {
        const p = problemOf(messageId);
        kinds.add(p.kind);
        const { id } = ownerOf(p, input);
        if (!RULES_BY_ID.has(id)) bad.push(`${input} ${p.kind} ${messageId} → ${id}`);
      }
    }
    expect(bad).toEqual([]);
    // Every kind has a message id (so every kind was asked about above).
    expect([...kinds].sort()).toEqual((Object.keys(KINDS) as ProblemKind[]).sort());
  });

  it(`the library over every fixture file (${fixtureFiles.length}) prints only registered ids`, () => {
    const bad: string[] = [];
    for (const file of fixtureFiles) {
      const name = relative(projectRoot, file);
      const bytes = readFileSync(file);
      if (file.endsWith(".json")) {
        unregistered(lintMachineJson(bytes).diagnostics, `lintMachineJson ${name}`, bad);
        let value: unknown;
        try {
          value = JSON.parse(bytes.toString("utf8"));
        } catch {
          continue;
        }
        const v = validateMachineBody(value);
        unregistered(v.ok ? v.warnings : v.diagnostics, `validateMachineBody ${name}`, bad);
        if (Array.isArray(value)) for (const f of checkGroups(value, { appGroups: ["app"] }).findings) if (!RULES_BY_ID.has(f.ruleId)) bad.push(`checkGroups ${name}: ${f.ruleId}`);
      }
      const filePath = file.endsWith(".json") ? "fly.toml" : name;
      unregistered(lint(bytes, { filePath }).diagnostics, `lint ${name}`, bad);
      unregistered(compile(bytes, { filePath }).diagnostics, `compile ${name}`, bad);
      unregistered(plan(bytes, [], { filePath }).diagnostics ?? [], `plan ${name}`, bad);
    }
    expect(bad).toEqual([]);
  });

  it("the library's compile, update and plan paths over hostile fly.toml and Machines print only registered ids", () => {
    const bad: string[] = [];
    const tomls = [...HOSTILE_TOML, TWO_GROUPS];
    tomls.forEach((toml, i) => {
      const at = `input ${i}`;
      for (const bigint of [false, true]) unregistered(compile(toml, { bigint, maxBytes: 65_536 }).diagnostics, `compile ${at}`, bad);
      for (const group of ["app", "web", "worker", "nope", ""]) {
        const r = compileGroup(toml, group);
        unregistered(r.ok ? r.warnings : r.errors, `compileGroup ${at} ${group}`, bad);
      }
      MACHINES.forEach((machine, j) => {
        const c = compile(toml, { machine, group: "worker" });
        unregistered(c.diagnostics, `compile ${at} machine ${j}`, bad);
        const u = updateBody(toml, machine as never);
        unregistered(u.ok ? u.warnings : u.errors, `updateBody ${at} machine ${j}`, bad);
        const p = plan(toml, machine);
        unregistered(p.diagnostics ?? [], `plan ${at} machine ${j}`, bad);
      });
    });
    HOSTILE_JSON.forEach((json, i) => {
      unregistered(lintMachineJson(json, { maxBytes: 10_000, appGroups: ["web"], expectBody: true }).diagnostics, `lintMachineJson ${i}`, bad);
    });
    expect(bad).toEqual([]);
    for (const id of ["invalid-machine", "unsafe-integer", "input-size", "toml-syntax", "json-syntax", "unknown-group", "missing-file", "too-many-findings", "port-range"]) expect(seen, id).toContain(id);
  });

  const tmp = mkdtempSync(join(tmpdir(), "flyconf-printed-ids-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("the CLI's lint, compile and plan over hostile inputs print only registered ids ([id] at a line's end)", async () => {
    const bad: string[] = [];
    const printed = new Set<string>();
    const machines = join(tmp, "machines.json");
    writeFileSync(machines, JSON.stringify([{ id: "1", config: { metadata: { fly_platform_version: "v2", fly_process_group: "web" } } }]));
    const merge = join(tmp, "m.json");
    writeFileSync(merge, '{"config": {"metadata": {"fly_platform_version": "v2", "fly_process_group": "web"}}}');
    for (const [i, toml] of [...HOSTILE_TOML, TWO_GROUPS].entries()) {
      const file = join(tmp, `fly${i}.toml`);
      writeFileSync(file, toml);
      for (const argv of [["lint", "--format", "compact", file], ["lint", "--format", "json", file], ["compile", file], ["compile", "--merge", merge, "--group", "worker", file], ["plan", "--machines", machines, file], ["lint", "--max-bytes", "64", "--format", "compact", file]]) {
        let text = "";
        const io = { stdout: (s: string) => void (text += s), stderr: (s: string) => void (text += s), isTTY: false, stderrIsTTY: false, env: {}, cwd: tmp };
        await main(argv, io);
        for (const id of printedIds(text)) {
          printed.add(id);
          if (!RULES_BY_ID.has(id)) bad.push(`${argv.join(" ")}: ${id}`);
        }
      }
    }
    expect(bad).toEqual([]);
    for (const id of ["input-size", "toml-syntax", "empty-config", "unknown-key", "service-missing-processes"]) expect(printed, id).toContain(id);
  });
});

/** Ids as the CLI prints them: `[id]` ending a line (compact, compile), `"ruleId": "id"` (json). A linear scan. */
function printedIds(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const t = line.trimEnd();
    if (t.endsWith("]")) {
      const open = t.lastIndexOf("[");
      const id = t.slice(open + 1, -1);
      if (open >= 0 && /^[a-z]+(-[a-z]+)+$/.test(id)) out.push(id);
    }
    const k = t.indexOf('"ruleId": "');
    if (k >= 0) out.push(t.slice(k + 11, t.indexOf('"', k + 11)));
  }
  return out;
}
