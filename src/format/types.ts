// Inputs and options shared by every formatter. Types only.
import type { Diagnostic, Severity } from "../diagnostic.js";

/** One linted (or compiled) file and what was found in it. */
export interface FileResult {
  /** The path as the user should see it (the CLI decides whether it is relative). */
  path: string;
  /** The decoded text; enables code frames in `stylish`. */
  source?: string;
  diagnostics: Diagnostic[];
}

/** Rule metadata, as the linter's rule registry hands it over. */
export interface RuleDoc {
  id: string;
  /** Default severity. */
  severity: Severity;
  /** One sentence. */
  description: string;
  /** Markdown with a bad and a good example. */
  docs: string;
  fixable: boolean;
}

export interface FormatOptions {
  color: boolean;
  rules: RuleDoc[];
  /**
   * Absolute base directory for SARIF and GitHub paths (the CLI passes its cwd). Without it, relative paths are
   * taken as repository-relative and SARIF names no %SRCROOT% location.
   */
  cwd?: string;
  /**
   * The repository root that SARIF URIs and GitHub annotation paths are relative to (absolute, or relative to
   * `cwd`): the CLI passes `--sarif-root` or `$GITHUB_WORKSPACE`, so a step that runs in a subdirectory still names
   * `apps/api/fly.toml`. Default: `cwd`.
   */
  root?: string;
  toolVersion: string;
}

export type FormatName = "stylish" | "compact" | "json" | "sarif" | "github";

export const FORMAT_NAMES: readonly FormatName[] = ["stylish", "compact", "json", "sarif", "github"];
