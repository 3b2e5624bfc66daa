// A service that starts Machines on demand but never stops them: every Machine the proxy starts for a spike keeps
// running (and billing) until someone stops it by hand.
import type { KeyPath } from "../diagnostic.js";
import type { PositionedDocument } from "../reader/document.js";
import type { TomlTable } from "../reader/values.js";
import { defineRule, type MachineContext, type Rule } from "./types.js";
import { valueAt } from "./utils/paths.js";
import { serviceRefs } from "./utils/services.js";
import { autostopOff, machineServices } from "./utils/machines.js";

const messages = {
  startsNeverStops: ({ label, stop }: { label: string; stop: string | undefined }) =>
    `${label} starts Machines on demand (auto_start_machines = true) but never stops them (${stop === undefined ? "auto_stop_machines is unset, which means off" : `auto_stop_machines = ${stop}`}): Machines started for a traffic spike keep running until stopped by hand; set auto_stop_machines = "stop" (or "suspend") to scale back down`,
  machineStartsNeverStops: ({ label, autostop }: { label: string; autostop: unknown }) =>
    `${label} starts Machines on demand (autostart = true) but never stops them (${autostop === undefined || autostop === null ? "autostop is unset, which means off" : `autostop = ${JSON.stringify(autostop)}`}): Machines started for a traffic spike keep running until stopped by hand; set autostop to "stop" (or "suspend") to scale back down`,
};

/** auto_stop_machines as written (undefined when unset). */
function writtenStop(doc: PositionedDocument<TomlTable>, path: KeyPath): string | undefined {
  const raw = valueAt(doc.value, [...path, "auto_stop_machines"]);
  if (raw === undefined) return undefined;
  return typeof raw === "string" ? JSON.stringify(raw) : typeof raw === "object" ? "(not a value flyctl reads)" : String(raw);
}

function machineAutostartWithoutAutostop(ctx: MachineContext<typeof messages>): void {
  for (const { s, path, label } of machineServices(ctx)) {
    if (s.autostart === true && autostopOff(s.autostop)) {
      ctx.report({ path: [...path, "autostart"], messageId: "machineStartsNeverStops", data: { label, autostop: s.autostop } });
    }
  }
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "autostart-without-autostop",
    severity: "warning",
    description: "auto_start_machines = true while autostop is off: Machines the proxy starts never scale back down",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    messages,
    docs: `With \`auto_start_machines = true\` the Fly proxy starts stopped Machines when requests arrive. With
\`auto_stop_machines\` off (\`false\`, \`"off"\`, or unset) it never stops them again, so every Machine started for a
traffic spike keeps running, and billing, until someone runs \`fly machine stop\`. Set \`auto_stop_machines = "stop"\`
(or \`"suspend"\`) to let the proxy scale back down.

If the Machines are meant to run all the time, this combination is harmless: turn the rule off or suppress it with
a reason.

Bad:
\`\`\`toml
[http_service]
internal_port = 8080
auto_stop_machines = false
auto_start_machines = true
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080
auto_stop_machines = "stop"
auto_start_machines = true
min_machines_running = 1
\`\`\``,
  },
  checkMachines: machineAutostartWithoutAutostop,
  checkToml({ doc, model, report }) {
    if (!model) return;
    for (const ref of serviceRefs(doc, model)) {
      const s = ref.service;
      if (s.auto_start_machines !== true) continue;
      if (s.auto_stop_machines !== undefined && s.auto_stop_machines !== "off") continue;
      report({ modelPath: [...ref.modelPath, "auto_start_machines"], messageId: "startsNeverStops", data: { label: ref.label, stop: writtenStop(doc, ref.sourcePath) } });
    }
  },
};
export default defineRule(rule);
