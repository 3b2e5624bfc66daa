// One rule's documentation as `flyconf explain ID` prints it; the playground shows the same parts.
import type { RuleMeta } from "../rules/types.js";

type ExplainMeta = Pick<RuleMeta, "id" | "severity" | "fixable" | "inputs" | "description" | "docs">;

export interface ExplainParts {
  /** `Default severity: … · Fixable: … · Checks: …` */
  summary: string;
  description: string;
  /** Markdown: rationale, evidence, a bad and a good example. */
  docs: string;
  /** How to configure and suppress the rule, one line each. */
  usage: string[];
}

export function explainParts(m: ExplainMeta): ExplainParts {
  return {
    summary: `Default severity: ${m.severity} · Fixable: ${m.fixable ? "yes (flyconf lint --fix)" : "no"} · Checks: ${m.inputs.join(", ")}`,
    description: m.description,
    docs: m.docs.trimEnd(),
    usage: [
      `Configure: --rule ${m.id}=off|warn|error|info, or "rules": {"${m.id}": "warn"} in .flyconf.json.`,
      `Suppress one finding: # flyconf-disable-next-line ${m.id} -- reason`,
    ],
  };
}

export function explainText(m: ExplainMeta): string {
  const p = explainParts(m);
  return [`# ${m.id}`, "", p.summary, "", p.description, "", p.docs, "", ...p.usage, ""].join("\n");
}
