// Reported by the compiler: a file fly.toml names (`[[files]] local_path`, a `machine_config` *.json) that cannot be
// read next to fly.toml. `fly deploy` reads them on the machine that deploys and stops when one is missing; lint and
// compile read them the same way (the CLI; a library caller passes `readFile`), so both commands agree.
import type { ProblemMessages, Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "missing-file",
    severity: "error",
    description: "a [[files]] local_path or machine_config *.json file that cannot be read (relative to fly.toml)",
    fixable: false,
    inputs: ["fly.toml"],
    // The file, and the reader's reason when it gave one (a missing file needs none: flyctl stops on it).
    messages: {
      "machine-config-unreadable": ({ source, reason }) =>
        `cannot read machine config file ${JSON.stringify(source)} (relative to fly.toml)${reason === undefined ? ": fly deploy fails on it" : `: ${reason}`}`,
      "local-file-unreadable": ({ path, reason }) =>
        `cannot read local_path ${JSON.stringify(path)} (relative to fly.toml)${reason === undefined ? ": fly deploy fails on it" : `: ${reason}`}`,
    } satisfies ProblemMessages,
    flyctlRefuses: true,
    docs: `\`[[files]] local_path\` and \`machine_config = "something.json"\` name files that flyctl reads while it deploys,
relative to fly.toml (it base64-encodes a local file into the Machine config, and decodes the JSON into it). A path
that does not exist there — a typo, a file left out of the repository or of the Docker build context — fails
\`fly deploy\` after the build. \`flyconf lint\` and \`flyconf compile\` read the same files (from the directory of the
fly.toml) and report the same finding; the library's \`lint\` does so when given \`readFile\`.

Evidence: flyctl \`internal/appconfig/config.go\` \`MergeFiles\` (\`os.ReadFile(f.LocalPath)\`) and
\`internal/config/machine.go\` \`ParseConfig\` (a \`.json\` source is read with \`os.ReadFile\`).

Bad:
\`\`\`toml
app = "proxy"

[[files]]
guest_path = "/etc/nginx/nginx.conf"
local_path = "files/nginx.cnf"
\`\`\`

Good:
\`\`\`toml
app = "proxy"

[[files]]
guest_path = "/etc/nginx/nginx.conf"
local_path = "files/nginx.conf"
\`\`\``,
  },
  claims: [{ kinds: ["file"] }],
};
export default rule;
