// Reported by the JSON reader: Machines API JSON, or a fly.json app config, that does not parse.
import type { Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "json-syntax",
    severity: "error",
    description: "Machine JSON, or a fly.json app config, that does not parse",
    fixable: false,
    inputs: ["machine-json", "fly.toml"],
    // Its findings are problems an earlier stage reports (see claims), in that stage\'s words.
    messages: {},
    docs: `A Machine file (a GET response, a list of Machines, a create/update body or a config), like a \`fly.json\` app
config, must be strict JSON: no comments, no trailing commas, double-quoted keys. (flyctl reads fly.json with Go's
encoding/json.)

Bad:
\`\`\`json
{"config": {"image": "registry.fly.io/app:v1",}}
\`\`\`

Good:
\`\`\`json
{"config": {"image": "registry.fly.io/app:v1"}}
\`\`\``,
  },
  // Machine JSON's syntax problems (broad); a fly.json's (narrow, by the reader's definition "json").
  claims: [{ kinds: ["syntax"] }, { kinds: ["syntax"], definition: "json" }],
};
export default rule;
