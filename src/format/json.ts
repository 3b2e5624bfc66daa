// Versioned machine-readable output; bump JSON_FORMAT_VERSION on any incompatible change to this shape.
import type { Fix, Severity } from "../diagnostic.js";
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
        if (d.fix !== undefined) {
          out.fix = {
            description: d.fix.description,
            edits: d.fix.edits.map((e) => ({ start: e.start, end: e.end, text: e.text })),
          };
        }
        return out;
      }),
    })),
    summary: { files: results.length, errors: c.errors, warnings: c.warnings },
  };
}

export function formatJson(results: readonly FileResult[]): string {
  return `${JSON.stringify(toJsonReport(results), null, 2)}\n`;
}
