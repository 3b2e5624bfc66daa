// Port handlers the Fly proxy knows: http, tls, pg_tls and proxy_proto. Anything else is a typo or a legacy name.
import type { KeyPath } from "../diagnostic.js";
import { schemaMessages } from "./utils/problem-messages.js";
import { defineRule, type Rule } from "./types.js";
import { orList, quoted } from "./utils/words.js";
import { serviceLabel, sourcePath, valueFix } from "./utils/paths.js";
import { servicePorts } from "./utils/services.js";

const HANDLERS = ["http", "tls", "pg_tls", "proxy_proto"] as const;

const messages = {
  unknown: ({ where, h, suggestion }: { where: string; h: string; suggestion: string | undefined }) =>
    `${where} has unknown handler ${JSON.stringify(h)}: handlers are ${orList(quoted(HANDLERS))}${suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : ""}`,
  edgeHttp: ({ where }: { where: string }) =>
    `${where} uses handler "edge_http", which is deprecated and no longer documented: use ["http"] (or ["tls", "http"] on 443)`,
  tcp: ({ where }: { where: string }) =>
    `${where} has handler "tcp", which is not a handler: leave handlers empty (handlers = []) for raw TCP pass-through`,
  https: ({ where }: { where: string }) => `${where} has handler "https", which is not a handler: HTTPS is handlers = ["tls", "http"]`,
  udp: ({ where }: { where: string }) => `${where} has handler "udp", which is not a handler: set protocol = "udp" on the service and leave handlers empty`,
  fix: ({ from, to }: { from: string; to: string }) => `replace ${JSON.stringify(from)} with ${JSON.stringify(to)}`,
  // Claimed: a Machine JSON handler the schema check rejects, in its words.
  ...schemaMessages,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "handler-value",
    severity: "error",
    description: "a port handler other than http, tls, pg_tls or proxy_proto",
    fixable: true,
    inputs: ["fly.toml", "machine-json"],
    messages,
    docs: `\`[[services.ports]] handlers\` name what the Fly proxy does with a connection before it reaches the Machine:
\`http\`, \`tls\`, \`pg_tls\` and \`proxy_proto\`. No handler means raw TCP pass-through (and is the only choice for
UDP). flyctl does not check handler names, so a typo (\`"htttp"\`), the non-handlers \`"tcp"\` and \`"https"\` or the
obsolete \`"edge_http"\` only fail when the Machine is created or when traffic arrives. \`--fix\` corrects the case of a
known handler (\`"HTTP"\`).

Evidence: Fly docs \`networking/services\` (handler list); \`edge_http\` was removed from the docs in January 2023
(superfly/docs commit f5c27f23) but SchemaStore's \`fly.json\` still lists it.

Bad:
\`\`\`toml
[[services]]
internal_port = 8080
protocol = "tcp"

[[services.ports]]
port = 443
handlers = ["tls", "https"]
\`\`\`

Good:
\`\`\`toml
[[services]]
internal_port = 8080
protocol = "tcp"

[[services.ports]]
port = 443
handlers = ["tls", "http"]
\`\`\``,
  },
  claims: [{ kinds: ["schema"], under: "handlers" }],
  checkToml({ doc, model, report }) {
    if (!model) return;
    for (const { port: p, index: j, modelPath: at } of servicePorts(model)) {
      p.handlers?.forEach((h, k) => {
        if ((HANDLERS as readonly string[]).includes(h)) return;
        const modelPath: KeyPath = [...at, "handlers", k];
        const path = sourcePath(doc, modelPath);
        const where = `${serviceLabel(doc, modelPath)} port ${p.port ?? p.start_port ?? j + 1}`;
        const lower = h.trim().toLowerCase();
        const known = HANDLERS.find((x) => x === lower);
        const fix = known ? valueFix(doc, path, JSON.stringify(known), messages.fix({ from: h, to: known })) : undefined;
        if (lower === "edge_http") report({ path, messageId: "edgeHttp", data: { where }, fix });
        else if (lower === "tcp") report({ path, messageId: "tcp", data: { where }, fix });
        else if (lower === "https") report({ path, messageId: "https", data: { where }, fix });
        else if (lower === "udp") report({ path, messageId: "udp", data: { where }, fix });
        else report({ path, messageId: "unknown", data: { where, h, suggestion: known ?? closeHandler(lower) }, fix });
      });
    }
  },
};

/** One edit away from a handler (a typo such as "htp" or "pgtls"); not a fix, only a hint. */
function closeHandler(h: string): string | undefined {
  return HANDLERS.find((x) => x.replace("_", "") === h.replace(/[-_ ]/g, "") || oneEdit(x, h));
}

function oneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(i + (a.length >= b.length ? 1 : 0)) === b.slice(i + (b.length >= a.length ? 1 : 0));
}

export default defineRule(rule);
