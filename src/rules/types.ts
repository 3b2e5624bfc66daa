// What a rule is (ESLint's rule modules, actionlint's rule_*.go): one module under src/rules/<id>.ts holds the whole
// rule: its metadata and docs, its fly.toml check, its Machine-JSON check, its fix, and the problems of earlier stages
// (syntax, decode, conversion, schema) it claims. Rules see the positioned document and the normalized model; they
// know no terminal, formatter or file system, and report through the lint core (src/lint/report.ts).
import type { Fix, KeyPath, Problem, ProblemData, ProblemKind, ProblemMessageId, Severity, Suggestion } from "../diagnostic.js";
import type { FlyToml } from "../model/schema.js";
import type { PositionedDocument, Span } from "../reader/document.js";
import type { TomlTable } from "../reader/values.js";
import type { MachineInput } from "../model/machine-input.js";

export interface RuleMeta {
  /** Stable public id, kebab-case. */
  id: string;
  /** Default severity. */
  severity: Severity;
  /** One line: what it catches. */
  description: string;
  /** Markdown: why it matters, then a bad and a good example (```toml blocks). */
  docs: string;
  fixable: boolean;
  /** Which inputs the rule checks (and claims problems of). */
  inputs: readonly InputKind[];
  /** False for findings no suppression comment may silence (a file that does not parse). Default true. */
  suppressible?: boolean;
  /**
   * True when the rule reads keys, never values: its findings beside a decode error are not echoes of it and are
   * kept (other rules' findings in a table whose value was dropped are held back).
   */
  keysOnly?: boolean;
  /**
   * flyctl's own validation (`fly deploy`, `fly config validate`) refuses a file with this finding, so
   * `flyconf compile` fails on it too. A function when only some findings are refused (by key path).
   */
  flyctlRefuses?: true | ((d: { keyPath: string }) => boolean);
}

/** A message: a fixed sentence, or one built from the data its report passes. */
export type Message = string | ((data: never) => string);

/**
 * A rule's messages keyed by message id, apart from its logic (ESLint's meta.messages, publint's messages): every
 * sentence the rule reports, the notes of its related locations and the descriptions of its fixes and suggestions.
 */
export type Messages = Readonly<Record<string, Message>>;

/**
 * The messages a rule gives the problems it claims, keyed by the message id the stage reports (src/diagnostic.ts
 * ProblemData), each built from exactly that id's data. `messages: { … } satisfies ProblemMessages` type-checks the
 * ids and the data; a rule owns a claimed problem only when it declares the problem's message id.
 */
export type ProblemMessages = { readonly [I in ProblemMessageId]?: (data: ProblemData[I]) => string };

/** A rule's meta with its messages: rules report `{ messageId, data }` and the lint core looks the text up here. */
export interface RuleMetaWith<M extends Messages> extends RuleMeta {
  messages: M;
}

type DataOf<F> = F extends (data: infer D) => string ? D : never;

/**
 * A message id with its data, checked against the rule's messages: a fixed sentence takes no data, a built one
 * exactly the data its function takes. Without known messages (the registry's view) any id is accepted here and
 * checked by the lint core.
 */
export type MessageRef<M extends Messages = Messages> = string extends keyof M
  ? { messageId: string; data?: unknown }
  :
      | { messageId: FixedIds<M>; data?: undefined }
      | { [K in keyof M & string]: M[K] extends string ? never : { messageId: K; data: DataOf<M[K]> } }[keyof M & string];

/** The ids of a rule's fixed sentences (one member, so `messageId: cond ? "a" : "b"` type-checks). */
type FixedIds<M extends Messages> = { [K in keyof M & string]: M[K] extends string ? K : never }[keyof M & string];

export type InputKind = "fly.toml" | "machine-json";

/**
 * Problems of an earlier stage a rule owns, declared by kind and, to narrow it, by where: `key` is the last key of
 * the problem's path, `parent` the key before it, `under` any key on the path, `definition` the schema definition
 * the value failed. A claim with none of these owns every problem of its kinds no narrower claim takes. A claim
 * takes only the problems whose message id the rule's meta.messages declares (it says them; ProblemMessages).
 */
export interface Claim {
  kinds: readonly ProblemKind[];
  key?: string;
  parent?: string;
  under?: string;
  definition?: string;
}

/** Where a finding points: a path in the source document, or a path in the model (mapped back by the engine). */
export type Target = { path: KeyPath; at?: "key" | "value" } | { modelPath: KeyPath; at?: "key" | "value" } | { span: Span; path?: KeyPath };

export type Report<M extends Messages = Messages> = Target &
  MessageRef<M> & {
  /** Only when the file means the same afterwards (or a rejected value has exactly one reading): `--fix` applies it. */
  fix?: Fix;
  /** Other places the finding involves (located like the target), each with a short note. */
  related?: (Target & MessageRef<M>)[];
  /** Edits that change the meaning (most likely first): shown, offered in editors, applied only by `--fix-unsafe`. */
  suggestions?: Suggestion[];
};

export interface TomlContext<M extends Messages = Messages> {
  doc: PositionedDocument<TomlTable>;
  /**
   * The normalized model. With decode errors it is the model of the file with the offending values left out (so
   * every rule still reports in the same run); absent only when even that fails.
   */
  model?: FlyToml;
  /** True when decoding met only keys the model knows, exactly spelt (rules looking for unknown keys may stop). */
  knownKeysOnly?: boolean;
  report(r: Report<M>): void;
}

/**
 * Machines API JSON input (a Machine, a list of Machines, a create/update body or a bare config). Paths are JSON
 * paths.
 */
export interface MachineContext<M extends Messages = Messages> {
  doc: PositionedDocument<unknown>;
  input: MachineInput;
  /** Process groups fly.toml defines, when linting with --app-config. */
  appGroups?: readonly string[];
  /** The file is meant as a create/update request body (`--body`). */
  expectBody?: boolean;
  /** What the body is for, when known: "update" skips checks that only concern a create. */
  intent?: "create" | "update";
  report(r: Report<M>): void;
}

/** What the suppression pass found, for the rule that reports suppressions that suppress nothing. */
export interface SuppressionContext<M extends Messages = Messages> {
  doc: PositionedDocument;
  suppressions: readonly Suppression[];
  /** Comments that look like a directive but are none (`flyconf-disable-line`, `flyconf-enable`). */
  unknownDirectives: readonly { name: string; start: number; end: number }[];
  isKnownRule(id: string): boolean;
  /** Every registered rule id (for "did you mean"). */
  knownRules?(): Iterable<string>;
  /** Where each rule fired in this file (suppressed or not), in report order. */
  fired?: readonly { ruleId: string; line: number }[];
  /** Reports through the lint core; `suppressible: false` for reports no directive may silence. */
  report(r: Report<M>, options?: { suppressible?: boolean }): void;
}

export interface Suppression {
  kind: "next-line" | "line" | "file";
  ids: string[];
  /** 1-based line the suppression applies to (next-line: the line after the comment; line: its own line). */
  targetLine: number;
  /** 1-based line of the comment itself. */
  line: number;
  reason?: string;
  start: number;
  end: number;
  /** The ids (or "*" for an id-less directive) that silenced something. */
  used: Set<string>;
}

/** A rule module's default export. `Rule<typeof messages>` type-checks every report's messageId and data. */
export interface Rule<M extends Messages = Messages> {
  meta: RuleMetaWith<M>;
  /** Problems of earlier stages (syntax, decode, conversion, schema) this rule reports as its own. */
  claims?: readonly Claim[];
  /** Runs on fly.toml when the document parsed. Rules that need `model` return early without it. */
  checkToml?(ctx: TomlContext<M>): void;
  /** Runs on Machines API JSON input. */
  checkMachines?(ctx: MachineContext<M>): void;
  /** Runs once the other rules have reported, on what the suppression comments silenced. */
  checkSuppressions?(ctx: SuppressionContext<M>): void;
  /** A fix for a finding of this rule at `path` (claimed problems included), if one is safe. */
  fix?(doc: PositionedDocument<TomlTable>, path: KeyPath): Fix | undefined;
}

export type { Problem };

/**
 * A rule module's default export: its reports are type-checked against its own messages (`Rule<typeof messages>`),
 * then it joins the registry as a plain Rule (the lint core checks each messageId again when it looks it up).
 */
export function defineRule<M extends Messages>(rule: Rule<M>): Rule {
  return rule as unknown as Rule;
}
