// Suppression comments: `# flyconf-disable-next-line ID[, ID] -- reason` and file-wide `# flyconf-disable ID -- reason`.
// A suppression that suppresses nothing is itself reported, so stale ones do not pile up; so is a misspelt
// directive (`# flyconf-disable-line …`), which would otherwise silently suppress nothing.
import type { Diagnostic, Severity } from "../diagnostic.js";
import type { PositionedDocument } from "../reader/document.js";

export const UNUSED_SUPPRESSION = "unused-suppression";

export interface Suppression {
  kind: "next-line" | "file";
  ids: string[];
  /** 1-based line the suppression applies to (next-line), and where the comment is. */
  targetLine: number;
  /** 1-based line of the comment itself. */
  line: number;
  reason?: string;
  start: number;
  end: number;
  used: Set<string>;
}

/** Directive names, longest first (a name must be followed by whitespace or the end of the comment). */
const DIRECTIVES: readonly (readonly [name: string, kind: Suppression["kind"]])[] = [
  ["disable-next-line", "next-line"],
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

interface Parsed {
  suppressions: Suppression[];
  /** Comments that look like a directive but are none (`flyconf-disable-line`, `flyconf-enable`). */
  unknown: { name: string; start: number; end: number }[];
}

function parse(doc: PositionedDocument): Parsed {
  const suppressions: Suppression[] = [];
  const unknown: Parsed["unknown"] = [];
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
    const s: Suppression = { kind: m.kind, ids, targetLine: line + 1, line, start: c.start, end: c.end, used: new Set() };
    if (m.reason) s.reason = m.reason;
    suppressions.push(s);
  }
  return { suppressions, unknown };
}

export function parseSuppressions(doc: PositionedDocument): Suppression[] {
  return parse(doc).suppressions;
}

/** Whether `s` covers a finding of `ruleId` on `line`; marks it used. toml-syntax is never suppressible. */
function suppresses(s: Suppression, ruleId: string, line: number): boolean {
  if (ruleId === "toml-syntax") return false;
  if (s.kind === "next-line" && line !== s.targetLine) return false;
  if (s.ids.length === 0) {
    // An id-less directive silences every rule, but not the reports about suppressions themselves.
    if (ruleId === UNUSED_SUPPRESSION) return false;
    s.used.add("*");
    return true;
  }
  if (s.ids.includes(ruleId)) {
    s.used.add(ruleId);
    return true;
  }
  return false;
}

/**
 * Drops suppressed diagnostics. An id-less directive suppresses every rule. Reports `unused-suppression` for a
 * directive (or one of its ids) that matched nothing, for unknown rule ids, and for misspelt directives. Those
 * reports can themselves be suppressed by naming `unused-suppression` (e.g. `# flyconf-disable unused-suppression`).
 */
export function applySuppressions(
  doc: PositionedDocument,
  diagnostics: Diagnostic[],
  isKnownRule: (id: string) => boolean,
  unusedSeverity: Severity | undefined,
): Diagnostic[] {
  const { suppressions: sups, unknown } = parse(doc);
  if (!sups.length && !unknown.length) return diagnostics;
  const kept = diagnostics.filter((d) => !sups.some((s) => suppresses(s, d.ruleId, d.line)));
  if (!unusedSeverity) return kept;

  const report = (start: number, end: number, message: string): Diagnostic => {
    const p = doc.lines.position(start);
    const e = doc.lines.position(end);
    return { ruleId: UNUSED_SUPPRESSION, severity: unusedSeverity, message, line: p.line, column: p.column, endLine: e.line, endColumn: e.column, keyPath: "" };
  };
  const candidates: Diagnostic[] = [];
  for (const u of unknown) {
    candidates.push(report(u.start, u.end, `unknown directive ${u.name} suppresses nothing: use flyconf-disable-next-line or flyconf-disable`));
  }
  for (const s of sups) {
    const unused = s.ids.length === 0 ? (s.used.size ? [] : ["*"]) : s.ids.filter((id) => id !== UNUSED_SUPPRESSION && !s.used.has(id));
    for (const id of unused) {
      const what = id === "*" ? "this suppression" : isKnownRule(id) ? `suppression of ${id}` : `suppression of unknown rule ${JSON.stringify(id)}`;
      candidates.push(report(s.start, s.end, `${what} suppresses nothing${s.kind === "next-line" ? " on the next line" : ""}: remove it`));
    }
  }
  // Reports about suppressions can be suppressed too; a suppression of unused-suppression that then silenced
  // nothing is reported like any other.
  const survivors = candidates.filter((d) => !sups.some((s) => suppresses(s, d.ruleId, d.line)));
  for (const s of sups) {
    if (s.ids.includes(UNUSED_SUPPRESSION) && !s.used.has(UNUSED_SUPPRESSION)) {
      survivors.push(report(s.start, s.end, `suppression of ${UNUSED_SUPPRESSION} suppresses nothing${s.kind === "next-line" ? " on the next line" : ""}: remove it`));
    }
  }
  return [...kept, ...survivors];
}
