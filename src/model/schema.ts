// The fly.toml model: every key flyctl knows (spec §1.5), decoded with flyctl's patches (§1.1) and Go's JSON rules
// (§1.2). Input types describe what a fly.toml may say; output types are the normalized model the compiler reads.
import * as z from "zod";
import { TomlFloat, isTable } from "../reader/values.js";
import { persistRootfsOf } from "./go-json.js";
import { goFormatValue } from "./go-format.js";
import {
  MS,
  NS,
  SECOND,
  describe,
  goAny,
  goBool,
  goDuration,
  goFloat,
  goInt,
  goString,
  goStringList,
  goStringMap,
  goUint32,
  leaf,
  patchedDuration,
  type Nanoseconds,
  toGoInteger,
} from "./leaf.js";
import { goArray, goMap, goObject, oneOrMany } from "./shapes.js";
import { nullObject } from "../object.js";

// ---- autoscaling (§1.4) -------------------------------------------------------------------------------------

export type Autostop = "off" | "stop" | "suspend";

/** fly-go MachineAutostop.UnmarshalJSON: true/false/"off"/"stop"/"suspend", nothing else (not "true", not "Stop"). */
export const autostop = leaf<Autostop>({ enum: [true, false, "off", "stop", "suspend"] }, (v) => {
  if (v === true || v === "stop") return { ok: true, value: "stop" };
  if (v === false || v === "off") return { ok: true, value: "off" };
  if (v === "suspend") return { ok: true, value: "suspend" };
  if (typeof v === "string") {
    return { ok: false, message: `must be true, false, "off", "stop" or "suspend" (exactly so: strings are not read as booleans), not the string ${JSON.stringify(v)}` };
  }
  return { ok: false, message: `must be true, false, "off", "stop" or "suspend", not ${describe(v)}` };
});

const autoscaling = {
  auto_stop_machines: autostop.optional(),
  auto_start_machines: goBool.optional(),
  min_machines_running: goInt.optional(),
};

// ---- shared service pieces -----------------------------------------------------------------------------------

/** flyctl's castToInt (only `[[services]]` internal_port and ports[].port): numeric strings and floats allowed. */
const castInt = leaf<number | bigint>({ anyOf: [{ type: "integer" }, { type: "string", pattern: "^[+-]?[0-9]+$" }, { type: "number" }] }, (v) => {
  if (typeof v === "string") {
    if (!/^[+-]?[0-9]+$/.test(v)) return { ok: false, message: `${JSON.stringify(v)} is not an integer` };
    return toGoInteger(BigInt(v));
  }
  if (typeof v === "number" || typeof v === "bigint") return toGoInteger(v);
  if (isFloat(v)) return Number.isFinite(v.value) ? toGoInteger(Math.trunc(v.value)) : { ok: false, message: `${v.source} is not an integer` };
  return { ok: false, message: `must be an integer, not ${describe(v)}` };
});
function isFloat(v: unknown): v is { value: number; source: string } {
  return typeof v === "object" && v !== null && "source" in v && "value" in v && typeof (v as { value: unknown }).value === "number";
}

export const concurrencyTable = goObject({
  type: goString.optional(),
  hard_limit: goInt.optional(),
  soft_limit: goInt.optional(),
});

/** `[[services]]` only: the legacy "SOFT,HARD" string becomes a requests concurrency (no trimming, as Atoi). */
const legacyConcurrency = leaf<z.output<typeof concurrencyTable>>({ type: "string", pattern: "^[+-]?[0-9]+,[+-]?[0-9]+$" }, (v) => {
  if (typeof v !== "string") return { ok: false, message: `must be a table or a "SOFT,HARD" string, not ${describe(v)}` };
  const comma = v.indexOf(",");
  if (comma < 0) return { ok: false, message: `unknown concurrency value ${JSON.stringify(v)}: write a table, or "SOFT,HARD" such as "20,25"` };
  const parts = [v.slice(0, comma), v.slice(comma + 1)];
  const nums: (number | bigint)[] = [];
  for (const p of parts) {
    const r = /^[+-]?[0-9]+$/.test(p) ? toGoInteger(BigInt(p)) : undefined;
    if (!r || !r.ok) return { ok: false, message: `cannot convert ${JSON.stringify(p)} in concurrency ${JSON.stringify(v)} to an integer (no spaces allowed)` };
    nums.push(r.value);
  }
  return { ok: true, value: { type: "requests", soft_limit: nums[0], hard_limit: nums[1] } };
});

const serviceConcurrency = z.union([concurrencyTable, legacyConcurrency], {
  error: (iss) => (iss.code === "invalid_union" ? `must be a table or a "SOFT,HARD" string` : undefined),
});

export const tlsOptions = goObject({
  alpn: goStringList.optional(),
  versions: goStringList.optional(),
  default_self_signed: goBool.optional(),
});

export const replayCache = goObject({
  path_prefix: goString.optional(),
  ttl_seconds: goInt.optional(),
  type: goString.optional(),
  name: goString.optional(),
  allow_bypass: goBool.optional(),
});

export const httpOptions = goObject({
  compress: goBool.optional(),
  response: goObject({ headers: goAny.optional(), pristine: goBool.optional() }).optional(),
  h2_backend: goBool.optional(),
  idle_timeout: goUint32.optional(),
  headers_read_timeout: goUint32.optional(),
  replay_cache: goArray(replayCache).optional(),
});

export const proxyProtoOptions = goObject({ version: goString.optional() });

export const servicePort = goObject({
  port: castInt.optional(),
  start_port: goInt.optional(),
  end_port: goInt.optional(),
  handlers: goStringList.optional(),
  force_https: goBool.optional(),
  tls_options: tlsOptions.optional(),
  http_options: httpOptions.optional(),
  proxy_proto_options: proxyProtoOptions.optional(),
});

/** Check headers in `[[services]]` and `[checks]`: a table (values stringified like Go %v) or a {name, value} list. */
const patchedHeaders = leaf<Record<string, string> | undefined>(
  {
    anyOf: [
      { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } },
      { type: "array", items: { type: "object", properties: { name: { type: "string" }, value: {} }, required: ["name"] } },
    ],
  },
  (v) => {
    const out: Record<string, string> = nullObject();
    if (isTable(v)) {
      for (const [k, val] of Object.entries(v)) out[k] = goFormatValue(val);
    } else if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) {
        if (!isTable(item)) return { ok: false, message: `header ${i} must be a table with name and value, not ${describe(item)}` };
        if (!("name" in item)) return { ok: false, message: `header ${i} has no name` };
        out[goFormatValue(item.name)] = "value" in item ? goFormatValue(item.value) : "";
      }
    } else {
      return { ok: false, message: `must be a table of headers or a list of {name, value} tables, not ${describe(v)}` };
    }
    return { ok: true, value: Object.keys(out).length ? out : undefined };
  },
);

const httpCheckFields = {
  method: goString.optional(),
  path: goString.optional(),
  protocol: goString.optional(),
  tls_skip_verify: goBool.optional(),
  tls_server_name: goString.optional(),
};

/** `[[services.tcp_checks]]`: integer timings are milliseconds. */
export const serviceTcpCheck = goObject({
  interval: patchedDuration(MS).optional(),
  timeout: patchedDuration(MS).optional(),
  grace_period: patchedDuration(MS).optional(),
});

/** `[[services.http_checks]]`: integer timings are milliseconds; headers may be a {name, value} list. */
export const serviceHttpCheck = goObject({
  interval: patchedDuration(MS).optional(),
  timeout: patchedDuration(MS).optional(),
  grace_period: patchedDuration(MS).optional(),
  ...httpCheckFields,
  headers: patchedHeaders.optional(),
});

/** `[[http_service.checks]]`: no patch runs here, so integer timings are nanoseconds and headers must be strings. */
export const httpServiceCheck = goObject({
  interval: goDuration.optional(),
  timeout: goDuration.optional(),
  grace_period: goDuration.optional(),
  ...httpCheckFields,
  headers: goStringMap.optional(),
});

export const machineCheck = goObject({
  command: goStringList.optional(),
  image: goString.optional(),
  entrypoint: goStringList.optional(),
  kill_signal: goString.optional(),
  kill_timeout: goDuration.optional(),
});

/** A checks list the patch accepts as one table or many; an empty list is deleted. */
function checkList<T extends z.ZodType>(item: T) {
  return oneOrMany(item).transform((l) => (l.length ? l : undefined));
}

export const service = goObject({
  protocol: goString.optional(),
  internal_port: castInt.optional(),
  ...autoscaling,
  ports: oneOrMany(servicePort).optional(),
  concurrency: serviceConcurrency.optional(),
  tcp_checks: checkList(serviceTcpCheck).optional(),
  http_checks: checkList(serviceHttpCheck).optional(),
  machine_checks: goArray(machineCheck).optional(),
  processes: goStringList.optional(),
});

/** Patch #2 drops a `[[services]]` entry that has no keys (empty check lists count as none). */
const serviceEntry = z.preprocess((v) => (isTable(v) && onlyEmptyCheckLists(v) ? undefined : v), service.optional());
function onlyEmptyCheckLists(t: Record<string, unknown>): boolean {
  for (const k in t) {
    const x = t[k];
    if ((k !== "tcp_checks" && k !== "http_checks") || !Array.isArray(x) || x.length !== 0) return false;
  }
  return true;
}

export const httpService = goObject({
  internal_port: goInt.optional(),
  force_https: goBool.optional(),
  ...autoscaling,
  processes: goStringList.optional(),
  concurrency: concurrencyTable.optional(),
  tls_options: tlsOptions.optional(),
  http_options: httpOptions.optional(),
  checks: goArray(httpServiceCheck).optional(),
  machine_checks: goArray(machineCheck).optional(),
});

// ---- top-level sections --------------------------------------------------------------------------------------

export const topLevelCheck = goObject({
  port: goInt.optional(),
  type: goString.optional(),
  interval: patchedDuration(MS).optional(),
  timeout: patchedDuration(MS).optional(),
  grace_period: patchedDuration(MS).optional(),
  ...httpCheckFields,
  headers: patchedHeaders.optional(),
  processes: goStringList.optional(),
});

/** `[checks.NAME]` tables, or a list of tables each with a string `name` (which stays in the check, ignored). */
const namedCheck = goObject({ ...topLevelCheck.out.shape, name: goString });
const topLevelChecks = z
  .union([goArray(namedCheck), goMap(topLevelCheck)], {
    error: (iss) => (iss.code === "invalid_union" ? "must be a table of named checks or a list of checks with names" : undefined),
  })
  .transform((v) => {
    if (!Array.isArray(v)) return Object.keys(v).length ? v : undefined;
    const named: Record<string, z.output<typeof topLevelCheck>> = nullObject();
    for (const { name, ...check } of v) named[name] = check;
    return Object.keys(named).length ? named : undefined;
  });

/** Values the patches stringify (`initial_size`, top-level vm `memory`): `512` becomes "512". */
const stringified = leaf<string>({ type: ["string", "number"] }, (v) =>
  typeof v === "string" || typeof v === "number" || typeof v === "bigint" || isFloat(v)
    ? { ok: true, value: goFormatValue(v) }
    : { ok: false, message: `must be a string or a number, not ${describe(v)}` },
);

export const mount = goObject({
  source: goString.optional(),
  destination: goString.optional(),
  /** Stringified by the patch: `initial_size = 10` means "10". */
  initial_size: stringified.optional(),
  snapshot_retention: goInt.optional(),
  scheduled_snapshots: goBool.optional(),
  auto_extend_size_threshold: goInt.optional(),
  auto_extend_size_increment: goString.optional(),
  auto_extend_size_limit: goString.optional(),
  processes: goStringList.optional(),
});

/**
 * fly-go machine_types.go MachinePersistRootfs.UnmarshalJSON: "", "none", "never", "restart", "always", or the
 * protobuf integers 0–3; anything else fails flyctl's decode ("sometimes", 4, "Always").
 */
const persistRootfs = leaf<string>({ anyOf: [{ enum: ["", "none", "never", "restart", "always"] }, { type: "integer", minimum: 0, maximum: 3 }] }, (v) => {
  // A TOML float reaches fly-go as a JSON number: 2.0 as `2`, 2.5 as `2.5` (no integer).
  const r = v instanceof TomlFloat ? persistRootfsOf(v.value, Number.isInteger(v.value) ? String(v.value) : v.source) : persistRootfsOf(v);
  if (r.ok) return r;
  return { ok: false, message: `must be "never", "restart", "always", "none" or "" (or 0–3): ${r.message}` };
});

const guestFields = {
  cpu_kind: goString.optional(),
  cpus: goInt.optional(),
  memory_mb: goInt.optional(),
  max_memory_mb: goInt.optional(),
  gpus: goInt.optional(),
  gpu_kind: goString.optional(),
  host_dedication_id: goString.optional(),
  persist_rootfs: persistRootfs.optional(),
  kernel_args: goStringList.optional(),
};

/** `[[vm]]`/`[[compute]]`: top-level entries get `memory` stringified by the patch. */
export const vm = goObject({
  size: goString.optional(),
  memory: stringified.optional(),
  ...guestFields,
  processes: goStringList.optional(),
});

/** `deploy.release_command_vm`: no patch, so `memory` must already be a string. */
export const releaseCommandVm = goObject({
  size: goString.optional(),
  memory: goString.optional(),
  ...guestFields,
  processes: goStringList.optional(),
});

export const metrics = goObject({
  port: goInt.optional(),
  path: goString.optional(),
  https: goBool.optional(),
  processes: goStringList.optional(),
});

export const restart = goObject({
  policy: goString.optional(),
  retries: goInt.optional(),
  processes: goStringList.optional(),
});

export const statics = goObject({
  guest_path: goString.optional(),
  url_prefix: goString.optional(),
  tigris_bucket: goString.optional(),
  index_document: goString.optional(),
});

export const file = goObject({
  guest_path: goString.optional(),
  local_path: goString.optional(),
  secret_name: goString.optional(),
  raw_value: goString.optional(),
  processes: goStringList.optional(),
});

/** cmd/entrypoint/exec: a string becomes a one-element list. */
const commandList = z.union([goString.transform((s) => [s]), goStringList], {
  error: (iss) => (iss.code === "invalid_union" ? "must be a string or an array of strings" : undefined),
});

export const experimental = goObject({
  cmd: commandList.optional(),
  entrypoint: commandList.optional(),
  exec: commandList.optional(),
  auto_rollback: goBool.optional(),
  enable_consul: goBool.optional(),
  enable_etcd: goBool.optional(),
  lazy_load_images: goBool.optional(),
  attached: goObject({ secrets: goObject({ export: goStringMap.optional() }).optional() }).optional(),
  machine_config: goString.optional(),
  // Legacy keys, consumed by the patch (moved to the top level when that is unset); checked there.
  kill_timeout: z.unknown().optional(),
  metrics_port: z.unknown().optional(),
  metrics_path: z.unknown().optional(),
});

export const build = goObject({
  builder: goString.optional(),
  image: goString.optional(),
  builtin: goString.optional(),
  dockerfile: goString.optional(),
  ignorefile: goString.optional(),
  "build-target": goString.optional(),
  build_target: goString.optional(),
  compression: goString.optional(),
  compression_level: goInt.optional(),
  args: goStringMap.optional(),
  buildpacks: goStringList.optional(),
  settings: goAny.optional(),
  compose: goObject({ file: goString.optional() }).optional(),
});

export const deploy = goObject({
  strategy: goString.optional(),
  max_unavailable: goFloat.optional(),
  wait_timeout: goDuration.optional(),
  release_command: goString.optional(),
  release_command_timeout: goDuration.optional(),
  release_command_vm: releaseCommandVm.optional(),
  seed_command: goString.optional(),
});

/** `[env]`: a table, or (nested) lists of tables merged in order; values stringified with Go's %v. */
const env = leaf<Record<string, string>>(
  { anyOf: [{ type: "object" }, { type: "array", items: { type: "object" } }] },
  (v) => {
    const out: Record<string, string> = nullObject();
    const merge = (x: unknown): string | undefined => {
      if (isTable(x)) {
        for (const k in x) out[k] = goFormatValue(x[k]);
        return undefined;
      }
      if (Array.isArray(x)) {
        for (const item of x) {
          const err = merge(item);
          if (err) return err;
        }
        return undefined;
      }
      return `must be a table (or a list of tables), not ${describe(x)}`;
    };
    const err = merge(v);
    return err ? { ok: false, message: err } : { ok: true, value: out };
  },
);

/** `[processes]` table (values must be strings), or the legacy `[[processes]]` list of {name, command}. */
const processes = leaf<Record<string, string> | undefined>(
  { anyOf: [{ type: "object", additionalProperties: { type: "string" } }, { type: "array", items: { type: "object" } }] },
  (v) => {
    const out: Record<string, string> = nullObject();
    if (Array.isArray(v)) {
      for (const item of v) {
        if (!isTable(item) || !("name" in item)) continue;
        out[goFormatValue(item.name)] = "command" in item ? goFormatValue(item.command) : "";
      }
      return { ok: true, value: Object.keys(out).length ? out : undefined };
    }
    if (!isTable(v)) return { ok: false, message: `must be a table of process commands, not ${describe(v)}` };
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== "string") return { ok: false, message: `process ${JSON.stringify(k)} must be a command string, not ${describe(val)}` };
      out[k] = val;
    }
    return { ok: true, value: out };
  },
);

const topShape = {
  app: goString.optional(),
  primary_region: goString.optional(),
  kill_signal: goString.optional(),
  // null: present but unset by the patch (still blocks the legacy experimental.kill_timeout).
  kill_timeout: patchedDuration(SECOND).transform((d) => d ?? null).optional(),
  swap_size_mb: goInt.optional(),
  console_command: goString.optional(),
  host_dedication_id: goString.optional(),
  machine_config: goString.optional(),
  container: goString.optional(),
  experimental: experimental.optional(),
  build: build.optional(),
  deploy: deploy.optional(),
  env: env.optional(),
  processes: processes.optional(),
  mount: oneOrMany(mount).optional(),
  mounts: oneOrMany(mount).optional(),
  http_service: httpService.optional(),
  services: oneOrMany(serviceEntry).optional(),
  checks: topLevelChecks.optional(),
  files: goArray(file).optional(),
  machine_checks: goArray(machineCheck).optional(),
  restart: goArray(restart).optional(),
  compute: oneOrMany(vm).optional(),
  computes: oneOrMany(vm).optional(),
  vm: oneOrMany(vm).optional(),
  statics: goArray(statics).optional(),
  metric: oneOrMany(metrics).optional(),
  metrics: oneOrMany(metrics).optional(),
};

export const rawFlyToml = goObject(topShape, "a TOML document");

/** experimental.kill_timeout, decoded as the top-level one is (built once: a zod schema is not cheap to make). */
const legacyKillTimeout = patchedDuration(SECOND);

/**
 * The whole fly.toml. The root transform does the patches that move data between keys (aliases concatenated in
 * flyctl's order, legacy experimental keys, empty services dropped), with issues reported at the source keys.
 */
export const flyToml = rawFlyToml.transform((raw, ctx) => {
  type Raw = typeof raw;
  // One pass over the decoded keys: the ones the patches rewrite into locals, every other one copied as it is (in
  // the decoded order). Decoded tables differ in which keys they hold, so named reads of thirty fields would each
  // be a megamorphic lookup; a for-in over the object's own keys is not.
  const out: Record<string, unknown> = {};
  let mountOne: Raw["mount"], mountList: Raw["mounts"], compute: Raw["compute"], computes: Raw["computes"], vms: Raw["vm"];
  let metric: Raw["metric"], metricsRaw: Raw["metrics"], servicesRaw: Raw["services"], kill: Raw["kill_timeout"];
  let buildRaw: Raw["build"], exp: Raw["experimental"];
  for (const k in raw) {
    const v = raw[k as keyof Raw];
    switch (k) {
      case "mount": mountOne = v as Raw["mount"]; break;
      case "mounts": mountList = v as Raw["mounts"]; break;
      case "compute": compute = v as Raw["compute"]; break;
      case "computes": computes = v as Raw["computes"]; break;
      case "vm": vms = v as Raw["vm"]; break;
      case "metric": metric = v as Raw["metric"]; break;
      case "metrics": metricsRaw = v as Raw["metrics"]; break;
      case "services": servicesRaw = v as Raw["services"]; break;
      case "kill_timeout": kill = v as Raw["kill_timeout"]; break;
      case "build": buildRaw = v as Raw["build"]; break;
      case "experimental": exp = v as Raw["experimental"]; break;
      default: out[k] = v;
    }
  }

  const services = (servicesRaw ?? []).filter((x): x is z.output<typeof service> => x !== undefined);
  // Legacy [experimental] keys (patch #4): used only when the top level does not set them.
  let killTimeout = kill ?? undefined;
  if (exp?.kill_timeout !== undefined && kill === undefined) {
    const r = legacyKillTimeout.safeParse(exp.kill_timeout);
    if (r.success) killTimeout = r.data;
    else for (const iss of r.error.issues) ctx.issues.push({ ...iss, path: ["experimental", "kill_timeout"] } as never);
  }
  let metricsList = concat(metric, metricsRaw);
  if ((exp?.metrics_port !== undefined || exp?.metrics_path !== undefined) && metricsRaw === undefined) {
    const legacy: Record<string, unknown> = {};
    if (exp?.metrics_port !== undefined) legacy.port = exp.metrics_port;
    if (exp?.metrics_path !== undefined) legacy.path = exp.metrics_path;
    const r = metrics.safeParse(legacy);
    if (r.success) metricsList = [...(metric ?? []), r.data];
    else for (const iss of r.error.issues) ctx.issues.push({ ...iss, path: ["experimental", `metrics_${String(iss.path[0])}`] } as never);
  }

  let buildOut = buildRaw;
  if (buildOut && buildOut.build_target !== undefined) {
    const { build_target, ...bRest } = buildOut;
    buildOut = { ...bRest, "build-target": build_target };
  }
  if (buildOut && Object.values(buildOut).every((x) => x === undefined)) buildOut = undefined;
  let expOut = exp;
  if (exp) {
    const { kill_timeout: _a, metrics_port: _b, metrics_path: _c, ...eRest } = exp;
    expOut = eRest;
  }
  const list = <T>(x: T[]): T[] | undefined => (x.length ? x : undefined);
  out.kill_timeout = killTimeout;
  out.build = buildOut;
  out.experimental = expOut;
  out.services = list(services);
  out.mounts = list(concat(mountOne, mountList));
  out.vm = list(concat(concat(compute, computes), vms));
  out.metrics = list(metricsList);
  return out as Omit<Raw, "mount" | "compute" | "computes" | "metric" | "kill_timeout" | "build" | "experimental" | "services" | "mounts" | "vm" | "metrics"> & {
    kill_timeout: Nanoseconds | undefined;
    build: typeof buildOut;
    experimental: Omit<NonNullable<typeof exp>, "kill_timeout" | "metrics_port" | "metrics_path"> | undefined;
    services: z.output<typeof service>[] | undefined;
    mounts: z.output<typeof mount>[] | undefined;
    vm: z.output<typeof vm>[] | undefined;
    metrics: z.output<typeof metrics>[] | undefined;
  };
});

/** a ++ b as a new array (the aliases are mostly absent: no spreading of empty lists per file). */
function concat<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] {
  if (!a?.length) return b ? b.slice() : [];
  return b?.length ? a.concat(b) : a.slice();
}



export type FlyTomlInput = z.input<typeof rawFlyToml>;
/** The normalized fly.toml, as the compiler reads it. */
export type FlyToml = z.output<typeof flyToml>;
export type Service = z.output<typeof service>;
export type HttpService = z.output<typeof httpService>;
export type ServicePort = z.output<typeof servicePort>;
export type Concurrency = z.output<typeof concurrencyTable>;
export type ServiceTcpCheck = z.output<typeof serviceTcpCheck>;
export type ServiceHttpCheck = z.output<typeof serviceHttpCheck>;
export type HttpServiceCheck = z.output<typeof httpServiceCheck>;
export type TopLevelCheck = z.output<typeof topLevelCheck>;
export type Mount = z.output<typeof mount>;
export type Vm = z.output<typeof vm>;
export type Metrics = z.output<typeof metrics>;
export type Restart = z.output<typeof restart>;
export type Static = z.output<typeof statics>;
export type FileEntry = z.output<typeof file>;
export type Experimental = z.output<typeof experimental>;
export type TlsOptions = z.output<typeof tlsOptions>;
export type HttpOptions = z.output<typeof httpOptions>;

export { NS };
