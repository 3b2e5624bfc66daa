// Reported by the suppression pass: a flyconf-disable comment that silenced nothing.
import type { Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "unused-suppression",
    severity: "warning",
    description: "a flyconf-disable comment suppresses nothing (stale, or names an unknown rule)",
    fixable: false,
    inputs: ["fly.toml"],
    docs: `Suppressions are \`# flyconf-disable-next-line RULE -- reason\` (the next line) and \`# flyconf-disable RULE -- reason\`
(the whole file). One that matches no finding is reported, so fixed problems do not leave stale comments behind and a
misspelt rule id does not silently suppress nothing.

Bad:
\`\`\`toml
# flyconf-disable-next-line unknown-key -- nothing unknown below
app = "web"
\`\`\`

Good:
\`\`\`toml
# flyconf-disable-next-line unknown-key -- read by our own deploy script
x_team = "payments"
\`\`\``,
  },
};
export default rule;
