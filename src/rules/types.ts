// What a rule is: metadata beside logic (ESLint-style), one module per rule under src/rules/<id>.ts.
// Rules see the positioned document and the normalized model (compile errors are the pipeline's own diagnostics);
// they know no terminal, formatter or file system.
import type { Fix, KeyPath, Severity, Suggestion } from "../diagnostic.js";
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
  /** Which inputs the rule checks. */
  inputs: readonly ("fly.toml" | "machine-json")[];
  /**
   * flyctl's own validation (`fly deploy`, `fly config validate`) refuses a file with this finding, so
   * `flyconf compile` fails on it too. A function when only some findings are refused (by key path).
   */
  flyctlRefuses?: true | ((d: { keyPath: string }) => boolean);
}

/** Where a finding points: a path in the source document, or a path in the model (mapped back by the engine). */
export type Target = { path: KeyPath; at?: "key" | "value" } | { modelPath: KeyPath; at?: "key" | "value" } | { span: Span; path?: KeyPath };

export type Report = Target & {
  message: string;
  /** Only when the file means the same afterwards (or a rejected value has exactly one reading): `--fix` applies it. */
  fix?: Fix;
  /** Edits that change the meaning (most likely first): shown, offered in editors, applied only by `--fix-unsafe`. */
  suggestions?: Suggestion[];
};

export interface TomlContext {
  doc: PositionedDocument<TomlTable>;
  /**
   * The normalized model. With decode errors it is the model of the file with the offending values left out (so
   * every rule still reports in the same run); absent only when even that fails.
   */
  model?: FlyToml;
  /** True when decoding met only keys the model knows, exactly spelt (rules looking for unknown keys may stop). */
  knownKeysOnly?: boolean;
  report(r: Report): void;
}

/** Machines API JSON input (a Machine, a list of Machines, a create/update body or a bare config). Paths are JSON paths. */
export interface MachineContext {
  doc: PositionedDocument<unknown>;
  input: MachineInput;
  /** Process groups fly.toml defines, when linting with --app-config. */
  appGroups?: readonly string[];
  /** The file is meant as a create/update request body (`--body`). */
  expectBody?: boolean;
  /** What the body is for, when known: "update" skips checks that only concern a create. */
  intent?: "create" | "update";
  report(r: Report): void;
}

/** A rule whose findings come from an earlier stage (reader or model): it holds metadata and, maybe, a fix. */
export interface PipelineRule {
  meta: RuleMeta;
  /** Computes a fix for a diagnostic the pipeline produced under this rule's id, if one is safe. */
  fix?(doc: PositionedDocument<TomlTable>, path: KeyPath): Fix | undefined;
}

export interface TomlRule {
  meta: RuleMeta;
  /** Runs when the document parsed. Rules that need `model` return early without it. */
  checkToml?(ctx: TomlContext): void;
  /** Runs on Machines API JSON input. */
  checkMachines?(ctx: MachineContext): void;
  fix?(doc: PositionedDocument<TomlTable>, path: KeyPath): Fix | undefined;
}

export type Rule = TomlRule;
