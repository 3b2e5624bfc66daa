// ToMachineConfig (spec §4.3): Flatten(group) then updateMachineConfig(src), step by step in flyctl's order.
import type { KeyPath } from "../diagnostic.js";
import { base64Encode, base64EncodeText } from "../portable/bytes.js";
import { formatGoDuration } from "../model/go-duration.js";
import type { FlyToml } from "../model/schema.js";
import { canonicalConfig } from "./canonical.js";
import { defaultProcessName, flatSections, type FlatSections } from "./groups.js";
import { computeGuest } from "./guest.js";
import type { MachineCheck, MachineConfig, MachineFile, MachineInit, MachineMount, MachineRestart } from "./machine-types.js";
import { headers, machineServices } from "./services.js";
import { shlexSplit } from "./shlex.js";
import { gbFromHumanSize } from "./size.js";
import { isRecord, NestingTooDeep, safeClone, safeMerge } from "../object.js";

/** A conversion failure, at a path in the normalized model (the caller maps it back to the source). */
export interface CompileError {
  message: string;
  /** Model path, e.g. ["vm", 0, "size"], ["checks", "alive", "port"], ["processes", "web"]. */
  path: KeyPath;
  /** Rule id for the diagnostic; "invalid-type" (a value flyctl cannot use) unless said otherwise. */
  rule?: string;
}

export interface ToMachineOptions {
  /** The existing Machine config to update (the update path); fields fly.toml does not manage are kept. */
  src?: MachineConfig;
  /** Adds `metadata.fly_flyctl_version` as flyctl does; flyconf is not flyctl, so off by default. */
  flyctlVersion?: string;
  /**
   * `[[files]]` handling. "deploy" (default) is what `fly deploy` sends: every file goes to every group
   * (MergeFiles runs on the unflattened config). "none" is bare ToMachineConfig, which emits no files.
   */
  files?: "deploy" | "none";
  /**
   * Only the steps that can fail run (the linter reads the errors, not the config); the config returned is then
   * incomplete and in build order. Default false.
   */
  errorsOnly?: boolean;
  /**
   * Reads a file named by fly.toml (machine_config *.json, files.local_path), relative to fly.toml. Returns
   * undefined or throws (the error's message is shown) when the file cannot or may not be read.
   */
  readFile?: (path: string) => Uint8Array | undefined;
}

export type ToMachineResult = { ok: true; config: MachineConfig } | { ok: false; errors: CompileError[] };

export function toMachineConfig(model: FlyToml, group: string, options: ToMachineOptions = {}): ToMachineResult {
  return toMachineConfigWith(model, group, options, defaultProcessName(model));
}

/** toMachineConfig with the model's default group already known (compile derives it once for every group). */
export function toMachineConfigWith(model: FlyToml, group: string, options: ToMachineOptions, def: string): ToMachineResult {
  const f = flatSections(model, group, def);
  // Every field named (no spread): one object shape for every group of every file.
  const g: Flat = {
    experimental: model.experimental,
    machine_config: model.machine_config,
    container: model.container,
    swap_size_mb: model.swap_size_mb,
    env: model.env,
    primary_region: model.primary_region,
    statics: model.statics,
    kill_signal: model.kill_signal,
    kill_timeout: model.kill_timeout,
    group: f.group,
    defaultGroup: f.defaultGroup,
    processes: f.processes,
    checks: f.checks,
    http_service: f.http_service,
    services: f.services,
    mounts: f.mounts,
    files: f.files,
    metrics: f.metrics,
    restart: f.restart,
    vm: f.vm,
    host_dedication_id: f.host_dedication_id,
  };
  const errors: CompileError[] = [];
  // The existing Machine is input too: copied by the one safe routine (no prototype keys, depth capped).
  let m: MachineConfig;
  try {
    m = options.src ? (safeClone(options.src) as MachineConfig) : ({ init: {} } as MachineConfig);
  } catch (e) {
    if (!(e instanceof NestingTooDeep)) throw e;
    return { ok: false, errors: [{ message: `the Machine to update ${e.message}`, path: [] }] };
  }
  if (!isRecord(m.init)) m.init = {};

  // 1. machine_config JSON merged over the starting config.
  applyMachineConfig(g, m, options, errors);

  const full = !options.errorsOnly;

  // 2. metrics: the first matching entry.
  const met = full ? g.metrics?.[0] : undefined;
  m.metrics = met ? dropUndefined({ port: met.port || undefined, path: met.path || undefined, https: met.https || undefined }) : undefined;

  // 3. init: exec, entrypoint, cmd and swap are fly.toml's; tty and kernel_args stay.
  m.init = buildInit(g, m.init, errors);

  // 4. metadata: merged.
  if (full) {
    m.metadata = { ...(m.metadata ?? {}), fly_platform_version: "v2", fly_process_group: g.group };
    if (options.flyctlVersion) m.metadata.fly_flyctl_version = options.flyctlVersion;
  }

  // 5. services.
  if (full) {
    const services = machineServices(g.http_service, g.services);
    m.services = services.length ? services : undefined;
  }

  // 6. top-level checks.
  m.checks = buildChecks(g, errors);

  // 7. env: replaced entirely.
  if (full) m.env = groupEnv(g, g.group);

  // 8. statics: every entry, all four keys.
  m.statics = full && g.statics?.length
    ? g.statics.map((s) => ({ guest_path: s.guest_path ?? "", url_prefix: s.url_prefix ?? "", tigris_bucket: s.tigris_bucket ?? "", index_document: s.index_document ?? "" }))
    : undefined;

  // 9. mounts.
  m.mounts = full && g.mounts?.length ? g.mounts.map(mountOf) : undefined;

  // 10. stop_config.
  if (full) m.stop_config = stopConfig(g);

  // 11. files.
  m.files = options.files === "none" ? undefined : mergedFiles(model, options, errors);

  // 12. guest: only when a [[vm]] applies to the group.
  const vm = g.vm?.[0];
  if (vm) {
    const r = computeGuest(vm, g.host_dedication_id);
    if (r.ok) m.guest = r.guest;
    else errors.push({ message: r.message, path: ["vm", model.vm!.indexOf(vm), r.field] });
  }

  // 13. restart: the last matching entry.
  m.restart = buildRestart(g, model, errors);

  if (errors.length) return { ok: false, errors };
  return { ok: true, config: full ? canonicalConfig(m) : m };
}

/** What the steps below read of Flatten(group): the narrowed sections and the model's own fields they need. */
type Flat = FlatSections &
  Pick<FlyToml, "experimental" | "machine_config" | "container" | "swap_size_mb" | "env" | "primary_region" | "statics" | "kill_signal" | "kill_timeout">;

/** `[env]` plus FLY_PROCESS_GROUP (always wins) and PRIMARY_REGION (wins when primary_region is set). */
export function groupEnv(model: Pick<FlyToml, "env" | "primary_region">, group: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = Object.create(null);
  // Loops rather than Object.assign onto a null-prototype object (a slow path in V8; this runs per group).
  if (model.env) for (const k of Object.keys(model.env)) env[k] = model.env[k]!;
  for (const k of Object.keys(extra)) env[k] = extra[k]!;
  env.FLY_PROCESS_GROUP = group;
  if (model.primary_region) env.PRIMARY_REGION = model.primary_region;
  return env;
}

/** §4.12: null without kill_signal and kill_timeout, else the ones set. */
export function stopConfig(model: Pick<FlyToml, "kill_signal" | "kill_timeout">): MachineConfig["stop_config"] {
  if (model.kill_signal === undefined && model.kill_timeout === undefined) return undefined;
  return dropUndefined({ timeout: model.kill_timeout !== undefined ? formatGoDuration(model.kill_timeout) : undefined, signal: model.kill_signal || undefined });
}

function applyMachineConfig(g: Flat, m: MachineConfig, options: ToMachineOptions, errors: CompileError[]): void {
  const fromExperimental = g.experimental?.machine_config;
  const source = fromExperimental || g.machine_config;
  if (!source) return;
  const path: KeyPath = fromExperimental ? ["experimental", "machine_config"] : ["machine_config"];
  let text: string;
  if (source.startsWith("{")) text = source;
  else if (source.endsWith(".json")) {
    const bytes = readNamedFile(options, source);
    if (typeof bytes === "string") {
      errors.push({ message: `cannot read machine config file ${JSON.stringify(source)}${bytes}`, path });
      return;
    }
    text = new TextDecoder().decode(bytes);
  } else {
    errors.push({ message: `invalid machine config source: ${JSON.stringify(source)}`, path });
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    errors.push({ message: `machine_config is not valid JSON: ${(e as Error).message}`, path });
    return;
  }
  if (!isObj(parsed)) {
    errors.push({ message: "machine_config must be a JSON object", path });
    return;
  }
  // Go's json.Unmarshal into the existing struct: objects merge, lists and scalars replace (one safe routine).
  try {
    safeMerge(m as Record<string, unknown>, parsed);
  } catch (e) {
    if (!(e instanceof NestingTooDeep)) throw e;
    errors.push({ message: `machine_config ${e.message}; flyconf refuses it`, path });
    return;
  }
  selectContainer(g, m, path, errors);
}

/** The container running the deploy image: the one named by `container`, else `app`, else the first. */
function selectContainer(g: Flat, m: MachineConfig, path: KeyPath, errors: CompileError[]): void {
  const containers = m.containers;
  if (!Array.isArray(containers) || containers.length === 0) return;
  const named = (n: string) => containers.find((c) => isObj(c) && c.name === n);
  let chosen: Record<string, unknown> | undefined;
  if (g.container) {
    chosen = named(g.container);
    if (!chosen) {
      errors.push({ message: `container "${g.container}" not found`, path: ["container"] });
      return;
    }
  } else chosen = named("app") ?? containers[0];
  for (const c of containers) {
    if (c === chosen) c.image = ".";
    else if (!c.image) errors.push({ message: `container "${String(c.name ?? "")}" must have an image specified`, path });
  }
}

function buildInit(g: Flat, current: MachineInit, errors: CompileError[]): MachineInit {
  const init: MachineInit = { ...current };
  let cmd: string[] | undefined;
  const command = g.processes?.[g.group];
  if (command) {
    const r = shlexSplit(command);
    if (r.ok) cmd = r.words;
    else errors.push({ message: `could not parse command for ${g.group} process group: ${r.error}`, path: ["processes", g.group] });
  }
  if (g.experimental) {
    cmd ??= g.experimental.cmd;
    init.entrypoint = g.experimental.entrypoint;
    init.exec = g.experimental.exec;
  } else {
    init.entrypoint = undefined;
    init.exec = undefined;
  }
  // An empty list (a whitespace-only command) blocks the fallback above, then omitempty drops it.
  init.cmd = cmd?.length ? cmd : undefined;
  if (!init.entrypoint?.length) init.entrypoint = undefined;
  if (!init.exec?.length) init.exec = undefined;
  init.swap_size_mb = g.swap_size_mb || undefined;
  return dropUndefined(init);
}

function buildChecks(g: Flat, errors: CompileError[]): Record<string, MachineCheck> | undefined {
  const entries = Object.entries(g.checks ?? {});
  if (!entries.length) return undefined;
  const out: Record<string, MachineCheck> = Object.create(null);
  for (const [name, c] of entries) {
    if (c.type !== "http" && c.type !== "tcp") {
      errors.push({ message: `check '${name}': missing or invalid check type, must be 'http' or 'tcp'`, path: ["checks", name, "type"] });
      continue;
    }
    const check: MachineCheck = { type: c.type };
    if (c.port !== undefined) check.port = c.port;
    else if (g.http_service) check.port = g.http_service.internal_port ?? 0;
    else {
      errors.push({ message: `Check '${name}' for process group '${g.group}' has no port set and the group has no http_service to take it from`, path: ["checks", name] });
      continue;
    }
    if (c.interval !== undefined) check.interval = formatGoDuration(c.interval);
    if (c.timeout !== undefined) check.timeout = formatGoDuration(c.timeout);
    if (c.grace_period !== undefined) check.grace_period = formatGoDuration(c.grace_period);
    if (c.method !== undefined) check.method = c.method.toUpperCase();
    if (c.path !== undefined) check.path = c.path;
    if (c.protocol !== undefined) check.protocol = c.protocol;
    if (c.tls_skip_verify !== undefined) check.tls_skip_verify = c.tls_skip_verify;
    if (c.tls_server_name !== undefined) check.tls_server_name = c.tls_server_name;
    const h = headers(c.headers);
    if (h) check.headers = h;
    out[name] = check;
  }
  return out;
}

function mountOf(mt: NonNullable<FlyToml["mounts"]>[number]): MachineMount {
  // Parse errors give 0 (flyctl ignores them here; the linter reports them), and 0 is omitted.
  const gb = (s: string | undefined) => {
    const r = s ? gbFromHumanSize(s) : undefined;
    return r?.ok && r.value ? r.value : undefined;
  };
  return dropUndefined({
    path: mt.destination || undefined,
    name: mt.source || undefined,
    extend_threshold_percent: mt.auto_extend_size_threshold || undefined,
    add_size_gb: gb(mt.auto_extend_size_increment),
    size_gb_limit: gb(mt.auto_extend_size_limit),
  });
}

const RESTART_POLICIES: Record<string, MachineRestart["policy"]> = { always: "always", "on-failure": "on-failure", never: "no" };

function buildRestart(g: Flat, model: FlyToml, errors: CompileError[]): MachineRestart | undefined {
  const r = g.restart?.[g.restart.length - 1];
  if (!r) return undefined;
  const policy = RESTART_POLICIES[r.policy ?? ""];
  if (!policy) {
    errors.push({ message: `invalid restart policy: ${r.policy ?? ""}`, path: ["restart", model.restart!.indexOf(r), "policy"], rule: "restart-policy" });
    return undefined;
  }
  return dropUndefined({ policy, max_retries: r.retries || undefined });
}

/** fly-go MergeFiles over the unflattened `[[files]]`: later entries replace by guest_path or delete it. */
export function mergedFiles(model: FlyToml, options: ToMachineOptions, errors: CompileError[]): MachineFile[] | undefined {
  const byPath = new Map<string, MachineFile>();
  (model.files ?? []).forEach((f, i) => {
    const out: MachineFile = { guest_path: f.guest_path };
    if (f.local_path) {
      const bytes = readNamedFile(options, f.local_path);
      if (typeof bytes === "string") {
        errors.push({ message: `cannot read local file ${JSON.stringify(f.local_path)}${bytes}`, path: ["files", i, "local_path"] });
        return;
      }
      out.raw_value = base64Encode(bytes);
    } else if (f.secret_name) out.secret_name = f.secret_name;
    else if (f.raw_value !== undefined && f.raw_value !== "") out.raw_value = base64EncodeText(f.raw_value);
    const key = f.guest_path ?? "";
    if (out.raw_value === undefined && out.secret_name === undefined) byPath.delete(key);
    else {
      byPath.delete(key);
      byPath.set(key, out);
    }
  });
  return byPath.size ? [...byPath.values()] : undefined;
}

/** A file fly.toml names, through the caller's reader; a string (": why", or "") when it cannot be read. */
function readNamedFile(options: ToMachineOptions, path: string): Uint8Array | string {
  try {
    return options.readFile?.(path) ?? "";
  } catch (e) {
    // The reader says why (outside the project root, not a regular file, too big): keep its reason.
    return `: ${(e as Error)?.message ?? String(e)}`;
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function dropUndefined<T extends object>(o: T): T {
  // A copy without the undefined fields, not `delete`: deleting turns an object into a slow dictionary.
  const src = o as Record<string, unknown>;
  const keys = Object.keys(src);
  if (keys.every((k) => src[k] !== undefined)) return o;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = src[k];
    if (v === undefined) continue;
    if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out as T;
}
