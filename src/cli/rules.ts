// `flyconf rules` (the rule table, or JSON for machines) and `flyconf explain ID` (one rule's docs).
import { explainText } from "../format/explain.js";
import { didYouMean } from "../lint/config.js";
import { keyInfo, keysAt } from "../model/key-model.js";
import { RULES, RULES_BY_ID } from "../rules/index.js";
import type { Rule } from "../rules/types.js";
import type { CliIO } from "./compile.js";
import { CliError } from "./io.js";
import { rulePagePath } from "./rule-docs.js";

export interface RulesCliOptions {
  format?: "table" | "json";
}

export function runRules(opts: RulesCliOptions, io: CliIO, rules: readonly Rule[] = RULES): number {
  if (opts.format === "json") {
    const out = rules.map((r) => ({
      id: r.meta.id,
      severity: r.meta.severity,
      fixable: r.meta.fixable,
      inputs: [...r.meta.inputs],
      description: r.meta.description,
      docs: r.meta.docs,
    }));
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  const rows = [["ID", "SEVERITY", "FIXABLE", "DESCRIPTION"], ...rules.map((r) => [r.meta.id, r.meta.severity, r.meta.fixable ? "yes" : "no", r.meta.description])];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]!.length)));
  for (const row of rows) io.stdout(`${row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell)).join("  ").trimEnd()}\n`);
  io.stdout(`\n${rules.length} rules; \`flyconf explain ID\` shows one rule's docs\n`);
  return 0;
}

export function runExplain(id: string, io: CliIO, byId: ReadonlyMap<string, Rule> = RULES_BY_ID): number {
  const rule = byId.get(id) ?? byId.get(id.trim().toLowerCase());
  if (!rule) {
    const key = explainKey(id);
    if (key !== undefined) {
      io.stdout(key);
      return 0;
    }
    const s = didYouMean(id, byId.keys());
    throw new CliError(`unknown rule ${JSON.stringify(id)}${s ? `; did you mean ${JSON.stringify(s)}?` : ""} (\`flyconf rules\` lists them)`);
  }
  io.stdout(explainText(rule.meta));
  const page = rulePagePath(rule.meta.id);
  if (page) io.stdout(`Page: ${page}\n`);
  return 0;
}

/** `flyconf explain http_service.auto_stop_machines` (or `services[0].ports`): the key's documentation. */
function explainKey(spec: string): string | undefined {
  const path = spec
    .trim()
    .replace(/\[\d+\]/g, "")
    .split(".")
    .filter((s) => s !== "");
  if (!path.length || !path.every((s) => /^[A-Za-z0-9_-]+$/.test(s))) return undefined;
  const info = keyInfo(path);
  if (!info) return undefined;
  const d = info.doc;
  const lines = [`# ${info.docPath.join(".")}`, "", `Type: ${info.type}`, ""];
  if (d) {
    lines.push(d.text, "");
    if (d.values?.length) lines.push(`Values: ${d.values.join(", ")}`);
    if (d.default) lines.push(`Unset: ${d.default}`);
    if (d.machine) lines.push(`Machine config: ${d.machine}`);
    if (d.values?.length || d.default || d.machine) lines.push("");
  }
  const children = keysAt(path);
  if (children.length) lines.push(`Keys: ${children.join(", ")}`, "");
  return `${lines.join("\n")}`;
}
