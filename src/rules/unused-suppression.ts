// A flyconf-disable comment that silenced nothing (stale, or naming an unknown rule), and comments that look like a
// directive but are none. Runs after every other rule, on what the lint core's suppression pass marked used.
import type { Rule, SuppressionContext } from "./types.js";

const messages = {
  unknownDirective: (name: string) => `unknown directive ${name} suppresses nothing: use flyconf-disable-next-line or flyconf-disable`,
  unused: (what: string, nextLine: boolean) => `${what} suppresses nothing${nextLine ? " on the next line" : ""}: remove it`,
};

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
  checkSuppressions(ctx: SuppressionContext) {
    const id = rule.meta.id;
    for (const u of ctx.unknownDirectives) ctx.report({ span: { start: u.start, end: u.end }, message: messages.unknownDirective(u.name) });
    for (const s of ctx.suppressions) {
      const unused = s.ids.length === 0 ? (s.used.size ? [] : ["*"]) : s.ids.filter((x) => x !== id && !s.used.has(x));
      for (const x of unused) {
        const what = x === "*" ? "this suppression" : ctx.isKnownRule(x) ? `suppression of ${x}` : `suppression of unknown rule ${JSON.stringify(x)}`;
        ctx.report({ span: { start: s.start, end: s.end }, message: messages.unused(what, s.kind === "next-line") });
      }
    }
    // Reports about suppressions can be suppressed too (by naming this rule); such a suppression that then
    // silenced nothing is reported, and that report cannot be suppressed.
    for (const s of ctx.suppressions) {
      if (s.ids.includes(id) && !s.used.has(id)) ctx.report({ span: { start: s.start, end: s.end }, message: messages.unused(`suppression of ${id}`, s.kind === "next-line") }, { suppressible: false });
    }
  },
};
export default rule;
