// A create/update body without config.image: the Machines API cannot start a Machine without one, and fly.toml's
// conversion never sets it (fly deploy adds the image it built or was given; a hand-rolled body must too).
import { defineRule, type Rule } from "./types.js";

const messages = {
  emptyImage: `config.image must be a non-empty image reference (e.g. "registry.fly.io/app:deployment-01"): the Machines API cannot create a Machine without one`,
  noImage: `the config has no "image": the Machines API cannot create a Machine without one (fly.toml's conversion leaves it to fly deploy; set config.image to the image to run)`,
  // The library's compileGroup()/updateBody() of a fly.toml: the compiled config has no image (see src/platform).
  compiledNoImage: ({ build }: { build?: string }) =>
    `the config has no image: the Machines API cannot create a Machine without one; pass { image }${build ? ` (fly.toml's [build] image is ${JSON.stringify(build)})` : ""}`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "missing-image",
    severity: "error",
    description: 'a create/update body ({"config": …}) whose config has no image',
    fixable: false,
    inputs: ["machine-json"],
    messages,
    docs: `The Machines API needs \`config.image\` to create a Machine, and an update replaces the whole config. flyctl's
conversion of fly.toml (and so \`flyconf compile\`) leaves \`image\` out: \`fly deploy\` fills in the image it built or
the one \`[build] image\` names. A body you build yourself from compiled output must set it too. Multi-container
configs (\`containers\`) carry their images there and are not reported. Checked for create/update bodies only (not
for a bare config or a Machine); the library's \`validateMachineBody(body, { intent: "update" })\` skips it.

Bad:
\`\`\`json
{"config": {"guest": {"cpu_kind": "shared", "cpus": 1, "memory_mb": 256}}}
\`\`\`

Good:
\`\`\`json
{"config": {"image": "registry.fly.io/app:deployment-01", "guest": {"cpu_kind": "shared", "cpus": 1, "memory_mb": 256}}}
\`\`\``,
  },
  checkMachines(ctx) {
    if (ctx.input.shape !== "body" || ctx.intent === "update") return;
    for (const e of ctx.input.entries) {
      const c = e.config;
      if (!c) continue;
      if (typeof c.image === "string" && c.image !== "") continue;
      if (Array.isArray(c.containers) && c.containers.length > 0) continue;
      const has = Object.prototype.hasOwnProperty.call(c, "image");
      ctx.report({
        path: has ? [...e.configPath!, "image"] : ["config"],
        at: has ? "value" : "key",
        messageId: has ? "emptyImage" : "noImage",
      });
    }
  },
};
export default defineRule(rule);
