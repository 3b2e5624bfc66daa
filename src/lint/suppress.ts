// Suppression comments: `# flyconf-disable-next-line ID[, ID] -- reason` and file-wide `# flyconf-disable ID -- reason`.
// The lint core parses them once per file and asks, per finding, whether one covers it (marking it used); the
// unused-suppression rule then reports the ones that silenced nothing and misspelt directives.
import type { PositionedDocument } from "../reader/document.js";
import type { Suppression, SuppressionContext } from "../rules/types.js";

export type { Suppression };

/** The directive name must be followed by whitespace or the end: `flyconf-disable-line` is not `flyconf-disable`. */
const DIRECTIVE = /^\s*flyconf-(disable-next-line|disable)(?=\s|$)\s*([^]*?)\s*(?:--\s*(.*?)\s*)?$/;
const ANY_DIRECTIVE = /^\s*flyconf-([A-Za-z-]*)/;

export interface ParsedSuppressions {
  suppressions: Suppression[];
  /** Comments that look like a directive but are none (`flyconf-disable-line`, `flyconf-enable`). */
  unknown: SuppressionContext["unknownDirectives"][number][];
}

export function parseDirectives(doc: PositionedDocument): ParsedSuppressions {
  const suppressions: Suppression[] = [];
  const unknown: ParsedSuppressions["unknown"] = [];
  // Every directive, well-formed or not, contains "flyconf-": most files have none, and need no comment scanned.
  if (!doc.text.includes("flyconf-")) return { suppressions, unknown };
  for (const c of doc.comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) {
      const u = ANY_DIRECTIVE.exec(c.text);
      if (u) unknown.push({ name: `flyconf-${u[1]}`, start: c.start, end: c.end });
      continue;
    }
    const ids = m[2]!
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const line = doc.lines.position(c.start).line;
    const s: Suppression = { kind: m[1] === "disable" ? "file" : "next-line", ids, targetLine: line + 1, line, start: c.start, end: c.end, used: new Set() };
    if (m[3]) s.reason = m[3];
    suppressions.push(s);
  }
  return { suppressions, unknown };
}

export function parseSuppressions(doc: PositionedDocument): Suppression[] {
  return parseDirectives(doc).suppressions;
}

/**
 * Whether a suppression covers a finding of `ruleId` on `line`; the first that does is marked used. `idLess`: whether
 * an id-less directive covers it (not for reports about suppressions themselves).
 */
export function suppressedBy(sups: readonly Suppression[], ruleId: string, line: number, idLess: boolean): boolean {
  for (const s of sups) if (suppresses(s, ruleId, line, idLess)) return true;
  return false;
}

function suppresses(s: Suppression, ruleId: string, line: number, idLess: boolean): boolean {
  if (s.kind === "next-line" && line !== s.targetLine) return false;
  if (s.ids.length === 0) {
    // An id-less directive silences every rule, but not the reports about suppressions themselves.
    if (!idLess) return false;
    s.used.add("*");
    return true;
  }
  if (s.ids.includes(ruleId)) {
    s.used.add(ruleId);
    return true;
  }
  return false;
}
