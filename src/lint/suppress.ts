// Suppression comments: `# flyconf-disable-next-line ID[, ID] -- reason` and file-wide `# flyconf-disable ID -- reason`.
// A suppression that suppresses nothing is itself reported, so stale ones do not pile up.
import type { Diagnostic, Severity } from "../diagnostic.js";
import type { PositionedDocument } from "../reader/document.js";

interface Suppression {
  kind: "next-line" | "file";
  ids: string[];
  /** 1-based line the suppression applies to (next-line), and where the comment is. */
  targetLine: number;
  start: number;
  end: number;
  used: Set<string>;
}

const DIRECTIVE = /^\s*flyconf-(disable-next-line|disable)\b\s*([^]*?)\s*(?:--\s*(.*))?$/;

export function parseSuppressions(doc: PositionedDocument): Suppression[] {
  const out: Suppression[] = [];
  for (const c of doc.comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const ids = m[2]!
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const line = doc.lines.position(c.start).line;
    out.push({ kind: m[1] === "disable" ? "file" : "next-line", ids, targetLine: line + 1, start: c.start, end: c.end, used: new Set() });
  }
  return out;
}

/**
 * Drops suppressed diagnostics. An id-less directive suppresses every rule. Reports `unused-suppression` for a
 * directive (or one of its ids) that matched nothing, and `unknown-rule`-style ids the same way.
 */
export function applySuppressions(
  doc: PositionedDocument,
  diagnostics: Diagnostic[],
  isKnownRule: (id: string) => boolean,
  unusedSeverity: Severity | undefined,
): Diagnostic[] {
  const sups = parseSuppressions(doc);
  if (!sups.length) return diagnostics;
  const kept = diagnostics.filter((d) => {
    if (d.ruleId === "toml-syntax") return true;
    for (const s of sups) {
      const applies = s.kind === "file" || d.line === s.targetLine;
      if (!applies) continue;
      if (s.ids.length === 0) {
        s.used.add("*");
        return false;
      }
      if (s.ids.includes(d.ruleId)) {
        s.used.add(d.ruleId);
        return false;
      }
    }
    return true;
  });
  if (!unusedSeverity) return kept;
  for (const s of sups) {
    const unused = s.ids.length === 0 ? (s.used.size ? [] : ["*"]) : s.ids.filter((id) => !s.used.has(id));
    for (const id of unused) {
      const p = doc.lines.position(s.start);
      const e = doc.lines.position(s.end);
      const what = id === "*" ? "this suppression" : isKnownRule(id) ? `suppression of ${id}` : `suppression of unknown rule ${JSON.stringify(id)}`;
      kept.push({
        ruleId: "unused-suppression",
        severity: unusedSeverity,
        message: `${what} suppresses nothing${s.kind === "next-line" ? " on the next line" : ""}: remove it`,
        line: p.line,
        column: p.column,
        endLine: e.line,
        endColumn: e.column,
        keyPath: "",
      });
    }
  }
  return kept;
}
