// The one shape every stage reports problems in. Stage-neutral: types only, no logic.

export type Severity = "error" | "warning" | "info";

/** A key path into a document, e.g. ["services", 0, "ports", 1, "port"]. */
export type KeyPath = readonly (string | number)[];

/** A text edit on the source: replace [start, end) (UTF-16 offsets into the decoded text) with `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  /** One line saying what the fix does ("replace \"true\" with true"). */
  description: string;
  edits: TextEdit[];
}

/** A second place a finding points at (the other service of a group, the port already taken). */
export interface RelatedLocation {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * An edit that changes what the file means (a likely intent, not a certainty): offered to people (message, JSON,
 * SARIF, editor quick fixes), applied by `--fix-unsafe` (the first one) and never by `--fix`. Same shape as Fix.
 */
export type Suggestion = Fix;

export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  /** 1-based line and column (columns count UTF-16 code units, as editors do). */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Rendered key path, e.g. `http_service.auto_start_machines` or `services[0].ports[1].port`. */
  keyPath: string;
  /** The same key path as segments, where known (used to compute fixes; not part of the JSON output). */
  path?: KeyPath;
  /** A safe fix: the file means the same afterwards (or a rejected value gets its only reading). `--fix` applies it. */
  fix?: Fix;
  /** Other places the finding involves, in the same file (editors show them as related information). */
  related?: RelatedLocation[];
  /** Meaning-changing edits, most likely first; never applied by `--fix`. Absent when there are none. */
  suggestions?: Suggestion[];
}

/** Render a key path the way users read it: dotted keys, [i] for list indexes, quoted odd keys. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `${out === "" ? "" : "."}${JSON.stringify(seg)}`;
  }
  return out;
}

/**
 * What a problem an earlier stage found is about. Stages before the linter (reader, model, compiler, schema check)
 * report these and never name a rule: rules claim them (src/rules/types.ts `claims`), and the lint core's report()
 * turns each into a Diagnostic under the rule that claims it.
 */
export type ProblemKind =
  /** The text does not parse (or is not UTF-8). */
  | "syntax"
  /** The input is over the size cap. */
  | "too-large"
  /** A value the model cannot decode (wrong type or shape): flyctl's JSON decode step fails. */
  | "decode"
  /** A value the compiler cannot convert (bad vm size, check without a port, …). */
  | "convert"
  /** A file fly.toml names (`[[files]] local_path`, a `machine_config` *.json) cannot be read. */
  | "file"
  /** Machine JSON that breaks the Machines API schema, or is not a Machine/config at all. */
  | "schema"
  /** A process group asked for (option or Machine) that fly.toml does not define. */
  | "group"
  /** The Machine to update is not one the update path may take (not a Machine, undecodable, other group, detached). */
  | "update-target"
  /** An integer beyond 2^53 where the caller asked for numbers. */
  | "precision";

export interface Problem {
  kind: ProblemKind;
  message: string;
  /** Where: a path in the source document… */
  path?: KeyPath;
  /** …or a path in the normalized model (mapped back to the source by the lint core)… */
  modelPath?: KeyPath;
  /** …or a span of the source (with `path` for the key path it is about)… */
  span?: { start: number; end: number };
  /** …or, without a document, a 1-based position (syntax errors). */
  position?: { line: number; column: number; endLine: number; endColumn: number };
  /** Schema problems: the schema definition the value failed, e.g. "duration". */
  definition?: string;
}
