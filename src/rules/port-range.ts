// Port numbers outside 1-65535, and port ranges that end before they start. flyctl copies them into the Machine
// config unchecked (spec §5.3), so the mistake surfaces only when the Machines API refuses the config at deploy time
// (or, for a reversed range, the service exposes nothing).
import type { KeyPath } from "../diagnostic.js";
import { sourcePath } from "./utils/paths.js";
import { servicePorts, serviceRefs } from "./utils/services.js";
import { machineServices } from "./utils/machines.js";
import { isObj } from "../object.js";
import { schemaMessages } from "./utils/problem-messages.js";
import { defineRule, type MachineContext, type Report, type Rule } from "./types.js";

const MIN_PORT = 1;
const MAX_PORT = 65535;

const messages = {
  outOfRange: ({ key, v, what }: { key: string; v: number | bigint; what: string }) =>
    `${key} = ${String(v)} is not a port: ${what} must be between ${MIN_PORT} and ${MAX_PORT}; the Machines API refuses the config at deploy time`,
  reversed: ({ start, end, where = "" }: { start: number | bigint; end: number | bigint; where?: string }) =>
    `${where}start_port = ${String(start)} is above end_port = ${String(end)}: the range is empty (start_port is the first port, end_port the last); swap them`,
  // Claimed: a Machine JSON port number the schema check rejects, in its words.
  ...schemaMessages,
};

const WHAT: Record<string, string> = {
  port: "a public port",
  start_port: "the first public port of a range",
  end_port: "the last public port of a range",
  internal_port: "the port the app listens on inside the Machine",
  checkPort: "the port a check connects to",
  metricsPort: "the port metrics are scraped from",
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "port-range",
    severity: "error",
    description: "a port outside 1-65535, or a [[services.ports]] range whose start_port is above its end_port",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    messages,
    docs: `Ports are numbers from 1 to 65535: \`port\`, \`start_port\` and \`end_port\` in \`[[services.ports]]\`, \`internal_port\`
in \`[http_service]\` and \`[[services]]\`, the \`port\` of \`[checks]\` and \`[[metrics]]\`. flyctl does not check them (it
copies them into the Machine config), so \`port = 70000\`, \`0\` or a negative number fails only when the Machines API
refuses the config during \`fly deploy\`. A range with \`start_port\` above \`end_port\` is empty: flyctl copies it as it
is, and it cannot expose what was meant. In Machine config JSON (\`services[].internal_port\`,
\`services[].ports[].port\`, \`start_port\`, \`end_port\`, \`checks.*.port\`) the same: a port outside 1-65535, and a
reversed range.

Evidence: flyctl \`internal/appconfig\` validation has no port checks (spec §5.3); fly-go \`MachinePort\` holds
\`*int\`; TCP and UDP ports are 16-bit, and the Machines API refuses port 0 and values above 65535.

Bad:
\`\`\`toml
[[services]]
internal_port = 8080
protocol = "tcp"

[[services.ports]]
port = 70000

[[services.ports]]
start_port = 9010
end_port = 9000
\`\`\`

Good:
\`\`\`toml
[[services]]
internal_port = 8080
protocol = "tcp"

[[services.ports]]
port = 7000

[[services.ports]]
start_port = 9000
end_port = 9010
\`\`\``,
  },
  // Machine JSON: the schema's port range (definitions/portNumber; a port that is not an integer is invalid-type).
  claims: [{ kinds: ["schema"], definition: "portNumber" }],
  checkMachines: machineReversedRanges,
  checkToml({ doc, model, report }) {
    if (!model) return;
    const check = (modelPath: KeyPath, v: number | bigint | undefined, what: string) => {
      if (v === undefined || (v >= MIN_PORT && v <= MAX_PORT)) return;
      const key = String(modelPath[modelPath.length - 1]);
      report({ path: sourcePath(doc, modelPath), messageId: "outOfRange", data: { key, v, what } });
    };
    for (const ref of serviceRefs(doc, model)) check([...ref.modelPath, "internal_port"], ref.service.internal_port, WHAT.internal_port!);
    for (const { port: p, modelPath: base } of servicePorts(model)) {
      for (const k of ["port", "start_port", "end_port"] as const) check([...base, k], p[k], WHAT[k]!);
      if (p.port === undefined && p.start_port !== undefined && p.end_port !== undefined && p.start_port > p.end_port) {
        reportReversed(report, sourcePath(doc, [...base, "start_port"]), p.start_port, p.end_port);
      }
    }
    const checks = model.checks;
    if (checks) for (const name of Object.keys(checks)) check(["checks", name, "port"], checks[name]!.port, WHAT.checkPort!);
    model.metrics?.forEach((m, i) => check(["metrics", i, "port"], m.port, WHAT.metricsPort!));
  },
};

/** A Machine config's `start_port` above its `end_port` (integers; other values are the schema's). */
function machineReversedRanges(ctx: MachineContext<typeof messages>): void {
  for (const { s, path, label } of machineServices(ctx)) {
    if (!Array.isArray(s.ports)) continue;
    (s.ports as unknown[]).forEach((p, j) => {
      if (!isObj(p) || p.port !== undefined) return;
      const { start_port: start, end_port: end } = p;
      if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) <= (end as number)) return;
      const data = { start: start as number, end: end as number, where: `${label}.ports[${j}].` };
      ctx.report({ path: [...path, "ports", j, "start_port"], messageId: "reversed", data });
    });
  }
}

function reportReversed(report: (r: Report<typeof messages>) => void, path: KeyPath, start: number | bigint, end: number | bigint): void {
  report({ path, messageId: "reversed", data: { start, end } });
}

export default defineRule(rule);
