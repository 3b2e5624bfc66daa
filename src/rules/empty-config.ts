// A fly.toml with no keys at all. The compiler still compiles it as flyctl does (an empty file is NewConfig()),
// but no user means to deploy that: the linter and `flyconf compile` say so.
import { defineRule, type Rule } from "./types.js";

const messages = {
  empty: "the file sets nothing (it is empty or holds only comments): flyctl would read an app with no name, no services and no processes",
} as const;

/** `flyconf compile` says the same of an empty file. */
export const EMPTY_CONFIG_MESSAGE = messages.empty;

export function isEmptyConfig(value: object): boolean {
  for (const _ in value) return false;
  return true;
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "empty-config",
    severity: "error",
    description: "the file sets nothing (empty, or only comments and whitespace)",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
    docs: `An empty fly.toml is valid TOML, and flyctl reads it without complaint as an app with no name, no services and
no processes; \`fly deploy\` then asks for an app with \`-a\`, and whatever it deploys gets no public ports. An empty
file is almost always a truncated write, a bad merge or the wrong path, so flyconf reports it (and \`flyconf compile\` refuses it).

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
  checkToml({ doc, report }) {
    if (isEmptyConfig(doc.value)) report({ span: { start: 0, end: 0 }, messageId: "empty" });
  },
};
export default defineRule(rule);
