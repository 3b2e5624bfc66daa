// A file meant as a Machines API create/update body that is not `{"config": …}`: the POST endpoints want the config
// wrapped, and a whole GET response sent back carries read-only fields the API ignores or rejects.
import { BODY_KEYS, BODY_ONLY_KEYS } from "../model/machine-input.js";
import { defineRule, type Rule } from "./types.js";

const fields = (keys: readonly string[]) => `field${keys.length > 1 ? "s" : ""} ${keys.map((k) => JSON.stringify(k)).join(", ")}`;

const messages = {
  unwrapped: ({ keys }: { keys: readonly string[] }) =>
    `this looks like a create/update body (${keys.length ? `it has body ${fields(keys)}` : "it was given as a request body"}) but the config is not wrapped: the API wants {"config": {…}${keys.map((k) => `, ${JSON.stringify(k)}: …`).join("")}}`,
  wholeMachine: ({ keys }: { keys: readonly string[] }) =>
    `this is a whole Machine (a GET response)${keys.length ? ` with body ${fields(keys)}` : ""}, not a create/update body: send {"config": …} with only the config (plus region, name, … as needed)`,
  list: 'a list of Machines is not a create/update body: send one {"config": …} per request',
} as const;

const rule: Rule<typeof messages> = {
  meta: {
    id: "config-wrapper",
    severity: "error",
    description: 'a create/update body that is not {"config": …} (a bare config or a whole GET response)',
    fixable: false,
    inputs: ["machine-json"],
    messages,
    docs: `\`POST /v1/apps/{app}/machines\` and \`POST /v1/apps/{app}/machines/{id}\` take a body whose config sits under
\`"config"\`, next to \`region\`, \`name\`, \`skip_launch\` and the like. A bare config posted as the body is read as an
empty config; a whole GET response sent back carries \`id\`, \`state\`, \`events\`, … that do not belong in a request.
flyconf reports a bare config that carries body fields (\`region\`, \`skip_launch\`, …), a GET response that carries
them, and, with \`--body\`, any file that is not \`{"config": …}\`.

Bad:
\`\`\`json
{"region": "ams", "image": "registry.fly.io/app:v1", "guest": {"cpus": 1, "memory_mb": 256}}
\`\`\`

Good:
\`\`\`json
{"region": "ams", "config": {"image": "registry.fly.io/app:v1", "guest": {"cpus": 1, "memory_mb": 256}}}
\`\`\``,
  },
  checkMachines({ input, doc, expectBody, report }) {
    const root = doc.value;
    if (input.shape === "config") {
      const keys = BODY_KEYS.filter((k) => Object.prototype.hasOwnProperty.call(root, k));
      if (keys.length || expectBody) {
        report({ path: keys.length ? [keys[0]!] : [], at: "key", messageId: "unwrapped", data: { keys } });
      }
      return;
    }
    if (input.shape === "machine") {
      const keys = BODY_ONLY_KEYS.filter((k) => Object.prototype.hasOwnProperty.call(root, k));
      if (keys.length || expectBody) {
        report({ path: keys.length ? [keys[0]!] : ["id"], at: "key", messageId: "wholeMachine", data: { keys } });
      }
      return;
    }
    if (input.shape === "machine-list" && expectBody) {
      report({ path: [], messageId: "list" });
    }
  },
};
export default defineRule(rule);
