// A `processes` list naming a group `[processes]` does not define: flyctl's Flatten never matches it, so the
// section silently applies to fewer groups than written, or to none.
import type { KeyPath, ProblemData } from "../diagnostic.js";
import { groupInfo } from "../compile/groups.js";
import type { FlyToml } from "../model/schema.js";
import { sourcePathOf } from "../model/source-path.js";
import { defineRule, type MachineContext, type Rule } from "./types.js";
import { andList, MAX_LISTED, quoted, suggester } from "./utils/words.js";
import { subject } from "./utils/machines.js";

/** What an unknown name does to its section. */
const EFFECT = {
  ignoredName: "that name matches nothing and is silently ignored",
  noGroup: "the section applies to no group, and flyctl says nothing",
  vmNever: "this [[vm]] entry is never chosen for any group",
  validatedName: "that name matches nothing (fly config validate rejects it, without a line number)",
  validatedNoGroup: "the section applies to no group (fly config validate rejects it, without a line number)",
};

/** What to do instead: a near name, the release command's own VM, or define or drop the name. */
type Remedy = { suggestion: string } | "releaseVm" | "define";

const remedyText = (r: Remedy) =>
  r === "releaseVm"
    ? "the release command Machine is no process group: size it with [deploy.release_command_vm]"
    : r === "define"
      ? "define the group in [processes] or remove the name"
      : `did you mean ${JSON.stringify(r.suggestion)}?`;

const listed = (groups: readonly string[]) => `${quoted(groups.slice(0, MAX_LISTED)).join(", ")}${groups.length > MAX_LISTED ? ` and ${groups.length - MAX_LISTED} more` : ""}`;

const messages = {
  unknown: ({ label, name, defined, effect, remedy }: { label: string; name: string; defined: readonly string[] | undefined; effect: keyof typeof EFFECT; remedy: Remedy }) =>
    `${label} lists process group ${JSON.stringify(name)}, which does not exist (${defined ? `[processes] defines ${andList(defined, (x) => JSON.stringify(x))}` : `without [processes] the only group is "app"`}): ${EFFECT[effect]}; ${remedyText(remedy)}`,
  machineUnknown: ({ subject, group, groups }: { subject: string; group: string; groups: readonly string[] }) =>
    `${subject}process group ${JSON.stringify(group)} is not defined in fly.toml (it defines ${listed(groups)}): fly deploy will not update this Machine`,
  // Claimed: the group compile() or compileGroup() was asked for.
  "group-not-a-name": () => "the process group must be a non-empty string",
  "group-undefined": ({ group, defined }: ProblemData["group-undefined"]) =>
    `process group ${JSON.stringify(group)} is not defined; fly.toml defines ${defined.map((n) => JSON.stringify(n)).join(", ")}`,
};

interface Section {
  modelPath: KeyPath;
  processes?: string[];
  vm?: boolean;
  /** flyctl's validation checks the names of services and restart policies (spec §5.2). */
  validated?: boolean;
}

function labelOf(model: KeyPath, source: KeyPath): string {
  const [key, idx] = source;
  if (model[0] === "checks") return `[checks.${String(model[1])}]`;
  if (typeof idx === "number") return `[[${String(key)}]] #${idx + 1}`;
  return `[${String(key)}]`;
}

function sections(model: FlyToml): Section[] {
  const out: Section[] = [];
  const add = (modelPath: KeyPath, processes: string[] | undefined, vm = false) => {
    if (!processes?.length) return;
    const validated = modelPath[0] === "http_service" || modelPath[0] === "services" || modelPath[0] === "restart";
    out.push({ modelPath, processes, vm, validated });
  };
  add(["http_service"], model.http_service?.processes);
  model.services?.forEach((s, i) => add(["services", i], s.processes));
  for (const [name, c] of Object.entries(model.checks ?? {})) add(["checks", name], c.processes);
  model.mounts?.forEach((m, i) => add(["mounts", i], m.processes));
  model.vm?.forEach((v, i) => add(["vm", i], v.processes, true));
  model.restart?.forEach((r, i) => add(["restart", i], r.processes));
  model.files?.forEach((f, i) => add(["files", i], f.processes));
  model.metrics?.forEach((m, i) => add(["metrics", i], m.processes));
  return out;
}

function machineUnknownGroup(ctx: MachineContext<typeof messages>): void {
  const groups = ctx.appGroups;
  if (!groups) return;
  for (const e of ctx.input.entries) {
    if (e.group === undefined || groups.includes(e.group)) continue;
    ctx.report({ path: e.groupPath!, messageId: "machineUnknown", data: { subject: subject(ctx, e), group: e.group, groups } });
  }
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "unknown-group",
    severity: "error",
    description: "a processes list names a process group that [processes] does not define",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    messages,
    // flyctl's services and restart validators refuse an undefined group; for the other sections it stays silent.
    flyctlRefuses: (d) => /^(http_service|services|restart)\b/.test(d.keyPath),
    docs: `Sections with a \`processes\` list (\`[http_service]\`, \`[[services]]\`, \`[checks.*]\`, \`[[mounts]]\`, \`[[vm]]\`,
\`[[restart]]\`, \`[[files]]\`, \`[[metrics]]\`) apply only to the groups they name. A name that \`[processes]\` does not
define matches nothing: if no other name matches, flyctl silently drops the section (a \`[[vm]]\` entry is just never
chosen). Without a \`[processes]\` table the only group is \`app\`. \`fly config validate\` catches this for services
and restart policies only, and without a line number.

Bad:
\`\`\`toml
[processes]
web = "bin/rails server"
worker = "bundle exec sidekiq"

[[mounts]]
source = "data"
destination = "/data"
processes = ["wrker"]
\`\`\`

Good:
\`\`\`toml
[processes]
web = "bin/rails server"
worker = "bundle exec sidekiq"

[[mounts]]
source = "data"
destination = "/data"
processes = ["worker"]
\`\`\``,
  },
  claims: [{ kinds: ["group"] }],
  checkMachines: machineUnknownGroup,
  checkToml({ doc, model, report }) {
    if (!model) return;
    const names = groupInfo(model).names;
    let suggest: ((word: string) => string | undefined) | undefined;
    for (const s of sections(model)) {
      const list = s.processes ?? [];
      if (list.every((p) => p === "" || names.includes(p))) continue;
      const matchesSome = list.some((p) => p === "" || names.includes(p));
      const defined = model.processes && Object.keys(model.processes).length ? names : undefined;
      list.forEach((p, j) => {
        if (p === "" || names.includes(p)) return;
        const effect = s.validated ? (matchesSome ? "validatedName" : "validatedNoGroup") : matchesSome ? "ignoredName" : s.vm ? "vmNever" : "noGroup";
        const suggestion = (suggest ??= suggester(names))(p);
        const remedy: Remedy = s.vm && /^(fly_app_)?release_command$/.test(p) ? "releaseVm" : suggestion !== undefined ? { suggestion } : "define";
        const label = labelOf(s.modelPath, sourcePathOf(doc.value, s.modelPath));
        report({ modelPath: [...s.modelPath, "processes", j], messageId: "unknown", data: { label, name: p, defined, effect, remedy } });
      });
    }
  },
};
export default defineRule(rule);
