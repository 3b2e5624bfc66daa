// Reported by the model: a value flyctl's JSON decode step cannot take (wrong type or shape), which makes flyctl
// discard the whole config. Also conversion failures (bad vm size, check without a port, …).
import type { Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "invalid-type",
    severity: "error",
    description: "a value flyctl cannot decode or convert (wrong type or shape)",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    // Its findings are problems an earlier stage reports (see claims), in that stage\'s words.
    messages: {},
    docs: `flyctl turns fly.toml into Go structs through JSON. One value of the wrong type anywhere — a string where a
number belongs, a single table where an array of tables is required — and flyctl keeps nothing of the file but the
app name; \`fly deploy\` then fails with a Go JSON error and no line number. Legacy forms (string ports,
\`"soft,hard"\` concurrency, single \`[services]\` tables) are accepted only inside \`[[services]]\`.

Bad:
\`\`\`toml
[http_service]
internal_port = "8080"   # a string is accepted only in [[services]]
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080
\`\`\``,
  },
  claims: [{ kinds: ["decode", "convert", "schema"] }],
};
export default rule;
