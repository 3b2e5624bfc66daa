// One rule's documentation as `flyconf explain ID` prints it; the playground shows the same text.
import type { RuleMeta } from "../rules/types.js";

export function explainText(m: Pick<RuleMeta, "id" | "severity" | "fixable" | "inputs" | "description" | "docs">): string {
  return [
    `# ${m.id}`,
    "",
    `Default severity: ${m.severity} · Fixable: ${m.fixable ? "yes (flyconf lint --fix)" : "no"} · Checks: ${m.inputs.join(", ")}`,
    "",
    m.description,
    "",
    m.docs.trimEnd(),
    "",
    `Configure: --rule ${m.id}=off|warn|error|info, or "rules": {"${m.id}": "warn"} in .flyconf.json.`,
    `Suppress one finding: # flyconf-disable-next-line ${m.id} -- reason`,
    "",
  ].join("\n");
}
