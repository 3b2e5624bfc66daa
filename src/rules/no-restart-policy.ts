// A Machine with no services and no restart policy: the proxy never starts it (it has nothing to route), and only
// the platform default (on-failure, a few retries) brings it back after a crash; a clean exit leaves it stopped.
import { isObj } from "../object.js";
import { defineRule, type Rule } from "./types.js";
import { subject } from "./utils/machines.js";

const messages = {
  noPolicy: ({ subject }: { subject: string }) =>
    `${subject}no services and no restart policy: the proxy never starts this Machine and a clean exit leaves it stopped; set restart.policy ("always" for a worker, "on-failure" for a job)`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "no-restart-policy",
    severity: "warning",
    description: "a Machine without services and without a restart policy: once it exits, nothing starts it again",
    fixable: false,
    inputs: ["machine-json"],
    messages,
    docs: `The Fly proxy starts stopped Machines only for services. A worker Machine (no services) relies on its restart
policy alone; without one, the platform default restarts it only after a failure and only a few times, and a clean exit
leaves it stopped for good. Say what you mean: \`"always"\` for a long-running worker, \`"on-failure"\` with
\`max_retries\` for a job. Scheduled Machines, \`auto_destroy\` Machines and standbys are exempt.

Bad:
\`\`\`json
{"config": {"image": "registry.fly.io/app:v1", "init": {"cmd": ["worker"]}}}
\`\`\`

Good:
\`\`\`json
{"config": {"image": "registry.fly.io/app:v1", "init": {"cmd": ["worker"]}, "restart": {"policy": "always"}}}
\`\`\``,
  },
  checkMachines(ctx) {
    for (const e of ctx.input.entries) {
      const c = e.config;
      if (!c) continue;
      if (Array.isArray(c.services) && c.services.length > 0) continue;
      if (isObj(c.restart) && c.restart.policy !== undefined && c.restart.policy !== null) continue;
      if (c.schedule !== undefined || c.auto_destroy === true || (Array.isArray(c.standbys) && c.standbys.length > 0)) continue;
      ctx.report({
        path: isObj(c.restart) ? [...e.configPath!, "restart"] : e.configPath!,
        at: "key",
        messageId: "noPolicy",
        data: { subject: subject(ctx, e) },
      });
    }
  },
};
export default defineRule(rule);
