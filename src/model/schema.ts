// The fly.toml model: every key flyctl knows (spec §1.5), decoded with flyctl's patches (§1.1) and Go's JSON rules
// (§1.2). Input types describe what a fly.toml may say; output types are the normalized model the compiler reads.
//
// The zod schemas are built on first use (`zodModel()`): they answer decode failures with their issues, give the
// types below, the JSON Schema and the key tree. A well-formed file never needs them: the decoder plan made from
// them at build time (decoder-plan.ts) runs the same decoders.ts functions without zod (decoder-runtime.ts).
import * as z from "./zod.js";
import * as decoders from "./decoders.js";
import type { Autostop, Nanoseconds } from "./decoders.js";
import { goLeaves, leaf } from "./leaf.js";
import { goArray, goMap, goObject, oneOrMany } from "./shapes.js";

export type { Autostop, Nanoseconds } from "./decoders.js";
export { NS } from "./decoders.js";

function define() {
  const { goString, goBool, goInt, goUint32, goFloat, goStringList, goStringMap, goAny, goDuration, patchedDurationMs, patchedDurationSeconds } = goLeaves();

  // ---- autoscaling (§1.4) -----------------------------------------------------------------------------------

  const autostop = leaf<Autostop>({ enum: [true, false, "off", "stop", "suspend"] }, decoders.autostop);

  const autoscaling = {
    auto_stop_machines: autostop.optional(),
    auto_start_machines: goBool.optional(),
    min_machines_running: goInt.optional(),
  };

  // ---- shared service pieces ---------------------------------------------------------------------------------

  /** flyctl's castToInt (only `[[services]]` internal_port and ports[].port): numeric strings and floats allowed. */
  const castInt = leaf({ anyOf: [{ type: "integer" }, { type: "string", pattern: "^[+-]?[0-9]+$" }, { type: "number" }] }, decoders.castInt);

  const concurrencyTable = goObject({
    type: goString.optional(),
    hard_limit: goInt.optional(),
    soft_limit: goInt.optional(),
  });

  /** `[[services]]` only: the legacy "SOFT,HARD" string becomes a requests concurrency. */
  const legacyConcurrency = leaf({ type: "string", pattern: "^[+-]?[0-9]+,[+-]?[0-9]+$" }, decoders.legacyConcurrency);

  const serviceConcurrency = z.union([concurrencyTable, legacyConcurrency], {
    error: (iss) => (iss.code === "invalid_union" ? `must be a table or a "SOFT,HARD" string` : undefined),
  });

  const tlsOptions = goObject({
    alpn: goStringList.optional(),
    versions: goStringList.optional(),
    default_self_signed: goBool.optional(),
  });

  const replayCache = goObject({
    path_prefix: goString.optional(),
    ttl_seconds: goInt.optional(),
    type: goString.optional(),
    name: goString.optional(),
    allow_bypass: goBool.optional(),
  });

  const httpOptions = goObject({
    compress: goBool.optional(),
    response: goObject({ headers: goAny.optional(), pristine: goBool.optional() }).optional(),
    h2_backend: goBool.optional(),
    idle_timeout: goUint32.optional(),
    headers_read_timeout: goUint32.optional(),
    replay_cache: goArray(replayCache).optional(),
  });

  const proxyProtoOptions = goObject({ version: goString.optional() });

  const servicePort = goObject({
    port: castInt.optional(),
    start_port: goInt.optional(),
    end_port: goInt.optional(),
    handlers: goStringList.optional(),
    force_https: goBool.optional(),
    tls_options: tlsOptions.optional(),
    http_options: httpOptions.optional(),
    proxy_proto_options: proxyProtoOptions.optional(),
  });

  /** Check headers in `[[services]]` and `[checks]`: a table (values stringified as Go %v) or a {name, value} list. */
  const patchedHeaders = leaf(
    {
      anyOf: [
        { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } },
        { type: "array", items: { type: "object", properties: { name: { type: "string" }, value: {} }, required: ["name"] } },
      ],
    },
    decoders.patchedHeaders,
  );

  const httpCheckFields = {
    method: goString.optional(),
    path: goString.optional(),
    protocol: goString.optional(),
    tls_skip_verify: goBool.optional(),
    tls_server_name: goString.optional(),
  };

  /** `[[services.tcp_checks]]`: integer timings are milliseconds. */
  const serviceTcpCheck = goObject({
    interval: patchedDurationMs.optional(),
    timeout: patchedDurationMs.optional(),
    grace_period: patchedDurationMs.optional(),
  });

  /** `[[services.http_checks]]`: integer timings are milliseconds; headers may be a {name, value} list. */
  const serviceHttpCheck = goObject({
    interval: patchedDurationMs.optional(),
    timeout: patchedDurationMs.optional(),
    grace_period: patchedDurationMs.optional(),
    ...httpCheckFields,
    headers: patchedHeaders.optional(),
  });

  /** `[[http_service.checks]]`: no patch runs here, so integer timings are nanoseconds and headers must be strings. */
  const httpServiceCheck = goObject({
    interval: goDuration.optional(),
    timeout: goDuration.optional(),
    grace_period: goDuration.optional(),
    ...httpCheckFields,
    headers: goStringMap.optional(),
  });

  const machineCheck = goObject({
    command: goStringList.optional(),
    image: goString.optional(),
    entrypoint: goStringList.optional(),
    kill_signal: goString.optional(),
    kill_timeout: goDuration.optional(),
  });

  /** A checks list the patch accepts as one table or many; an empty list is deleted. */
  function checkList<T extends z.ZodType>(item: T) {
    return oneOrMany(item).transform(decoders.emptyListUnset<z.output<T>>);
  }

  const service = goObject({
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
  const serviceEntry = z.preprocess(decoders.dropEmptyService, service.optional());

  const httpService = goObject({
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

  // ---- top-level sections ------------------------------------------------------------------------------------

  const topLevelCheck = goObject({
    port: goInt.optional(),
    type: goString.optional(),
    interval: patchedDurationMs.optional(),
    timeout: patchedDurationMs.optional(),
    grace_period: patchedDurationMs.optional(),
    ...httpCheckFields,
    headers: patchedHeaders.optional(),
    processes: goStringList.optional(),
  });

  type Check = z.output<typeof topLevelCheck>;
  /** `[checks.NAME]` tables, or a list of tables each with a string `name` (which stays in the check, ignored). */
  const namedCheck = goObject({ ...topLevelCheck.out.shape, name: goString });
  const topLevelChecks = z
    .union([goArray(namedCheck), goMap(topLevelCheck)], {
      error: (iss) => (iss.code === "invalid_union" ? "must be a table of named checks or a list of checks with names" : undefined),
    })
    .transform(
      decoders.namedChecks as (v: z.output<typeof namedCheck>[] | Record<string, Check>) => Record<string, Check> | undefined,
    );

  /** Values the patches stringify (`initial_size`, top-level vm `memory`): `512` becomes "512". */
  const stringified = leaf({ type: ["string", "number"] }, decoders.stringified);

  const mount = goObject({
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

  /** fly-go MachinePersistRootfs: "", "none", "never", "restart", "always", or the protobuf integers 0–3. */
  const persistRootfs = leaf({ anyOf: [{ enum: ["", "none", "never", "restart", "always"] }, { type: "integer", minimum: 0, maximum: 3 }] }, decoders.persistRootfs);

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
  const vm = goObject({
    size: goString.optional(),
    memory: stringified.optional(),
    ...guestFields,
    processes: goStringList.optional(),
  });

  /** `deploy.release_command_vm`: no patch, so `memory` must already be a string. */
  const releaseCommandVm = goObject({
    size: goString.optional(),
    memory: goString.optional(),
    ...guestFields,
    processes: goStringList.optional(),
  });

  const metrics = goObject({
    port: goInt.optional(),
    path: goString.optional(),
    https: goBool.optional(),
    processes: goStringList.optional(),
  });

  const restart = goObject({
    policy: goString.optional(),
    retries: goInt.optional(),
    processes: goStringList.optional(),
  });

  const statics = goObject({
    guest_path: goString.optional(),
    url_prefix: goString.optional(),
    tigris_bucket: goString.optional(),
    index_document: goString.optional(),
  });

  const file = goObject({
    guest_path: goString.optional(),
    local_path: goString.optional(),
    secret_name: goString.optional(),
    raw_value: goString.optional(),
    processes: goStringList.optional(),
  });

  /** cmd/entrypoint/exec: a string becomes a one-element list. */
  const commandList = z.union([goString.transform(decoders.oneItemList), goStringList], {
    error: (iss) => (iss.code === "invalid_union" ? "must be a string or an array of strings" : undefined),
  });

  const experimental = goObject({
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

  const build = goObject({
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

  const deploy = goObject({
    strategy: goString.optional(),
    max_unavailable: goFloat.optional(),
    wait_timeout: goDuration.optional(),
    release_command: goString.optional(),
    release_command_timeout: goDuration.optional(),
    release_command_vm: releaseCommandVm.optional(),
    seed_command: goString.optional(),
  });

  /** `[env]`: a table, or (nested) lists of tables merged in order; values stringified with Go's %v. */
  const env = leaf({ anyOf: [{ type: "object" }, { type: "array", items: { type: "object" } }] }, decoders.env);

  /** `[processes]` table (values must be strings), or the legacy `[[processes]]` list of {name, command}. */
  const processes = leaf(
    { anyOf: [{ type: "object", additionalProperties: { type: "string" } }, { type: "array", items: { type: "object" } }] },
    decoders.processes,
  );

  const topShape = {
    app: goString.optional(),
    primary_region: goString.optional(),
    kill_signal: goString.optional(),
    // null: present but unset by the patch (still blocks the legacy experimental.kill_timeout).
    kill_timeout: patchedDurationSeconds.transform(decoders.unsetAsNull<Nanoseconds>).optional(),
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

  const rawFlyToml = goObject(topShape, "a TOML document");
  type Raw = z.output<typeof rawFlyToml>;
  type Patched = Omit<Raw, "mount" | "compute" | "computes" | "metric" | "kill_timeout" | "build" | "experimental" | "services" | "mounts" | "vm" | "metrics"> & {
    kill_timeout: Nanoseconds | undefined;
    build: Raw["build"];
    experimental: Omit<NonNullable<Raw["experimental"]>, "kill_timeout" | "metrics_port" | "metrics_path"> | undefined;
    services: z.output<typeof service>[] | undefined;
    mounts: z.output<typeof mount>[] | undefined;
    vm: z.output<typeof vm>[] | undefined;
    metrics: z.output<typeof metrics>[] | undefined;
  };

  /**
   * The whole fly.toml. The root transform does the patches that move data between keys (aliases concatenated in
   * flyctl's order, legacy experimental keys, empty services dropped), with issues reported at the source keys.
   */
  const flyToml = rawFlyToml.transform(decoders.patchFlyToml as unknown as (raw: Raw, ctx: decoders.IssueSink) => Patched);

  return {
    flyToml,
    rawFlyToml,
    service,
    httpService,
    servicePort,
    concurrencyTable,
    serviceTcpCheck,
    serviceHttpCheck,
    httpServiceCheck,
    topLevelCheck,
    mount,
    vm,
    metrics,
    restart,
    statics,
    file,
    experimental,
    tlsOptions,
    httpOptions,
  };
}

/** The model's zod schemas. */
export type ZodModel = ReturnType<typeof define>;
let model: ZodModel | undefined;

/** The zod model, built on first use (~10 ms and a few hundred schemas: only failures and tools need it). */
export function zodModel(): ZodModel {
  return (model ??= define());
}

export type FlyTomlInput = z.input<ZodModel["rawFlyToml"]>;
/** The normalized fly.toml, as the compiler reads it. */
export type FlyToml = z.output<ZodModel["flyToml"]>;
export type Service = z.output<ZodModel["service"]>;
export type HttpService = z.output<ZodModel["httpService"]>;
export type ServicePort = z.output<ZodModel["servicePort"]>;
export type Concurrency = z.output<ZodModel["concurrencyTable"]>;
export type ServiceTcpCheck = z.output<ZodModel["serviceTcpCheck"]>;
export type ServiceHttpCheck = z.output<ZodModel["serviceHttpCheck"]>;
export type HttpServiceCheck = z.output<ZodModel["httpServiceCheck"]>;
export type TopLevelCheck = z.output<ZodModel["topLevelCheck"]>;
export type Mount = z.output<ZodModel["mount"]>;
export type Vm = z.output<ZodModel["vm"]>;
export type Metrics = z.output<ZodModel["metrics"]>;
export type Restart = z.output<ZodModel["restart"]>;
export type Static = z.output<ZodModel["statics"]>;
export type FileEntry = z.output<ZodModel["file"]>;
export type Experimental = z.output<ZodModel["experimental"]>;
export type TlsOptions = z.output<ZodModel["tlsOptions"]>;
export type HttpOptions = z.output<ZodModel["httpOptions"]>;
