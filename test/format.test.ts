import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import AjvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../src/diagnostic.js";
import {
  FORMAT_NAMES,
  escapeData,
  escapeProperty,
  formatResults,
  isFormatName,
  pascalCase,
  pickDefaultFormat,
  shouldColor,
  toSarif,
  type FileResult,
  type FormatName,
  type FormatOptions,
  type RuleDoc,
} from "../src/format/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const goldenDir = join(here, "..", "fixtures", "format");
// UPDATE_GOLDEN=1 rewrites the expected files; review the diff before committing.
const updateGolden = process.env.UPDATE_GOLDEN === "1";

// Line 5 is indented with a tab on purpose: the code frame must expand it and keep the carets aligned.
const SOURCE = [
  "app = 42",
  'primary_region = "ams"',
  "",
  "[http_service]",
  '\tinternal_port = "8080"',
  "  auto_stop_machines = true",
  "  force_https = true",
  "",
].join("\n");

function offsetOf(needle: string): { start: number; end: number } {
  const start = SOURCE.indexOf(needle);
  if (start < 0) throw new Error(`sample source lacks ${needle}`);
  return { start, end: start + needle.length };
}

const RULES: RuleDoc[] = [
  {
    id: "type-mismatch",
    severity: "error",
    description: "Values must have the type flyctl expects.",
    docs: "Values must have the type flyctl expects.\n\nBad:\n\n```toml\ninternal_port = \"8080\"\n```\n\nGood:\n\n```toml\ninternal_port = 8080\n```\n",
    fixable: true,
  },
  {
    id: "deprecated-autostop",
    severity: "warning",
    description: "Boolean auto_stop_machines is deprecated.",
    docs: 'Use a mode string.\n\nBad:\n\n```toml\nauto_stop_machines = true\n```\n\nGood:\n\n```toml\nauto_stop_machines = "stop"\n```\n',
    fixable: true,
  },
  {
    id: "missing-http-checks",
    severity: "info",
    description: "An HTTP service without health checks.",
    docs: "Add checks.\n\nBad:\n\n```toml\n[http_service]\n```\n\nGood:\n\n```toml\n[[http_service.checks]]\npath = \"/health\"\n```\n",
    fixable: false,
  },
  {
    id: "unknown-key",
    severity: "warning",
    description: "Keys flyctl does not know are ignored silently.",
    docs: "Bad:\n\n```toml\nproccesses = {}\n```\n\nGood:\n\n```toml\nprocesses = {}\n```\n",
    fixable: false,
  },
];

const portEdit = offsetOf('"8080"');
const autostopEdit = offsetOf("true");

const FLY_DIAGNOSTICS: Diagnostic[] = [
  {
    ruleId: "type-mismatch",
    severity: "error",
    message: 'Expected a string for "app", got an integer.',
    line: 1,
    column: 7,
    endLine: 1,
    endColumn: 9,
    keyPath: "app",
  },
  {
    ruleId: "missing-http-checks",
    severity: "info",
    message: "http_service has no health checks.",
    line: 4,
    column: 1,
    endLine: 7,
    endColumn: 21,
    keyPath: "http_service",
  },
  {
    ruleId: "type-mismatch",
    severity: "error",
    message: 'Expected an integer for "internal_port", got a string.',
    line: 5,
    column: 18,
    endLine: 5,
    endColumn: 24,
    keyPath: "http_service.internal_port",
    fix: { description: 'replace "8080" with 8080', edits: [{ ...portEdit, text: "8080" }] },
  },
  {
    ruleId: "deprecated-autostop",
    severity: "warning",
    message: 'auto_stop_machines = true is deprecated; use "stop".',
    line: 6,
    column: 24,
    endLine: 6,
    endColumn: 28,
    keyPath: "http_service.auto_stop_machines",
    fix: { description: 'replace true with "stop"', edits: [{ ...autostopEdit, text: '"stop"' }] },
  },
];

const RESULTS: FileResult[] = [
  { path: "fly.toml", source: SOURCE, diagnostics: FLY_DIAGNOSTICS },
  {
    // No source: no code frame. The space must be percent-encoded in SARIF URIs.
    path: "apps/web dir/fly.toml",
    diagnostics: [
      {
        ruleId: "unknown-key",
        severity: "warning",
        message: 'Unknown key "proccesses"; did you mean "processes"?',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 11,
        keyPath: "proccesses",
      },
    ],
  },
  { path: "apps/clean/fly.toml", source: 'app = "clean"\n', diagnostics: [] },
];

const OPTIONS: FormatOptions = { color: false, rules: RULES, cwd: "/repo", toolVersion: "0.1.0" };

const GOLDEN_FILES: Record<FormatName, string> = {
  stylish: "sample.stylish.txt",
  compact: "sample.compact.txt",
  json: "sample.json",
  sarif: "sample.sarif",
  github: "sample.github.txt",
};

const ANSI = /\x1b\[[0-9;]*m/g;

describe("golden outputs (colour off)", () => {
  for (const name of FORMAT_NAMES) {
    it(`${name} matches fixtures/format/${GOLDEN_FILES[name]}`, () => {
      const actual = formatResults(name, RESULTS, OPTIONS);
      const file = join(goldenDir, GOLDEN_FILES[name]);
      if (updateGolden) writeFileSync(file, actual);
      expect(actual).toBe(readFileSync(file, "utf8"));
      expect(actual).not.toMatch(ANSI);
    });
  }
});

describe("stylish", () => {
  it("colours only when asked, and colour changes nothing but escape codes", () => {
    const plain = formatResults("stylish", RESULTS, OPTIONS);
    const colored = formatResults("stylish", RESULTS, { ...OPTIONS, color: true });
    expect(colored).toContain("\x1b[31merror\x1b[39m");
    expect(colored).toContain("\x1b[33mwarning\x1b[39m");
    expect(colored).toContain("\x1b[34minfo\x1b[39m");
    expect(colored).toContain("\x1b[4mfly.toml\x1b[24m");
    expect(colored.replace(ANSI, "")).toBe(plain);
  });

  it("aligns carets under a tab-indented value", () => {
    const out = formatResults("stylish", RESULTS, OPTIONS).split("\n");
    const i = out.findIndex((l) => l.includes('internal_port = "8080"'));
    const code = out[i]!;
    const carets = out[i + 1]!;
    expect(code).not.toContain("\t");
    expect(carets.indexOf("^")).toBe(code.indexOf('"8080"'));
    expect(carets).toMatch(/ \^{6}$/);
  });

  it("underlines a multi-line span to the end of its first line only", () => {
    const out = formatResults("stylish", RESULTS, OPTIONS).split("\n");
    const i = out.findIndex((l) => l.endsWith("| [http_service]"));
    expect(out[i + 1]).toMatch(/\| \^{14}$/);
    expect(out[i + 2]).not.toMatch(/\^/);
  });

  it("keeps one caret for an empty or past-the-end span and neutralises control characters", () => {
    const source = "a = 1\x1b[2J\n";
    const d: Diagnostic = { ruleId: "r", severity: "error", message: "m", line: 1, column: 40, endLine: 1, endColumn: 40, keyPath: "a" };
    const out = formatResults("stylish", [{ path: "f.toml", source, diagnostics: [d] }], OPTIONS);
    expect(out).not.toContain("\x1b");
    // Shown visibly as its escape (issue 9), the caret still past the end of what is shown.
    expect(out).toContain("    1 | a = 1\\u001b[2J\n      |               ^\n");
  });

  it("prints nothing when there are no problems", () => {
    expect(formatResults("stylish", [RESULTS[2]!], OPTIONS)).toBe("");
  });

  it("counts infos only when present and omits the fix line without fixes", () => {
    const out = formatResults("stylish", [RESULTS[1]!], OPTIONS);
    expect(out).toContain("\u2716 1 problem (0 errors, 1 warning)\n");
    expect(out).not.toContain("fixable");
  });
});

describe("compact", () => {
  it("prints FILE:LINE:COL: severity message [rule-id] per problem and no summary", () => {
    const lines = formatResults("compact", RESULTS, OPTIONS).trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe("fly.toml:4:1: info http_service has no health checks. [missing-http-checks]");
    for (const l of lines) expect(l).toMatch(/^[^:]+:\d+:\d+: (error|warning|info) .+ \[[a-z-]+\]$/);
  });
});

describe("json", () => {
  it("has the documented shape", () => {
    const report = JSON.parse(formatResults("json", RESULTS, OPTIONS));
    expect(Object.keys(report)).toEqual(["version", "files", "summary"]);
    expect(report.version).toBe(1);
    expect(report.summary).toEqual({ files: 3, errors: 2, warnings: 2 });
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(RESULTS.map((r) => r.path));
    const [first, , third] = report.files[0].diagnostics;
    expect(Object.keys(first)).toEqual(["ruleId", "severity", "message", "line", "column", "endLine", "endColumn", "keyPath"]);
    expect(third.fix).toEqual({ description: 'replace "8080" with 8080', edits: [{ ...portEdit, text: "8080" }] });
    expect(report.files[2].diagnostics).toEqual([]);
  });
});

describe("github", () => {
  it("escapes data and property values like @actions/core", () => {
    expect(escapeData("100% sure\r\nnext: a,b")).toBe("100%25 sure%0D%0Anext: a,b");
    expect(escapeProperty("100% a:b,c\n")).toBe("100%25 a%3Ab%2Cc%0A");
  });

  it("escapes messages, paths and titles in the annotation", () => {
    const d: Diagnostic = {
      ruleId: "odd,rule",
      severity: "error",
      message: "50% off\nsecond line: a, b",
      line: 2,
      column: 3,
      endLine: 2,
      endColumn: 5,
      keyPath: "",
    };
    const out = formatResults("github", [{ path: "dir:x,y/fly.toml", diagnostics: [d] }], OPTIONS);
    expect(out).toBe(
      "::error file=dir%3Ax%2Cy/fly.toml,line=2,col=3,endLine=2,endColumn=5,title=flyconf (odd%2Crule)::50%25 off%0Asecond line: a, b\n",
    );
  });

  it("maps severities and leaves columns off multi-line annotations", () => {
    const lines = formatResults("github", RESULTS, OPTIONS).trimEnd().split("\n");
    expect(lines.map((l) => l.slice(0, l.indexOf(" ")))).toEqual(["::error", "::notice", "::error", "::warning", "::warning"]);
    expect(lines[1]).toBe("::notice file=fly.toml,line=4,endLine=7,title=flyconf (missing-http-checks)::http_service has no health checks.");
  });

  it("makes absolute paths inside cwd relative", () => {
    const out = formatResults("github", [{ path: "/repo/sub/fly.toml", diagnostics: FLY_DIAGNOSTICS.slice(0, 1) }], OPTIONS);
    expect(out).toMatch(/^::error file=sub\/fly.toml,/);
  });
});

describe("sarif", () => {
  // The official SARIF 2.1.0 schema as shipped by @microsoft/jest-sarif. It is draft-04, hence ajv-draft-04;
  // its `language` pattern is not valid under the `u` flag, hence unicodeRegExp: false.
  const require = createRequire(import.meta.url);
  const schemaPath = join(dirname(require.resolve("@microsoft/jest-sarif/package.json")), "lib", "schemas", "sarif-2.1.0-rtm.5.json");
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  // CommonJS packages under NodeNext: the class and plugin are on `.default`.
  const Ajv = AjvDraft04.default;
  const addFormats = ajvFormats.default;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  const errorsOf = (log: unknown) => (validate(log) ? [] : validate.errors);

  it("validates against the SARIF 2.1.0 schema", () => {
    expect(errorsOf(JSON.parse(formatResults("sarif", RESULTS, OPTIONS)))).toEqual([]);
  });

  it("rejects a result missing its message (the validator has teeth)", () => {
    const log = JSON.parse(formatResults("sarif", RESULTS, OPTIONS));
    delete log.runs[0].results[0].message;
    expect(validate(log)).toBe(false);
    expect(validate.errors?.some((e) => e.keyword === "required" && e.params.missingProperty === "message")).toBe(true);
  });

  it("rejects an unknown level", () => {
    const log = JSON.parse(formatResults("sarif", RESULTS, OPTIONS));
    log.runs[0].results[0].level = "info";
    expect(validate(log)).toBe(false);
  });

  it("describes every rule and links results to them", () => {
    const log = toSarif(RESULTS, OPTIONS);
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    expect(run.tool.driver.rules[0]).toMatchObject({
      name: "TypeMismatch",
      defaultConfiguration: { level: "error" },
      properties: { fixable: true },
      help: { markdown: RULES[0]!.docs },
    });
    expect(run.tool.driver.rules[2]!.defaultConfiguration.level).toBe("note");
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex!]!.id).toBe(r.ruleId);
    expect(run.results.map((r) => r.level)).toEqual(["error", "note", "error", "warning", "warning"]);
    expect(run.originalUriBaseIds!["%SRCROOT%"]!.uri).toBe("file:///repo/");
    expect(run.results[4]!.locations[0]!.physicalLocation.artifactLocation).toEqual({
      uri: "apps/web%20dir/fly.toml",
      uriBaseId: "%SRCROOT%",
    });
  });

  it("turns fixes into replacements at UTF-16 offsets", () => {
    const fixes = toSarif(RESULTS, OPTIONS).runs[0]!.results[2]!.fixes!;
    expect(fixes[0]!.artifactChanges[0]!.replacements).toEqual([
      { deletedRegion: { charOffset: portEdit.start, charLength: 6 }, insertedContent: { text: "8080" } },
    ]);
    expect(SOURCE.slice(portEdit.start, portEdit.start + 6)).toBe('"8080"');
  });

  it("names files outside cwd absolutely, omits unknown rule indexes and empty key paths, and stays valid", () => {
    const d: Diagnostic = {
      ruleId: "not-registered",
      severity: "error",
      message: "m",
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 2,
      keyPath: "",
      fix: { description: "delete", edits: [{ start: 0, end: 1, text: "" }] },
    };
    const log = toSarif([{ path: "/elsewhere/fly.toml", diagnostics: [d] }], OPTIONS);
    const result = log.runs[0]!.results[0]!;
    expect(result.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: "file:///elsewhere/fly.toml" });
    expect(result.ruleIndex).toBeUndefined();
    expect(result.locations[0]!.logicalLocations).toBeUndefined();
    expect(result.fixes![0]!.artifactChanges[0]!.replacements[0]).toEqual({ deletedRegion: { charOffset: 0, charLength: 1 } });
    expect(errorsOf(log)).toEqual([]);
  });

  it("validates with no results and no rules", () => {
    expect(errorsOf(toSarif([], { ...OPTIONS, rules: [] }))).toEqual([]);
  });

  it("PascalCases rule ids", () => {
    expect(pascalCase("no-unknown-keys")).toBe("NoUnknownKeys");
    expect(pascalCase("http_service.checks")).toBe("HttpServiceChecks");
  });
});

describe("format selection", () => {
  it("defaults to github only inside GitHub Actions", () => {
    expect(pickDefaultFormat({ GITHUB_ACTIONS: "true" })).toBe("github");
    expect(pickDefaultFormat({ GITHUB_ACTIONS: "false" })).toBe("stylish");
    expect(pickDefaultFormat({})).toBe("stylish");
  });

  it("colours a TTY unless NO_COLOR is set; FORCE_COLOR overrides", () => {
    expect(shouldColor({ isTTY: true }, {})).toBe(true);
    expect(shouldColor({ isTTY: false }, {})).toBe(false);
    expect(shouldColor({}, {})).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(shouldColor({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
    expect(shouldColor({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "" })).toBe(true);
    expect(shouldColor({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(false);
    expect(shouldColor({ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
  });

  it("knows its format names and refuses others", () => {
    expect(FORMAT_NAMES.every(isFormatName)).toBe(true);
    expect(isFormatName("junit")).toBe(false);
    expect(() => formatResults("junit" as FormatName, RESULTS, OPTIONS)).toThrow(/Unknown format "junit"/);
  });
});
