// Rule messages keyed by message id (ESLint's meta.messages): a rule reports `{ messageId, data }` and the lint core
// looks the text up. tsc checks each report's messageId and data against its rule's own messages (Rule<typeof
// messages>); here, behaviourally: every message a rule declares is used by one of the project's fixtures (a message
// no input can produce is dead text), and a messageId a rule does not declare fails loudly instead of printing
// nothing.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processNames } from "../src/compile/groups.js";
import { lint } from "../src/lint/lint.js";
import { FileReport, messageOf } from "../src/lint/report.js";
import { analyze } from "../src/pipeline.js";
import { RULES } from "../src/rules/index.js";
import { defineRule, type Rule } from "../src/rules/types.js";
import { PositionedDocument, SpanIndex } from "../src/reader/document.js";
import { projectRoot } from "./helpers/shared.js";
import { ensureValidators } from "./helpers/validators.js";

const used = new Set<string>();
const restore: (() => void)[] = [];

/** Records every read of a rule's messages (the core's lookups, and fix descriptions the rule builds itself). */
function track(rule: Rule): void {
  const messages = rule.meta.messages as Record<string, unknown>;
  for (const id of Object.keys(messages)) {
    const value = messages[id];
    Object.defineProperty(messages, id, {
      configurable: true,
      enumerable: true,
      get() {
        used.add(`${rule.meta.id}/${id}`);
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

beforeAll(async () => {
  ensureValidators();
  for (const rule of RULES) track(rule);
  for (const id of readdirSync(rulesDir)) {
    const ruleDir = join(rulesDir, id);
    for (const f of readdirSync(ruleDir).filter((x) => /^(bad|good).*\.(toml|yaml|json)$/.test(x))) await lintRuleFixture(ruleDir, f);
  }
  const { lintMachineJson } = await import("../src/lint/machine-lint.js");
  const invalid = join(projectRoot, "fixtures/machine-json/invalid");
  for (const f of readdirSync(invalid).filter((x) => x.endsWith(".json") && x !== "manifest.json")) lintMachineJson(readFileSync(join(invalid, f), "utf8"));
});

afterAll(() => {
  for (const r of restore) r();
});

describe("rule messages", () => {
  for (const rule of RULES) {
    it(`${rule.meta.id}: every message in meta.messages is used by a fixture`, () => {
      const declared = Object.keys(rule.meta.messages).map((id) => `${rule.meta.id}/${id}`);
      expect(declared.filter((id) => !used.has(id))).toEqual([]);
    });
  }

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
