// Small helpers shared by the formatters.
import * as nodePath from "node:path";
import { pathToFileURL } from "node:url";
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

export interface ResolvedPath {
  /** Forward-slash path relative to cwd, or undefined when the file lies outside cwd. */
  relative: string | undefined;
  /** Absolute path on this machine. */
  absolute: string;
}

/** Places a result path relative to cwd; CI tools (code scanning, annotations) want repo-relative paths. */
export function resolvePath(path: string, cwd: string): ResolvedPath {
  const absolute = nodePath.resolve(cwd, path);
  const rel = nodePath.relative(cwd, absolute);
  const outside = rel === "" || rel === ".." || rel.startsWith(`..${nodePath.sep}`) || nodePath.isAbsolute(rel);
  return { absolute, relative: outside ? undefined : rel.split(nodePath.sep).join("/") };
}

/** A relative URI reference: each segment percent-encoded so spaces, `#` and `%` survive. */
export function relativeUri(relativePath: string): string {
  return relativePath.split("/").map(encodeURIComponent).join("/");
}

export function fileUri(absolutePath: string, directory = false): string {
  const href = pathToFileURL(absolutePath).href;
  return directory && !href.endsWith("/") ? `${href}/` : href;
}
