// Issue 9, "every regex on input linear (or replaced by a scanner)". Two guards:
// 1. ESLint's regexp/no-super-linear-backtracking and regexp/no-super-linear-move (scslre) check every regex literal
//    in shipped code (eslint.config.js); the first test holds that guard in place and able to fail. Regexes built at
//    run time escape that analysis, so the second test lists them and says why each is linear.
// 2. Each regex that runs on input-derived text (or the scanner that replaced it) is driven here through its real
//    entry point with 200,000-character inputs shaped to make a backtracking regex go quadratic: a long run of the
//    repeated character and no final match. Quadratic at this size takes tens of seconds (the replaced ones: a
//    `[^=]*` after `\s*` in the TOML syntax hint took 1.5 s at 40,000 blanks, `/\/+$/` on an ignore pattern 1.3 s at
//    40,000 slashes); linear takes milliseconds. The bound is deliberately generous for a shared, noisy machine.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import ts from "typescript";
import { TextDocument } from "vscode-languageserver-textdocument";
import { describe, expect, it } from "vitest";
import { compile, formatPlanMarkdown, formatPlanText, formatResults, lint, lintMachineJson, plan, type FileResult } from "../src/index.js";
import { parseConfig, resolveApiUrl } from "../src/node.js";
import { parseRuleOption } from "../src/lint/config.js";
import { completions } from "../src/lsp/completion.js";
import { isAppConfigName } from "../src/reader/app-config.js";
import { escapeControl, escapeLine } from "../src/escape.js";

const root = join(import.meta.dirname, "..");
const N = 200_000;
const BOUND_MS = 2_000;

function timed(run: () => unknown): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out.sort();
}

describe("static guard: no super-linear regex literal in shipped code", () => {
  it("the project's ESLint config rejects a backtracking regex in src/ (and accepts its linear rewrite)", async () => {
    const eslint = new ESLint({ cwd: root });
    const [bad] = await eslint.lintText('export const a = (s: string) => /^\\s*[^=]*$/.test(s) || /\\/+$/.test(s);\n', { filePath: join(root, "src/x.ts") });
    expect(bad!.messages.map((m) => m.ruleId).sort()).toEqual(["regexp/no-super-linear-backtracking", "regexp/no-super-linear-move"]);
    const [good] = await eslint.lintText('export const a = (s: string) => !s.includes("=") || /^\\/+/.test(s);\n', { filePath: join(root, "src/x.ts") });
    expect(good!.messages).toEqual([]);
  });

  it("every RegExp built at run time (out of the linter's reach) is one reviewed here", () => {
    // file → the constructor calls in it, each with the reason it is linear.
    const reviewed: Record<string, string[]> = {
      // Fixed words (one-character [_-] their only class) between look-arounds: O(words) per position.
      "src/rules/autostop-worker.ts": ["new RegExp(`(?<![a-z0-9])(${words.map((w) => w.replace(/_/g, \"[_-]\")).join(\"|\")})(?![a-z0-9])`, \"i\")"],
      // The "g" twins of three one-character classes.
      "src/escape.ts": ['new RegExp(UNSAFE.source, "g")', 'new RegExp(UNSAFE_BUT_LINES.source, "g")', 'new RegExp(JSON_UNSAFE.source, "g")'],
    };
    const found: Record<string, string[]> = {};
    for (const file of sourceFiles(join(root, "src"))) {
      const text = readFileSync(file, "utf8");
      if (!text.includes("RegExp")) continue;
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (n: ts.Node): void => {
        if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && n.expression.getText(sf) === "RegExp") {
          (found[file.slice(root.length + 1)] ??= []).push(n.getText(sf));
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(found).toEqual(reviewed);
  });
});

describe("input-facing regexes and their scanners are linear (200,000-character hostile inputs)", () => {
  const blanks = " ".repeat(N);
  const toml = (body: string) => `app = "a"\n${body}\n`;
  const big = { maxBytes: 1 << 23 };

  const cases: [string, () => unknown][] = [
    // src/reader/toml.ts explainSyntax: the line before and the text before a syntax error (lines 71-103).
    ["toml hint: blanks, a key, then an unexpected character (was /^\\s*[^=]*$/)", () => expect(lint(toml(`${blanks}x = {a = 1 ?`), big).diagnostics[0]!.message).toMatch(/expected the end of the line/)],
    ["toml hint: blanks inside an array, then '='", () => lint(toml(`${blanks}x = [1, ${blanks}=`), big)],
    ["toml hint: an unterminated header of blanks", () => lint(toml(`[${blanks}\ny = 1`), big)],
    ["toml hint: [[ and a long name, then ] and blanks", () => lint(toml(`[[${"a".repeat(N)}]${blanks}\ny = 1`), big)],
    ["toml hint: '=' then blanks at the end of a line", () => lint(toml(`x =${blanks}\ny = 1`), big)],
    ["toml hint: ',' then blanks at the end of a line", () => lint(toml(`x = [1,${blanks}\ny = 1`), big)],
    ["toml hint: many '=' and blanks", () => lint(toml(`x = 1 ${"= ".repeat(N / 2)}`), big)],
    // src/lint/suppress.ts: directive regex and the id list split.
    ["suppression: blanks before the directive", () => lint(toml(`#${blanks}flyconf-disable a`), big)],
    ["suppression: blanks and commas between ids", () => lint(toml(`# flyconf-disable a${" ,".repeat(N / 2)}b`), big)],
    ["suppression: a directive name of letters and dashes", () => lint(toml(`# flyconf-${"a-".repeat(N / 2)}`), big)],
    // src/lint/config.ts: ignore patterns (lines 213-217) and --rule (line 179).
    ["ignore pattern: a run of slashes, one other character, a slash (was /\\/+$/)", () => expect(parseConfig(JSON.stringify({ ignore: [`${"/".repeat(N)}x/`] }), "/r/.flyconf.json").ignoreMatchers[0]!.dirOnly).toBe(true)],
    ["ignore pattern: a run of ./", () => parseConfig(JSON.stringify({ ignore: [`${"./".repeat(N / 2)}x`] }), "/r/.flyconf.json")],
    ["--rule: blanks and a key with no '='", () => expect(() => parseRuleOption(`${blanks}a${blanks}b${blanks}`)).toThrow()],
    ["--rule: blanks around '=' and a value followed by junk", () => expect(() => parseRuleOption(`a${blanks}=${blanks}b${blanks}c`)).toThrow()],
    // src/api/machines.ts resolveApiUrl (lines 53-63).
    ["API URL: a path of slashes then one character (was /\\/+$/)", () => expect(resolveApiUrl(`https://api.example${"/".repeat(N)}x/`)).toMatch(/x\/v1$/)],
    ["API URL: a long scheme-like prefix without ://", () => resolveApiUrl(`${"a".repeat(N)}:/x`)],
    // src/reader/json.ts NUMBER (sticky) and the syntax message suffix.
    ["Machine JSON: a long number that ends badly", () => lintMachineJson(`{"guest": {"cpus": -${"1".repeat(N)}.e}}`, big)],
    ["Machine JSON: a long fraction and exponent", () => lintMachineJson(`{"guest": {"cpus": 1.${"0".repeat(N)}e+${"1".repeat(N)}}}`, big)],
    // src/reader/yaml.ts: plain scalars resolved as Go would (YAML_FLOAT, integer forms).
    ["fly.yaml: a long number-like plain scalar", () => lint(`app: a\nkill_timeout: ${"1".repeat(N)}.${"1".repeat(N)}ex\nswap_size_mb: 0x${"f".repeat(N)}g\n`, { ...big, filePath: "fly.yaml" })],
    // src/compile/size.ts and src/model/schema.ts: sizes and integer strings.
    ["vm memory and size strings of digits and dots", () => compile(toml(`[[vm]]\nmemory = "${"1.".repeat(N / 2)}x"\nsize = "${"1".repeat(N)} gbx"`), big)],
    ["an integer-like string where a number goes", () => compile(toml(`[[vm]]\ncpus = "${"1".repeat(N)}x"`), big)],
    // src/model/go-format.ts: datetimes in [env] (DATE_TIME, TIME, the trailing-zero scan).
    ["env datetime with a long fraction of zeros", () => compile(toml(`[env]\nA = 1979-05-27T07:32:00.${"0".repeat(N)}1Z\nB = 07:32:00.${"0".repeat(N)}`), big)],
    // src/rules/autostop-worker.ts: the run-time word regexes on group names and commands.
    [
      "autostop-worker: a command and a group name of near-words",
      () => lint(toml(`[processes]\n${"a".repeat(N)} = "${"worke".repeat(N / 5)}"\n[http_service]\ninternal_port = 8080\nauto_stop_machines = "stop"`), big),
    ],
    // src/rules/unknown-group.ts, src/diagnostic.ts key paths, and every output escape (src/escape.ts, src/format/*).
    [
      "formatters: a long key of control characters and dots through stylish, compact, github and sarif",
      () => {
        const source = toml(`[processes]\n"${"\\u0007.".repeat(N / 2)}" = "x"\n[http_service]\ninternal_port = 8080\nprocesses = ["${":,".repeat(N / 2)}"]`);
        const r = lint(source, big);
        const file: FileResult = { path: `fly.${"%\n::".repeat(1000)}.toml`, source, diagnostics: r.diagnostics };
        for (const format of ["stylish", "compact", "github", "sarif"] as const) formatResults(format, [file], { color: false, rules: [], toolVersion: "0" });
      },
    ],
    ["escapeControl and escapeLine on a long run of control characters", () => escapeLine(escapeControl("\u001b\n\u202e##[".repeat(N / 4)))],
    [
      "plan text and markdown: a group name of punctuation",
      () => {
        const p = plan(toml(`[processes]\n"${"!`[".repeat(N / 3)}" = "x"`), [], big);
        formatPlanText(p);
        formatPlanMarkdown(p);
      },
    ],
    // src/reader/app-config.ts: the file name test.
    ["app config name: fly. then many dots and no known extension", () => isAppConfigName(`fly${".".repeat(N)}x`)],
    // src/lsp/completion.ts: each line regex on a long line.
    ...[
      `${blanks}[[${"a".repeat(N)}`,
      `${blanks}processes = [${'"a", '.repeat(N / 5)}"b`,
      `${blanks}processes = [${"'".repeat(N)}`,
      `${blanks}a.b.c${blanks}=${blanks}"${"x".repeat(N)}`,
      `${blanks}${"k".repeat(N)}`,
      `${blanks}${"k".repeat(N)} ?`,
    ].map((line, i): [string, () => unknown] => [`LSP completion on a hostile line (${i + 1})`, () => {
      const doc = TextDocument.create("file:///r/fly.toml", "toml", 1, `app = "a"\n[http_service]\n${line}`);
      completions(doc, { line: 2, character: line.length });
    }]),
  ];

  it.each(cases)("%s", (_name, run) => {
    expect(timed(run)).toBeLessThan(BOUND_MS);
  });
});
