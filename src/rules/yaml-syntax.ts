// Reported by the YAML reader: fly.yaml that gopkg.in/yaml.v3 (flyctl's LoadConfig for ".yaml") cannot read.
import type { ProblemMessages, Rule } from "./types.js";

const rule: Rule = {
  meta: {
    id: "yaml-syntax",
    severity: "error",
    description: "a fly.yaml that is not valid YAML, or whose top level is not a mapping",
    fixable: false,
    inputs: ["fly.toml"],
    // The YAML reader reports what went wrong as a message id and data (the yaml package's own words as `detail`).
    messages: {
      "yaml-parse-error": ({ detail }) => `invalid YAML: ${detail}`,
      "yaml-not-mapping": ({ actual }) => `invalid YAML: cannot unmarshal ${actual} into map[string]interface {}: the top level of fly.yaml must be a mapping`,
      "yaml-too-many-values": ({ max }) => `invalid YAML: more than ${max} values (aliases expanded): flyconf refuses such documents`,
      "yaml-nested-too-deep": ({ max }) => `invalid YAML: values nest more than ${max} levels deep: flyconf refuses such documents`,
      "yaml-unknown-anchor": ({ anchor }) => `invalid YAML: unknown anchor ${JSON.stringify(anchor)}`,
      "yaml-merge-not-map": () => "invalid YAML: map merge requires map or sequence of maps as the value",
    } satisfies ProblemMessages,
    suppressible: false,
    docs: `flyctl reads a config file whose name ends in \`.yaml\` with gopkg.in/yaml.v3 (YAML 1.2 rules: \`on\`, \`off\`,
\`yes\` and \`no\` are strings). A syntax error, a key defined twice or a top level that is not a mapping stops
\`fly deploy\` before anything else. A \`fly.yml\` is not YAML to flyctl at all: it reads it as TOML, so rename it to
\`fly.yaml\`.

Bad:
\`\`\`yaml
app: demo
http_service:
  internal_port: 8080
  internal_port: 8081   # a key defined twice
\`\`\`

Good:
\`\`\`yaml
app: demo
http_service:
  internal_port: 8080
\`\`\``,
  },
  claims: [{ kinds: ["syntax"], definition: "yaml" }],
};
export default rule;
