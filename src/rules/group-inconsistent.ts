// Services that reach the same process group but disagree on autoscaling: the group's Machines are one pool, so
// at most one of the settings can take effect and the config does not say which.
import type { FlyToml, Service } from "../model/schema.js";
import { groupInfo } from "../compile/groups.js";
import { TomlFloat } from "../reader/values.js";
import { type MachineEntry, canonicalText, describeValue, diffValues, machineLabel, normalizeServices } from "../model/machine-input.js";
import { formatKeyPath } from "../diagnostic.js";
import { defineRule, type MachineContext, type Rule } from "./types.js";
import { andList, quoted } from "./utils/words.js";
import { valueAt } from "./utils/paths.js";
import { type ServiceRef, serviceRefs, servicesOfGroup } from "./utils/services.js";

type Key = "auto_stop_machines" | "auto_start_machines" | "min_machines_running";
const KEYS: readonly Key[] = ["auto_stop_machines", "auto_start_machines", "min_machines_running"];

/** What an unset key means to the proxy. */
const UNSET: Record<Key, string> = { auto_stop_machines: "off", auto_start_machines: "true", min_machines_running: "0" };

/** What a service says about `key`: the value as written, or undefined when it leaves it unset. */
interface Says {
  key: Key;
  written: string | undefined;
}

const says = ({ key, written }: Says) => (written === undefined ? `leaves ${key} unset (${UNSET[key]})` : `sets ${key} = ${written}`);
const groupsText = (groups: readonly string[]) => (groups.length === 1 ? `group ${andList(quoted(groups))}` : `groups ${andList(quoted(groups))}`);
const WHY: Record<Key, string> = {
  auto_stop_machines: "the proxy applies the least aggressive autostop of a group's services to all of its Machines",
  auto_start_machines: "whether the proxy starts the group's stopped Machines then depends on which service a request arrives on",
  min_machines_running: "the group's Machines are one pool, so only one of the minimums can hold",
};

/** The configuration other Machines of a group are compared with. */
interface Reference {
  count: number;
  total: number;
  example: string;
}

const referenceText = ({ count, total, example }: Reference) =>
  count * 2 > total ? `the group's majority configuration (${count} of ${total} Machines)` : `the group's most common configuration (${count} of ${total} Machines, e.g. ${example})`;

interface MachineDifference {
  machine: string;
  group: string;
  reference: Reference;
  /** Where in the services, and the values there (undefined: absent). */
  path: string;
  actual: string | undefined;
  expected: string | undefined;
}

const messages = {
  disagree: ({ dev, devSays, ref, refSays, groups }: { dev: string; devSays: Says; ref: string; refSays: Says; groups: readonly string[] }) =>
    `${dev} ${says(devSays)} but ${ref} ${says(refSays)}, and both apply to ${groupsText(groups)}: ${WHY[devSays.key]}; give ${devSays.key} the same value in both`,
  other: ({ ref, refSays }: { ref: string; refSays: Says }) => `${ref} ${says(refSays)}`,
  machineDiffers: ({ machine, group, reference, path, actual, expected }: MachineDifference) =>
    `${machine} in process group ${JSON.stringify(group)} differs from ${referenceText(reference)}: ${
      actual === undefined
        ? `${path} is absent here, the majority has ${expected}`
        : expected === undefined
          ? `${path} is ${actual} here, absent in the majority`
          : `${path} is ${actual} here, the majority has ${expected}`
    }`,
  machineMore: ({ machine, group, reference, more }: { machine: string; group: string; reference: Reference; more: number }) =>
    `${machine} in process group ${JSON.stringify(group)}: ${more} more difference${more === 1 ? "" : "s"} from ${referenceText(reference)}`,
};

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof TomlFloat) return v.source;
  return String(v);
}

/** The effective value, as the proxy reads it (unset → default), for comparison. */
function effective(ref: ServiceRef, key: Key): string {
  const v = ref.service[key];
  if (v === undefined) return UNSET[key];
  return String(v);
}

interface Finding {
  dev: ServiceRef;
  ref: ServiceRef;
  key: Key;
  groups: string[];
}

function findings(model: FlyToml, refs: readonly ServiceRef[]): Finding[] {
  const out = new Map<string, Finding>();
  for (const group of groupInfo(model).names) {
    // A [[services]] entry without ports routes nothing (service-no-ports reports it); it takes no part here.
    const applying = servicesOfGroup(model, refs, group).filter((r) => r.kind === "http_service" || (r.service as Service).ports?.length);
    if (applying.length < 2) continue;
    const [first, ...rest] = applying as [ServiceRef, ...ServiceRef[]];
    // min_machines_running only matters to a service that stops Machines; with autostop off everywhere it is moot.
    const anyStops = applying.some((r) => effective(r, "auto_stop_machines") !== "off");
    for (const key of KEYS) {
      if (key === "min_machines_running" && !anyStops) continue;
      for (const r of rest) {
        if (effective(r, key) === effective(first, key)) continue;
        const id = `${r.label}\0${first.label}\0${key}`;
        const f = out.get(id);
        if (f) f.groups.push(group);
        else out.set(id, { dev: r, ref: first, key, groups: [group] });
      }
    }
  }
  return [...out.values()];
}

/** How many differences one Machine reports before summarizing the rest. */
const MAX_DIFFERENCES_PER_MACHINE = 10;

interface Variant {
  count: number;
  /** Index in the group's member list of the first Machine with this variant. */
  first: number;
  norm: unknown;
  entry: MachineEntry;
}

/**
 * group-inconsistent on Machines: within each process group, hash each Machine's normalized services; the most
 * common hash (ties: the earliest) is the group's majority; every other Machine is diffed against it. Hashing is
 * O(size) per Machine and each distinct variant is diffed once, so the whole check is linear in the input.
 */
function machineGroupInconsistent(ctx: MachineContext<typeof messages>): void {
  const groups = new Map<string, { members: { e: MachineEntry; hash: string }[]; variants: Map<string, Variant> }>();
  for (const e of ctx.input.entries) {
    if (!e.config || e.group === undefined) continue;
    const norm = servicesNormal(e.config.services);
    // The canonical text itself is the key: a Map hashes strings already, and node:crypto would cost every CLI
    // start ~50 more built-in modules (this module loads with the rules).
    const hash = canonicalText(norm);
    let g = groups.get(e.group);
    if (!g) groups.set(e.group, (g = { members: [], variants: new Map() }));
    const v = g.variants.get(hash);
    if (v) v.count++;
    else g.variants.set(hash, { count: 1, first: g.members.length, norm, entry: e });
    g.members.push({ e, hash });
  }
  for (const [group, g] of groups) {
    if (g.variants.size < 2) continue;
    let majorityHash = "";
    let majority: Variant | undefined;
    for (const [h, v] of g.variants) {
      if (!majority || v.count > majority.count || (v.count === majority.count && v.first < majority.first)) {
        majority = v;
        majorityHash = h;
      }
    }
    const ref = majority!;
    const reference: Reference = { count: ref.count, total: g.members.length, example: machineLabel(ref.entry) };
    const diffs = new Map<string, ReturnType<typeof diffValues>>();
    for (const { e, hash } of g.members) {
      if (hash === majorityHash) continue;
      let d = diffs.get(hash);
      if (!d) diffs.set(hash, (d = diffValues(g.variants.get(hash)!.norm, ref.norm, ["services"])));
      const shown = d.slice(0, MAX_DIFFERENCES_PER_MACHINE);
      for (const diff of shown) {
        const path = [...e.configPath!, ...diff.path];
        const actual = valueAt(ctx.doc.value, path);
        const expected = valueAt(ctx.doc.value, [...ref.entry.configPath!, ...diff.path]);
        const shownValue = (v: unknown) => (v === undefined ? undefined : describeValue(v));
        const data = { machine: machineLabel(e), group, reference, path: formatKeyPath(diff.path), actual: shownValue(actual), expected: shownValue(expected) };
        ctx.report({ path, messageId: "machineDiffers", data });
      }
      if (d.length > shown.length) {
        ctx.report({ path: [...e.configPath!, "services"], messageId: "machineMore", data: { machine: machineLabel(e), group, reference, more: d.length - shown.length } });
      }
    }
  }
}

/** Services in normal form; absent, null and [] alike (fly-go omits an empty list). */
function servicesNormal(services: unknown): unknown {
  const n = normalizeServices(services);
  return Array.isArray(n) && n.length === 0 ? undefined : n;
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "group-inconsistent",
    severity: "error",
    description: "services applying to one process group disagree on auto_stop_machines, auto_start_machines or min_machines_running",
    fixable: false,
    inputs: ["fly.toml", "machine-json"],
    messages,
    docs: `Autoscaling works per process group: the proxy stops and starts a group's Machines as one pool. When two
services reach the same group (\`[http_service]\` and \`[[services]]\` without \`processes\` apply to the default group
only; otherwise each applies to the groups its \`processes\` lists) and disagree on \`auto_stop_machines\`,
\`auto_start_machines\` or \`min_machines_running\`, only one setting can win: the proxy applies the least aggressive
autostop of the group's services, so a TCP service left at the default (off) silently keeps an autostopping web
service's Machines running. Unset values count as their defaults: autostop off, autostart true, minimum 0.

Bad:
\`\`\`toml
[http_service]
internal_port = 8080
auto_stop_machines = "stop"
auto_start_machines = true

[[services]]
internal_port = 9090
protocol = "tcp"

[[services.ports]]
port = 9090
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 8080
auto_stop_machines = "stop"
auto_start_machines = true

[[services]]
internal_port = 9090
protocol = "tcp"
auto_stop_machines = "stop"
auto_start_machines = true

[[services.ports]]
port = 9090
\`\`\``,
  },
  checkMachines: machineGroupInconsistent,
  checkToml({ doc, model, report }) {
    if (!model) return;
    const refs = serviceRefs(doc, model);
    if (refs.length < 2) return;
    for (const { dev, ref, key, groups } of findings(model, refs)) {
      const say = (r: ServiceRef): Says => {
        const v = r.service[key];
        if (v === undefined) return { key, written: undefined };
        const raw = valueAt(doc.value, [...r.sourcePath, key]);
        return { key, written: show(raw ?? v) };
      };
      const message = { messageId: "disagree", data: { dev: dev.label, devSays: say(dev), ref: ref.label, refSays: say(ref), groups } } as const;
      const written = dev.service[key] !== undefined;
      const other = ref.service[key] !== undefined ? { modelPath: [...ref.modelPath, key], at: "key" as const } : { modelPath: ref.modelPath, at: "key" as const };
      const related = [{ ...other, messageId: "other", data: { ref: ref.label, refSays: say(ref) } } as const];
      report(written ? { modelPath: [...dev.modelPath, key], at: "key", ...message, related } : { modelPath: dev.modelPath, at: "key", ...message, related });
    }
  },
};
export default defineRule(rule);
