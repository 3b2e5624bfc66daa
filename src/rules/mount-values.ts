// [[mounts]] values flyctl's validation rejects (fly deploy runs it first), and more than one mount per group.
import { flatten, processNames } from "../compile/groups.js";
import { gbFromHumanSize } from "../compile/size.js";
import type { Mount } from "../model/schema.js";
import { defineRule, type Rule, type TomlContext } from "./types.js";

const messages = {
  unparsable: ({ src, key, v, err }: { src: string; key: string; v: string; err: string }) => `mount '${src}': ${key} '${v}' will fail because of: ${err}; write a size such as "10GB"`,
  belowOneGb: ({ src, key, v }: { src: string; key: string; v: string }) => `mount '${src}' has ${key} '${v}', smaller than 1GB (sizes are decimal GB: "1GB" is the minimum)`,
  retention: ({ src, n }: { src: string; n: string }) => `mount '${src}' has snapshot_retention = ${n}: it must be between 1 and 60 days`,
  autoExtendAll: ({ src }: { src: string }) => `mount '${src}': auto_extend_size_threshold needs auto_extend_size_increment or auto_extend_size_limit (define all three, or none)`,
  threshold: ({ src, n }: { src: string; n: string }) => `mount '${src}': auto_extend_size_threshold = ${n} must be between 50 and 99 (percent full)`,
  increment: ({ src, v }: { src: string; v: string }) => `mount '${src}': auto_extend_size_increment '${v}' must be between 1GB and 100GB`,
  limit: ({ src, v }: { src: string; v: string }) => `mount '${src}': auto_extend_size_limit '${v}' must be between 1GB and 500GB`,
  perGroup: ({ group, n }: { group: string; n: number }) => `process group '${group}' gets ${n} [[mounts]] sections; a Machine mounts one volume: give each group at most one (processes = [...])`,
};

const rule: Rule<typeof messages> = {
  meta: {
    id: "mount-values",
    severity: "error",
    description: "a [[mounts]] size, retention or auto-extend value flyctl rejects, or several mounts for one process group",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
    flyctlRefuses: true,
    docs: `\`fly deploy\` validates \`[[mounts]]\` before it creates volumes and stops on: an \`initial_size\` that does
not parse or is under 1 GB (sizes are decimal: \`"15Mb"\` is 0.015 GB), a \`snapshot_retention\` outside 1–60 days,
auto-extend settings that are incomplete or out of range (threshold 50–99 %, increment 1–100 GB, limit 1–500 GB), and
more than one mount for one process group (a Machine mounts one volume).

Evidence: flyctl \`internal/appconfig/validation.go\` (validateMountsSection), asserted by TestConfig_ValidateMounts
(conformance vector \`validate-mounts\`).

Bad:
\`\`\`toml
[[mounts]]
source = "data"
destination = "/data"
initial_size = "500mb"
\`\`\`

Good:
\`\`\`toml
[[mounts]]
source = "data"
destination = "/data"
initial_size = "1gb"
\`\`\``,
  },
  checkToml({ model, report }) {
    if (!model?.mounts?.length) return;
    model.mounts.forEach((m, i) => checkMount(m, ["mounts", i], report));
    for (const group of processNames(model)) {
      const mine = flatten(model, group).mounts ?? [];
      // Reported on the second mount the group gets: the first one is fine on its own.
      if (mine.length > 1) report({ modelPath: ["mounts", model.mounts.indexOf(mine[1]!)], at: "key", messageId: "perGroup", data: { group, n: mine.length } });
    }
  },
};

type Report = TomlContext<typeof messages>["report"];

function checkMount(m: Mount, at: (string | number)[], report: Report): void {
  const src = m.source ?? "";
  const size = (key: "initial_size" | "auto_extend_size_increment" | "auto_extend_size_limit", v: string | undefined): number | undefined => {
    if (v === undefined || v === "") return 0;
    const r = gbFromHumanSize(v);
    if (!r.ok) {
      report({ modelPath: [...at, key], messageId: "unparsable", data: { src, key, v, err: r.error } });
      return undefined;
    }
    if (key === "initial_size" && r.value < 1) report({ modelPath: [...at, key], messageId: "belowOneGb", data: { src, key, v } });
    return r.value;
  };
  size("initial_size", m.initial_size);
  if (m.snapshot_retention !== undefined && (m.snapshot_retention < 1 || m.snapshot_retention > 60)) {
    report({ modelPath: [...at, "snapshot_retention"], messageId: "retention", data: { src, n: String(m.snapshot_retention) } });
  }
  const threshold = Number(m.auto_extend_size_threshold ?? 0);
  const inc = size("auto_extend_size_increment", m.auto_extend_size_increment);
  const limit = size("auto_extend_size_limit", m.auto_extend_size_limit);
  if (inc === undefined || limit === undefined) return;
  if (threshold === 0 && inc === 0 && limit === 0) return;
  if (inc === 0 && limit === 0) {
    report({ modelPath: [...at, "auto_extend_size_threshold"], messageId: "autoExtendAll", data: { src } });
    return;
  }
  if (threshold < 50 || threshold > 99) report({ modelPath: [...at, "auto_extend_size_threshold"], messageId: "threshold", data: { src, n: String(threshold) } });
  if (inc < 1 || inc > 100) report({ modelPath: [...at, "auto_extend_size_increment"], messageId: "increment", data: { src, v: m.auto_extend_size_increment ?? "" } });
  if (limit !== 0 && (limit < 1 || limit > 500)) report({ modelPath: [...at, "auto_extend_size_limit"], messageId: "limit", data: { src, v: m.auto_extend_size_limit ?? "" } });
}

export default defineRule(rule);
