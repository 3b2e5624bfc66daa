// A Machine flyctl does not consider part of the app's deploys: without fly_platform_version = "v2" and a
// fly_process_group, `fly deploy` and `fly scale` skip it (it keeps its image and config forever).
import { isObj } from "../model/machine-input.js";
import type { Rule } from "./types.js";
import { subject } from "./utils/machines.js";

const rule: Rule = {
  meta: {
    id: "detached-machine",
    severity: "info",
    description: 'a Machine without fly_platform_version = "v2" or fly_process_group: fly deploy and fly scale will not manage it',
    fixable: false,
    inputs: ["machine-json"],
    docs: `\`fly deploy\` and \`fly scale\` only touch Machines whose metadata has \`fly_platform_version = "v2"\` and a
\`fly_process_group\`. A Machine created with \`fly machine run\` (or by hand through the API) lacks them: deploys
leave it on its old image and config. That may be intended (a one-off job, a bastion); if not, recreate it through
\`fly deploy\` or add the metadata.

Bad:
\`\`\`json
{"config": {"image": "registry.fly.io/app:v1", "metadata": {}}}
\`\`\`

Good:
\`\`\`json
{"config": {"image": "registry.fly.io/app:v1", "metadata": {"fly_platform_version": "v2", "fly_process_group": "app"}}}
\`\`\``,
  },
  checkMachines(ctx) {
    for (const e of ctx.input.entries) {
      if (!e.config) continue;
      const md = e.config.metadata;
      const missing: string[] = [];
      if (!isObj(md) || md.fly_platform_version !== "v2") missing.push('fly_platform_version = "v2"');
      if (!isObj(md) || typeof md.fly_process_group !== "string" || md.fly_process_group === "") missing.push("fly_process_group");
      if (!missing.length) continue;
      ctx.report({
        path: isObj(md) ? [...e.configPath!, "metadata"] : e.configPath!,
        at: "key",
        message: `${subject(ctx, e)}metadata has no ${missing.join(" and no ")}: fly deploy and fly scale will not manage this Machine`,
      });
    }
  },
};
export default rule;
