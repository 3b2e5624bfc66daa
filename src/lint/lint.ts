// The linter core for fly.toml: problems of the earlier stages under the rules that claim them, then every rule's
// check, all through one FileReport (severities from configuration, fixes, suppressions), then the suppression
// findings. No I/O, no process state: the CLI and library callers own those.
import { formatKeyPath, type Diagnostic, type KeyPath } from "../diagnostic.js";
import type { Int } from "../compile/machine-types.js";
import { sourcePathOf } from "../model/source-path.js";
import { checkOptions } from "../options.js";
import { rulesOption } from "./options.js";
import { ownOptions } from "../object.js";
import { compileErrors, compileIn, type CompileResult } from "../pipeline.js";
import { configFormatOf, type ConfigFormat } from "../reader/app-config.js";
import { RULES, RULES_BY_ID } from "../rules/index.js";
import type { Rule, TomlContext } from "../rules/types.js";
import { FileReport, type RuleSettings } from "./report.js";
import { parseDirectives } from "./suppress.js";
import ignoredSuppression from "../rules/ignored-suppression.js";

export { severityFor, type RuleSetting } from "./report.js";

export interface LintOptions {
  /** The file's name: its suffix picks the format as flyctl does (fly.yaml → YAML, fly.json → JSON, else TOML). */
  filePath?: string;
  /** The format, when not from `filePath`. */
  format?: ConfigFormat;
  /** Per-rule severity overrides, e.g. { "unknown-key": "off" }. */
  rules?: RuleSettings;
  maxBytes?: number;
  /**
   * Reads a file fly.toml names (`machine_config` *.json, `[[files]] local_path`), relative to fly.toml, as
   * `flyconf compile` does; one it cannot read is a `missing-file` error. Without it those files are not looked at.
   */
  readFile?: (path: string) => Uint8Array | undefined;
  /**
   * False: suppression comments silence nothing and each is reported (ignored-suppression), so a file cannot switch
   * off the rules a CI run pins (the CLI's --no-inline-config). Default true.
   */
  inlineConfig?: boolean;
  /** Findings reported per file before the rest are counted in one too-many-findings finding (default 1,000). */
  maxFindings?: number;
}

/** Every option lint() takes, and how it is checked (a TypeError names a bad one). */
export const LINT_OPTION_KEYS = { filePath: "string", format: ["toml", "yaml", "json"], rules: rulesOption, maxBytes: "bytes", readFile: "function", inlineConfig: "boolean", maxFindings: "count" } as const;

export interface LintResult {
  /** The decoded source (empty when it could not be decoded). */
  source: string;
  diagnostics: Diagnostic[];
  /** The compile result the rules saw (integers past 2^53 as bigints). */
  compiled: CompileResult<Int>;
}

export function lint(input: string | Uint8Array, lintOptions: LintOptions = {}): LintResult {
  checkOptions("lint", lintOptions, LINT_OPTION_KEYS);
  const options = ownOptions(lintOptions);
  // The lint-only compile mode (pipeline.ts, CompileMode "lint"; this is its one caller): only the steps that can
  // fail run, configs are built if a caller reads them, and the decoder says whether it met only known keys
  // (TomlContext.knownKeysOnly).
  // With a file reader the [[files]] are read as fly deploy reads them (so a missing local_path is found).
  const readFile = options.readFile;
  const format = options.format ?? configFormatOf(options.filePath);
  const { result: compiled, knownKeysOnly } = compileIn("lint", input, { maxBytes: options.maxBytes, format, filePath: options.filePath, files: readFile ? "deploy" : "none", readFile, skipFileReads: !readFile, bigint: true });
  const { doc, model, lenientModel } = compiled.analysis;
  const directives = doc ? parseDirectives(doc) : undefined;
  const toSource = doc && ((p: KeyPath) => sourcePathOf(doc.value, p));
  const inline = options.inlineConfig !== false;
  const file = new FileReport(doc, { input: "fly.toml", rules: options.rules, toSource, suppressions: inline ? directives?.suppressions : undefined, maxFindings: options.maxFindings });
  for (const d of compiled.diagnostics) file.claimed(d);

  // With decode errors, rules see the lenient model (offending values left out). A conclusion about a table whose
  // value was dropped would be an echo of that error ("autostop is unset" when it was written wrong), so findings
  // beside a decode error are held back; rules that read keys only always speak.
  if (!model) {
    const tables = new Set(compiled.diagnostics.filter((d) => d.path?.length).map((d) => formatKeyPath(d.path!.slice(0, -1))));
    file.hold = (d, rule) => rule?.meta.keysOnly !== true && d.path !== undefined && tables.has(formatKeyPath(d.path.slice(0, -1)));
    // flyctl stops at a decode error; the compiler's own findings on the rest of the file (the lenient model) still
    // belong in this run, unless they only echo a decode error.
    if (doc && lenientModel) for (const d of compileErrors(doc, lenientModel, readFile)) file.claimed(d, { holdable: true });
  }

  if (doc) {
    const ctx: TomlContext = { doc, model: model ?? lenientModel, knownKeysOnly, report: file.report };
    for (const rule of RULES) if (rule.checkToml && file.begin(rule)) rule.checkToml(ctx);
    file.hold = undefined;
    if (directives && (directives.suppressions.length || directives.unknown.length)) {
      for (const rule of RULES) {
        // With inline configuration off only ignored-suppression speaks (nothing was used, nothing is "unused").
        if (!rule.checkSuppressions || (rule === ignoredSuppression) === inline) continue;
        rule.checkSuppressions({
          doc,
          suppressions: directives.suppressions,
          unknownDirectives: directives.unknown,
          isKnownRule: (id) => RULES_BY_ID.has(id),
          knownRules: () => RULES_BY_ID.keys(),
          fired: file.fired,
          report: (r, o) => file.reportAs(rule, r, o),
        });
      }
    }
  }
  const diagnostics = file.sorted();
  // Fixes are TOML text edits: for fly.yaml and fly.json the findings stand, without fixes (--fix says so).
  if (format !== "toml") {
    for (const d of diagnostics) {
      delete d.fix;
      delete d.suggestions;
    }
  }
  return { source: doc?.text ?? "", diagnostics, compiled };
}

export type { Rule };
