// Reported by the model: a value flyctl's JSON decode step cannot take (wrong type or shape), which makes flyctl
// discard the whole config. Also conversion failures (bad vm size, check without a port, …).
import type { ProblemMessages, Rule } from "./types.js";
import { decodeFailed, schemaMessages } from "./utils/problem-messages.js";

const rule: Rule = {
  meta: {
    id: "invalid-type",
    severity: "error",
    description: "a value flyctl cannot decode or convert (wrong type or shape)",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    // The model, the readers, the compiler and the schema check report what went wrong as a message id and data.
    messages: {
      "decode-failed": decodeFailed,
      "yaml-key-not-string": ({ key, readAs }) => `the key ${key} is not a string (YAML reads it as ${readAs}): flyctl's stringifyYAMLMapKeys panics on it; quote the key`,
      "yaml-key-not-scalar": () => "a mapping key that is not a scalar: flyctl cannot read it",
      "null-section": ({ key, flyctl }) => `${key} is null: ${flyctl}`,
      "vm-size-unknown": ({ size, choices }) =>
        choices
          ? `'${size}' is an invalid machine size, choose one of: [${choices.join(" ")}]`
          : `invalid machine preset requested, '${size}', expected to start with 'shared' or 'performance'`,
      "vm-memory-invalid": ({ detail }) => detail,
      "machine-config-source": ({ source }) => `invalid machine config source: ${JSON.stringify(source)}`,
      "machine-config-json": ({ file, detail, line, column }) =>
        `invalid machine config${file === undefined ? "" : ` ${JSON.stringify(file)}`}: invalid JSON: ${detail}${file === undefined ? "" : ` at ${line}:${column}`}`,
      "machine-config-value": ({ file, detail, line, column }) =>
        `invalid machine config${file === undefined ? "" : ` ${JSON.stringify(file)}`}: ${detail}${file === undefined ? "" : ` at ${line}:${column}`}`,
      "container-not-found": ({ container }) => `container "${container}" not found`,
      "container-no-image": ({ container }) => `container "${container}" must have an image specified`,
      "process-command": ({ group, detail }) => `could not parse command for ${group} process group: ${detail}`,
      "check-type": ({ check }) => `check '${check}': missing or invalid check type, must be 'http' or 'tcp'`,
      "check-no-port": ({ check, group }) => `Check '${check}' for process group '${group}' has no port set and the group has no http_service to take it from`,
      "release-command": ({ detail }) => `could not split release command: ${detail}`,
      "test-machine-command": () => "missing command for test machine",
      "test-machine-image": () => "missing image for test machine",
      "not-machine-input": ({ actual }) => `expected a Machine, a list of Machines, a create/update body ({"config": …}) or a config object, not ${actual}`,
      "list-element-not-machine": ({ index, actual }) => `list element ${index} is not a Machine: ${actual === undefined ? 'it has no "config" object' : `it is ${actual}`}`,
      ...schemaMessages,
      // A JavaScript value handed to validateMachineBody that JSON cannot carry.
      "not-json-number": ({ at, value }) => `${at || "the body"} is ${value}, which JSON cannot carry`,
      "not-json-type": ({ at, type }) => `${at || "the body"} is ${type === "undefined" ? "undefined" : `a ${type}`}, which JSON cannot carry`,
      "not-json-cycle": ({ at }) => `${at || "the body"} refers back to itself (a cycle): JSON cannot carry it`,
      "not-json-class": ({ at, className }) => `${at || "the body"} is a ${className}, not a plain object`,
    } satisfies ProblemMessages,
    docs: `flyctl turns fly.toml into Go structs through JSON. One value of the wrong type anywhere — a string where a
number belongs, a single table where an array of tables is required — and flyctl keeps nothing of the file but the
app name; \`fly deploy\` then fails with a Go JSON error and no line number. Legacy forms (string ports,
\`"soft,hard"\` concurrency, single \`[services]\` tables) are accepted only inside \`[[services]]\`.

Bad:
\`\`\`toml
[http_service]
internal_port = "8080"   # a string is accepted only in [[services]]
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080
\`\`\``,
  },
  claims: [{ kinds: ["decode", "convert", "schema"] }],
};
export default rule;
