// One problem per line, `FILE:LINE:COL: severity message [rule-id]`: easy to grep and to match with a problem matcher.
import { escapeControl, escapePath } from "../escape.js";
import type { FileResult } from "./types.js";

export function formatCompact(results: readonly FileResult[]): string {
  let out = "";
  for (const file of results) {
    const path = escapePath(file.path);
    for (const d of file.diagnostics) {
      out += `${path}:${d.line}:${d.column}: ${d.severity} ${escapeControl(d.message)} [${escapeControl(d.ruleId)}]\n`;
    }
  }
  return out;
}
