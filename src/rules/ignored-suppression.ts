// `--no-inline-config` (CI pinning its own rules): suppression comments are ignored, and each one is reported, so
// a pull request that adds `# flyconf-disable` at the top of fly.toml neither silences the run nor goes unnoticed.
import { defineRule, type Rule, type SuppressionContext } from "./types.js";

const messages = {
  ignored: "this suppression is ignored: inline configuration is off (--no-inline-config)",
} as const;

const rule: Rule<typeof messages> = {
  meta: {
    id: "ignored-suppression",
    severity: "info",
    description: "a flyconf-disable comment that --no-inline-config ignores",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
    suppressible: false,
    docs: `With \`--no-inline-config\` (library: \`inlineConfig: false\`) suppression comments silence nothing, as ESLint's
option of the same name does: a CI run whose rules are pinned by the workflow cannot be switched off by the files it
checks. Each ignored comment is reported as info, so the findings it meant to hide are seen with it.

Bad:
\`\`\`toml
# flyconf-disable
app = "a"
\`\`\`

Good:
\`\`\`toml
app = "a"
\`\`\``,
  },
  checkSuppressions(ctx: SuppressionContext<typeof messages>) {
    for (const s of ctx.suppressions) ctx.report({ span: { start: s.start, end: s.end }, messageId: "ignored" });
  },
};
export default defineRule(rule);
