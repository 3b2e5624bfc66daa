// Reported by the JSON reader: Machines API JSON that does not parse.
import type { Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "json-syntax",
    severity: "error",
    description: "Machine JSON that does not parse",
    fixable: false,
    inputs: ["machine-json"],
    docs: `A Machine file (a GET response, a list of Machines, a create/update body or a config) must be strict JSON:
no comments, no trailing commas, double-quoted keys.

Bad:
\`\`\`json
{"config": {"image": "registry.fly.io/app:v1",}}
\`\`\`

Good:
\`\`\`json
{"config": {"image": "registry.fly.io/app:v1"}}
\`\`\``,
  },
  claims: [{ kinds: ["syntax"] }],
};
export default rule;
