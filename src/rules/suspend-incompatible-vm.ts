// auto_stop_machines = "suspend" on Machines that cannot be suspended (more than 2 GB of memory, or swap): the
// platform falls back to a full stop, and the fast resume the config asks for never happens.
import { flattenWith, groupInfo, groupMatches } from "../compile/groups.js";
import { computeGuest } from "../compile/guest.js";
import type { KeyPath } from "../diagnostic.js";
import type { Autostop } from "../model/schema.js";
import { defineRule, type Rule } from "./types.js";
import { serviceLabel, sourcePath } from "./utils/paths.js";

const MAX_MEMORY_MB = 2048;

const messages = {
  memory: ({ label, group, mb }: { label: string; group: string; mb: number }) =>
    `${label} suspends idle Machines, but process group ${JSON.stringify(group)} has ${mb} MB of memory: only Machines with at most 2 GB can be suspended, so these are stopped instead (a cold start, not a resume); use a smaller [[vm]] or auto_stop_machines = "stop"`,
  swap: ({ label, mb }: { label: string; mb: string }) =>
    `${label} suspends idle Machines, but swap_size_mb = ${mb} is set: Machines with swap cannot be suspended, so they are stopped instead (a cold start, not a resume); remove swap_size_mb or use auto_stop_machines = "stop"`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "suspend-incompatible-vm",
    severity: "warning",
    description: "auto_stop_machines = \"suspend\" on Machines with more than 2 GB of memory or with swap",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
    docs: `Suspend snapshots a Machine's memory so it resumes in a few hundred milliseconds. It only works for Machines with
at most 2 GB of memory and without swap; otherwise the platform falls back to a full stop, and every wake-up is a
cold boot. The rule reads the memory each process group gets from its \`[[vm]]\` (size preset, \`memory\` or
\`memory_mb\`) and the top-level \`swap_size_mb\`.

Evidence: Fly docs \`reference/suspend-resume\` L82+ ("Requirements": 2 GB of memory or less, no swap, no schedule);
\`reference/fly-proxy-autostop-autostart\` (suspend falls back to stop when suspension is impossible).

Bad:
\`\`\`toml
[http_service]
internal_port = 8080
auto_stop_machines = "suspend"
auto_start_machines = true

[[vm]]
size = "performance-2x"
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080
auto_stop_machines = "suspend"
auto_start_machines = true

[[vm]]
size = "shared-cpu-2x"
memory = "2gb"
\`\`\``,
  },
  checkToml({ doc, model, report }) {
    if (!model) return;
    const { names: groups, def } = groupInfo(model);
    const check = (s: { auto_stop_machines?: Autostop; processes?: string[] }, base: KeyPath) => {
      if (s.auto_stop_machines !== "suspend") return;
      const path = sourcePath(doc, [...base, "auto_stop_machines"]);
      const label = serviceLabel(doc, base);
      if (model.swap_size_mb !== undefined && Number(model.swap_size_mb) > 0) report({ path, messageId: "swap", data: { label, mb: String(model.swap_size_mb) } });
      for (const g of groups) {
        if (!groupMatches(g, s.processes, def)) continue;
        const g2 = flattenWith(model, g, def);
        const vm = g2.vm?.[0];
        if (!vm) continue; // no [[vm]] for the group: the Machine keeps the size it has
        const r = computeGuest(vm, g2.host_dedication_id);
        const mb = r.ok ? Number(r.guest.memory_mb ?? 0) : 0;
        if (mb > MAX_MEMORY_MB) report({ path, messageId: "memory", data: { label, group: g, mb } });
      }
    };
    if (model.http_service) check(model.http_service, ["http_service"]);
    model.services?.forEach((s, i) => check(s, ["services", i]));
  },
};
export default defineRule(rule);
