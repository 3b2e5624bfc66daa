// Concurrency limits the proxy cannot honour as written: a soft limit above the hard one, or an unknown type.
import type { KeyPath } from "../diagnostic.js";
import type { Concurrency } from "../model/schema.js";
import type { PositionedDocument } from "../reader/document.js";
import type { TomlTable } from "../reader/values.js";
import { isObj } from "../object.js";
import { defineRule, type MachineContext, type Report, type Rule } from "./types.js";
import { orList, quoted } from "./utils/words.js";
import { serviceLabel, sourcePath, valueFix } from "./utils/paths.js";
import { finite, machineServices } from "./utils/machines.js";

const TYPES = ["connections", "requests"] as const;
const DEFAULT_SOFT = 20;

const messages = {
  softOverHard: ({ label, soft, hard }: { label: string; soft: number; hard: number }) =>
    `${label} concurrency soft_limit = ${soft} is above hard_limit = ${hard}: a Machine refuses new work at ${hard}, so the soft limit (which drives load balancing and autostop's excess-capacity count) is never reached; make soft_limit lower than hard_limit`,
  defaultSoftOverHard: ({ label, hard }: { label: string; hard: number }) =>
    `${label} concurrency hard_limit = ${hard} is below the default soft_limit of ${DEFAULT_SOFT}: the soft limit (which drives load balancing and autostop's excess-capacity count) is never reached; set soft_limit lower than ${hard}`,
  type: ({ label, type, suggestion }: { label: string; type: string; suggestion: string | undefined }) =>
    `${label} concurrency type ${JSON.stringify(type)} is not a concurrency type: use ${orList(quoted(TYPES))}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ""}`,
  fixType: ({ from, to }: { from: string; to: string }) => `replace ${JSON.stringify(from)} with ${JSON.stringify(to)}`,
};

/** A near miss we can safely correct: a case difference or a missing/extra plural "s". */
function suggestType(t: string): string | undefined {
  const x = t.trim().toLowerCase();
  return TYPES.find((c) => c === x || c === `${x}s` || `${c}s` === x);
}

const num = (v: number | bigint | undefined): number | undefined => (v === undefined || v === 0 || v === 0n ? undefined : Number(v));

/** The proxy's default soft_limit when a service sets none. */
const DEFAULT_SOFT_LIMIT = 20;

function machineConcurrencyLimits(ctx: MachineContext<typeof messages>): void {
  for (const { s, path, label } of machineServices(ctx)) {
    const c = s.concurrency;
    if (!isObj(c)) continue;
    // fly-go omits zero limits: 0 means unset.
    const soft = finite(c.soft_limit) || undefined;
    const hard = finite(c.hard_limit) || undefined;
    if (hard === undefined) continue;
    if (soft !== undefined && soft > hard) {
      ctx.report({ path: [...path, "concurrency", "soft_limit"], messageId: "softOverHard", data: { label, soft, hard } });
    } else if (soft === undefined && hard < DEFAULT_SOFT_LIMIT) {
      ctx.report({ path: [...path, "concurrency", "hard_limit"], messageId: "defaultSoftOverHard", data: { label, hard } });
    }
  }
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "concurrency-limits",
    severity: "warning",
    description: "concurrency soft_limit above hard_limit, or a concurrency type other than connections/requests",
    fixable: true,
    inputs: ["fly.toml", "machine-json"],
    messages,
    docs: `The proxy balances load and decides what autostop may stop from \`soft_limit\` (20 when unset), and refuses new
work on a Machine at \`hard_limit\` (no limit when unset). A soft limit above the hard one is never reached, so
the proxy treats Machines as idle until they are full. That includes a lone \`hard_limit\` below 20.
\`type\` is \`"connections"\` (the default) or \`"requests"\`; flyctl passes any other string through unchecked.
\`--fix\` corrects near misses such as \`"request"\` or \`"Connections"\`.

Evidence: Fly docs \`reference/configuration\` L367-368 and \`reference/fly-proxy-autostop-autostart\` L36-53
(soft limit default and excess-capacity formula); flyctl PR #1493 ("Concurrency Type is not included in the list").

Bad:
\`\`\`toml
[http_service]
internal_port = 8080

[http_service.concurrency]
type = "request"
soft_limit = 100
hard_limit = 50
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080

[http_service.concurrency]
type = "requests"
soft_limit = 50
hard_limit = 100
\`\`\``,
  },
  checkMachines: machineConcurrencyLimits,
  checkToml({ doc, model, report }) {
    if (!model) return;
    check(doc, report, model.http_service?.concurrency, ["http_service"]);
    model.services?.forEach((s, i) => check(doc, report, s.concurrency, ["services", i]));
  },
};

function check(doc: PositionedDocument<TomlTable>, report: (r: Report<typeof messages>) => void, c: Concurrency | undefined, base: KeyPath): void {
  if (!c) return;
  const label = serviceLabel(doc, base);
  const at = (key: string) => sourcePath(doc, [...base, "concurrency", key]);
  if (c.type !== undefined && c.type !== "" && !(TYPES as readonly string[]).includes(c.type)) {
    const s = suggestType(c.type);
    const path = at("type");
    report({ path, messageId: "type", data: { label, type: c.type, suggestion: s }, fix: s ? valueFix(doc, path, JSON.stringify(s), messages.fixType({ from: c.type, to: s })) : undefined });
  }
  const soft = num(c.soft_limit);
  const hard = num(c.hard_limit);
  if (hard === undefined) return;
  if (soft !== undefined && soft > hard) report({ path: at("soft_limit"), messageId: "softOverHard", data: { label, soft, hard } });
  else if (soft === undefined && hard < DEFAULT_SOFT) report({ path: at("hard_limit"), messageId: "defaultSoftOverHard", data: { label, hard } });
}
export default defineRule(rule);
