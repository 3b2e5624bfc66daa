// Safe fixes (and, when asked, suggestions) as text edits on the source: every byte outside an edited span is kept
// (comments, spacing, order).
// One pass applies the non-overlapping fixes; `fixText` re-lints and repeats until nothing applies (at most
// MAX_FIX_PASSES), so running it again on its output changes nothing. No I/O.
import type { Diagnostic, Fix, TextEdit } from "../diagnostic.js";
import { lint, type LintOptions, type LintResult } from "./lint.js";

export const MAX_FIX_PASSES = 10;

export interface FixOptions {
  /**
   * Also apply suggestions (meaning-changing edits): a diagnostic without a safe fix gets its first, most likely
   * suggestion. Off by default: `--fix` keeps the meaning, `--fix-unsafe` is a person's explicit choice.
   */
  unsafe?: boolean;
}

/** The edit a pass applies for a diagnostic: its safe fix, or with `unsafe` its first suggestion. */
function chosenFix(d: Diagnostic, options: FixOptions): Fix | undefined {
  return d.fix ?? (options.unsafe ? d.suggestions?.[0] : undefined);
}

export interface ApplyFixesResult {
  text: string;
  /** How many fixes (whole diagnostics' fixes) were applied. */
  applied: number;
  /** The diagnostics whose fixes were applied, in source order. */
  fixed: Diagnostic[];
}

function validEdit(e: TextEdit, length: number): boolean {
  return Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.start <= e.end && e.end <= length && typeof e.text === "string";
}

/** Two edits conflict when their ranges overlap, or both start at one offset (their order would be ambiguous). */
function conflicts(a: TextEdit, b: TextEdit): boolean {
  if (a.start === b.start) return true;
  return a.start < b.end && b.start < a.end;
}

/** A fix that changes nothing is not worth applying (and would make the fix loop spin). */
function isNoop(text: string, fix: Fix): boolean {
  return fix.edits.every((e) => text.slice(e.start, e.end) === e.text);
}

/**
 * One pass: the diagnostics' fixes in source order, each all-or-nothing; a fix overlapping one already taken is
 * skipped (the next pass, after re-linting, gets it). `text` must be the text the diagnostics were computed on
 * (`LintResult.source`).
 */
export function applyFixes(text: string, diagnostics: readonly Diagnostic[], options: FixOptions = {}): ApplyFixesResult {
  const candidates = diagnostics
    .map((d) => ({ d, fix: chosenFix(d, options) }))
    .filter((c): c is { d: Diagnostic; fix: Fix } => c.fix !== undefined && c.fix.edits.length > 0)
    .map(({ d, fix }) => ({ d, fix, edits: [...fix.edits].sort((x, y) => x.start - y.start || x.end - y.end) }))
    .sort((x, y) => x.edits[0]!.start - y.edits[0]!.start || x.edits[0]!.end - y.edits[0]!.end);

  const taken: TextEdit[] = [];
  const fixed: Diagnostic[] = [];
  for (const { d, fix, edits } of candidates) {
    if (!edits.every((e) => validEdit(e, text.length))) continue;
    if (isNoop(text, fix)) continue;
    // Edits within one fix must not overlap each other either.
    if (edits.some((e, i) => i > 0 && conflicts(edits[i - 1]!, e))) continue;
    if (edits.some((e) => taken.some((t) => conflicts(t, e)))) continue;
    taken.push(...edits);
    fixed.push(d);
  }
  if (!taken.length) return { text, applied: 0, fixed };

  taken.sort((x, y) => x.start - y.start);
  let out = "";
  let at = 0;
  for (const e of taken) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  out += text.slice(at);
  return { text: out, applied: fixed.length, fixed };
}

export interface FixTextResult {
  /**
   * The fixed text (BOM-free, like `LintResult.source`). Meaningful only when `applied > 0`: for bytes that do not
   * decode it is "" (nothing can be fixed), so callers must not write it back unless something applied.
   */
  text: string;
  /** Fixes applied over all passes. */
  applied: number;
  /** Lint passes run that applied something. */
  passes: number;
  /** The lint result of the final text: what remains. */
  result: LintResult;
}

/**
 * Lint, apply, re-lint, until no fix applies (at most MAX_FIX_PASSES passes). When the input does not decode or
 * parse, nothing is applied and `result` says why.
 */
export function fixText(input: string | Uint8Array, options: LintOptions = {}, fixOptions: FixOptions = {}): FixTextResult {
  let result = lint(input, options);
  // lint() decodes bytes and strips a BOM: from here on work on its source text.
  let text = result.source;
  let applied = 0;
  let passes = 0;
  if (result.compiled.analysis.doc === undefined) return { text: typeof input === "string" ? stripBom(input) : text, applied, passes, result };
  while (passes < MAX_FIX_PASSES) {
    const pass = applyFixes(text, result.diagnostics, fixOptions);
    if (pass.applied === 0 || pass.text === text) break;
    const next = lint(pass.text, options);
    // A fix must never break the file: a pass after which the text no longer parses is dropped whole.
    if (next.compiled.analysis.doc === undefined) break;
    text = pass.text;
    result = next;
    applied += pass.applied;
    passes++;
  }
  return { text, applied, passes, result };
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}
