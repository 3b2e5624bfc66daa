// Reported by the JSON reader: Machines API JSON, or a fly.json app config, that does not parse.
import type { ProblemMessages, Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "json-syntax",
    severity: "error",
    description: "Machine JSON, or a fly.json app config, that does not parse",
    fixable: false,
    inputs: ["machine-json", "fly.toml"],
    // The JSON reader reports what went wrong as a message id and data (the parser's own words as `detail`).
    messages: {
      "json-parse-error": ({ detail }) => `invalid JSON: ${detail}`,
      "json-not-object": ({ actual }) => `json: cannot unmarshal ${actual} into Go value of type map[string]interface {}: the top level of fly.json must be an object`,
      "invalid-utf8": ({ byte }) => `invalid UTF-8 at byte ${byte}: JSON must be UTF-8 text`,
      "file-too-large": ({ size, max }) => `file is ${size} bytes, over the ${max}-byte limit (raise it with --max-bytes)`,
    } satisfies ProblemMessages,
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
