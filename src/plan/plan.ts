// What `fly deploy` will do to an app's Machines, terraform-plan style, from flyctl ad0172f's deploy logic:
// - fly-go v0.9.6 flaps ListFlyAppsMachines: the Machines deploy manages are v2 (fly_platform_version), active (not
//   destroyed/destroying), not the release-command Machine and not a console Machine; the rest are ignored.
// - internal/command/deploy resolveProcessGroupChanges: a managed Machine whose group (MachineConfig.ProcessGroup(),
//   "" included) fly.toml does not define is destroyed; a group without a managed Machine gets new ones
//   (deployCreateMachinesForGroups: 1 with mounts, else 2 with services, else 1 and a standby, under the default
//   --ha); every other managed Machine is updated with ToMachineConfig(group, machine) (launchInputForUpdate).
// Runtime-neutral and pure: text and parsed JSON in, the `--format json` object out.
import type { CompiledMachineConfig, Int, MachineConfig } from "../compile/machine-types.js";
import { typedSource } from "../compile/machine.js";
import { processNames } from "../compile/groups.js";
import { formatKeyPath, type Diagnostic, type KeyPath } from "../diagnostic.js";
import { diffValues, normalizeServices, readMachineInput } from "../model/machine-input.js";
import { isObj } from "../object.js";
import type { FlyToml } from "../model/schema.js";
import { compile, toMachineConfig } from "../pipeline.js";
import { checkOptions } from "../options.js";

export const PLAN_JSON_VERSION = 1;

export type PlanActionKind = "create" | "update" | "destroy" | "unchanged" | "ignore";

export interface PlanChange {
  /** Key path inside the Machine config, e.g. `services[0].autostop`. */
  path: string;
  /** The Machine's value; absent when fly deploy adds the field. */
  before?: unknown;
  /** What fly deploy sends; absent when it removes the field. */
  after?: unknown;
}

export interface PlanAction {
  action: PlanActionKind;
  /** The process group (MachineConfig.ProcessGroup(): fly_process_group, else process_group, else ""). */
  group: string | null;
  /** The Machine's id; null for a create (and for an input entry without one). */
  machine: string | null;
  /** create: how many Machines fly deploy launches in the group (standbys included). */
  count?: number;
  /** create: how many of them are standbys. */
  standbys?: number;
  /** update: field-level changes (deploy-stamped fields left out). */
  changes?: PlanChange[];
  /** update: fly deploy replaces the Machine (destroys it and creates a new one) instead of updating it in place. */
  replace?: boolean;
  reason: string;
  /** create: the config of the new Machines, as ToMachineConfig builds it (before deploy adds image and volume). */
  config?: CompiledMachineConfig<Int>;
}

export interface PlanResult {
  version: typeof PLAN_JSON_VERSION;
  actions: PlanAction[];
  /** fly.toml problems that stopped planning (then `actions` is empty). Absent when fly.toml compiled. */
  diagnostics?: Diagnostic[];
}

export interface PlanOptions {
  /** Reads files fly.toml names (machine_config *.json, [[files]] local_path). */
  readFile?: (path: string) => Uint8Array | undefined;
  maxBytes?: number;
  /** The config file's name: its suffix picks the format as flyctl does (fly.yaml, fly.json; else TOML). */
  filePath?: string;
  /** `fly deploy --ha` (default true): extra Machines for new groups. */
  highAvailability?: boolean;
}

/** Metadata `fly deploy` stamps on every Machine it updates (setMachineReleaseData); never a change of fly.toml's. */
const STAMPED_METADATA = new Set(["fly_release_id", "fly_release_version", "fly_flyctl_version"]);

/**
 * Plan a deploy of `config` (fly.toml text) over `machines` (a list of Machines as `GET /v1/apps/{app}/machines` or
 * `fly machines list --json` returns it; a single Machine is a list of one). Never throws on bad input.
 */
export function plan(config: string | Uint8Array, machines: unknown, options: PlanOptions = {}): PlanResult {
  checkOptions("plan", options, { readFile: "function", maxBytes: "bytes", filePath: "string", highAvailability: "boolean" });
  const named = options.filePath !== undefined ? { filePath: options.filePath } : {};
  // Only the diagnostics and the model are read; bigint keeps an integer past 2^53 from failing a plan over configs
  // it never looks at.
  const base = compile(config, { readFile: options.readFile, maxBytes: options.maxBytes, bigint: true, ...named });
  const errors = base.diagnostics.filter((d) => d.severity === "error");
  const model = base.analysis.model;
  if (errors.length || !model) return { version: PLAN_JSON_VERSION, actions: [], diagnostics: errors.length ? errors : base.diagnostics };
  const groups = processNames(model);
  const input = readMachineInput(Array.isArray(machines) || !isObj(machines) || !isObj(machines.config) ? machines : [machines]);
  const actions: PlanAction[] = [];
  const managedGroups = new Set<string>();
  for (const e of input.entries) {
    const raw = isObj(e.raw) ? e.raw : undefined;
    const id = e.id ?? null;
    const cfg = e.config;
    const md = cfg && isObj(cfg.metadata) ? cfg.metadata : undefined;
    const group = processGroupOf(md);
    const ignore = (reason: string) => actions.push({ action: "ignore", group: group === "" && !md ? null : group, machine: id, reason });
    if (!cfg) {
      ignore("not a Machine: no config object");
      continue;
    }
    // ListFlyAppsMachines: IsFlyAppsPlatform() && IsActive() && !IsFlyAppsReleaseCommand() && !IsFlyAppsConsole().
    if (md?.fly_platform_version !== "v2") {
      ignore('not a Fly Launch Machine (metadata has no fly_platform_version = "v2"): fly deploy leaves it as it is');
      continue;
    }
    const state = raw && typeof raw.state === "string" ? raw.state : "";
    if (state === "destroyed" || state === "destroying") {
      ignore(`${state}: fly deploy only manages active Machines`);
      continue;
    }
    if (group === "fly_app_release_command" || md.process_group === "release_command") {
      ignore("the release-command Machine: fly deploy runs release commands on a Machine of its own");
      continue;
    }
    if (group === "fly_app_console") {
      ignore("a console Machine (fly console): fly deploy leaves it as it is");
      continue;
    }
    if (!groups.includes(group)) {
      const defined = `fly.toml defines ${groups.map((g) => JSON.stringify(g)).join(", ")}`;
      actions.push({
        action: "destroy",
        group,
        machine: id,
        reason:
          group === ""
            ? `the Machine has no process group (no fly_process_group): it counts as group "", which no fly.toml defines (${defined})`
            : `process group ${JSON.stringify(group)} is not in fly.toml (${defined})`,
      });
      continue;
    }
    managedGroups.add(group);
    actions.push(updateAction(model, group, id, cfg as MachineConfig, options));
  }
  for (const g of groups) {
    if (managedGroups.has(g)) continue;
    actions.push(createAction(model, g, options));
  }
  return { version: PLAN_JSON_VERSION, actions };
}

/** fly-go MachineConfig.ProcessGroup(): fly_process_group, else the legacy process_group, else "". */
function processGroupOf(md: Record<string, unknown> | undefined): string {
  if (!md) return "";
  for (const k of ["fly_process_group", "process_group"]) {
    const v = md[k];
    if (typeof v === "string" && v !== "") return v;
  }
  return "";
}

function createAction(model: FlyToml, group: string, options: PlanOptions): PlanAction {
  const r = toMachineConfig(model, group, { readFile: options.readFile });
  const config = r.ok ? r.config : undefined;
  const mounts = (config?.mounts?.length ?? 0) > 0;
  const services = (config?.services?.length ?? 0) > 0;
  const ha = options.highAvailability !== false;
  let count = 1;
  let standbys = 0;
  let how = "1 Machine";
  if (!ha) how = "1 Machine (--ha=false)";
  else if (mounts) how = "1 Machine (the group has mounts: no second Machine)";
  else if (services) {
    count = 2;
    how = "2 Machines (high availability: the group has services)";
  } else {
    count = 2;
    standbys = 1;
    how = "1 Machine and 1 standby for it (high availability: the group has no services)";
  }
  const reason = `no Machine in process group ${JSON.stringify(group)}: fly deploy creates ${how}`;
  return { action: "create", group, machine: null, count, ...(standbys ? { standbys } : {}), reason, ...(config ? { config } : {}) };
}

function updateAction(model: FlyToml, group: string, id: string | null, raw: MachineConfig, options: PlanOptions): PlanAction {
  const before = typedSource(raw);
  const r = toMachineConfig(model, group, { src: before, readFile: options.readFile });
  if (!r.ok) return { action: "update", group, machine: id, reason: `fly.toml does not compile for this Machine: ${r.errors.map((x) => x.message).join("; ")}` };
  const { config: after, replace } = deployUpdate(before, r.config);
  const changes: PlanChange[] = [];
  for (const d of diffValues(normalizeServices(before), normalizeServices(after))) {
    if (isStamped(d.path, d.expected)) continue;
    const c: PlanChange = { path: formatKeyPath(d.path) };
    const b = valueAt(raw, d.path) ?? d.actual;
    if (b !== undefined) c.before = b;
    const a = valueAt(after, d.path);
    if (a !== undefined) c.after = a;
    changes.push(c);
  }
  if (!changes.length && !replace) return { action: "unchanged", group, machine: id, reason: "fly deploy sends the config this Machine already has (a new image and release metadata aside)" };
  const reason = replace ?? `${changes.length} field${changes.length === 1 ? "" : "s"} differ${changes.length === 1 ? "s" : ""} from what fly.toml sets`;
  return { action: "update", group, machine: id, changes, ...(replace ? { replace: true } : {}), reason };
}

/** Fields deploy itself sets on every update: the image, release metadata, the `"."` image placeholders. */
function isStamped(path: KeyPath, after: unknown): boolean {
  if (path[0] === "image") return true;
  if (path[0] === "metadata" && typeof path[1] === "string" && STAMPED_METADATA.has(path[1])) return true;
  if (after === "." && (path[path.length - 1] === "image" || path[path.length - 1] === "image_config")) return true;
  return false;
}

/**
 * launchInputForUpdate (internal/command/deploy/machines_launchinput.go) after ToMachineConfig: the Machine keeps its
 * volume (a changed volume name, or mounts added or removed, replace the Machine), and a standby that now has
 * services stops being one.
 */
function deployUpdate(orig: MachineConfig, compiled: CompiledMachineConfig<Int>): { config: CompiledMachineConfig<Int>; replace?: string } {
  const m = structuredClone(compiled);
  let replace: string | undefined;
  const oM = orig.mounts ?? [];
  const mM = m.mounts ?? [];
  if (oM.length) {
    const latest = mM[0];
    if (!mM.length) replace = "fly.toml no longer mounts a volume in this group: fly deploy replaces the Machine";
    else if (!oM[0]!.name) mM[0] = { ...oM[0]! };
    else if (mM[0]!.name !== oM[0]!.name) {
      replace = `the Machine has volume ${JSON.stringify(oM[0]!.name)} but fly.toml mounts ${JSON.stringify(mM[0]!.name)}: fly deploy replaces the Machine (a new one on a volume of that name)`;
    } else if (mM[0]!.path !== oM[0]!.path) mM[0]!.volume = oM[0]!.volume;
    else mM[0] = { ...oM[0]! };
    if (mM.length && !replace) {
      const x = mM[0]!;
      for (const k of ["extend_threshold_percent", "add_size_gb", "size_gb_limit"] as const) {
        const v = latest?.[k];
        if (v) x[k] = v;
        else delete x[k];
      }
    }
  } else if (mM.length) replace = "fly.toml mounts a volume the Machine does not have: fly deploy replaces the Machine (a volume cannot be attached to an existing Machine)";
  if (m.services?.length && m.standbys?.length) {
    delete m.standbys;
    if (m.env) delete m.env.FLY_STANDBY_FOR;
  }
  return replace ? { config: m, replace } : { config: m };
}

function valueAt(root: unknown, path: KeyPath): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === "number") v = v[seg];
    else if (isObj(v) && typeof seg === "string" && Object.prototype.hasOwnProperty.call(v, seg)) v = v[seg];
    else return undefined;
  }
  return v;
}

/** Whether the plan changes anything (the CLI's exit code 1). */
export function planHasChanges(p: PlanResult): boolean {
  return p.actions.some((a) => a.action === "create" || a.action === "update" || a.action === "destroy");
}
