// CodeMirror 6 set up for the playground: TOML or JSON highlighting (legacy modes), inline diagnostics through
// @codemirror/lint, a theme drawn from the page's CSS variables (so prefers-color-scheme needs no second theme), and
// `data-input` on the element that takes typing.
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { HighlightStyle, StreamLanguage, bracketMatching, syntaxHighlighting, type StreamParser } from "@codemirror/language";
import { toml } from "@codemirror/legacy-modes/mode/toml";
import { lintGutter, lintKeymap, setDiagnostics, type Action, type Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { EditorState, type Text } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from "@codemirror/view";
import { tags } from "@lezer/highlight";
import type { Diagnostic, Fix } from "../../src/diagnostic.js";

/**
 * JSON tokens for highlighting: keys, strings, numbers, literals. A few lines instead of legacy-modes' whole
 * JavaScript mode (its JSON is a flavour of it), which would add 18 KB to the page.
 */
const json: StreamParser<null> = {
  name: "json",
  startState: () => null,
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.peek() === '"') {
      stream.next();
      let escaped = false;
      for (let ch = stream.next(); ch !== undefined; ch = stream.next()) {
        if (ch === '"' && !escaped) break;
        escaped = !escaped && ch === "\\";
      }
      // A string followed by a colon is a key.
      return stream.match(/^\s*:/, false) ? "propertyName" : "string";
    }
    if (stream.match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?/)) return "number";
    if (stream.match(/^(true|false|null)\b/)) return "atom";
    stream.next();
    return /[[\]{}]/.test(stream.current()) ? "bracket" : null;
  },
};

const highlight = HighlightStyle.define([
  { tag: tags.comment, color: "var(--hl-comment)", fontStyle: "italic" },
  { tag: tags.propertyName, color: "var(--hl-key)" },
  { tag: tags.string, color: "var(--hl-string)" },
  { tag: tags.number, color: "var(--hl-number)" },
  { tag: tags.atom, color: "var(--hl-atom)", fontWeight: "600" },
  { tag: tags.bool, color: "var(--hl-atom)" },
  { tag: tags.bracket, color: "var(--fg-muted)" },
]);

const theme = EditorView.theme({
  "&": { color: "var(--fg)", backgroundColor: "var(--editor-bg)", height: "100%", fontSize: "13.5px" },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.55" },
  ".cm-content": { caretColor: "var(--accent)", padding: "8px 0" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--accent)", borderLeftWidth: "2px" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--selection) !important",
  },
  ".cm-gutters": { backgroundColor: "var(--editor-gutter)", color: "var(--fg-muted)", border: "none", borderRight: "1px solid var(--border)" },
  ".cm-activeLine": { backgroundColor: "var(--active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--active-line)", color: "var(--fg)" },
  ".cm-tooltip": { backgroundColor: "var(--surface)", color: "var(--fg)", border: "1px solid var(--border)", borderRadius: "6px" },
  ".cm-diagnostic": { fontFamily: "var(--sans)", padding: "4px 8px", maxWidth: "60ch" },
  ".cm-diagnosticAction": { backgroundColor: "var(--accent)", color: "var(--accent-fg)", borderRadius: "4px", font: "inherit", fontSize: "12px" },
  ".cm-lintRange-error": { backgroundImage: "none", textDecoration: "underline wavy var(--error)", textUnderlineOffset: "3px" },
  ".cm-lintRange-warning": { backgroundImage: "none", textDecoration: "underline wavy var(--warning)", textUnderlineOffset: "3px" },
  ".cm-lintRange-info": { backgroundImage: "none", textDecoration: "underline dotted var(--info)", textUnderlineOffset: "3px" },
});

export interface EditorOptions {
  parent: HTMLElement;
  language: "toml" | "json";
  label: string;
  text: string;
  onChange: (text: string) => void;
}

export function createEditor(o: EditorOptions): EditorView {
  const mode = (o.language === "toml" ? toml : json) as StreamParser<unknown>;
  return new EditorView({
    parent: o.parent,
    state: EditorState.create({
      doc: o.text,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        StreamLanguage.define(mode),
        syntaxHighlighting(highlight),
        lintGutter(),
        // Tab is left to the browser (focus moves on), so the page stays keyboard navigable.
        keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap]),
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "data-input": o.language, "aria-label": o.label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) o.onChange(u.state.doc.toString());
        }),
      ],
    }),
  });
}

/** 1-based line:column (UTF-16 columns, as flyconf reports them) → document offset, clamped to the line. */
export function offsetOf(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(l.from + Math.max(column, 1) - 1, l.to);
}

/** Replace the whole text (examples, links) as one undoable change. */
export function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

/** A fix's text edits as one editor transaction (offsets are into the text that was linted, which is the doc). */
export function applyEdits(view: EditorView, fix: Fix): void {
  const changes = [...fix.edits].sort((a, b) => a.start - b.start).map((e) => ({ from: e.start, to: e.end, insert: e.text }));
  view.dispatch({ changes, userEvent: "input.fix" });
  view.focus();
}

export function showDiagnostics(view: EditorView, diagnostics: readonly Diagnostic[]): void {
  const doc = view.state.doc;
  const out: CmDiagnostic[] = diagnostics.map((d) => {
    const from = offsetOf(doc, d.line, d.column);
    let to = offsetOf(doc, d.endLine, d.endColumn);
    if (to < from) to = from;
    const actions: Action[] = [];
    if (d.fix) {
      const fix = d.fix;
      actions.push({ name: "Apply fix", apply: (v) => applyEdits(v, fix) });
    }
    for (const s of d.suggestions ?? []) actions.push({ name: "Suggestion", apply: (v) => applyEdits(v, s) });
    return { from, to, severity: d.severity, message: `${d.message} [${d.ruleId}]`, source: "flyconf", actions };
  });
  view.dispatch(setDiagnostics(view.state, out));
}

export function goTo(view: EditorView, line: number, column: number): void {
  const pos = offsetOf(view.state.doc, line, column);
  view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  view.focus();
}
