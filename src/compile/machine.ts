// ToMachineConfig (spec §4.3): Flatten(group) then updateMachineConfig(src), step by step in flyctl's order.
import type { KeyPath, ProblemData } from "../diagnostic.js";
import { base64Encode, base64EncodeText } from "../portable/bytes.js";
import { formatGoDuration } from "../model/go-duration.js";
import type { FlyToml } from "../model/schema.js";
import { canonicalConfig } from "./canonical.js";
import { defaultProcessName, flatSections, processNames, type FlatSections } from "./groups.js";
import { computeGuest } from "./guest.js";
import type { CompiledMachineConfig, Int, MachineCheck, MachineConfig, MachineFile, MachineInit, MachineMount, MachineRestart } from "./machine-types.js";
import { headers, machineServices } from "./services.js";
import { shlexSplit } from "./shlex.js";
import { marshalGo, unmarshalGo } from "../model/go-json.js";
import { readJson } from "../reader/json.js";
import { gbFromHumanSize } from "./size.js";
import { checkOptions, showValue, type OptionKeys } from "../options.js";
import { isObj, nullObject } from "../object.js";

/** What a conversion failure is about, by kind: the message ids (src/diagnostic.ts ProblemData) each kind reports. */
type ConvertIds = {
  convert: "vm-size-unknown" | "vm-memory-invalid" | "machine-config-source" | "machine-config-json" | "machine-config-value" | "container-not-found" | "container-no-image" | "process-command" | "check-type" | "check-no-port" | "restart-policy-invalid" | "release-command" | "test-machine-command" | "test-machine-image";
  file: "machine-config-unreadable" | "local-file-unreadable";
  group: "group-undefined";
};

/**
 * A conversion failure, at a path in the normalized model (the caller maps it back to the source), as a message id
 * and data: the compiler writes no sentence (it knows no rules); the rule that claims the problem says it.
 */
export type ConvertError = {
  [K in keyof ConvertIds]: { [I in ConvertIds[K]]: { messageId: I; data: ProblemData[I]; kind?: K extends "convert" ? "convert" : K } }[ConvertIds[K]];
}[keyof ConvertIds] & {
  /** Model path, e.g. ["vm", 0, "size"], ["checks", "alive", "port"], ["processes", "web"]. */
  path: KeyPath;
  /**
   * For an error inside inline `machine_config` JSON: its UTF-16 offsets in the JSON text, so the caller can point
   * inside the string where the source spells it without escapes.
   */
  inner?: { start: number; end: number };
};

/** A conversion failure with its text (the library's toMachineConfig and special converters hand these out). */
export type CompileError = ConvertError & { message: string };

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
   * Reads a file named by fly.toml (machine_config *.json, files.local_path), relative to fly.toml. Returns
   * undefined or throws (the error's message is shown) when the file cannot or may not be read.
   */
  readFile?: (path: string) => Uint8Array | undefined;
  /**
   * Without readFile, leave files named by fly.toml unread instead of failing on them (the linter when it has no
   * file system, as in a browser: nothing is known about such files, so nothing is said).
   */
  skipFileReads?: boolean;
}

/** Every option toMachineConfig takes (the special converters take the same but `src`), as checkOptions checks them. */
export const TO_MACHINE_OPTION_KEYS = { src: "object", flyctlVersion: "string", files: ["deploy", "none"], readFile: "function", skipFileReads: "boolean" } as const satisfies OptionKeys;

export type ToMachineResult = { ok: true; config: CompiledMachineConfig<Int> } | { ok: false; errors: CompileError[] };

/** A conversion's result as the compiler gives it: errors as message ids and data (pipeline.ts adds the text). */
export type ConvertResult = { ok: true; config: CompiledMachineConfig<Int> } | { ok: false; errors: ConvertError[] };

/** One group's config from a loaded model. A group the file does not define is an `unknown-group` error. */
export function toMachineConfig(model: FlyToml, group: string, options: ToMachineOptions = {}): ConvertResult {
  checkOptions("toMachineConfig", options, TO_MACHINE_OPTION_KEYS);
  if (typeof group !== "string") throw new TypeError(`toMachineConfig: the group must be a string, not ${showValue(group)}`);
  const names = processNames(model);
  if (!names.includes(group)) {
    return { ok: false, errors: [{ messageId: "group-undefined", data: { group, defined: names }, path: ["processes"], kind: "group" }] };
  }
  return toMachineConfigWith(model, group, options, defaultProcessName(model));
}

/**
 * toMachineConfig with the model's default group already known (compile derives it once for every group).
 * `errorsOnly` is the lint-only compile mode's (pipeline.ts, CompileMode): only the steps that can fail run, and the
 * config returned is incomplete and in build order.
 */
export function toMachineConfigWith(model: FlyToml, group: string, options: ToMachineOptions, def: string, errorsOnly = false): ConvertResult {
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
  const errors: ConvertError[] = [];
  // The Machine to update is a fly.MachineConfig in flyctl (decoded from the API): fields fly-go does not know are
  // gone.
  let m: MachineConfig = options.src ? typedSource(options.src) : ({ init: {} } as MachineConfig);
  m.init ??= {};

  // 1. machine_config JSON decoded over the starting config (Go's json.Unmarshal into *fly.MachineConfig).
  m = applyMachineConfig(g, m, options, errors);

  const full = !errorsOnly;

  // 2. metrics: the first matching entry.
  const met = full ? g.metrics?.[0] : undefined;
  // appconfig Metrics embeds *fly.MachineMetrics: Go allocates it only when the entry sets port, path or https, so an
  // entry with none of them (only `processes`) sends no metrics. Zero values are omitempty.
  m.metrics =
    met && (met.port !== undefined || met.path !== undefined || met.https !== undefined)
      ? dropUndefined({ port: met.port || undefined, path: met.path || undefined, https: met.https || undefined })
      : undefined;

  // 3. init: exec, entrypoint, cmd and swap are fly.toml's; tty and kernel_args stay.
  m.init = buildInit(g, m.init ?? {}, errors);

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
    else errors.push({ messageId: r.messageId, data: r.data, path: ["vm", model.vm!.indexOf(vm), r.field] } as ConvertError);
  }

  // 13. restart: the last matching entry.
  m.restart = buildRestart(g, model, errors);

  if (errors.length) return { ok: false, errors };
  // Not errorsOnly: the config is canonical, which folds autostop and drops nulls: the compiled type holds.
  return { ok: true, config: (full ? canonicalConfig(m) : m) as CompiledMachineConfig<Int> };
}

/** What the steps below read of Flatten(group): the narrowed sections and the model's own fields they need. */
type Flat = FlatSections &
  Pick<FlyToml, "experimental" | "machine_config" | "container" | "swap_size_mb" | "env" | "primary_region" | "statics" | "kill_signal" | "kill_timeout">;

/** `[env]` plus FLY_PROCESS_GROUP (always wins) and PRIMARY_REGION (wins when primary_region is set). */
export function groupEnv(model: Pick<FlyToml, "env" | "primary_region">, group: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = nullObject();
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
  // Both are pointers in appconfig.Config and fly.StopConfig: `kill_signal = ""` is sent as `"signal": ""`.
  return dropUndefined({ timeout: model.kill_timeout !== undefined ? formatGoDuration(model.kill_timeout) : undefined, signal: model.kill_signal });
}

/**
 * The Machine config flyctl starts from: decoded into fly.MachineConfig (unknown fields dropped, bad types left out).
 */
export function typedSource(src: MachineConfig): MachineConfig {
  const r = unmarshalGo("MachineConfig", undefined, src);
  return (marshalGo("MachineConfig", r.value) ?? { init: {} }) as MachineConfig;
}

/**
 * internal/config/machine.go ParseConfig: inline JSON (starts with `{`) or a `.json` file, `json.Unmarshal` into the
 * *fly.MachineConfig being built, then containerconfig.ParseContainerConfig's container selection.
 */
function applyMachineConfig(g: Flat, m: MachineConfig, options: ToMachineOptions, errors: ConvertError[]): MachineConfig {
  const fromExperimental = g.experimental?.machine_config;
  const source = fromExperimental || g.machine_config;
  if (!source) return m;
  const path: KeyPath = fromExperimental ? ["experimental", "machine_config"] : ["machine_config"];
  let text: string;
  const inline = source.startsWith("{");
  if (inline) text = source;
  else if (source.endsWith(".json")) {
    if (!options.readFile && options.skipFileReads) return m;
    const bytes = readNamedFile(options, source);
    if (!(bytes instanceof Uint8Array)) {
      errors.push({ messageId: "machine-config-unreadable", data: bytes.reason === undefined ? { source } : { source, reason: bytes.reason }, path, kind: "file" });
      return m;
    }
    text = new TextDecoder().decode(bytes);
  } else {
    errors.push({ messageId: "machine-config-source", data: { source }, path });
    return m;
  }
  const file = inline ? {} : { file: source };
  const read = readJson(text);
  if (!read.ok) {
    const { line, column } = read.problem.position!;
    errors.push({ messageId: "machine-config-json", data: { ...file, detail: read.problem.data.detail, line, column }, path, inner: inline ? offsetOf(text, line, column) : undefined });
    return m;
  }
  const doc = read.doc;
  const literal = (p: KeyPath) => {
    const sp = doc.get(p)?.value;
    return sp ? text.slice(sp.start, sp.end) : undefined;
  };
  const r = unmarshalGo("MachineConfig", m, doc.value, { literal });
  for (const iss of r.issues) {
    const sp = doc.locate(iss.path);
    const where = inline ? {} : (({ line, column }) => ({ file: source, line, column }))(doc.lines.position(sp.start));
    errors.push({ messageId: "machine-config-value", data: { ...where, detail: iss.message }, path, inner: inline ? { start: sp.start, end: sp.end } : undefined });
  }
  if (r.issues.length) return m;
  const out = (marshalGo("MachineConfig", r.value) ?? { init: {} }) as MachineConfig;
  out.init ??= {};
  selectContainer(g, out, path, errors);
  return out;
}

function offsetOf(text: string, line: number, column: number): { start: number; end: number } {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", off);
    if (nl < 0) break;
    off = nl + 1;
  }
  const start = Math.min(text.length, off + column - 1);
  return { start, end: Math.min(text.length, start + 1) };
}

/** The container running the deploy image: the one named by `container`, else `app`, else the first. */
function selectContainer(g: Flat, m: MachineConfig, path: KeyPath, errors: ConvertError[]): void {
  const containers = m.containers;
  if (!Array.isArray(containers) || containers.length === 0) return;
  const named = (n: string) => containers.find((c) => isObj(c) && c.name === n);
  let chosen: Record<string, unknown> | undefined;
  if (g.container) {
    chosen = named(g.container);
    if (!chosen) {
      errors.push({ messageId: "container-not-found", data: { container: g.container }, path: ["container"] });
      return;
    }
  } else chosen = named("app") ?? containers[0];
  for (const c of containers) {
    if (c === chosen) c.image = ".";
    else if (!c.image) errors.push({ messageId: "container-no-image", data: { container: String(c.name ?? "") }, path });
  }
}

function buildInit(g: Flat, current: MachineInit, errors: ConvertError[]): MachineInit {
  const init: MachineInit = { ...current };
  let cmd: string[] | undefined;
  const command = g.processes?.[g.group];
  if (command) {
    const r = shlexSplit(command);
    if (r.ok) cmd = r.words;
    else errors.push({ messageId: "process-command", data: { group: g.group, detail: r.error }, path: ["processes", g.group] });
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
  // *int in appconfig.Config and fly.MachineInit: `swap_size_mb = 0` is a non-nil pointer, sent as 0.
  init.swap_size_mb = g.swap_size_mb;
  return dropUndefined(init);
}

function buildChecks(g: Flat, errors: ConvertError[]): Record<string, MachineCheck> | undefined {
  const entries = Object.entries(g.checks ?? {});
  if (!entries.length) return undefined;
  const out: Record<string, MachineCheck> = nullObject();
  for (const [name, c] of entries) {
    if (c.type !== "http" && c.type !== "tcp") {
      errors.push({ messageId: "check-type", data: { check: name }, path: ["checks", name, "type"] });
      continue;
    }
    const check: MachineCheck = { type: c.type };
    if (c.port !== undefined) check.port = c.port;
    else if (g.http_service) check.port = g.http_service.internal_port ?? 0;
    else {
      errors.push({ messageId: "check-no-port", data: { check: name, group: g.group }, path: ["checks", name] });
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

/** fly.toml's restart policies and the Machines API's names for them (flyctl machines.go). */
const RESTART_POLICIES: ReadonlyMap<string, MachineRestart["policy"]> = new Map([
  ["always", "always"],
  ["never", "no"],
  ["on-failure", "on-failure"],
]);
export const FLY_TOML_RESTART_POLICIES = ["always", "never", "on-failure"] as const;

/** The policy a wrong spelling stands for: API and CLI names, case, `_` or a space for `-`. */
export function suggestRestartPolicy(p: string): string | undefined {
  const x = p.trim().toLowerCase().replace(/[_ ]/g, "-");
  if (RESTART_POLICIES.has(x)) return x;
  if (x === "no") return "never";
  if (x === "on-fail" || x === "onfailure" || x === "on-error") return "on-failure";
  return undefined;
}

function buildRestart(g: Flat, model: FlyToml, errors: ConvertError[]): MachineRestart | undefined {
  const r = g.restart?.[g.restart.length - 1];
  if (!r) return undefined;
  const policy = RESTART_POLICIES.get(r.policy ?? "");
  if (!policy) {
    errors.push({ messageId: "restart-policy-invalid", data: { policy: r.policy ?? "" }, path: ["restart", model.restart!.indexOf(r), "policy"] });
    return undefined;
  }
  return dropUndefined({ policy, max_retries: r.retries || undefined });
}

/**
 * What `fly deploy` puts in `files`: appconfig Config.MergeFiles turns every `[[files]]` entry into a fly.File
 * (File.toMachineFile: local_path read and base64-encoded, else secret_name, else raw_value base64-encoded, else
 * just `{guest_path}`), then updateMachineConfig sets `mConfig.Files = nil` (the Machine's own files do not survive,
 * on the update path too) and runs fly-go MergeFiles (fly.go) over that list: a path not yet present is appended
 * (even without content), a later entry for a present path replaces it in place (slices.Replace), and a later entry
 * with neither raw_value nor secret_name deletes it (slices.Delete).
 */
export function mergedFiles(model: FlyToml, options: ToMachineOptions, errors: ConvertError[]): MachineFile[] | undefined {
  const files: MachineFile[] = [];
  (model.files ?? []).forEach((f, i) => {
    const out: MachineFile = { guest_path: f.guest_path || undefined } as MachineFile;
    if (f.local_path) {
      if (!options.readFile && options.skipFileReads) return;
      const bytes = readNamedFile(options, f.local_path);
      if (!(bytes instanceof Uint8Array)) {
        const data = bytes.reason === undefined ? { path: f.local_path } : { path: f.local_path, reason: bytes.reason };
        errors.push({ messageId: "local-file-unreadable", data, path: ["files", i, "local_path"], kind: "file" });
        return;
      }
      out.raw_value = base64Encode(bytes);
    } else if (f.secret_name) out.secret_name = f.secret_name;
    else if (f.raw_value) out.raw_value = base64EncodeText(f.raw_value);
    const key = f.guest_path ?? "";
    const idx = files.findIndex((x) => (x.guest_path ?? "") === key);
    if (idx === -1) files.push(dropUndefined(out));
    else if (out.raw_value === undefined && out.secret_name === undefined) files.splice(idx, 1);
    else files[idx] = dropUndefined(out);
  });
  return files.length ? files : undefined;
}

/** A file fly.toml names, through the caller's reader; a string (": why", or "") when it cannot be read. */
function readNamedFile(options: ToMachineOptions, path: string): Uint8Array | { reason?: string } {
  try {
    return options.readFile?.(path) ?? {};
  } catch (e) {
    // The reader says why (outside the project root, not a regular file, too big): keep its reason. A missing
    // file needs none: the message says what flyctl would do.
    if ((e as { code?: unknown })?.code === "ENOENT") return {};
    return { reason: (e as Error)?.message ?? String(e) };
  }
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
