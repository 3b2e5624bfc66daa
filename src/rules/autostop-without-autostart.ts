// A service that stops its Machines but never starts them again: once idle, it is down for good (503s).
import { defineRule, type Rule } from "./types.js";
import { serviceRefs } from "./utils/services.js";
import { autostopOn, machineServices } from "./utils/machines.js";

/** The keys as each input spells them: fly.toml's, and the Machines API's. */
const TOML = { stop: "auto_stop_machines", start: "auto_start_machines" };
const API = { stop: "autostop", start: "autostart" };

/** What the rule says, by message id: its checks report `{ messageId, data }` and the lint core builds the text. */
const messages = {
  neverRestarts: ({ label, keys, stop }: { label: string; keys: typeof TOML; stop: unknown }) =>
    `${label} stops idle Machines (${keys.stop} = ${JSON.stringify(stop)}) but never starts them again (${keys.start} = false): requests get 503 once they stop`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "autostop-without-autostart",
    severity: "error",
    description: "autostop enabled with auto_start_machines = false: Machines stop and never come back (503)",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    messages,
    docs: `With \`auto_stop_machines\` on (\`true\`, \`"stop"\` or \`"suspend"\`) the Fly proxy stops idle Machines. With
\`auto_start_machines = false\` it never starts them again, so after the first quiet period every request gets a 503
until someone runs \`fly machine start\`.

Bad:
\`\`\`toml
[http_service]
internal_port = 8080
auto_stop_machines = "stop"
auto_start_machines = false
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080
auto_stop_machines = "stop"
auto_start_machines = true
\`\`\``,
  },
  checkToml({ doc, model, report }) {
    if (!model) return;
    for (const { service: s, modelPath, label } of serviceRefs(doc, model)) {
      if (s.auto_stop_machines && s.auto_stop_machines !== "off" && s.auto_start_machines === false) {
        report({ modelPath: [...modelPath, TOML.start], messageId: "neverRestarts", data: { label, keys: TOML, stop: s.auto_stop_machines } });
      }
    }
  },
  checkMachines(ctx) {
    for (const { s, path, label } of machineServices(ctx)) {
      if (autostopOn(s.autostop) && s.autostart === false) {
        ctx.report({ path: [...path, API.start], messageId: "neverRestarts", data: { label, keys: API, stop: s.autostop } });
      }
    }
  },
};
export default defineRule(rule);
