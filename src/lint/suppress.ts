// Suppression comments: `# flyconf-disable-next-line ID[, ID] -- reason` and file-wide `# flyconf-disable ID --
// reason`.
// The lint core parses them once per file and asks, per finding, whether one covers it (marking it used); the
// unused-suppression rule then reports the ones that silenced nothing and misspelt directives.
import type { PositionedDocument } from "../reader/document.js";
import type { Suppression, SuppressionContext } from "../rules/types.js";

export type { Suppression };

/** Directive names, longest first (a name must be followed by whitespace or the end of the comment). */
const DIRECTIVES: readonly (readonly [name: string, kind: Suppression["kind"]])[] = [
  ["disable-next-line", "next-line"],
  ["disable-line", "line"],
  ["disable", "file"],
];
const ANY_DIRECTIVE = /^\s*flyconf-([A-Za-z-]*)/;

interface Directive {
  kind: Suppression["kind"];
  ids: string;
  reason?: string;
}

/**
 * `flyconf-NAME IDS -- REASON` read by a scanner, not a regex: comment text is input, and the regex this replaces
 * took quadratic time on `flyconf-disable a` + 100,000 spaces + `b`. The first `--` starts the reason.
 */
function scanDirective(text: string): Directive | undefined {
  let i = 0;
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  if (!text.startsWith("flyconf-", i)) return undefined;
  i += 8;
  for (const [name, kind] of DIRECTIVES) {
    if (!text.startsWith(name, i)) continue;
    const end = i + name.length;
    if (end < text.length && !isSpace(text.charCodeAt(end))) return undefined;
    const rest = text.slice(end);
    const sep = rest.indexOf("--");
    const reason = sep < 0 ? "" : rest.slice(sep + 2).trim();
    const d: Directive = { kind, ids: sep < 0 ? rest : rest.slice(0, sep) };
    if (reason) d.reason = reason;
    return d;
  }
  return undefined;
}

const SPACE = /\s/;
function isSpace(c: number): boolean {
  return SPACE.test(String.fromCharCode(c));
}

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
    const m = scanDirective(c.text);
    if (!m) {
      const u = ANY_DIRECTIVE.exec(c.text);
      if (u) unknown.push({ name: `flyconf-${u[1]}`, start: c.start, end: c.end });
      continue;
    }
    const ids = m.ids
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const line = doc.lines.position(c.start).line;
    const s: Suppression = { kind: m.kind, ids, targetLine: m.kind === "line" ? line : line + 1, line, start: c.start, end: c.end, used: new Set() };
    if (m.reason) s.reason = m.reason;
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
  if (s.kind !== "file" && line !== s.targetLine) return false;
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
