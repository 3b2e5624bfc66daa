// A Machine outside the app's deploys. fly-go flaps ListFlyAppsMachines keeps only Machines with
// fly_platform_version = "v2" (IsFlyAppsPlatform): without it, `fly deploy` and `fly scale` skip the Machine (it keeps
// its image and config forever). With v2 but no process group (MachineConfig.ProcessGroup(): fly_process_group, else
// the legacy process_group), the Machine is managed and in group "", which no fly.toml defines, so flyctl's
// resolveProcessGroupChanges (internal/command/deploy) destroys it on the next deploy.
import { isObj } from "../object.js";
import { defineRule, type Rule } from "./types.js";
import { subject } from "./utils/machines.js";

const messages = {
  notV2: ({ subject, also }: { subject: string; also: string }) =>
    `${subject}metadata has no fly_platform_version = "v2"${also}: fly deploy and fly scale will not manage this Machine`,
  noGroup: ({ subject }: { subject: string }) =>
    `${subject}metadata has fly_platform_version = "v2" but no fly_process_group: fly deploy counts it in process group "", which no fly.toml defines, and destroys it`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "detached-machine",
    severity: "info",
    description: 'a Machine without fly_platform_version = "v2" (fly deploy ignores it) or without a process group (fly deploy destroys it)',
    fixable: false,
    inputs: ["machine-json"],
    messages,
    docs: `\`fly deploy\` and \`fly scale\` only touch Machines whose metadata has \`fly_platform_version = "v2"\`
(fly-go \`ListFlyAppsMachines\`). A Machine created with \`fly machine run\` (or by hand through the API) lacks it:
deploys leave it on its old image and config. That may be intended (a one-off job, a bastion); if not, recreate it
through \`fly deploy\` or add the metadata.

A Machine that has \`fly_platform_version = "v2"\` but no \`fly_process_group\` (nor the legacy \`process_group\`) is
not left alone: flyctl counts it in process group \`""\`, which no fly.toml defines, and \`fly deploy\` destroys it
(\`resolveProcessGroupChanges\` in flyctl's internal/command/deploy). \`flyconf plan\` shows it as a destroy.

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
      const v2 = isObj(md) && md.fly_platform_version === "v2";
      const group = isObj(md) ? [md.fly_process_group, md.process_group].find((g) => typeof g === "string" && g !== "") : undefined;
      if (v2 && group !== undefined) continue;
      const path = isObj(md) ? [...e.configPath!, "metadata"] : e.configPath!;
      if (!v2) {
        const also = group === undefined ? " and no fly_process_group" : "";
        ctx.report({ path, at: "key", messageId: "notV2", data: { subject: subject(ctx, e), also } });
      } else {
        ctx.report({
          path,
          at: "key",
          messageId: "noGroup",
          data: { subject: subject(ctx, e) },
        });
      }
    }
  },
};
export default defineRule(rule);
