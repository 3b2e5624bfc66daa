// Rule messages keyed by message id (ESLint's meta.messages): a rule reports `{ messageId, data }` and the lint core
// looks the text up; a problem an earlier stage reports carries a message id and data too, and the rule that claims
// it renders it. tsc checks each report's messageId and data against its rule's own messages (Rule<typeof
// messages>), and each claimed problem's renderer against the stage's data (`satisfies ProblemMessages`); here,
// behaviourally: every message a rule declares is used by one of the project's fixtures (a message no input can
// produce is dead text), every message id a stage reports has a renderer in the rule that owns it, and a messageId
// a rule does not declare fails loudly instead of printing nothing.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processNames } from "../src/compile/groups.js";
import type { Diagnostic, ProblemMessageId } from "../src/diagnostic.js";
import { lint } from "../src/lint/lint.js";
import { FileReport, messageOf, ownerOf, problemDiagnostics } from "../src/lint/report.js";
import { lintFile, loadMachineSupport } from "../src/cli/lint.js";
import { localFileReader } from "../src/cli/io.js";
import { analyze, compile, toReleaseMachineConfig, toTestMachineConfig, type CompileOptions } from "../src/pipeline.js";
import type { ToMachineResult } from "../src/compile/machine.js";
import { RULES } from "../src/rules/index.js";
import { defineRule, type Rule } from "../src/rules/types.js";
import { PositionedDocument, SpanIndex } from "../src/reader/document.js";
import { PROBLEM_MESSAGE_IDS, problemOf } from "./helpers/problems.js";
import { projectRoot } from "./helpers/shared.js";
import { ensureValidators } from "./helpers/validators.js";

const used = new Set<string>();
/** Message values read, so a renderer several rules share (src/rules/utils/problem-messages.ts) counts once used. */
const usedValues = new Set<unknown>();
/** Each message's value by `rule/id`, kept aside so the checks below read them without counting a use. */
const values = new Map<string, unknown>();
const restore: (() => void)[] = [];

/** Records every read of a rule's messages (the core's lookups, and fix descriptions the rule builds itself). */
function track(rule: Rule): void {
  const messages = rule.meta.messages as Record<string, unknown>;
  for (const id of Object.keys(messages)) {
    const value = messages[id];
    values.set(`${rule.meta.id}/${id}`, value);
    Object.defineProperty(messages, id, {
      configurable: true,
      enumerable: true,
      get() {
        used.add(`${rule.meta.id}/${id}`);
        usedValues.add(value);
        return value;
      },
    });
    restore.push(() => Object.defineProperty(messages, id, { configurable: true, enumerable: true, writable: true, value }));
  }
}

const rulesDir = join(projectRoot, "fixtures/rules");

/** Lints a rule fixture as its suite does: options.json beside it, a fly.toml sidecar for Machine JSON's groups. */
async function lintRuleFixture(ruleDir: string, f: string): Promise<void> {
  const optionsFile = join(ruleDir, "options.json");
  // "compile" and "docs" hold the compile() options of compile-path fixtures (test/rules.test.ts), not lint options.
  const { compile: _compile, docs: _docs, ...extra } = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, "utf8")) as Record<string, unknown>) : {};
  const text = readFileSync(join(ruleDir, f), "utf8");
  // Fixtures of the compile and update path (invalid-machine, unsafe-integer): compiled as test/rules.test.ts does.
  const own = (_compile as Record<string, CompileOptions> | undefined)?.[f];
  if (own) {
    compile(text, { ...own, readFile: (p: string) => (existsSync(join(ruleDir, p)) ? readFileSync(join(ruleDir, p)) : undefined), filePath: f });
    return;
  }
  if (/\.(toml|yaml)$/.test(f)) {
    const readFile = (p: string) => (existsSync(join(ruleDir, p)) ? readFileSync(join(ruleDir, p)) : undefined);
    lint(text, { readFile, ...extra, filePath: f });
    return;
  }
  const { lintMachineJson } = await import("../src/lint/machine-lint.js");
  const side = join(ruleDir, f.replace(/\.json$/, ".app-config.toml.txt"));
  const model = existsSync(side) ? analyze(readFileSync(side, "utf8")).model : undefined;
  lintMachineJson(text, { ...extra, appGroups: model ? processNames(model) : undefined });
}

/**
 * Inputs no fixture file holds well (over the parser's limits, bytes over a byte cap, the library's release and
 * test-Machine converters), generated, with what they give (the same before and after the stages reported message
 * ids instead of sentences).
 */
/** The library's entry points that load the Machine JSON validators: imported once ensureValidators has run. */
type Api = Pick<typeof import("../src/index.js"), "lintMachineJson" | "compileGroup" | "validateMachineBody"> &
  Pick<typeof import("../src/lint/machine-schema.js"), "schemaFindings">;
const shown = (ds: Diagnostic[]) => ds.map((d) => `${d.line}:${d.column} ${d.ruleId} ${d.message}`);
const special = () =>
  analyze(`app = "a"\n[deploy]\nrelease_command = "bin/migrate 'now"\n[http_service]\ninternal_port = 8080\n[[http_service.machine_checks]]\nkill_signal = "SIGINT"\n`).model!;
const errorsOf = (r: ToMachineResult) => (r.ok ? [] : r.errors.map((e) => e.message));
const GENERATED: { name: string; run: (api: Api) => string[]; want: string[] }[] = [
  {
    name: "a string too long for the parser beside a long string holding a control character",
    run: () => shown(lint(`app = "${"a".repeat(130_000)}"\nb = "${"a".repeat(40_000)}\u0001"\n`).diagnostics),
    want: ["2:40006 toml-syntax control characters other than tab are not allowed in strings"],
  },
  {
    name: "a long string with an escape TOML does not have",
    run: () => shown(lint(`app = "${"a".repeat(130_000)}"\nb = "${"a".repeat(40_000)}\\q"\n`).diagnostics),
    want: ["2:40006 toml-syntax invalid escape sequence in a string"],
  },
  {
    name: "a long string with a surrogate \\u escape",
    run: () => shown(lint(`app = "${"a".repeat(130_000)}"\nc = "${"a".repeat(40_000)}\\uD800"\n`).diagnostics),
    want: ["2:40006 toml-syntax invalid unicode escape in a string"],
  },
  {
    name: "Machine JSON handed to lint() as fly.toml",
    run: () => shown(lint('{"config": {"image": "x"}}').diagnostics),
    want: [
      '1:1 toml-syntax Unexpected "{": expected a key (letters, digits, "_" and "-", or a quoted string), a [table] header or a # comment: this looks like JSON; lint Machines API JSON (a Machine, a list, a {"config": …} body) with lintMachineJson(), or fly.json with { filePath: "fly.json" }',
    ],
  },
  {
    name: "arrays nested past the parser's stack",
    run: () => shown(lint(`x = ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`).diagnostics),
    want: ["1:1 toml-syntax document is too deeply nested or holds a string too long to parse"],
  },
  {
    name: "fly.toml bytes over the byte cap",
    run: () => shown(lint(new TextEncoder().encode('app = "acme-web"\n'), { maxBytes: 8 }).diagnostics),
    want: ["1:1 toml-syntax file is 17 bytes, over the 8-byte limit (raise it with --max-bytes)"],
  },
  {
    name: "Machine JSON bytes over the byte cap",
    run: ({ lintMachineJson }) => shown(lintMachineJson(new TextEncoder().encode('{"config": {}}\n'), { maxBytes: 8 }).diagnostics),
    want: ["1:1 json-syntax file is 15 bytes, over the 8-byte limit (raise it with --max-bytes)"],
  },
  {
    name: "validateMachineBody of JavaScript values JSON cannot carry",
    run: ({ validateMachineBody }) => {
      const cycle: Record<string, unknown> = { config: { image: "x" } };
      (cycle.config as Record<string, unknown>).self = cycle;
      const bodies = [{ config: { image: "x", init: () => 1 } }, { config: { image: "x", guest: { cpus: Number.NaN } } }, cycle, { config: new Map() }];
      return bodies.flatMap((b) => {
        const r = validateMachineBody(b as never);
        return r.ok ? [] : shown(r.diagnostics);
      });
    },
    want: [
      "1:1 invalid-type config.init is a function, which JSON cannot carry",
      "1:1 invalid-type config.guest.cpus is NaN, which JSON cannot carry",
      "1:1 invalid-type config.self refers back to itself (a cycle): JSON cannot carry it",
      "1:1 invalid-type config is a Map, not a plain object",
    ],
  },
  {
    // The Machines API schemas use none of these keywords today (nor an anyOf whose branches all fail deeper): ajv
    // errors of that shape are read here as the schema check would read them.
    name: "ajv errors of keywords the schemas do not use yet (pattern, minLength, minItems, others; bare anyOf)",
    run: ({ schemaFindings }) => {
      const root = { services: [], name: "", image: "x", checks: { a: { path: "nope" } } };
      const at = (instancePath: string, keyword: string, params: Record<string, unknown>, message: string) => ({ instancePath, schemaPath: `#/${keyword}`, keyword, params, message });
      const errors = [
        at("/image", "anyOf", {}, "must match a schema in anyOf"),
        at("/checks/a/path", "pattern", { pattern: "^/" }, 'must match pattern "^/"'),
        at("/name", "minLength", { limit: 1 }, "must NOT have fewer than 1 characters"),
        at("/services", "minItems", { limit: 1 }, "must NOT have fewer than 1 items"),
        at("", "additionalProperties", { additionalProperty: "x" }, "must NOT have additional properties"),
      ];
      return problemDiagnostics(undefined, schemaFindings(root, [], errors, "web (148ed726c19489): "), "machine-json").map((d) => `${d.ruleId} ${d.message}`);
    },
    want: [
      "invalid-type web (148ed726c19489): image is not valid: must match a schema in anyOf",
      'invalid-type web (148ed726c19489): checks.a.path does not have the expected form (^/): the string "nope"',
      "invalid-type web (148ed726c19489): name must not be shorter than 1 characters",
      "invalid-type web (148ed726c19489): services must have at least 1 items",
      "invalid-type web (148ed726c19489): the document must NOT have additional properties",
    ],
  },
  {
    name: "compileGroup of a fly.toml whose config has no image (with and without [build] image)",
    run: ({ compileGroup }) =>
      ['app = "a"\n', 'app = "a"\n[build]\nimage = "flyio/hello:1"\n'].flatMap((t) => {
        const r = compileGroup(t, "app");
        return r.ok ? shown(r.warnings) : [];
      }),
    want: [
      "1:1 missing-image the config has no image: the Machines API cannot create a Machine without one; pass { image }",
      `3:9 missing-image the config has no image: the Machines API cannot create a Machine without one; pass { image } (fly.toml's [build] image is "flyio/hello:1")`,
    ],
  },
  {
    name: "compileGroup of a group that is no name",
    run: ({ compileGroup }) => {
      const r = compileGroup('app = "a"\n', "");
      return r.ok ? [] : shown(r.errors);
    },
    want: ["1:1 unknown-group the process group must be a non-empty string"],
  },
  {
    name: "toReleaseMachineConfig of a release command shlex cannot split",
    run: () => errorsOf(toReleaseMachineConfig(special())),
    want: ["could not split release command: EOF found when expecting closing quote"],
  },
  {
    name: "toTestMachineConfig of a machine check with neither command nor image",
    run: () => errorsOf(toTestMachineConfig(special(), special().http_service!.machine_checks![0]!, ["http_service", "machine_checks", 0])),
    want: ["missing command for test machine", "missing image for test machine"],
  },
];
const generated = new Map<string, string[]>();

beforeAll(async () => {
  ensureValidators();
  for (const rule of RULES) track(rule);
  for (const id of readdirSync(rulesDir)) {
    const ruleDir = join(rulesDir, id);
    for (const f of readdirSync(ruleDir).filter((x) => /^(bad|good).*\.(toml|yaml|json)$/.test(x))) await lintRuleFixture(ruleDir, f);
  }
  // Every fixture file as `flyconf lint` reads it (bytes, kind by name, files beside it), as the golden test does.
  await loadMachineSupport();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      if (relative(projectRoot, abs) === join("fixtures", "golden")) continue;
      if (statSync(abs).isDirectory()) walk(abs);
      else if (/\.(toml|yaml|yml|json)$/.test(name)) lintFile(relative(projectRoot, abs), readFileSync(abs), { rules: {}, fix: false, readFile: localFileReader(dirname(abs)) });
    }
  };
  walk(join(projectRoot, "fixtures"));
  const api = { ...(await import("../src/index.js")), ...(await import("../src/lint/machine-schema.js")) };
  for (const g of GENERATED) generated.set(g.name, g.run(api));
});

afterAll(() => {
  for (const r of restore) r();
});

describe("rule messages", () => {
  for (const g of GENERATED) {
    it(`generated input: ${g.name}`, () => expect(generated.get(g.name)).toEqual(g.want));
  }

  for (const rule of RULES) {
    it(`${rule.meta.id}: every message in meta.messages is used by a fixture`, () => {
      const declared = Object.keys(rule.meta.messages).map((id) => `${rule.meta.id}/${id}`);
      // A renderer shared by the rules that claim the same problems (schema, decode) is used when any of them used it.
      const shared = (id: string) => typeof values.get(id) === "function" && usedValues.has(values.get(id));
      expect(declared.filter((id) => !used.has(id) && !shared(id))).toEqual([]);
    });
  }

  it("every rule that claims problems of earlier stages declares the words for them (claim-only rules included)", () => {
    const claiming = RULES.filter((r) => r.claims?.length);
    expect(claiming.length).toBeGreaterThan(10);
    const ids = new Set(Object.keys(PROBLEM_MESSAGE_IDS));
    for (const rule of claiming) expect(Object.keys(rule.meta.messages).filter((id) => ids.has(id)), rule.meta.id).not.toEqual([]);
  });

  it("every message id a stage reports is rendered by the rule that owns it, for fly.toml and for Machine JSON", () => {
    // PROBLEM_MESSAGE_IDS is typed Record<ProblemMessageId, …>: an id added to ProblemData fails tsc until listed.
    const missing: string[] = [];
    for (const input of ["fly.toml", "machine-json"] as const) {
      for (const id of Object.keys(PROBLEM_MESSAGE_IDS) as ProblemMessageId[]) {
        const owner = ownerOf(problemOf(id), input);
        if (!Object.hasOwn(owner.rule.meta.messages, id)) missing.push(`${input} ${id} → ${owner.id}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("a rule owns a claimed problem only when it has words for it (else the next claim takes it)", () => {
    // autostart-type claims decode problems at auto_start_machines, but has no words for a YAML key problem there.
    const p = { kind: "decode", messageId: "yaml-key-not-scalar", data: {}, path: ["http_service", "auto_start_machines"] } as const;
    expect(ownerOf(p, "fly.toml").id).toBe("invalid-type");
    expect(ownerOf({ ...problemOf("decode-failed", { at: "x", detail: "must be a boolean" }), path: ["http_service", "auto_start_machines"] }, "fly.toml").id).toBe("autostart-type");
  });

  it("a rule reporting a messageId its meta.messages lacks fails loudly, naming the rule and the id", () => {
    const rule: Rule = { meta: { ...RULES[0]!.meta, id: "example", messages: { known: "a message" } } };
    expect(messageOf(rule, { messageId: "known" })).toBe("a message");
    expect(() => messageOf(rule, { messageId: "unknown" })).toThrow('rule example reported messageId "unknown", which its meta.messages does not declare');
    // Inherited names are not messages.
    expect(() => messageOf(rule, { messageId: "toString" })).toThrow(/toString/);
  });

  it("the lint core builds a report's text, and its related notes, from the rule's messages and data", () => {
    const messages = { found: ({ n }: { n: number }) => `found ${n}`, here: "first seen here" };
    const rule = defineRule<typeof messages>({ meta: { ...RULES[0]!.meta, id: "example", messages } });
    const doc = new PositionedDocument<unknown>("x = 1\n", {}, new SpanIndex());
    const file = new FileReport(doc, { input: "fly.toml" });
    file.begin(rule);
    file.report({ span: { start: 0, end: 1 }, messageId: "found", data: { n: 2 }, related: [{ span: { start: 4, end: 5 }, messageId: "here" }] });
    expect(file.diagnostics.map((d) => [d.message, d.related?.map((r) => r.message)])).toEqual([["found 2", ["first seen here"]]]);
  });

  it("tsc holds a rule's reports to its own messages (the @ts-expect-error lines fail the typecheck if accepted)", () => {
    const messages = { found: ({ n }: { n: number }) => `found ${n}`, plain: "plain" };
    const reports: unknown[] = [];
    const rule = defineRule<typeof messages>({
      meta: { ...RULES[0]!.meta, id: "example", messages },
      checkToml({ report }) {
        report({ path: [], messageId: "found", data: { n: 1 } });
        report({ path: [], messageId: "plain" });
        // @ts-expect-error an id the rule does not declare
        report({ path: [], messageId: "missing" });
        // @ts-expect-error data of the wrong shape
        report({ path: [], messageId: "found", data: { n: "1" } });
        // @ts-expect-error a message that takes data, reported without it
        report({ path: [], messageId: "found" });
      },
    });
    rule.checkToml!({ doc: new PositionedDocument("", {}, new SpanIndex()), report: (r: { messageId: string }) => reports.push(r.messageId) } as never);
    expect(reports).toEqual(["found", "plain", "missing", "found", "found"]);
  });
});
