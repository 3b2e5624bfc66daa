// Completion in fly.toml: keys the model allows in the cursor's table (not yet written), values of enumerations,
// process group names inside `processes = [...]`, and table headers after `[`. Everything comes from the model and
// the key documentation table, so it never drifts from what `flyconf lint` accepts.
import type { CompletionItem, Position } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { isLegacyKey, keyDocText } from "../model/key-docs.js";
import { keyInfo, keysAt, tableHeaders } from "../model/key-model.js";
import { keyMarkdown } from "./hover.js";
import { cursorAt, keysInTable, processGroups } from "./toml-context.js";

// LSP enum values (CompletionItemKind, InsertTextFormat), inlined: this module needs no runtime import.
const KIND = { Property: 10, Value: 12, Module: 9, EnumMember: 20, Keyword: 14 } as const;

export function completions(doc: TextDocument, pos: Position): CompletionItem[] {
  const c = cursorAt(doc, pos);
  const p = c.prefix;

  // A table header: `[` or `[[` then (part of) a dotted name.
  const header = /^(\s*)(\[\[?)([A-Za-z0-9_.-]*)$/.exec(p);
  if (header) {
    const start = header[1]!.length;
    const rest = c.line.slice(pos.character);
    const closing = /^[A-Za-z0-9_.-]*\]{0,2}/.exec(rest)![0].length;
    const range = { start: { line: pos.line, character: start }, end: { line: pos.line, character: pos.character + closing } };
    const wantArray = header[2] === "[[";
    return tableHeaders()
      .filter((h) => (wantArray ? h.form === "array-table" : true))
      .map((h, i) => {
        const name = h.path.join(".");
        const text = h.form === "array-table" ? `[[${name}]]` : `[${name}]`;
        const info = keyInfo(h.named ? h.path.slice(0, -1) : h.path);
        return {
          label: text,
          kind: KIND.Module,
          detail: info?.doc ? keyDocText(info.doc) : undefined,
          sortText: String(i).padStart(3, "0"),
          filterText: text,
          textEdit: { range, newText: h.named ? text.replace("NAME", "name") : text },
        } satisfies CompletionItem;
      });
  }

  // Group names inside `processes = [ ... ]`.
  const procs = /^\s*processes\s*=\s*\[([^\]]*)$/.exec(p);
  if (procs) {
    const written = new Set([...procs[1]!.matchAll(/["']([^"']*)["']/g)].map((m) => m[1]!));
    const inQuote = /["'][^"',]*$/.test(procs[1]!);
    return processGroups(doc)
      .filter((g) => !written.has(g))
      .map((g) => ({ label: g, kind: KIND.EnumMember, detail: "process group from [processes]", insertText: inQuote ? g : JSON.stringify(g) }));
  }

  // A value: `key = ` then (part of) a value.
  const value = /^\s*([A-Za-z0-9_.-]+)\s*=\s*(["']?)([^"'\s]*)$/.exec(p);
  if (value) {
    const path = [...c.table, ...value[1]!.split(".")];
    const info = keyInfo(path);
    let values = info?.doc?.values ?? (info?.type === "boolean" ? ["true", "false"] : []);
    if (!info?.doc?.values && info?.type.startsWith("true | false")) values = info.type.split(" | ");
    const inQuote = value[2] !== "";
    return values
      .filter((v) => !inQuote || v.startsWith('"'))
      .map((v, i) => ({
        label: v,
        kind: KIND.Value,
        detail: info ? `${info.docPath.join(".")}: ${info.type}` : undefined,
        sortText: String(i).padStart(3, "0"),
        insertText: inQuote ? v.replace(/^"|"$/g, "") : v,
      }));
  }

  // A key at the start of a line.
  if (/^\s*[A-Za-z0-9_-]*$/.test(p)) {
    const present = keysInTable(doc, c.headerLine);
    const current = p.trimStart(); // the test above: p is blanks then key characters
    if (current) present.delete(current);
    const out: CompletionItem[] = [];
    for (const key of keysAt(c.table)) {
      if (present.has(key)) continue;
      const info = keyInfo([...c.table, key]);
      if (!info || info.form !== "value" || isLegacyKey(info.docPath)) continue;
      out.push({
        label: key,
        kind: KIND.Property,
        detail: info.type,
        documentation: { kind: "markdown", value: keyMarkdown(info) },
        insertText: `${key} = `,
        sortText: String(out.length).padStart(3, "0"),
      });
    }
    return out;
  }
  return [];
}
