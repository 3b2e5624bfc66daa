// A flyconf-disable comment that silenced nothing (stale, or naming an unknown rule), and comments that look like a
// directive but are none. Runs after every other rule, on what the lint core's suppression pass marked used.
import { defineRule, type Rule, type Suppression, type SuppressionContext } from "./types.js";
import { closest } from "./utils/words.js";

const where = (kind: Suppression["kind"]) => (kind === "next-line" ? " on the next line" : kind === "line" ? " on its line" : "");

const messages = {
  unknownDirective: ({ name }: { name: string }) => `unknown directive ${name} suppresses nothing: use flyconf-disable-next-line, flyconf-disable-line or flyconf-disable`,
  unused: ({ what, kind }: { what: string; kind: Suppression["kind"] }) => `${what} suppresses nothing${where(kind)}: remove it`,
  unusedUnknown: ({ id, suggestion, kind }: { id: string; suggestion: string | undefined; kind: Suppression["kind"] }) =>
    `suppression of unknown rule ${JSON.stringify(id)}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ""} suppresses nothing${where(kind)}: remove it`,
  /** The rule did fire, elsewhere: say where, so a comment one line off is moved rather than deleted. */
  firesElsewhere: ({ id, kind, lines }: { id: string; kind: Suppression["kind"]; lines: number[] }) => {
    const near = `line${lines.length > 1 ? "s" : ""} ${lines.join(", ")}`;
    const hint = kind === "next-line" ? "; put the comment on the line before it, or use flyconf-disable-line on that line" : kind === "line" ? "; put the comment on that line" : "";
    return `suppression of ${id} suppresses nothing${where(kind)}, but ${id} fires on ${near}${hint}`;
  },
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "unused-suppression",
    severity: "warning",
    description: "a flyconf-disable comment suppresses nothing (stale, or names an unknown rule)",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
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
  checkSuppressions(ctx: SuppressionContext<typeof messages>) {
    const id = rule.meta.id;
    for (const u of ctx.unknownDirectives) ctx.report({ span: { start: u.start, end: u.end }, messageId: "unknownDirective", data: { name: u.name } });
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
            ctx.report({ span, messageId: "firesElsewhere", data: { id: x, kind: s.kind, lines } });
            continue;
          }
        }
        if (x === "*" || ctx.isKnownRule(x)) ctx.report({ span, messageId: "unused", data: { what: x === "*" ? "this suppression" : `suppression of ${x}`, kind: s.kind } });
        else ctx.report({ span, messageId: "unusedUnknown", data: { id: x, suggestion: closest(x, ctx.knownRules?.() ?? []), kind: s.kind } });
      }
    }
    // Reports about suppressions can be suppressed too (by naming this rule); such a suppression that then
    // silenced nothing is reported, and that report cannot be suppressed.
    for (const s of ctx.suppressions) {
      if (s.ids.includes(id) && !s.used.has(id)) ctx.report({ span: { start: s.start, end: s.end }, messageId: "unused", data: { what: `suppression of ${id}`, kind: s.kind } }, { suppressible: false });
    }
  },
};
export default defineRule(rule);
