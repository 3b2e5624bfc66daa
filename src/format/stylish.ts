// Human output: per file a header, aligned rows, and a code frame under each row when the source is known.
import type { Diagnostic } from "../diagnostic.js";
import { escapeChar, escapeControl, escapePath } from "../escape.js";
import { palette, type Palette } from "./ansi.js";
import { fixableSummary, problemSummary, suggestionLine, suggestionSummary } from "./messages.js";
import type { FileResult, FormatOptions } from "./types.js";
import { countDiagnostics } from "./util.js";

const TAB_WIDTH = 4;
const FRAME_INDENT = "    ";


const MAX_ALIGNED_MESSAGE = 100;
export function formatStylish(results: readonly FileResult[], options: Pick<FormatOptions, "color">): string {
  const p = palette(options.color);
  const out: string[] = [];

  for (const file of results) {
    if (file.diagnostics.length === 0) continue;
    const lines = file.source === undefined ? undefined : splitLines(file.source);
    // Everything from input is escaped here, the one place stylish text is assembled (see escape.ts).
    const rows = file.diagnostics.map((d) => ({ d, loc: `${d.line}:${d.column}`, sev: d.severity, message: escapeControl(d.message), ruleId: escapeControl(d.ruleId) }));
    const locW = Math.max(...rows.map((r) => r.loc.length));
    const sevW = Math.max(...rows.map((r) => r.sev.length));
    // Align rule ids after messages of ordinary length; a long message does not push every other line's id away.
    const msgW = Math.max(...rows.map((r) => (r.message.length <= MAX_ALIGNED_MESSAGE ? r.message.length : 0)));

    out.push(p.underline(escapePath(file.path)));
    for (const { d, loc, sev, message, ruleId } of rows) {
      // Pad the plain text, then paint, so escape codes never skew the columns.
      const cells = [
        p.dim(loc) + " ".repeat(locW - loc.length),
        p.severity(d.severity)(sev) + " ".repeat(sevW - sev.length),
        message + " ".repeat(Math.max(0, msgW - message.length)),
        p.dim(ruleId),
      ];
      out.push(`  ${cells.join("  ")}`.trimEnd());
      if (lines !== undefined) out.push(...codeFrame(lines, d, p));
      for (const sg of d.suggestions ?? []) out.push(`${FRAME_INDENT}${p.dim(suggestionLine(sg.description))}`);
    }
    out.push("");
  }

  const c = countDiagnostics(results);
  if (c.errors + c.warnings + c.infos === 0) return "";
  const tone = c.errors > 0 ? p.red : c.warnings > 0 ? p.yellow : p.blue;
  out.push(tone(p.bold(problemSummary(c.errors, c.warnings, c.infos))));
  if (c.fixableErrors + c.fixableWarnings + c.fixableInfos > 0) {
    out.push(tone(p.bold(fixableSummary(c.fixableErrors, c.fixableWarnings, c.fixableInfos))));
  }
  if (c.suggestible > 0) out.push(tone(suggestionSummary(c.suggestible)));
  return `${out.join("\n")}\n`;
}

function splitLines(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

/**
 * The offending line with a line-number gutter and carets under the span.
 * Multi-line spans are underlined to the end of their first line only.
 */
export function codeFrame(lines: readonly string[], d: Diagnostic, p: Palette): string[] {
  const text = lines[d.line - 1];
  if (text === undefined) return [];
  const { shown, offsets } = visualize(text);
  // Columns are 1-based UTF-16 units; clamp so a span past the end still gets one caret.
  const start = clamp(d.column - 1, 0, text.length);
  const end = d.endLine > d.line ? text.length : clamp(d.endColumn - 1, start, text.length);
  const from = offsets[start] ?? 0;
  const width = Math.max(1, (offsets[end] ?? 0) - from);
  const gutter = String(d.line);
  const bar = p.dim("|");
  return [
    `${FRAME_INDENT}${p.dim(gutter)} ${bar}${shown === "" ? "" : ` ${shown}`}`,
    `${FRAME_INDENT}${" ".repeat(gutter.length)} ${bar} ${" ".repeat(from)}${p.severity(d.severity)("^".repeat(width))}`,
  ];
}

/**
 * Expands tabs to tab stops and renders control characters visibly (`\u001b`: they could drive the terminal),
 * defuses `##[` (a CI command anywhere in a line), and records where each UTF-16 unit lands so carets line up.
 */
function visualize(text: string): { shown: string; offsets: number[] } {
  let shown = "";
  const offsets: number[] = [];
  for (let i = 0; i < text.length; i++) {
    offsets.push(shown.length);
    const ch = text[i] as string;
    if (ch === "\t") shown += " ".repeat(TAB_WIDTH - (shown.length % TAB_WIDTH));
    else if (ch === "[" && text[i - 1] === "#" && text[i - 2] === "#") shown += "\\[";
    else shown += escapeChar(ch);
  }
  offsets.push(shown.length);
  return { shown, offsets };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(Math.max(n, lo), hi);
}
