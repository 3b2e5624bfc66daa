// Reported by the model: auto_stop_machines decodes only from true, false, "off", "stop" or "suspend".
import type { ProblemMessages, Rule } from "./types.js";
import { decodeFailed, schemaMessages } from "./utils/problem-messages.js";

const rule: Rule = {
  meta: {
    id: "autostop-value",
    severity: "error",
    description: 'auto_stop_machines is not one of true, false, "off", "stop", "suspend"',
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    // The model's decode issue, the schema check's violation, in their words (shared with invalid-type).
    messages: {
      "decode-failed": decodeFailed,
      ...schemaMessages,
    } satisfies ProblemMessages,
    docs: `fly-go accepts exactly \`true\`, \`false\`, \`"off"\`, \`"stop"\` and \`"suspend"\`. A string is never read as a
boolean, and case matters: \`"true"\`, \`"on"\` and \`"Stop"\` all make flyctl reject the whole file.

Bad:
\`\`\`toml
[http_service]
auto_stop_machines = "true"
\`\`\`

Good:
\`\`\`toml
[http_service]
auto_stop_machines = "stop"
auto_start_machines = true
\`\`\``,
  },
  claims: [
    { kinds: ["decode"], key: "auto_stop_machines" },
    { kinds: ["schema"], key: "autostop" },
  ],
};
export default rule;
