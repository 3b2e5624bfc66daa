// Top-level [checks] timings flyctl rejects: interval under 2 seconds, timeout over 60 seconds (flaps limits).
import { formatGoDuration } from "../model/go-duration.js";
import { defineRule, type Rule } from "./types.js";
import { sourcePath } from "./utils/paths.js";

const SECOND = 1_000_000_000n;

const messages = {
  interval: ({ name, ns }: { name: string; ns: bigint }) =>
    `check ${JSON.stringify(name)} interval is ${formatGoDuration(ns)}: the minimum is 2 seconds, and flyctl rejects the file (fly deploy and fly config validate fail); use "2s" or more`,
  timeout: ({ name, ns }: { name: string; ns: bigint }) =>
    `check ${JSON.stringify(name)} timeout is ${formatGoDuration(ns)}: the maximum is 60 seconds, and flyctl rejects the file (fly deploy and fly config validate fail); use "60s" or less`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "check-timing-bounds",
    severity: "error",
    description: "a top-level [checks] interval under 2 seconds or timeout over 60 seconds, which flyctl rejects",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
    flyctlRefuses: true,
    docs: `Machine checks (\`[checks.<name>]\`) run at most every 2 seconds and time out after at most 60 seconds; flyctl
refuses a config outside these limits ("Check 'x' interval is too short: 500ms, minimum is 2 seconds"). A bare
number here is milliseconds, so \`interval = 1\` is 1 ms. The message names the duration flyctl read.

Evidence: flyctl \`internal/appconfig/validation.go\` L127-147 (\`validateChecksSection\`: "minimum interval in flaps
is set to 2 seconds", "max timeout in flaps in set to 60s").

Bad:
\`\`\`toml
[checks.alive]
type = "tcp"
port = 8080
interval = "1s"
timeout = "2m"
\`\`\`

Good:
\`\`\`toml
[checks.alive]
type = "tcp"
port = 8080
interval = "15s"
timeout = "10s"
\`\`\``,
  },
  checkToml({ doc, model, report }) {
    if (!model?.checks) return;
    for (const [name, c] of Object.entries(model.checks)) {
      // Go compares Duration.Seconds() (a float): anything below 2 s, including 1.999 s.
      if (typeof c.interval === "bigint" && c.interval < 2n * SECOND) report({ path: sourcePath(doc, ["checks", name, "interval"]), messageId: "interval", data: { name, ns: c.interval } });
      if (typeof c.timeout === "bigint" && c.timeout > 60n * SECOND) report({ path: sourcePath(doc, ["checks", name, "timeout"]), messageId: "timeout", data: { name, ns: c.timeout } });
    }
  },
};
export default defineRule(rule);
