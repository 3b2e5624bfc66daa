// The one place a report becomes a Diagnostic (ESLint's lib/linter/file-report.js): a rule's finding, or a problem an
// earlier stage found (syntax, decode, conversion, schema) under the rule that claims it. Here a target (a source
// path, a model path or a span) becomes line/column, the severity comes from configuration, a claimed problem gets
// its rule's fix, and suppression comments are applied.
import tooManyFindings, { DEFAULT_MAX_FINDINGS, moreFindings } from "../rules/too-many-findings.js";
import invalidType from "../rules/invalid-type.js";
import { formatKeyPath, type Diagnostic, type KeyPath, type Problem, type Severity } from "../diagnostic.js";
import type { PositionedDocument, Span } from "../reader/document.js";
import { RULES, RULES_BY_ID } from "../rules/index.js";
import type { Claim, InputKind, MessageRef, Report, Rule, Suppression, Target } from "../rules/types.js";
import { ownValue } from "../object.js";
import { suppressedBy } from "./suppress.js";

/** "warning" is another name for "warn", accepted everywhere (the output itself says "warning"). */
export type RuleSetting = "off" | "warn" | "warning" | "error" | "info";
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

const SETTING_TO_SEVERITY: Record<Exclude<RuleSetting, "off">, Severity> = { warn: "warning", warning: "warning", error: "error", info: "info" };

/** The configured severity of rule `id` (its default unless overridden); undefined when it is off. */
export function severityFor(rule: Rule | undefined, id: string, overrides: RuleSettings | undefined): Severity | undefined {
  // An own property only: an inherited `rules["unknown-key"]` (a polluted prototype) switches nothing off.
  const setting = overrides ? ownValue<RuleSetting>(overrides, id) : undefined;
  if (setting === "off") return undefined;
  if (setting) return SETTING_TO_SEVERITY[setting];
  return rule?.meta.severity ?? "error";
}


interface ClaimTable {
  narrow: { claim: Claim; rule: Rule }[];
  broad: { claim: Claim; rule: Rule }[];
}
const claimTables = new Map<InputKind, ClaimTable>();

function claimTable(input: InputKind): ClaimTable {
  let t = claimTables.get(input);
  if (t) return t;
  t = { narrow: [], broad: [] };
  for (const rule of RULES) {
    if (!rule.claims || !rule.meta.inputs.includes(input)) continue;
    for (const claim of rule.claims) {
      const narrow = claim.key !== undefined || claim.parent !== undefined || claim.under !== undefined || claim.definition !== undefined;
      (narrow ? t.narrow : t.broad).push({ claim, rule });
    }
  }
  claimTables.set(input, t);
  return t;
}

function matches(c: Claim, p: Problem, keys: readonly string[]): boolean {
  if (!c.kinds.includes(p.kind)) return false;
  if (c.key !== undefined && keys[keys.length - 1] !== c.key) return false;
  if (c.parent !== undefined && keys[keys.length - 2] !== c.parent) return false;
  if (c.under !== undefined && !keys.includes(c.under)) return false;
  return c.definition === undefined || c.definition === p.definition;
}

/**
 * The rule that owns a problem: the first narrow claim that matches it, else the first broad one; a kind no rule of
 * this input claims goes to the rule that claims it for another input. A rule owns only the problems it has words
 * for (its meta.messages declares the problem's message id). Every problem has a registered owner (a printed id is
 * always a rule `flyconf explain` knows; test/printed-ids.test.ts).
 */
export function ownerOf(p: Problem, input: InputKind): { id: string; rule: Rule } {
  const keys = (p.path ?? p.modelPath ?? []).filter((s): s is string => typeof s === "string");
  for (const kind of [input, input === "fly.toml" ? "machine-json" : "fly.toml"] as const) {
    const t = claimTable(kind);
    for (const list of [t.narrow, t.broad]) {
      for (const { claim, rule } of list) if (matches(claim, p, keys) && Object.hasOwn(rule.meta.messages, p.messageId)) return { id: rule.meta.id, rule };
    }
  }
  return { id: invalidType.meta.id, rule: invalidType };
}

/** The text of a problem as the rule that owns it says it (for outputs that print a problem without a Diagnostic). */
export function problemMessage(p: Problem, input: InputKind): string {
  return messageOf(ownerOf(p, input).rule, p);
}

/** A problem as a Diagnostic under the rule that owns it, its text from that rule's messages. */
export function problemDiagnostic(doc: PositionedDocument | undefined, p: Problem, input: InputKind, severity: Severity = "error", toSource?: ToSource): Diagnostic {
  const { id, rule } = ownerOf(p, input);
  return toDiagnostic(doc, id, severity, p, messageOf(rule, p), toSource);
}


/** The text of `rule`'s message `ref.messageId`, built from `ref.data`. An undeclared id is a bug in the rule. */
export function messageOf(rule: Rule, ref: MessageRef): string {
  const messages = rule.meta.messages;
  const m = Object.hasOwn(messages, ref.messageId) ? messages[ref.messageId] : undefined;
  if (m === undefined) throw new Error(`rule ${rule.meta.id} reported messageId ${JSON.stringify(ref.messageId)}, which its meta.messages does not declare`);
  return typeof m === "string" ? m : (m as (data: unknown) => string)(ref.data);
}

/** A rule's report as a Diagnostic: its message (and its related locations' notes) looked up, then positioned. */
function reportDiagnostic(doc: PositionedDocument | undefined, rule: Rule, severity: Severity, r: Report, toSource: ToSource | undefined): Diagnostic {
  return toDiagnostic(doc, rule.meta.id, severity, r, messageOf(rule, r), toSource, (t) => messageOf(rule, t as unknown as MessageRef));
}

/** Model paths → source paths (aliases, one-or-many lists); identity where the model is the source (Machine JSON). */
export type ToSource = (modelPath: KeyPath) => KeyPath;

/**
 * A report or problem positioned on the document: range → 1-based line/column, key path rendered. The message is
 * passed apart (and a related location's note through `noteOf`): no copy of the report is made to carry it.
 */
export function toDiagnostic(
  doc: PositionedDocument | undefined,
  ruleId: string,
  severity: Severity,
  r: Report | Problem,
  message: string,
  toSource?: ToSource,
  noteOf: (t: Target & { message?: string }) => string = (t) => t.message ?? "",
): Diagnostic {
  let path: KeyPath | undefined;
  let span: Span | undefined;
  if ("span" in r && r.span) {
    span = r.span;
    path = r.path;
  } else if ("modelPath" in r && r.modelPath) {
    path = toSource ? toSource(r.modelPath) : r.modelPath;
  } else path = (r as { path?: KeyPath }).path;
  let d: Diagnostic;
  if (doc && (span || path)) {
    span ??= doc.locate(path!, ("at" in r && r.at) || "value");
    const s = doc.lines.position(span.start);
    const e = doc.lines.position(span.end);
    d = { ruleId, severity, message, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, keyPath: path ? formatKeyPath(path) : "" };
  } else {
    const p = ("position" in r && r.position) || { line: 1, column: 1, endLine: 1, endColumn: 1 };
    d = { ruleId, severity, message, line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn, keyPath: path ? formatKeyPath(path) : "" };
  }
  if (path) d.path = path;
  if ("fix" in r && r.fix) d.fix = r.fix;
  if (doc && "related" in r && r.related?.length) {
    d.related = r.related.map((t) => {
      const at = locateTarget(doc, t, toSource);
      const a = doc.lines.position(at.start);
      const b = doc.lines.position(at.end);
      return { message: noteOf(t), line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
    });
  }
  if ("suggestions" in r && r.suggestions && r.suggestions.length > 0) d.suggestions = r.suggestions;
  return d;
}

/** A second location's span (relatedInformation). */
function locateTarget(doc: PositionedDocument, t: Target, toSource: ToSource | undefined): Span {
  if ("span" in t) return t.span;
  const path = "modelPath" in t ? (toSource ? toSource(t.modelPath) : t.modelPath) : t.path;
  return doc.locate(path, t.at ?? "value");
}

/**
 * Problems as the compiler reports them (library `compile()`/`analyze()`): every one an error under the rule that
 * claims it, positioned, duplicates (same place, same message) once.
 */
export function problemDiagnostics(doc: PositionedDocument | undefined, problems: readonly Problem[], input: InputKind, toSource?: ToSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const p of problems) {
    const d = problemDiagnostic(doc, p, input, "error", toSource);
    const k = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  return out;
}

export interface FileReportOptions {
  input: InputKind;
  rules?: RuleSettings;
  toSource?: ToSource;
  /** Suppression comments of the file (fly.toml); findings they cover are dropped and the comment marked used. */
  suppressions?: readonly Suppression[];
  /** Findings kept before the rest are only counted (too-many-findings); default DEFAULT_MAX_FINDINGS. */
  maxFindings?: number;
}

/**
 * The findings of one file. Rules report synchronously, so the core names the running rule (`begin`) and rules call
 * `report` with no id. Every entry point — rule findings, claimed problems, suppression findings — ends in `add`.
 */
const byPosition = (a: Diagnostic, b: Diagnostic) => a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);

export class FileReport {
  readonly diagnostics: Diagnostic[] = [];
  #rule: Rule | undefined;
  #severity: Severity = "error";
  readonly #seen = new Set<string>();
  /** Set by the core to hold findings back (e.g. echoes of a decode error); held findings suppress nothing. */
  hold?: (d: Diagnostic, rule: Rule | undefined) => boolean;
  readonly report = (r: Report): void => {
    const rule = this.#rule!;
    this.add(reportDiagnostic(this.doc, rule, this.#severity, r, this.options.toSource), rule);
  };

  constructor(
    readonly doc: PositionedDocument | undefined,
    readonly options: FileReportOptions,
  ) {}

  severityOf(rule: Rule): Severity | undefined {
    return severityFor(rule, rule.meta.id, this.options.rules);
  }

  /** Names `rule` as the one reporting until the next call; false when the rule is off (do not run it). */
  begin(rule: Rule): boolean {
    const severity = this.severityOf(rule);
    if (!severity) return false;
    this.#rule = rule;
    this.#severity = severity;
    return true;
  }

  /** A problem of an earlier stage, under the rule that claims it (with its fix). Duplicates are reported once. */
  problem(p: Problem): void {
    const { id, rule } = ownerOf(p, this.options.input);
    const severity = severityFor(rule, id, this.options.rules);
    if (!severity) return;
    const d = toDiagnostic(this.doc, id, severity, p, messageOf(rule, p), this.options.toSource);
    const k = `${d.line}:${d.column}:${d.message}`;
    if (this.#seen.has(k)) return;
    this.#seen.add(k);
    // Fixes are text edits on fly.toml; Machine JSON is reported, never rewritten.
    const doc = this.options.input === "fly.toml" ? (this.doc as PositionedDocument<never> | undefined) : undefined;
    const fix = doc && d.path && rule?.fix ? rule.fix(doc, d.path) : undefined;
    if (fix) d.fix = fix;
    this.add(d, rule, { holdable: false });
  }

  /**
   * A diagnostic the compiler made of a problem (under the rule that claims it): configured severity, the rule's fix.
   */
  claimed(compiled: Diagnostic, options: { holdable?: boolean } = {}): void {
    const rule = RULES_BY_ID.get(compiled.ruleId);
    const severity = severityFor(rule, compiled.ruleId, this.options.rules);
    if (!severity) return;
    const d: Diagnostic = { ...compiled, severity };
    const doc = this.options.input === "fly.toml" ? (this.doc as PositionedDocument<never> | undefined) : undefined;
    const fix = doc && d.path && rule?.fix ? rule.fix(doc, d.path) : undefined;
    if (fix) d.fix = fix;
    this.add(d, rule, { holdable: options.holdable === true });
  }

  /** Where each rule fired (kept or suppressed): an unused suppression can say where its rule did fire. */
  readonly fired: { ruleId: string; line: number }[] = [];

  /** Reports `r` as `rule` from outside a `begin` (the suppression pass). */
  reportAs(rule: Rule, r: Report, options: { suppressible?: boolean } = {}): void {
    const severity = this.severityOf(rule);
    if (severity) this.add(reportDiagnostic(this.doc, rule, severity, r, this.options.toSource), rule, options);
  }

  /** The end of every report: held back, suppressed, or kept. */
  add(d: Diagnostic, rule: Rule | undefined, options: { suppressible?: boolean; holdable?: boolean } = {}): void {
    if (options.holdable !== false && this.hold?.(d, rule)) return;
    this.fired.push({ ruleId: d.ruleId, line: d.line });
    const suppressible = options.suppressible !== false && rule?.meta.suppressible !== false;
    const sups = this.options.suppressions;
    if (suppressible && sups?.length && suppressedBy(sups, d.ruleId, d.line, rule?.checkSuppressions === undefined)) return;
    // Bounded: past the cap a finding is only counted (by severity); sorted() adds one finding for them all.
    if (this.diagnostics.length >= (this.options.maxFindings ?? DEFAULT_MAX_FINDINGS)) {
      this.#dropped[d.severity === "error" ? "errors" : d.severity === "warning" ? "warnings" : "infos"]++;
      this.#firstDropped ??= d;
      return;
    }
    this.diagnostics.push(d);
  }

  readonly #dropped = { errors: 0, warnings: 0, infos: 0 };
  #firstDropped: Diagnostic | undefined;

  /** The findings in reading order (line, column, rule id); past the cap, one too-many-findings finding last. */
  sorted(): Diagnostic[] {
    const first = this.#firstDropped;
    if (first) {
      const kept = this.options.maxFindings ?? DEFAULT_MAX_FINDINGS;
      const { severity, message } = moreFindings(this.#dropped, kept);
      const more: Diagnostic = { ruleId: tooManyFindings.meta.id, severity, message, line: first.line, column: first.column, endLine: first.endLine, endColumn: first.endColumn, keyPath: "" };
      const sorted = this.diagnostics.sort(byPosition);
      sorted.push(more);
      return sorted;
    }
    return this.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  }
}
