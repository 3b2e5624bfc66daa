// Versioned machine-readable output; bump JSON_FORMAT_VERSION on any incompatible change to this shape.
import type { Fix, Severity } from "../diagnostic.js";
import { escapeJsonText } from "../escape.js";
import type { FileResult } from "./types.js";
import { countDiagnostics } from "./util.js";

export const JSON_FORMAT_VERSION = 1;

export interface JsonDiagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  keyPath: string;
  fix?: Fix;
  /** Meaning-changing edits (most likely first), never applied by --fix; absent when there are none. */
  suggestions?: Fix[];
}

export interface JsonReport {
  version: typeof JSON_FORMAT_VERSION;
  files: { path: string; diagnostics: JsonDiagnostic[] }[];
  summary: { files: number; errors: number; warnings: number };
}

export function toJsonReport(results: readonly FileResult[]): JsonReport {
  const c = countDiagnostics(results);
  return {
    version: JSON_FORMAT_VERSION,
    files: results.map((file) => ({
      path: file.path,
      // Rebuilt field by field so the key order is fixed and nothing extra leaks into the contract.
      diagnostics: file.diagnostics.map((d) => {
        const out: JsonDiagnostic = {
          ruleId: d.ruleId,
          severity: d.severity,
          message: d.message,
          line: d.line,
          column: d.column,
          endLine: d.endLine,
          endColumn: d.endColumn,
          keyPath: d.keyPath,
        };
        if (d.fix !== undefined) out.fix = copyFix(d.fix);
        if (d.suggestions !== undefined && d.suggestions.length > 0) out.suggestions = d.suggestions.map(copyFix);
        return out;
      }),
    })),
    summary: { files: results.length, errors: c.errors, warnings: c.warnings },
  };
}

function copyFix(f: Fix): Fix {
  return { description: f.description, edits: f.edits.map((e) => ({ start: e.start, end: e.end, text: e.text })) };
}

export function formatJson(results: readonly FileResult[]): string {
  return `${escapeJsonText(JSON.stringify(toJsonReport(results), null, 2))}\n`;
}
