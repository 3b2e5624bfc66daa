// The open document as the readers see it: fly.toml, fly.yaml or fly.json text → one positioned document (the same
// key paths and spans whatever the format), so hover, the outline and the group at the cursor work on all three.
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { PositionedDocument } from "../reader/document.js";
import { readAppConfig, type ConfigFormat } from "../reader/app-config.js";
import type { TomlTable } from "../reader/values.js";

export interface ReadDocument {
  pdoc: PositionedDocument<TomlTable>;
  /** 1 when the editor's text starts with a BOM (reader offsets count from after it). */
  bom: number;
}

/** The document parsed in its format; undefined while it does not parse. */
export function readDocument(doc: TextDocument, format: ConfigFormat = "toml"): ReadDocument | undefined {
  const text = doc.getText();
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const r = readAppConfig(bom ? text.slice(1) : text, format);
  return r.ok ? { pdoc: r.doc, bom } : undefined;
}
