// Machines API config shapes (fly-go v0.9.6 json tags, spec §7). Field order here is fly-go's struct order, which is
// the order canonical JSON prints.
//
// Two families: the *input* types (MachineConfig and its parts) describe what the API accepts and what a caller may
// hand flyconf: open (unknown keys allowed: API responses carry fields newer than fly-go v0.9.6), autostop in all
// five spellings, integers as `number | bigint`. The *output* type (CompiledMachineConfig) is what compile emits:
// closed, autostop as `false | true | "suspend"` only, integers as `number` (bigint only past 2^53, by opt-in).
// Every type parameter `I` is the integer type.

export type Int = number | bigint;
/** Wire form of autostop on input: false = off, true = stop, "suspend". The API also accepts "off" and "stop". */
export type AutostopWire = boolean | "suspend" | "off" | "stop";
/** What the API answers and compile emits: `"off"` → false, `"stop"` → true. */
export type Autostop = boolean | "suspend";

export interface MachineHeader {
  name?: string;
  values?: string[];
}

export interface MachineServiceCheck<I extends Int = Int> {
  port?: I;
  type?: string;
  interval?: string;
  timeout?: string;
  grace_period?: string;
  method?: string;
  path?: string;
  protocol?: string;
  tls_skip_verify?: boolean;
  tls_server_name?: string;
  headers?: MachineHeader[];
}

export interface MachineCheck<I extends Int = Int> extends MachineServiceCheck<I> {
  kind?: "informational" | "readiness";
}

export interface MachineTlsOptions {
  alpn?: string[];
  versions?: string[];
  default_self_signed?: boolean;
}

export interface MachineReplayCache<I extends Int = Int> {
  path_prefix: string;
  ttl_seconds: I;
  type: string;
  name: string;
  allow_bypass?: boolean;
}

export interface MachineHttpOptions<I extends Int = Int> {
  compress?: boolean;
  response?: { headers?: unknown; pristine?: boolean };
  h2_backend?: boolean;
  idle_timeout?: I;
  headers_read_timeout?: I;
  replay_cache?: MachineReplayCache<I>[];
}

export interface MachinePort<I extends Int = Int> {
  port?: I;
  start_port?: I;
  end_port?: I;
  handlers?: string[];
  force_https?: boolean;
  tls_options?: MachineTlsOptions;
  http_options?: MachineHttpOptions<I>;
  proxy_proto_options?: { version?: string };
}

export interface MachineServiceConcurrency<I extends Int = Int> {
  type?: string;
  hard_limit?: I;
  soft_limit?: I;
}

export interface MachineService<I extends Int = Int, A extends AutostopWire = AutostopWire> {
  protocol?: string;
  internal_port?: I;
  autostop?: A;
  autostart?: boolean;
  min_machines_running?: I;
  ports?: MachinePort<I>[];
  checks?: MachineServiceCheck<I>[];
  concurrency?: MachineServiceConcurrency<I>;
  /** flyctl never sets it (and sends null, which means the same as absent; canonical output omits it). */
  force_instance_key?: string | null;
  force_instance_description?: string;
}

export interface MachineInit<I extends Int = Int> {
  exec?: string[];
  entrypoint?: string[];
  cmd?: string[];
  tty?: boolean;
  swap_size_mb?: I;
  kernel_args?: string[];
}

export interface MachineGuest<I extends Int = Int> {
  cpu_kind?: string;
  cpus?: I;
  memory_mb?: I;
  max_memory_mb?: I;
  gpus?: I;
  gpu_kind?: string;
  host_dedication_id?: string;
  persist_rootfs?: string;
  kernel_args?: string[];
}

export interface MachineMount<I extends Int = Int> {
  encrypted?: boolean;
  path?: string;
  size_gb?: I;
  volume?: string;
  name?: string;
  extend_threshold_percent?: I;
  add_size_gb?: I;
  size_gb_limit?: I;
}

export interface MachineMetrics<I extends Int = Int> {
  port?: I;
  path?: string;
  https?: boolean;
}

export interface MachineStatic {
  guest_path: string;
  url_prefix: string;
  tigris_bucket: string;
  index_document: string;
}

export interface MachineFile<I extends Int = Int> {
  guest_path?: string;
  raw_value?: string;
  secret_name?: string;
  image_config?: string;
  mode?: I;
}

export interface MachineRestart<I extends Int = Int> {
  policy?: "no" | "always" | "on-failure";
  max_retries?: I;
}

export interface MachineStopConfig {
  timeout?: string;
  signal?: string;
}

/** The fields of a Machine config, without the open index signature (shared by input and output types). */
export interface MachineConfigFields<I extends Int = Int, A extends AutostopWire = AutostopWire> {
  env?: Record<string, string>;
  /** Always present in compile output (no omitempty in fly-go): `{}` at least. */
  init?: MachineInit<I>;
  guest?: MachineGuest<I>;
  metadata?: Record<string, string>;
  mounts?: MachineMount<I>[];
  services?: MachineService<I, A>[];
  metrics?: MachineMetrics<I>;
  checks?: Record<string, MachineCheck<I>>;
  statics?: MachineStatic[];
  image?: string;
  files?: MachineFile<I>[];
  schedule?: string;
  auto_destroy?: boolean;
  restart?: MachineRestart<I>;
  dns?: Record<string, unknown>;
  processes?: unknown[];
  standbys?: string[];
  stop_config?: MachineStopConfig;
  containers?: Record<string, unknown>[];
  volumes?: unknown[];
  rootfs?: Record<string, unknown>;
  cache_drive?: Record<string, unknown>;
  spot?: Record<string, unknown>;
  size?: string;
  disable_machine_autostart?: boolean;
}

/**
 * A Machine config as input (a GET response's `config`, a body you build, the Machine to update): open, since the
 * API returns fields newer than fly-go v0.9.6. `validateMachineBody` reports unknown keys at every level.
 */
export interface MachineConfig<I extends Int = Int> extends MachineConfigFields<I, AutostopWire> {
  /** Fields newer than fly-go v0.9.6 found in an existing Machine are kept as they are. */
  [extra: string]: unknown;
}

/**
 * What compile emits for one process group: closed, autostop as false / true / "suspend", `init` always present,
 * integers as numbers (`bigint` only with the `bigint: true` option, for values past 2^53). On the update path,
 * fields of the existing Machine that fly-go v0.9.6 does not know are dropped, as flyctl's decoding drops them.
 */
export interface CompiledMachineConfig<I extends Int = number> extends MachineConfigFields<I, Autostop> {
  init: MachineInit<I>;
}

/** Either config type: what a caller may send (a compiled config as it is, or one built or fetched). */
export type AnyMachineConfig<I extends Int = Int> = MachineConfig<I> | CompiledMachineConfig<I>;

/** A create/update request body (fly-go LaunchMachineInput): the config under "config", and request options. */
export interface MachineRequest<I extends Int = Int> {
  config: AnyMachineConfig<I>;
  region?: string;
  name?: string;
  skip_launch?: boolean;
  skip_service_registration?: boolean;
  lease_ttl?: number;
  lsvd?: boolean;
  min_secrets_version?: number;
  skip_secrets?: boolean;
  current_version?: string;
  lease_nonce?: string;
}

/** A Machine as `GET /v1/apps/{app}/machines/{id}` answers it (JSON numbers, so integers are numbers). */
export interface Machine {
  id: string;
  name?: string;
  state?: string;
  region?: string;
  instance_id?: string;
  version?: string;
  private_ip?: string;
  created_at?: string;
  updated_at?: string;
  config: MachineConfig<number>;
  image_ref?: Record<string, unknown>;
  events?: Record<string, unknown>[];
  checks?: Record<string, unknown>[];
  host_status?: string;
  incomplete_config?: MachineConfig<number>;
  /** Fields newer than fly-go v0.9.6. */
  [extra: string]: unknown;
}

/** fly-go's field order per object kind, used by canonical JSON. */
export const FIELD_ORDER = {
  config: ["env", "init", "guest", "metadata", "mounts", "services", "metrics", "checks", "statics", "image", "files", "schedule", "auto_destroy", "restart", "dns", "processes", "standbys", "stop_config", "containers", "volumes", "rootfs", "cache_drive", "spot", "size", "disable_machine_autostart"],
  service: ["protocol", "internal_port", "autostop", "autostart", "min_machines_running", "ports", "checks", "concurrency", "force_instance_key", "force_instance_description"],
  port: ["port", "start_port", "end_port", "handlers", "force_https", "tls_options", "http_options", "proxy_proto_options"],
  check: ["port", "type", "kind", "interval", "timeout", "grace_period", "method", "path", "protocol", "tls_skip_verify", "tls_server_name", "headers"],
  init: ["exec", "entrypoint", "cmd", "tty", "swap_size_mb", "kernel_args"],
  guest: ["cpu_kind", "cpus", "memory_mb", "max_memory_mb", "gpus", "gpu_kind", "host_dedication_id", "persist_rootfs", "kernel_args"],
  mount: ["encrypted", "path", "size_gb", "volume", "name", "extend_threshold_percent", "add_size_gb", "size_gb_limit"],
} as const;
