// The Machine JSON halves of rules that also check fly.toml: each rule module wires its own here with
// `checkMachines: machine<Rule>` beside its fly.toml logic. Every check is linear in the size of the input.
import { formatKeyPath, type KeyPath } from "../diagnostic.js";
import { canonicalText, describeValue, diffValues, isObj, machineLabel, normalizeServices, type MachineEntry } from "../model/machine-input.js";
import type { MachineContext } from "./types.js";

type Obj = Record<string, unknown>;

/** "Machine 148e…: " for inputs holding Machines, "" for a bare config or body (positions say enough). */
export function subject(ctx: MachineContext, e: MachineEntry): string {
  return ctx.input.shape === "machine-list" || ctx.input.shape === "machine" ? `${machineLabel(e)}: ` : "";
}

/** Each config's services with their JSON paths. */
function* services(ctx: MachineContext): Generator<{ e: MachineEntry; s: Obj; path: KeyPath; label: string }> {
  for (const e of ctx.input.entries) {
    if (!e.config || !Array.isArray(e.config.services)) continue;
    const list = e.config.services as unknown[];
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (isObj(s)) yield { e, s, path: [...e.configPath!, "services", i], label: `${subject(ctx, e)}services[${i}]` };
    }
  }
}

const autostopOn = (v: unknown) => v === true || v === "stop" || v === "suspend";
const autostopOff = (v: unknown) => v === undefined || v === null || v === false || v === "off";

export function machineAutostopWithoutAutostart(ctx: MachineContext): void {
  for (const { s, path, label } of services(ctx)) {
    if (autostopOn(s.autostop) && s.autostart === false) {
      ctx.report({
        path: [...path, "autostart"],
        message: `${label} stops idle Machines (autostop = ${JSON.stringify(s.autostop)}) but never starts them again (autostart = false): requests get 503 once they stop`,
      });
    }
  }
}

export function machineAutostartWithoutAutostop(ctx: MachineContext): void {
  for (const { s, path, label } of services(ctx)) {
    if (s.autostart === true && autostopOff(s.autostop)) {
      const stop = s.autostop === undefined || s.autostop === null ? "autostop is unset, which means off" : `autostop = ${JSON.stringify(s.autostop)}`;
      ctx.report({
        path: [...path, "autostart"],
        message: `${label} starts Machines on demand (autostart = true) but never stops them (${stop}): Machines started for a traffic spike keep running until stopped by hand; set autostop to "stop" (or "suspend") to scale back down`,
      });
    }
  }
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** The proxy's default soft_limit when a service sets none. */
const DEFAULT_SOFT_LIMIT = 20;

export function machineConcurrencyLimits(ctx: MachineContext): void {
  for (const { s, path, label } of services(ctx)) {
    const c = s.concurrency;
    if (!isObj(c)) continue;
    // fly-go omits zero limits: 0 means unset.
    const soft = num(c.soft_limit) || undefined;
    const hard = num(c.hard_limit) || undefined;
    if (hard === undefined) continue;
    if (soft !== undefined && soft > hard) {
      ctx.report({
        path: [...path, "concurrency", "soft_limit"],
        message: `${label} concurrency soft_limit = ${soft} is above hard_limit = ${hard}: a Machine refuses new work at ${hard}, so the soft limit (which drives load balancing and autostop's excess-capacity count) is never reached; make soft_limit lower than hard_limit`,
      });
    } else if (soft === undefined && hard < DEFAULT_SOFT_LIMIT) {
      ctx.report({
        path: [...path, "concurrency", "hard_limit"],
        message: `${label} concurrency hard_limit = ${hard} is below the default soft_limit of ${DEFAULT_SOFT_LIMIT}: the soft limit (which drives load balancing and autostop's excess-capacity count) is never reached; set soft_limit lower than ${hard}`,
      });
    }
  }
}

export function machineMinMachinesNoEffect(ctx: MachineContext): void {
  for (const { s, path, label } of services(ctx)) {
    const min = num(s.min_machines_running);
    if (min !== undefined && min > 0 && autostopOff(s.autostop)) {
      ctx.report({
        path: [...path, "min_machines_running"],
        message: `${label} min_machines_running = ${min} has no effect: ${s.autostop === undefined || s.autostop === null ? "autostop is not set (off)" : `autostop is ${JSON.stringify(s.autostop)}`}, so the proxy never stops Machines; it does not start or create any either. Set autostop to "stop" (or "suspend"), or remove min_machines_running`,
      });
    }
  }
}

interface PortUse {
  lo: number;
  hi: number;
  path: KeyPath;
  service: number;
}

export function machinePortConflict(ctx: MachineContext): void {
  for (const e of ctx.input.entries) {
    if (!e.config || !Array.isArray(e.config.services)) continue;
    const byProtocol = new Map<string, PortUse[]>();
    (e.config.services as unknown[]).forEach((s, si) => {
      if (!isObj(s) || !Array.isArray(s.ports)) return;
      const proto = typeof s.protocol === "string" ? s.protocol : "tcp";
      (s.ports as unknown[]).forEach((p, pi) => {
        if (!isObj(p)) return;
        const base: KeyPath = [...e.configPath!, "services", si, "ports", pi];
        const port = num(p.port);
        const start = num(p.start_port);
        const end = num(p.end_port);
        const use: PortUse | undefined =
          port !== undefined ? { lo: port, hi: port, path: [...base, "port"], service: si } : start !== undefined ? { lo: start, hi: end ?? start, path: [...base, "start_port"], service: si } : undefined;
        if (!use) return;
        let list = byProtocol.get(proto);
        if (!list) byProtocol.set(proto, (list = []));
        list.push(use);
      });
    });
    for (const [proto, uses] of byProtocol) {
      // Sort by start, then each use is compared with the furthest-reaching earlier one: O(n log n) per Machine.
      const sorted = [...uses].sort((a, b) => a.lo - b.lo || a.hi - b.hi);
      let reach: PortUse | undefined;
      for (const u of sorted) {
        if (reach && u.lo <= reach.hi) {
          const what = u.lo === u.hi ? `public port ${u.lo}` : `public ports ${u.lo}-${u.hi}`;
          const where = reach.service === u.service ? "another port of the same service" : `services[${reach.service}]`;
          ctx.report({ path: u.path, message: `${subject(ctx, e)}${what}/${proto} is already taken by ${where} (${formatKeyPath(reach.path.slice(e.configPath!.length))}): the proxy routes it to one of them only` });
        }
        if (!reach || u.hi > reach.hi) reach = u;
      }
    }
  }
}

export function machineUnknownGroup(ctx: MachineContext): void {
  const groups = ctx.appGroups;
  if (!groups) return;
  for (const e of ctx.input.entries) {
    if (e.group === undefined || groups.includes(e.group)) continue;
    ctx.report({
      path: e.groupPath!,
      message: `${subject(ctx, e)}process group ${JSON.stringify(e.group)} is not defined in fly.toml (it defines ${groups.map((g) => JSON.stringify(g)).join(", ")}): fly deploy will not update this Machine`,
    });
  }
}

/** How many differences one Machine reports before summarizing the rest. */
export const MAX_DIFFERENCES_PER_MACHINE = 10;

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
export function machineGroupInconsistent(ctx: MachineContext): void {
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
    const refLabel = ref.count * 2 > g.members.length ? `the group's majority configuration (${ref.count} of ${g.members.length} Machines)` : `the group's most common configuration (${ref.count} of ${g.members.length} Machines, e.g. ${machineLabel(ref.entry)})`;
    const diffs = new Map<string, ReturnType<typeof diffValues>>();
    for (const { e, hash } of g.members) {
      if (hash === majorityHash) continue;
      let d = diffs.get(hash);
      if (!d) diffs.set(hash, (d = diffValues(g.variants.get(hash)!.norm, ref.norm, ["services"])));
      const shown = d.slice(0, MAX_DIFFERENCES_PER_MACHINE);
      for (const diff of shown) {
        const path = [...e.configPath!, ...diff.path];
        const actual = rawAt(ctx.doc.value, path);
        const expected = rawAt(ctx.doc.value, [...ref.entry.configPath!, ...diff.path]);
        const p = formatKeyPath(diff.path);
        const what =
          actual === undefined
            ? `${p} is absent here, the majority has ${describeValue(expected)}`
            : expected === undefined
              ? `${p} is ${describeValue(actual)} here, absent in the majority`
              : `${p} is ${describeValue(actual)} here, the majority has ${describeValue(expected)}`;
        ctx.report({ path, message: `${machineLabel(e)} in process group ${JSON.stringify(group)} differs from ${refLabel}: ${what}` });
      }
      if (d.length > shown.length) {
        ctx.report({ path: [...e.configPath!, "services"], message: `${machineLabel(e)} in process group ${JSON.stringify(group)}: ${d.length - shown.length} more differences from ${refLabel}` });
      }
    }
  }
}

/** Services in normal form; absent, null and [] alike (fly-go omits an empty list). */
export function servicesNormal(services: unknown): unknown {
  const n = normalizeServices(services);
  return Array.isArray(n) && n.length === 0 ? undefined : n;
}

export function rawAt(root: unknown, path: KeyPath): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === "number") v = v[seg];
    else if (isObj(v) && typeof seg === "string" && Object.prototype.hasOwnProperty.call(v, seg)) v = v[seg];
    else return undefined;
  }
  return v;
}
