// Reported by the reader: the file is not TOML 1.0 (flyctl's go-toml v2 rejects it before anything else).
import type { Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "toml-syntax",
    severity: "error",
    description: "the file is not valid TOML 1.0 (or not UTF-8 text)",
    fixable: false,
    inputs: ["fly.toml"],
    // Its findings are problems an earlier stage reports (see claims), in that stage\'s words.
    messages: {},
    suppressible: false,
    docs: `flyctl parses fly.toml with go-toml v2 (TOML 1.0). A syntax error stops \`fly deploy\` before anything else, with a
message that names a row and column. flyconf reports the same position, 1-based, and says when the text is valid
only in TOML 1.1 (for example a newline inside an inline table).

Bad:
\`\`\`toml
[http_service]
internal_port = 8080
internal_port = 8081   # a key defined twice
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080
\`\`\``,
  },
  claims: [{ kinds: ["syntax"] }],
};
export default rule;
