// The linter core for fly.toml: problems of the earlier stages under the rules that claim them, then every rule's
// check, all through one FileReport (severities from configuration, fixes, suppressions), then the suppression
// findings. No I/O, no process state: the CLI and library callers own those.
import { formatKeyPath, type Diagnostic, type Problem } from "../diagnostic.js";
import type { MachineConfig } from "../compile/machine-types.js";
import { analyzeSource, compileAnalyzed, toSourceOf, type Analysis, type Analyzed, type CompileResult } from "../pipeline.js";
import { RULES, RULES_BY_ID } from "../rules/index.js";
import type { Rule, TomlContext } from "../rules/types.js";
import { FileReport, problemDiagnostics, type RuleSettings } from "./report.js";
import { parseDirectives } from "./suppress.js";

export { severityFor, type RuleSetting } from "./report.js";

export interface LintOptions {
  /** Shown in nothing here; kept for callers that pass it through to formatters. */
  filePath?: string;
  /** Per-rule severity overrides, e.g. { "unknown-key": "off" }. */
  rules?: RuleSettings;
  maxBytes?: number;
}

export interface LintResult {
  /** The decoded source (empty when it could not be decoded). */
  source: string;
  diagnostics: Diagnostic[];
  /** The compile result the rules saw. */
  compiled: CompileResult;
}

export function lint(input: string | Uint8Array, options: LintOptions = {}): LintResult {
  const { analyzed: a, problems, compiled } = compileForLint(input, options.maxBytes);
  const { doc, model, lenientModel } = a;
  const directives = doc ? parseDirectives(doc) : undefined;
  const file = new FileReport(doc, { input: "fly.toml", rules: options.rules, toSource: toSourceOf(doc), suppressions: directives?.suppressions });
  for (const p of problems) file.problem(p);

  // With decode errors, rules see the lenient model (offending values left out). A conclusion about a table whose
  // value was dropped would be an echo of that error ("autostop is unset" when it was written wrong), so findings
  // beside a decode error are held back; rules that read keys only always speak.
  if (!model) {
    const tables = new Set(problems.filter((p) => p.path?.length).map((p) => formatKeyPath(p.path!.slice(0, -1))));
    file.hold = (d, rule) => rule?.meta.keysOnly !== true && d.path !== undefined && tables.has(formatKeyPath(d.path.slice(0, -1)));
  }

  if (doc) {
    const ctx: TomlContext = { doc, model: model ?? lenientModel, knownKeysOnly: a.knownKeysOnly, report: file.report };
    for (const rule of RULES) if (rule.checkToml && file.begin(rule)) rule.checkToml(ctx);
    file.hold = undefined;
    if (directives && (directives.suppressions.length || directives.unknown.length)) {
      for (const rule of RULES) {
        if (!rule.checkSuppressions) continue;
        rule.checkSuppressions({
          doc,
          suppressions: directives.suppressions,
          unknownDirectives: directives.unknown,
          isKnownRule: (id) => RULES_BY_ID.has(id),
          report: (r, o) => file.reportAs(rule, r, o),
        });
      }
    }
  }
  return { source: doc?.text ?? "", diagnostics: file.sorted(), compiled };
}

/**
 * The lint-only compile mode, one place for what makes linting cheap: the compiler runs only the steps that can fail
 * (the rules read its errors, not its configs), the decoder says whether it met only known keys (unknown-key may stop
 * early), and the configs are built only if a library caller reads `compiled.configs`.
 */
function compileForLint(input: string | Uint8Array, maxBytes: number | undefined): { analyzed: Analyzed; problems: Problem[]; compiled: CompileResult } {
  const a = analyzeSource(input, { maxBytes });
  const c = compileAnalyzed(a, { files: "none" }, true);
  const toSource = toSourceOf(a.doc);
  const diagnostics = c.problems.length ? problemDiagnostics(a.doc, c.problems, "fly.toml", toSource) : [];
  const analysis: Analysis = { doc: a.doc, model: a.model, lenientModel: a.lenientModel, diagnostics: a.problems.length ? problemDiagnostics(a.doc, a.problems, "fly.toml", toSource) : [] };
  return { analyzed: a, problems: c.problems, compiled: new LazyCompileResult(diagnostics, c.groups, analysis, c.problems.length === 0 ? c.build : undefined) };
}

/**
 * A compile result whose configs are built on first read. A class with the getter on its prototype, not a
 * per-object accessor: an accessor closure per result gives every result its own hidden class, which cost the
 * linter a sixth of its time.
 */
class LazyCompileResult implements CompileResult {
  #full: Record<string, MachineConfig> | undefined;
  #build: (() => Record<string, MachineConfig>) | undefined;
  constructor(
    public diagnostics: Diagnostic[],
    public groups: string[],
    public analysis: Analysis,
    build: (() => Record<string, MachineConfig>) | undefined,
  ) {
    this.#build = build;
  }
  get configs(): Record<string, MachineConfig> {
    if (!this.#full) {
      this.#full = this.#build ? this.#build() : {};
      this.#build = undefined;
    }
    return this.#full;
  }
  set configs(v: Record<string, MachineConfig>) {
    this.#full = v;
    this.#build = undefined;
  }
}

export type { Rule };
