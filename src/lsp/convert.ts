// flyconf's shapes → LSP's: 1-based line:column (UTF-16) → 0-based positions, text edits on offsets → ranges, and
// diagnostic ranges carried through incremental edits (so the last good findings survive a broken intermediate text).
import type { Diagnostic as LspDiagnostic, Position, Range, TextEdit as LspTextEdit } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic, TextEdit } from "../diagnostic.js";

export const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/**
 * flyconf positions count from the text after a BOM (lint() strips one); an editor's line 0 still holds it. Only the
 * first line's columns differ.
 */
export function toRange(d: { line: number; column: number; endLine: number; endColumn: number }, bom: boolean): Range {
  const pos = (line: number, column: number): Position => ({ line: Math.max(0, line - 1), character: Math.max(0, column - 1 + (bom && line === 1 ? 1 : 0)) });
  return { start: pos(d.line, d.column), end: pos(d.endLine, d.endColumn) };
}

/** A flyconf text edit (offsets into the BOM-free text) as an LSP edit on `doc`. */
export function toLspEdit(doc: TextDocument, e: TextEdit, bom: boolean): LspTextEdit {
  const shift = bom ? 1 : 0;
  return { range: { start: doc.positionAt(e.start + shift), end: doc.positionAt(e.end + shift) }, newText: e.text };
}

export function hasBom(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff;
}

export function rangesOverlap(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

export function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function contains(r: Range, p: Position): boolean {
  return !before(p, r.start) && !before(r.end, p);
}

/**
 * Where `range` lands after replacing `changed` with `text`; undefined when the edit touches it (the finding may no
 * longer hold). Used to keep the last good diagnostics in place while the file does not parse.
 */
export function shiftRange(range: Range, changed: Range, text: string): Range | undefined {
  if (before(range.end, changed.start) || (range.end.line === changed.start.line && range.end.character === changed.start.character && before(range.start, range.end))) {
    return range;
  }
  if (before(range.start, changed.end)) return undefined;
  const lines = text.split("\n");
  const addedLines = lines.length - 1;
  const lineDelta = changed.start.line + addedLines - changed.end.line;
  const endChar = addedLines === 0 ? changed.start.character + lines[0]!.length : lines[addedLines]!.length;
  const move = (p: Position): Position =>
    p.line === changed.end.line ? { line: p.line + lineDelta, character: endChar + (p.character - changed.end.character) } : { line: p.line + lineDelta, character: p.character };
  return { start: move(range.start), end: move(range.end) };
}

/** What an LSP diagnostic carries besides the protocol's fields (code actions read it back). */
export interface DiagnosticData {
  /** The document version the finding was computed on. */
  version: number;
  /** Index into the document's current flyconf diagnostics. */
  index: number;
}

export function isFlyconfDiagnostic(d: LspDiagnostic): boolean {
  return d.source === "flyconf";
}

export type { Diagnostic };
