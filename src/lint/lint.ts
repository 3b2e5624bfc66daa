// The linter core: pipeline diagnostics + rule findings, severities from configuration, suppressions applied.
// No I/O, no process state: the CLI and library callers own those.
import { formatKeyPath, type Diagnostic, type KeyPath, type Severity } from "../diagnostic.js";
import type { Int } from "../compile/machine-types.js";
import { compile, compileErrors, type CompileResult } from "../pipeline.js";
import { sourcePathOf } from "../model/source-path.js";
import type { PositionedDocument, Span } from "../reader/document.js";
import type { TomlTable } from "../reader/values.js";
import { RULES, RULES_BY_ID } from "../rules/index.js";
import type { Report, Rule } from "../rules/types.js";
import { applySuppressions } from "./suppress.js";
import { ownOptions, ownValue } from "../object.js";

export type RuleSetting = "off" | "warn" | "error" | "info";

export interface LintOptions {
  /** Shown in nothing here; kept for callers that pass it through to formatters. */
  filePath?: string;
  /** Per-rule severity overrides, e.g. { "unknown-key": "off" }. */
  rules?: Readonly<Record<string, RuleSetting>>;
  maxBytes?: number;
  /**
   * Reads a file fly.toml names (`machine_config` *.json, `[[files]] local_path`), relative to fly.toml, as
   * `flyconf compile` does; one it cannot read is a `missing-file` error. Without it those files are not looked at.
   */
  readFile?: (path: string) => Uint8Array | undefined;
}

export interface LintResult {
  /** The decoded source (empty when it could not be decoded). */
  source: string;
  diagnostics: Diagnostic[];
  /** The compile result the rules saw (integers past 2^53 as bigints). */
  compiled: CompileResult<Int>;
}

const SETTING_TO_SEVERITY: Record<Exclude<RuleSetting, "off">, Severity> = { warn: "warning", error: "error", info: "info" };

export function severityFor(rule: Rule | undefined, id: string, overrides: LintOptions["rules"]): Severity | undefined {
  // An own property only: an inherited `rules["unknown-key"]` (a polluted prototype) switches nothing off.
  const setting = overrides ? ownValue<RuleSetting>(overrides, id) : undefined;
  if (setting === "off") return undefined;
  if (setting) return SETTING_TO_SEVERITY[setting];
  return rule?.meta.severity ?? "error";
}

export function lint(input: string | Uint8Array, lintOptions: LintOptions = {}): LintResult {
  const options = ownOptions(lintOptions);
  const readFile = options.readFile;
  // With a file reader the [[files]] are read as fly deploy reads them (so a missing local_path is found).
  const compiled = compile(input, { maxBytes: options.maxBytes, files: readFile ? "deploy" : "none", readFile, skipFileReads: !readFile, lazyConfigs: true, bigint: true });
  const { doc, model, lenientModel } = compiled.analysis;
  const out: Diagnostic[] = [];

  // With decode errors, rules see the lenient model (offending values left out). A conclusion about a table whose
  // value was dropped would be an echo of that error ("autostop is unset" when it was written wrong), so findings
  // beside a decode error are held back; unknown-key does not read values and always speaks.
  const decodeErrorTables = model ? undefined : new Set(compiled.diagnostics.filter((d) => d.path?.length).map((d) => formatKeyPath(d.path!.slice(0, -1))));
  const echoesDecodeError = (d: Diagnostic) =>
    decodeErrorTables !== undefined && d.ruleId !== "unknown-key" && d.path !== undefined && decodeErrorTables.has(formatKeyPath(d.path.slice(0, -1)));

  // With decode errors flyctl stops there; the compiler's own findings on the rest of the file (the lenient model)
  // still belong in this run, unless they only echo a decode error.
  const lenientCompile = doc && !model && lenientModel ? compileErrors(doc, lenientModel, readFile) : [];
  for (const d of [...compiled.diagnostics, ...lenientCompile.filter((x) => !echoesDecodeError(x))]) {
    const rule = RULES_BY_ID.get(d.ruleId);
    const severity = severityFor(rule, d.ruleId, options.rules);
    if (!severity) continue;
    const fix = doc && d.path && rule?.fix ? rule.fix(doc, d.path) : undefined;
    out.push({ ...d, severity, ...(fix ? { fix } : {}) });
  }

  if (doc) {
    // One report function for the whole run (rules report synchronously), naming the rule that is running.
    let ruleId = "";
    let severity: Severity = "error";
    const report = (r: Report): void => {
      const d = toDiagnostic(doc, ruleId, severity, r);
      if (!echoesDecodeError(d)) out.push(d);
    };
    const ctx = { doc, model: model ?? lenientModel, knownKeysOnly: compiled.analysis.knownKeysOnly, report };
    for (const rule of RULES) {
      if (!rule.checkToml) continue;
      const s = severityFor(rule, rule.meta.id, options.rules);
      if (!s) continue;
      ruleId = rule.meta.id;
      severity = s;
      rule.checkToml(ctx);
    }
  }

  const diagnostics = doc ? applySuppressions(doc, out, (id) => RULES_BY_ID.has(id), severityFor(RULES_BY_ID.get("unused-suppression"), "unused-suppression", options.rules)) : out;
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { source: doc?.text ?? "", diagnostics, compiled };
}

function toDiagnostic(doc: PositionedDocument<TomlTable>, ruleId: string, severity: Severity, r: Report): Diagnostic {
  let path: KeyPath | undefined;
  let span: Span;
  if ("span" in r) {
    span = r.span;
    path = r.path;
  } else {
    path = "modelPath" in r ? sourcePathOf(doc.value, r.modelPath) : r.path;
    span = doc.locate(path, r.at ?? "value");
  }
  const s = doc.lines.position(span.start);
  const e = doc.lines.position(span.end);
  const d: Diagnostic = {
    ruleId,
    severity,
    message: r.message,
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column,
    keyPath: path ? formatKeyPath(path) : "",
  };
  if (path) d.path = path;
  if (r.fix) d.fix = r.fix;
  if (r.suggestions && r.suggestions.length > 0) d.suggestions = r.suggestions;
  return d;
}
