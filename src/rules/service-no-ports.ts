// A [[services]] entry with no ports: the proxy has nothing to route to it, publicly or over Flycast.
import { isTable } from "../reader/values.js";
import { defineRule, type Rule } from "./types.js";
import { valueAt } from "./utils/paths.js";
import { serviceRefs } from "./utils/services.js";

const CHECK_KEYS = new Set(["tcp_checks", "http_checks", "machine_checks"]);

const messages = {
  noPorts: ({ label, internalPort }: { label: string; internalPort: number | bigint | undefined }) =>
    `${label}${internalPort !== undefined ? ` (internal_port ${String(internalPort)})` : ""} exposes no ports, so the proxy routes nothing to it (neither public traffic nor Flycast); add a [[services.ports]] section with the port clients connect to, or remove the service`,
  checksOnly: ({ label }: { label: string }) =>
    `${label} holds only checks, so it is a service of its own with no ports: a [[services.tcp_checks]] or [[services.http_checks]] header with no [[services]] before it creates one; if the checks are meant for [http_service], write [[http_service.checks]]`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "service-no-ports",
    severity: "warning",
    description: "a [[services]] entry has no [[services.ports]]: nothing is routed to it",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
    docs: `A \`[[services]]\` entry tells the Fly proxy which public (or Flycast) ports to forward to \`internal_port\`. Without
any \`[[services.ports]]\` there is nothing to forward: the service is dead weight and, if checks are attached, they
run against a service nobody can reach. flyctl only prints a warning (it was a hard error for a while, which broke CI
deploys, so it was turned back into a warning). Private networking (\`<app>.internal\`) needs no service at all.

Bad:
\`\`\`toml
[[services]]
internal_port = 5432
protocol = "tcp"
\`\`\`

Good:
\`\`\`toml
[[services]]
internal_port = 5432
protocol = "tcp"

[[services.ports]]
port = 5432
\`\`\``,
  },
  checkToml({ doc, model, report }) {
    if (!model) return;
    for (const ref of serviceRefs(doc, model)) {
      if (ref.kind !== "services") continue;
      const s = model.services![ref.modelPath[1] as number]!;
      if (s.ports?.length) continue;
      const raw = valueAt(doc.value, ref.sourcePath);
      if (isTable(raw) && Object.keys(raw).every((k) => CHECK_KEYS.has(k))) {
        report({ modelPath: ref.modelPath, at: "key", messageId: "checksOnly", data: { label: ref.label } });
        continue;
      }
      report({ modelPath: ref.modelPath, at: "key", messageId: "noPorts", data: { label: ref.label, internalPort: s.internal_port } });
    }
  },
};
export default defineRule(rule);
