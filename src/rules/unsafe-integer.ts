// Reported by the library's compile() when a compiled config holds an integer JavaScript numbers cannot hold exactly
// (beyond 2^53) and the caller did not ask for bigints. flyctl (Go int64) takes such a value; the limit is the
// caller's number type, so the finding says how to lift it. A rule so that the id it prints is one flyconf knows.
import type { ProblemMessages, Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "unsafe-integer",
    severity: "error",
    description: "an integer beyond 2^53 in a compiled config, when the library caller asked for numbers (pass bigint: true)",
    fixable: false,
    inputs: ["fly.toml"],
    messages: {
      "integer-too-large": ({ value, at, group }) =>
        `the integer ${value} (in the compiled ${at} of group ${JSON.stringify(group)}) is beyond 2^53 and cannot be a JavaScript number exactly; pass { bigint: true } to get it as a bigint`,
    } satisfies ProblemMessages,
    suppressible: false,
    docs: `A JavaScript number holds integers exactly only up to 2^53 (9007199254740991); fly.toml integers are Go
int64 and may be larger. The library's \`compile()\`, \`compileGroup()\` and \`updateBody()\` return integers as
numbers unless \`bigint: true\` is passed, so a larger one would come back silently rounded: they refuse the compile
with this error instead, pointing at the integer in fly.toml. Pass \`{ bigint: true }\` to get such values as exact
bigints (\`stringifyJson\` writes them as JSON numbers). \`flyconf compile\` and \`flyconf lint\` always read integers
exactly and never report it. Values this large are almost always a mistake; other rules say so where they know the
key's range.

The examples are compiled with the library's \`compile(text)\` (no \`bigint\` option).

Bad:
\`\`\`toml
app = "a"

[http_service]
internal_port = 8080
auto_stop_machines = "stop"
min_machines_running = 9007199254740993
\`\`\`

Good:
\`\`\`toml
app = "a"

[http_service]
internal_port = 8080
auto_stop_machines = "stop"
min_machines_running = 1
\`\`\``,
  },
  claims: [{ kinds: ["precision"] }],
};
export default rule;
