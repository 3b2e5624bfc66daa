// One problem per line, `FILE:LINE:COL: severity message [rule-id]`: easy to grep and to match with a problem matcher.
import type { FileResult } from "./types.js";

export function formatCompact(results: readonly FileResult[]): string {
  let out = "";
  for (const file of results) {
    for (const d of file.diagnostics) {
      out += `${file.path}:${d.line}:${d.column}: ${d.severity} ${d.message} [${d.ruleId}]\n`;
    }
  }
  return out;
}
