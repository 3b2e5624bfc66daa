// A flyconf-disable comment that silenced nothing (stale, or naming an unknown rule), and comments that look like a
// directive but are none. Runs after every other rule, on what the lint core's suppression pass marked used.
import type { Rule, Suppression, SuppressionContext } from "./types.js";
import { closest } from "./utils/words.js";

const messages = {
  unknownDirective: (name: string) => `unknown directive ${name} suppresses nothing: use flyconf-disable-next-line, flyconf-disable-line or flyconf-disable`,
  unused: (what: string, where: string) => `${what} suppresses nothing${where}: remove it`,
  where: (kind: Suppression["kind"]) => (kind === "next-line" ? " on the next line" : kind === "line" ? " on its line" : ""),
  /** The rule did fire, elsewhere: say where, so a comment one line off is moved rather than deleted. */
  firesElsewhere: (id: string, kind: Suppression["kind"], lines: number[]) => {
    const near = `line${lines.length > 1 ? "s" : ""} ${lines.join(", ")}`;
    const hint = kind === "next-line" ? "; put the comment on the line before it, or use flyconf-disable-line on that line" : kind === "line" ? "; put the comment on that line" : "";
    return `suppression of ${id} suppresses nothing${messages.where(kind)}, but ${id} fires on ${near}${hint}`;
  },
  unknownRule: (x: string, s: string | undefined) => `suppression of unknown rule ${JSON.stringify(x)}${s ? ` (did you mean ${JSON.stringify(s)}?)` : ""}`,
};

const rule: Rule = {
  meta: {
    id: "unused-suppression",
    severity: "warning",
    description: "a flyconf-disable comment suppresses nothing (stale, or names an unknown rule)",
    fixable: false,
    inputs: ["fly.toml"],
    docs: `Suppressions are \`# flyconf-disable-next-line RULE -- reason\` (the next line), \`key = value # flyconf-disable-line
RULE -- reason\` (its own line) and \`# flyconf-disable RULE -- reason\` (the whole file). One that matches no finding is reported, so
fixed problems do not leave stale comments behind and a misspelt rule id does not silently suppress nothing. When the rule does fire on another line, the finding says where
(a comment one line off is the usual cause); a misspelt id gets the nearest rule id.

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
        const span = { start: s.start, end: s.end };
        if (x !== "*" && ctx.isKnownRule(x)) {
          // Where the rule fired unsuppressed, nearest first (at most three places).
          const fired = new Set((ctx.fired ?? []).filter((f) => f.ruleId === x).map((f) => f.line));
          const distance = (l: number) => Math.abs(l - s.targetLine);
          const lines = [...fired].sort((a, b) => distance(a) - distance(b) || a - b).slice(0, 3);
          if (s.kind !== "file" && lines.length) {
            ctx.report({ span, message: messages.firesElsewhere(x, s.kind, lines) });
            continue;
          }
        }
        const what = x === "*" ? "this suppression" : ctx.isKnownRule(x) ? `suppression of ${x}` : messages.unknownRule(x, closest(x, ctx.knownRules?.() ?? []));
        ctx.report({ span, message: messages.unused(what, messages.where(s.kind)) });
      }
    }
    // Reports about suppressions can be suppressed too (by naming this rule); such a suppression that then
    // silenced nothing is reported, and that report cannot be suppressed.
    for (const s of ctx.suppressions) {
      if (s.ids.includes(id) && !s.used.has(id)) ctx.report({ span: { start: s.start, end: s.end }, message: messages.unused(`suppression of ${id}`, messages.where(s.kind)) }, { suppressible: false });
    }
  },
};
export default rule;
