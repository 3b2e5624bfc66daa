// deploy.strategy values flyctl rejects, and strategies that cannot work with this app: canary or bluegreen with
// volumes, bluegreen with no health check.
import type { FlyToml } from "../model/schema.js";
import { defineRule, type Rule } from "./types.js";
import { orList, quoted } from "./utils/words.js";
import { valueFix } from "./utils/paths.js";

const STRATEGIES = ["canary", "rolling", "immediate", "bluegreen"] as const;

const messages = {
  unknown: ({ s, suggestion }: { s: string; suggestion: string | undefined }) =>
    `unsupported deployment strategy ${JSON.stringify(s)}: flyctl accepts ${orList(quoted(STRATEGIES))}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ""}`,
  volumes: ({ s }: { s: string }) =>
    `strategy = ${JSON.stringify(s)} does not work with volumes ([mounts]): a volume attaches to one Machine, so the new Machines cannot get it while the old ones run; use "rolling" or "immediate"`,
  noChecks:
    `strategy = "bluegreen" needs at least one health check to decide when the green Machines are ready, and this app defines none; add [[http_service.checks]], [[services.tcp_checks]]/[[services.http_checks]] or [checks], or use "rolling"`,
  fix: ({ from, to }: { from: string; to: string }) => `replace ${JSON.stringify(from)} with ${JSON.stringify(to)}`,
};

function suggest(s: string): string | undefined {
  const x = s.trim().toLowerCase().replace(/[-_ ]/g, "");
  return STRATEGIES.find((c) => c === x);
}

function hasHealthCheck(m: FlyToml): boolean {
  if (m.checks && Object.keys(m.checks).length) return true;
  if (m.http_service?.checks?.length) return true;
  return (m.services ?? []).some((s) => (s.tcp_checks?.length ?? 0) + (s.http_checks?.length ?? 0) > 0);
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "deploy-strategy-incompatible",
    severity: "error",
    description: "an unknown deploy.strategy, canary or bluegreen with volumes, or bluegreen without health checks",
    fixable: true,
    inputs: ["fly.toml"],
    messages,
    flyctlRefuses: true,
    docs: `\`[deploy] strategy\` is \`"rolling"\` (the default), \`"immediate"\`, \`"canary"\` or \`"bluegreen"\` (exactly so).
\`canary\` and \`bluegreen\` boot new Machines next to the old ones, which a volume (attached to one Machine) does not
allow; \`bluegreen\` also waits for health checks before switching traffic, so it needs at least one.
\`fly config validate\` only catches an unknown strategy and canary with mounts; bluegreen with mounts or without
checks fails at deploy time. \`--fix\` corrects the spelling of a known strategy (\`"blue-green"\`, \`"Rolling"\`).

Evidence: Fly docs \`reference/configuration\` L272-277 (strategies; canary and bluegreen not with volumes,
bluegreen needs health checks); flyctl \`internal/appconfig/validation.go\` L99-125 (\`validateDeploySection\`).

Bad:
\`\`\`toml
[deploy]
strategy = "bluegreen"

[[mounts]]
source = "data"
destination = "/data"
\`\`\`

Good:
\`\`\`toml
[deploy]
strategy = "rolling"

[[mounts]]
source = "data"
destination = "/data"
\`\`\``,
  },
  checkToml({ doc, model, report }) {
    const s = model?.deploy?.strategy;
    if (!model || s === undefined || s === "") return;
    const path = ["deploy", "strategy"];
    if (!(STRATEGIES as readonly string[]).includes(s)) {
      const fixed = suggest(s);
      report({ path, messageId: "unknown", data: { s, suggestion: fixed }, fix: fixed ? valueFix(doc, path, JSON.stringify(fixed), messages.fix({ from: s, to: fixed })) : undefined });
      return;
    }
    if ((s === "canary" || s === "bluegreen") && model.mounts?.length) report({ path, messageId: "volumes", data: { s } });
    if (s === "bluegreen" && !hasHealthCheck(model)) report({ path, messageId: "noChecks" });
  },
};
export default defineRule(rule);
