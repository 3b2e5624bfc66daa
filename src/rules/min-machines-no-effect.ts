// min_machines_running only limits what autostop may stop: with autostop off it keeps nothing running.
import type { KeyPath } from "../diagnostic.js";
import type { Autostop } from "../model/schema.js";
import { defineRule, type MachineContext, type Rule } from "./types.js";
import { serviceLabel, sourcePath } from "./utils/paths.js";
import { autostopOff, finite, machineServices } from "./utils/machines.js";

const messages = {
  noEffect: ({ label, min, autostop }: { label: string; min: string; autostop: Autostop | undefined }) =>
    `${label} min_machines_running = ${min} has no effect: ${autostop === undefined ? "auto_stop_machines is not set (off)" : "auto_stop_machines is off"}, so the proxy never stops Machines and there is nothing to keep running. Remove min_machines_running, or set auto_stop_machines = "stop" to scale down to ${min}`,
  machineNoEffect: ({ label, min, autostop }: { label: string; min: number; autostop: unknown }) =>
    `${label} min_machines_running = ${min} has no effect: ${autostop === undefined || autostop === null ? "autostop is not set (off)" : `autostop is ${JSON.stringify(autostop)}`}, so the proxy never stops Machines; it does not start or create any either. Set autostop to "stop" (or "suspend"), or remove min_machines_running`,
};

function machineMinMachinesNoEffect(ctx: MachineContext<typeof messages>): void {
  for (const { s, path, label } of machineServices(ctx)) {
    const min = finite(s.min_machines_running);
    if (min !== undefined && min > 0 && autostopOff(s.autostop)) {
      ctx.report({ path: [...path, "min_machines_running"], messageId: "machineNoEffect", data: { label, min, autostop: s.autostop } });
    }
  }
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "min-machines-no-effect",
    severity: "warning",
    description: "min_machines_running > 0 while auto_stop_machines is off or unset, where it does nothing",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    messages,
    docs: `\`min_machines_running\` is the number of Machines (in the primary region) that autostop leaves running. With
\`auto_stop_machines\` off or unset the proxy stops nothing, so the setting does nothing: it does not start stopped
Machines and does not create new ones. Users often read it as "keep N Machines up" and are surprised.

Evidence: Fly docs \`launch/autostop-autostart\` L54 ("\`min_machines_running\` has no effect unless you set
\`auto_stop_machines\` to \`stop\` or \`suspend\`"); superfly/docs#1258 and #1910.

Bad:
\`\`\`toml
[http_service]
internal_port = 8080
auto_stop_machines = "off"
min_machines_running = 2
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080
auto_stop_machines = "stop"
auto_start_machines = true
min_machines_running = 2
\`\`\``,
  },
  checkMachines: machineMinMachinesNoEffect,
  checkToml({ doc, model, report }) {
    if (!model) return;
    const check = (s: { auto_stop_machines?: Autostop; min_machines_running?: number | bigint }, base: KeyPath) => {
      const min = s.min_machines_running;
      if (min === undefined || !(Number(min) > 0)) return;
      if (s.auto_stop_machines !== undefined && s.auto_stop_machines !== "off") return;
      report({ path: sourcePath(doc, [...base, "min_machines_running"]), messageId: "noEffect", data: { label: serviceLabel(doc, base), min: String(min), autostop: s.auto_stop_machines } });
    };
    if (model.http_service) check(model.http_service, ["http_service"]);
    model.services?.forEach((s, i) => check(s, ["services", i]));
  },
};
export default defineRule(rule);
