// [[restart]] policy: fly.toml says always / never / on-failure. The Machines API's "no" (and the CLI's
// "on-fail") are not fly.toml values. The compiler reports the entry that applies to each group (the last match);
// this rule gives that diagnostic its fix and reports the entries the compiler never looks at.
import { flattenWith, groupInfo } from "../compile/groups.js";
import { FLY_TOML_RESTART_POLICIES, suggestRestartPolicy } from "../compile/machine.js";
import type { KeyPath } from "../diagnostic.js";
import type { PositionedDocument } from "../reader/document.js";
import { isTable, type TomlTable } from "../reader/values.js";
import { schemaMessages } from "./utils/problem-messages.js";
import { defineRule, type Rule } from "./types.js";
import { orList, quoted } from "./utils/words.js";
import { valueAt, valueFix } from "./utils/paths.js";

const POLICIES = FLY_TOML_RESTART_POLICIES;
const suggest = suggestRestartPolicy;

/** flyctl's "invalid restart policy: X", with the valid values and, for a near miss, the one meant. */
function invalidPolicy({ policy: p }: { policy: string }): string {
  const valid = `use "always", "never" or "on-failure"`;
  if (p.trim().toLowerCase() === "no") return `invalid restart policy: ${JSON.stringify(p)} is the Machines API's name for it; fly.toml spells it "never" (${valid})`;
  const s = suggest(p);
  return `invalid restart policy: ${JSON.stringify(p)}; ${valid}${s && s !== p ? ` (did you mean ${JSON.stringify(s)}?)` : ""}`;
}

const messages = {
  // The same words for the entries the rule reports and the one the compiler reports (claimed, below).
  invalid: invalidPolicy,
  missing: `[[restart]] has no policy: set policy to ${orList(quoted(POLICIES))}`,
  fix: ({ from, to }: { from: string; to: string }) => `replace ${JSON.stringify(from)} with ${JSON.stringify(to)}`,
  // Claimed: the policy the compiler cannot convert, and a Machine JSON policy the schema check rejects.
  "restart-policy-invalid": invalidPolicy,
  ...schemaMessages,
};

function policyFix(doc: PositionedDocument<TomlTable>, path: KeyPath) {
  const v = valueAt(doc.value, path);
  if (typeof v !== "string") return undefined;
  const s = suggest(v);
  return s && s !== v ? valueFix(doc, path, JSON.stringify(s), messages.fix({ from: v, to: s })) : undefined;
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "restart-policy",
    severity: "error",
    description: "a [[restart]] policy other than always, never or on-failure (e.g. the API's \"no\")",
    fixable: true,
    inputs: ["fly.toml", "machine-json"],
    messages,
    docs: `\`[[restart]] policy\` is \`"always"\`, \`"never"\` or \`"on-failure"\`. The Machines API calls "never" \`"no"\` and
\`fly machine run --restart\` accepts \`on-fail\`, so both get copied into fly.toml, where flyctl rejects them
(\`invalid restart policy: no\`) — \`fly config validate\` fails, and a policy that applies to a process group fails
the deploy. Every \`[[restart]]\` entry is checked, also those that apply to no group. \`--fix\` rewrites \`"no"\` to
\`"never"\` and corrects case and separators (\`"On_Failure"\` → \`"on-failure"\`).

Evidence: flyctl \`internal/appconfig/validation.go\` L342-370 (restart validator) and \`machines.go\` (policy map
\`never\` → \`no\`); fly-go restart policy constants \`no\`/\`on-failure\`/\`always\`.

Bad:
\`\`\`toml
[[restart]]
policy = "no"
\`\`\`

Good:
\`\`\`toml
[[restart]]
policy = "never"
\`\`\``,
  },
  claims: [{ kinds: ["convert", "schema"], key: "policy", parent: "restart" }],
  // The compiler reports the policy of the entry that applies to a group; attach the fix to that diagnostic.
  fix: policyFix,
  checkToml({ doc, model, report }) {
    const list = doc.value.restart;
    if (!Array.isArray(list)) return;
    // Entries the compiler already reports: the last match of each group (with decode errors the linter compiles
    // the lenient model this rule sees, so that holds there too).
    const compiled = new Set<number>();
    if (model?.restart) {
      const { names, def } = groupInfo(model);
      for (const g of names) {
        const r = flattenWith(model, g, def).restart;
        const last = r?.[r.length - 1];
        if (last) compiled.add(model.restart.indexOf(last));
      }
    }
    list.forEach((entry, i) => {
      if (!isTable(entry) || compiled.has(i)) return;
      const p = entry.policy;
      if (p === undefined) {
        report({ path: ["restart", i], at: "key", messageId: "missing" });
        return;
      }
      if (typeof p !== "string" || (POLICIES as readonly string[]).includes(p)) return;
      const path: KeyPath = ["restart", i, "policy"];
      report({ path, messageId: "invalid", data: { policy: p }, fix: policyFix(doc, path) });
    });
  },
};
export default defineRule(rule);
