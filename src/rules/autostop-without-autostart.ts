// A service that stops its Machines but never starts them again: once idle, it is down for good (503s).
import type { Service } from "../model/schema.js";
import type { Rule } from "./types.js";

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
  checkToml({ model, report }) {
    if (!model) return;
    const check = (s: Pick<Service, "auto_stop_machines" | "auto_start_machines">, base: (string | number)[], name: string) => {
      if (s.auto_stop_machines && s.auto_stop_machines !== "off" && s.auto_start_machines === false) {
        report({
          modelPath: [...base, "auto_start_machines"],
          message: `${name} stops idle Machines (auto_stop_machines = ${JSON.stringify(s.auto_stop_machines)}) but never starts them again (auto_start_machines = false): requests get 503 once they stop`,
        });
      }
    };
    if (model.http_service) check(model.http_service, ["http_service"], "[http_service]");
    model.services?.forEach((s, i) => check(s, ["services", i], `[[services]] #${i + 1}`));
  },
};
export default rule;
