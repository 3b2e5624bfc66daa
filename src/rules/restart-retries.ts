// max_retries counts restarts under the on-failure policy only; with "always" or "no" it is ignored.
import { isObj } from "../object.js";
import { defineRule, type Rule } from "./types.js";
import { subject } from "./utils/machines.js";

const messages = {
  ignored: ({ subject, retries, policy }: { subject: string; retries: unknown; policy: string }) =>
    `${subject}max_retries = ${JSON.stringify(retries)} is ignored with restart policy ${JSON.stringify(policy)}: it counts restarts under "on-failure" only`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "restart-retries",
    severity: "warning",
    description: 'restart.max_retries with a policy other than "on-failure": it is ignored',
    fixable: false,
    inputs: ["machine-json"],
    messages,
    docs: `flyd counts \`max_retries\` only under the \`"on-failure"\` policy. With \`"always"\` the Machine restarts without
limit, with \`"no"\` never: the number you wrote does nothing.

Bad:
\`\`\`json
{"config": {"image": "registry.fly.io/app:v1", "restart": {"policy": "always", "max_retries": 3}}}
\`\`\`

Good:
\`\`\`json
{"config": {"image": "registry.fly.io/app:v1", "restart": {"policy": "on-failure", "max_retries": 3}}}
\`\`\``,
  },
  checkMachines(ctx) {
    for (const e of ctx.input.entries) {
      const r = e.config?.restart;
      if (!isObj(r) || r.max_retries === undefined || r.max_retries === null) continue;
      if (typeof r.policy !== "string" || r.policy === "on-failure") continue;
      ctx.report({
        path: [...e.configPath!, "restart", "max_retries"],
        messageId: "ignored",
        data: { subject: subject(ctx, e), retries: r.max_retries, policy: r.policy },
      });
    }
  },
};
export default defineRule(rule);
