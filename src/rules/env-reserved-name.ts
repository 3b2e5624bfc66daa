// [env] names the platform owns: FLY_* (set by the platform), PRIMARY_REGION (flyctl overwrites it with
// primary_region).
import type { KeyPath } from "../diagnostic.js";
import { isTable, type TomlValue } from "../reader/values.js";
import { defineRule, type Rule } from "./types.js";

/** FLY_ names Fly's own images read from [env] (flyctl writes them): Fly Postgres' scale-to-zero idle time. */
const USER_SET = new Set(["FLY_SCALE_TO_ZERO"]);

const messages = {
  fly: ({ name }: { name: string }) =>
    `[env] ${name}: names starting with FLY_ are reserved for the platform (it sets FLY_APP_NAME, FLY_REGION, FLY_MACHINE_ID, …, and flyctl sets FLY_PROCESS_GROUP); pick a name without the FLY_ prefix`,
  primaryRegion: ({ value, region }: { value: string; region: string }) =>
    `[env] PRIMARY_REGION = ${JSON.stringify(value)} is overwritten with primary_region = ${JSON.stringify(region)}: flyctl sets PRIMARY_REGION from primary_region on every Machine; remove it from [env]`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "env-reserved-name",
    severity: "warning",
    description: "an [env] name starting with FLY_, or PRIMARY_REGION, which flyctl sets from primary_region",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
    docs: `The platform sets \`FLY_*\` variables on every Machine (\`FLY_APP_NAME\`, \`FLY_REGION\`, \`FLY_MACHINE_ID\`, …) and flyctl
sets \`FLY_PROCESS_GROUP\`; the docs reserve the prefix, so an \`[env]\` name starting with \`FLY_\` may be ignored or
overwritten now or later (\`FLY_SCALE_TO_ZERO\`, which Fly Postgres reads and flyctl writes, is allowed). flyctl also sets \`PRIMARY_REGION\` from \`primary_region\`, replacing any \`[env]\` value.

Evidence: Fly docs \`reference/configuration\` L318 (env names must not start with \`FLY_\`) and L322
(\`primary_region\` sets \`PRIMARY_REGION\`); flyctl \`internal/appconfig/machines.go\` (env: \`FLY_PROCESS_GROUP\`,
\`PRIMARY_REGION\` written last).

Bad:
\`\`\`toml
primary_region = "ams"

[env]
FLY_REGION = "ams"
PRIMARY_REGION = "iad"
\`\`\`

Good:
\`\`\`toml
primary_region = "ams"

[env]
REGION = "ams"
\`\`\``,
  },
  checkToml({ doc, model, report }) {
    const region = model?.primary_region ?? (typeof doc.value.primary_region === "string" ? doc.value.primary_region : undefined);
    const visit = (v: TomlValue | undefined, base: KeyPath) => {
      if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...base, i]));
      if (!isTable(v)) return;
      for (const name in v) {
        const value = v[name];
        if (name.startsWith("FLY_") && !USER_SET.has(name)) report({ path: [...base, name], at: "key", messageId: "fly", data: { name } });
        else if (name === "PRIMARY_REGION" && region) {
          const path = [...base, name];
          // The same value is harmless: flyctl writes it over the copy anyway (Fly Postgres configs do this).
          // Only scalars compare; a table or list here is a type error that invalid-type already reports.
          if (typeof value !== "string" && typeof value !== "number" && typeof value !== "bigint" && typeof value !== "boolean") continue;
          const s = String(value);
          if (s !== region) report({ path, at: "key", messageId: "primaryRegion", data: { value: s, region } });
        }
      }
    };
    visit(doc.value.env, ["env"]);
  },
};
export default defineRule(rule);
