// A service that stops its Machines but never starts them again: once idle, it is down for good (503s).
import type { Autostop } from "../model/schema.js";
import type { MachineContext, Rule } from "./types.js";
import { serviceRefs } from "./utils/services.js";
import { autostopOn, machineServices } from "./utils/machines.js";

const messages = {
  neverRestarts: (label: string, stop: Autostop) =>
    `${label} stops idle Machines (auto_stop_machines = ${JSON.stringify(stop)}) but never starts them again (auto_start_machines = false): requests get 503 once they stop`,
};

function machineAutostopWithoutAutostart(ctx: MachineContext): void {
  for (const { s, path, label } of machineServices(ctx)) {
    if (autostopOn(s.autostop) && s.autostart === false) {
      ctx.report({
        path: [...path, "autostart"],
        message: `${label} stops idle Machines (autostop = ${JSON.stringify(s.autostop)}) but never starts them again (autostart = false): requests get 503 once they stop`,
      });
    }
  }
}

const rule: Rule = {
  meta: {
    id: "autostop-without-autostart",
    severity: "error",
    description: "autostop enabled with auto_start_machines = false: Machines stop and never come back (503)",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
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
  checkMachines: machineAutostopWithoutAutostart,
  checkToml({ doc, model, report }) {
    if (!model) return;
    for (const { service: s, modelPath, label } of serviceRefs(doc, model)) {
      if (s.auto_stop_machines && s.auto_stop_machines !== "off" && s.auto_start_machines === false) {
        report({ modelPath: [...modelPath, "auto_start_machines"], message: messages.neverRestarts(label, s.auto_stop_machines) });
      }
    }
  },
};
export default rule;
