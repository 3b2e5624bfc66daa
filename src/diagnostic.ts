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
 * report these and never name a rule nor write its sentence: rules claim them (src/rules/types.ts `claims`), and
 * the lint core's report() turns each into a Diagnostic under the rule that claims it, in that rule's words.
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

/**
 * What each problem says, as data: a neutral message id (what went wrong) and the facts a sentence needs. Stages
 * report these and write no sentence; the rule that claims the problem renders it from its `meta.messages` (the
 * same id), so a problem's words live with its rule. Text that comes from a third-party parser (TOML, YAML, JSON),
 * from the model's decode issues or from the Machines API schema check is carried whole as `detail`.
 */
export interface ProblemData {
  // kind "syntax": the text does not read (TOML, YAML, JSON; bytes that are not UTF-8).
  /** toml-eslint-parser's own message, where flyconf has no better words for it. */
  "toml-parse-error": TomlSyntaxNotes & { detail: string };
  /** `[table` or `[[table` left open on its line. */
  "toml-unclosed-header": TomlSyntaxNotes & { close: "]" | "]]"; header: string };
  "toml-unterminated-table-key": TomlSyntaxNotes;
  /** `key =` with nothing after it on the line. */
  "toml-missing-value": TomlSyntaxNotes;
  "toml-unterminated-array": TomlSyntaxNotes;
  "toml-unterminated-inline-table": TomlSyntaxNotes;
  /** A character (or token) no TOML construct takes here; `found` as shown (quoted, or "end of file"). */
  "toml-unexpected": TomlSyntaxNotes & { token: boolean; found: string; expected: "key" | "value" | "table-key" | "equals" | "end-of-line" };
  /** Something after a value on its line. */
  "toml-expected-newline": TomlSyntaxNotes;
  /** A string too long for the parser, refused by flyconf's own scan of it. */
  "toml-string": TomlSyntaxNotes & { fault: "control-character" | "unicode-escape" | "escape-sequence" };
  /** Past what the parser can take (deep nesting, a huge string). */
  "toml-too-deep": TomlSyntaxNotes;
  /** Keys or values nesting past flyconf's cap. */
  "toml-nested-too-deep": TomlSyntaxNotes & { max: number };
  /** yaml's own message. */
  "yaml-parse-error": { detail: string };
  /** A top level that is a sequence or a scalar (yaml.v3 into map[string]interface {}). */
  "yaml-not-mapping": { actual: "!!seq" | "!!str" };
  /** Past flyconf's cap on values (aliases expanded: "billion laughs"). */
  "yaml-too-many-values": { max: number };
  /** Values nesting past flyconf's cap. */
  "yaml-nested-too-deep": { max: number };
  /** An alias naming no anchor. */
  "yaml-unknown-anchor": { anchor: string };
  /** A `<<` merge of something that is not a mapping. */
  "yaml-merge-not-map": Empty;
  /** momoa's (or the JSON scanner's) message. */
  "json-parse-error": { detail: string };
  /** fly.json whose top level is not an object (Go's json.Unmarshal into a map). */
  "json-not-object": { actual: "array" | "string" | "number" | "bool" };
  /** Bytes that are not UTF-8, at byte offset `byte`. */
  "invalid-utf8": { byte: number; jsonHint?: boolean };
  /** Bytes over the cap, met while decoding them. */
  "file-too-large": { size: number; max: number; jsonHint?: boolean };
  // kind "too-large": the input is over the byte cap before it is read.
  /** `subject` is "file" or "input"; `size` when known; `hint` to say how to raise the cap. */
  "too-large": { subject: "file" | "input"; size?: number; max: number; hint: boolean };
  // kind "decode": a value the model (or flyctl's loader) cannot take.
  /** The model's decode issue (`detail`) at the key path `at` ("" at the top). */
  "decode-failed": { at: string; detail: string };
  /** A YAML key below the top level that YAML does not read as a string. */
  "yaml-key-not-string": { key: string; readAs: string };
  "yaml-key-not-scalar": Empty;
  /** A top-level section that is null, with flyctl's error for it. */
  "null-section": { key: string; flyctl: string };
  // kind "convert": a value the compiler cannot convert.
  /** A [[vm]] size that is no preset; `choices` lists the presets of its family ("shared…", "performance…"). */
  "vm-size-unknown": { size: string; choices?: readonly string[] };
  /** A [[vm]] memory that does not read as a size (the size parser's words as `detail`). */
  "vm-memory-invalid": { detail: string };
  /** machine_config that is neither inline JSON nor a *.json file. */
  "machine-config-source": { source: string };
  /** machine_config JSON that does not parse: `file` when read from one (then the position is shown). */
  "machine-config-json": { file?: string; detail: string; line: number; column: number };
  /** machine_config with a value fly-go cannot decode (its words as `detail`); `line`/`column` in a file. */
  "machine-config-value": { file?: string; detail: string; line?: number; column?: number };
  "container-not-found": { container: string };
  "container-no-image": { container: string };
  /** A process command google/shlex cannot split (its words as `detail`). */
  "process-command": { group: string; detail: string };
  "check-type": { check: string };
  "check-no-port": { check: string; group: string };
  "restart-policy-invalid": { policy: string };
  /** A release command google/shlex cannot split (its words as `detail`). */
  "release-command": { detail: string };
  "test-machine-command": Empty;
  "test-machine-image": Empty;
  // kind "file": a file fly.toml names that cannot be read; `reason` is the reader's, absent for a missing file.
  "machine-config-unreadable": { source: string; reason?: string };
  "local-file-unreadable": { path: string; reason?: string };
  // kind "group": a process group asked for that fly.toml does not define (or that is no group name at all).
  "group-undefined": { group: string; defined: readonly string[] };
  "group-not-a-name": Empty;
  // kind "schema": Machine JSON against the Machines API schema.
  /** The document is no Machine, list, body or config. */
  "not-machine-input": { actual: string };
  /** An element of a Machine list that is not a Machine. */
  "list-element-not-machine": { index: number; actual?: string };
  // A value the Machines API schema rejects (ajv's error, read): `subject` names the Machine ("" for a bare
  // config), `at` is the key path ("" for the document); `actual` describes the value there.
  "schema-missing-key": SchemaPlace & { key: string };
  /** A type, a constant, or one of several (anyOf/oneOf) the value is none of, as described (`a boolean`, `"stop"`). */
  "schema-expected": SchemaPlace & { expected: readonly string[]; actual: string };
  /** Alternatives the value matches none of, with no simpler description: ajv's words as `detail`. */
  "schema-no-alternative": SchemaPlace & { detail: string };
  /** A value not in an enum (`allowed` as JSON). */
  "schema-enum": SchemaPlace & { allowed: readonly string[]; actual: string };
  /** A number past a bound (`comparison` is ajv's: ">=", "<", …). */
  "schema-limit": SchemaPlace & { comparison: string; limit: string; actual: string };
  /** A duration string without a unit. */
  "schema-duration": SchemaPlace & { actual: string };
  "schema-pattern": SchemaPlace & { pattern: string; actual: string };
  "schema-min-length": SchemaPlace & { limit: string };
  "schema-min-items": SchemaPlace & { limit: string };
  /** Any other schema keyword: ajv's message as `detail`. */
  "schema-other": SchemaPlace & { detail: string };
  // A JavaScript value handed in as a Machine body that JSON cannot carry; `at` is its key path ("" for the body).
  /** NaN or ±Infinity. */
  "not-json-number": { at: string; value: string };
  /** undefined (in a list), a function, a symbol. */
  "not-json-type": { at: string; type: "undefined" | "function" | "symbol" };
  /** A value that contains itself. */
  "not-json-cycle": { at: string };
  /** An instance of a class (a Map, a Date, …), not a plain object. */
  "not-json-class": { at: string; className: string };
  // kind "update-target": the Machine handed to the update path.
  "update-not-machine": Empty;
  "update-undecodable": { at: string; detail: string };
  "update-moved": { own?: string; wanted: string };
  "update-detached": { wanted: string };
  // kind "precision": an integer beyond 2^53 where the caller asked for numbers.
  "integer-too-large": { value: string; at: string; group: string };
}

/** Where a schema problem is: the Machine (`"web (148ed726c19489): "`, or "" for a bare config) and the key path. */
export interface SchemaPlace {
  subject: string;
  at: string;
}

/**
 * Notes any TOML syntax problem may carry: valid in TOML 1.1 only; a fly.yml (read as TOML) to rename; JSON handed
 * to lint() as fly.toml (`jsonHint`, set by the lint mode: lint the Machine JSON or the fly.json as such).
 */
export interface TomlSyntaxNotes {
  toml11?: boolean;
  renameTo?: string;
  jsonHint?: boolean;
}

type Empty = Record<string, never>;

export type ProblemMessageId = keyof ProblemData;

/** A message id with exactly its data (checked by tsc where a stage reports it). */
export type ProblemMessage = { [K in ProblemMessageId]: { messageId: K; data: ProblemData[K] } }[ProblemMessageId];

/** Where a problem is. */
export interface ProblemPlace {
  kind: ProblemKind;
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

export type Problem = ProblemPlace & ProblemMessage;
