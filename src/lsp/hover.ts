// Hover: on a finding, the rule's explanation; on a key, what it does, its type and values, the default, and where
// it lands in the Machine config (from the one key documentation table, src/model/key-docs.ts).
import type { Hover, Position, Range } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic } from "../diagnostic.js";
import { keyInfo, type KeyInfo } from "../model/key-model.js";
import type { ConfigFormat } from "../reader/app-config.js";
import { RULES_BY_ID } from "../rules/index.js";
import { contains } from "./convert.js";
import { pathAt } from "./toml-context.js";

export function keyMarkdown(info: KeyInfo): string {
  const name = info.docPath.join(".");
  const lines = [`**\`${name}\`** — ${info.type}`, ""];
  if (info.doc) {
    lines.push(info.doc.text, "");
    if (info.doc.values?.length) lines.push(`Values: ${info.doc.values.map((v) => `\`${v}\``).join(", ")}`, "");
    if (info.doc.default) lines.push(`Unset: ${info.doc.default}`, "");
    if (info.doc.machine) lines.push(`Machine config: \`${info.doc.machine}\``, "");
  }
  return lines.join("\n").trimEnd();
}

export function ruleMarkdown(ruleId: string, message: string, docHref: DocHref): string | undefined {
  const rule = RULES_BY_ID.get(ruleId);
  if (!rule) return undefined;
  const m = rule.meta;
  const href = docHref(m.id);
  const link = href ? ["", `[${m.id} docs](${href})`] : [];
  return [`**${m.id}** (${m.severity}${m.fixable ? ", fixable" : ""}): ${message}`, "", m.description, "", m.docs.trimEnd(), ...link].join("\n");
}

/** `format`: the app config's (keys are documented); undefined for Machine JSON (findings only). */
type DocHref = (id: string) => string | undefined;

export function hover(doc: TextDocument, pos: Position, findings: { finding: Diagnostic; range: Range }[], docHref: DocHref, format: ConfigFormat | undefined): Hover | null {
  const parts: string[] = [];
  let range: Range | undefined;
  for (const { finding, range: r } of findings) {
    if (!contains(r, pos)) continue;
    const md = ruleMarkdown(finding.ruleId, finding.message, docHref);
    if (md) {
      parts.push(md);
      range ??= r;
    }
  }
  const at = format ? pathAt(doc, pos, format) : undefined;
  const info = at ? keyInfo(at.path) : undefined;
  if (info) parts.unshift(keyMarkdown(info));
  if (!parts.length) return null;
  return { contents: { kind: "markdown", value: parts.join("\n\n---\n\n") }, ...(range ? { range } : {}) };
}
