// Small helpers shared by the formatters.
import type { Severity } from "../diagnostic.js";
import type { FileResult } from "./types.js";

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  fixableErrors: number;
  fixableWarnings: number;
  fixableInfos: number;
  /** Findings without a safe fix that carry suggestions (applied only by --fix-unsafe). */
  suggestible: number;
}

export function countDiagnostics(results: readonly FileResult[]): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0, fixableErrors: 0, fixableWarnings: 0, fixableInfos: 0, suggestible: 0 };
  for (const r of results) {
    for (const d of r.diagnostics) {
      const fixable = d.fix !== undefined;
      if (!fixable && d.suggestions !== undefined && d.suggestions.length > 0) c.suggestible++;
      if (d.severity === "error") {
        c.errors++;
        if (fixable) c.fixableErrors++;
      } else if (d.severity === "warning") {
        c.warnings++;
        if (fixable) c.fixableWarnings++;
      } else {
        c.infos++;
        if (fixable) c.fixableInfos++;
      }
    }
  }
  return c;
}

/** SARIF and GitHub share this mapping of our severities. */
export function sarifLevel(severity: Severity): "error" | "warning" | "note" {
  return severity === "info" ? "note" : severity;
}

// Paths are plain strings here (the formatters run in browsers too); see portable/paths.ts.
export { fileUri, relativeUri, resolvePath, type ResolvedPath } from "../portable/paths.js";
import { resolvePath as resolvePathT, type ResolvedPath as ResolvedPathT } from "../portable/paths.js";

/**
 * A result's path relative to the repository root: `path` is taken relative to `cwd`, then made relative to `root`
 * (itself relative to `cwd` when not absolute). Without a root it is relative to `cwd`, as before.
 */
export function repoPath(path: string, cwd: string | undefined, root: string | undefined): ResolvedPathT {
  const here = resolvePathT(path, cwd);
  if (root === undefined) return here;
  const rootAbs = cwd !== undefined ? resolvePathT(root, cwd).absolute : root;
  if (here.absolute === undefined || rootAbs === undefined) return here;
  return resolvePathT(here.absolute, rootAbs);
}
