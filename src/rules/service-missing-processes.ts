// A service without `processes` in an app with [processes]: `fly deploy` validates the file first and stops.
import { defaultProcessName, processNames } from "../compile/groups.js";
import { defineRule, type Rule } from "./types.js";
import { andList, quoted } from "./utils/words.js";
import { serviceRefs } from "./utils/services.js";

const messages = {
  missing: ({ label, groups, fallback }: { label: string; groups: readonly string[]; fallback: string }) =>
    `${label} has no processes, but [processes] defines ${andList(quoted(groups))}: fly deploy stops with "Service has no processes set but app has ${groups.length} processes defined" (the compiled config would give it to "${fallback}" only); add processes = ["${fallback}"] or the groups it serves`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "service-missing-processes",
    severity: "error",
    description: "a service without processes in an app that defines [processes]: fly deploy refuses the file",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
    flyctlRefuses: true,
    docs: `Once \`[processes]\` defines process groups, flyctl's validation (which \`fly deploy\` runs before anything
else) requires every \`[http_service]\` and \`[[services]]\` to say which groups it serves. Without \`processes\`, the
deploy stops with "Service has no processes set but app has N processes defined". (The conversion itself would bind
such a service to the default group only — \`app\`, or the first group name — which is rarely what was meant.)

Evidence: flyctl \`internal/appconfig/validation.go\` (validateServicesSection), asserted by flyctl's
TestConfig_ValidateServices (conformance vector \`validate-services\`).

Bad:
\`\`\`toml
[processes]
web = "bin/web"
worker = "bin/worker"

[http_service]
internal_port = 8080
\`\`\`

Good:
\`\`\`toml
[processes]
web = "bin/web"
worker = "bin/worker"

[http_service]
internal_port = 8080
processes = ["web"]
\`\`\``,
  },
  checkToml({ doc, model, report }) {
    if (!model?.processes || Object.keys(model.processes).length === 0) return;
    const groups = processNames(model);
    const fallback = defaultProcessName(model);
    for (const ref of serviceRefs(doc, model)) {
      if (ref.processes?.length) continue;
      report({ modelPath: ref.modelPath, at: "key", messageId: "missing", data: { label: ref.label, groups, fallback } });
    }
  },
};
export default defineRule(rule);
