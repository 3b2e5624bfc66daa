// Reported by the model: auto_start_machines must be a TOML boolean. A quoted "true"/"false" gets a safe fix.
import { isTable } from "../reader/values.js";
import type { ProblemMessages, Rule } from "./types.js";
import { decodeFailed, schemaMessages } from "./utils/problem-messages.js";
import { valueFix } from "./utils/paths.js";

const rule: Rule = {
  meta: {
    id: "autostart-type",
    severity: "error",
    description: "auto_start_machines is not a boolean (e.g. the string \"true\")",
    fixable: true,
    inputs: ["fly.toml", "machine-json"],
    // The model's decode issue, the schema check's violation, in their words (shared with invalid-type).
    messages: {
      "decode-failed": decodeFailed,
      ...schemaMessages,
    } satisfies ProblemMessages,
    docs: `\`auto_start_machines\` (API: \`autostart\`) is a boolean. The string \`"true"\` is a decode error: flyctl rejects
the whole file. \`--fix\` rewrites \`"true"\` and \`"false"\` to the booleans.

Bad:
\`\`\`toml
[http_service]
auto_start_machines = "true"
\`\`\`

Good:
\`\`\`toml
[http_service]
auto_start_machines = true
\`\`\``,
  },
  claims: [
    { kinds: ["decode"], key: "auto_start_machines" },
    { kinds: ["schema"], key: "autostart" },
  ],
  fix(doc, path) {
    let v: unknown = doc.value;
    for (const seg of path) v = isTable(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[seg] : undefined;
    if (v !== "true" && v !== "false") return undefined;
    return valueFix(doc, path, v, `replace the string "${v}" with the boolean ${v}`);
  },
};
export default rule;
