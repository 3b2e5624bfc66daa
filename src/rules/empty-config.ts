// Reported by the pipeline: a fly.toml with no keys at all.
import type { Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "empty-config",
    severity: "error",
    description: "the file sets nothing (empty, or only comments and whitespace)",
    fixable: false,
    inputs: ["fly.toml"],
    docs: `An empty fly.toml is valid TOML, and flyctl reads it without complaint as an app with no name, no services and
no processes; \`fly deploy\` then asks for an app with \`-a\`, and whatever it deploys gets no public ports. An empty
file is almost always a truncated write, a bad merge or the wrong path, so flyconf reports it instead of compiling it.

Bad:
\`\`\`toml
# fly.toml app configuration file
\`\`\`

Good:
\`\`\`toml
app = "acme-web"
primary_region = "ams"
\`\`\``,
  },
};
export default rule;
