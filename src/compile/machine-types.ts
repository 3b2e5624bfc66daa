// Machines API config shapes (fly-go v0.9.6 json tags, spec §7). Field order here is fly-go's struct order, which is
// the order canonical JSON prints. Integers may be bigints when they exceed 2^53 (kept exact end to end).

export type Int = number | bigint;
/** Wire form of autostop: false = off, true = stop, "suspend". The API also accepts "off" and "stop" on input. */
export type AutostopWire = boolean | "suspend" | "off" | "stop";

export interface MachineHeader {
  name?: string;
  values?: string[];
}

export interface MachineServiceCheck {
  port?: Int;
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

export interface MachineCheck extends MachineServiceCheck {
  kind?: "informational" | "readiness";
}

export interface MachineTlsOptions {
  alpn?: string[];
  versions?: string[];
  default_self_signed?: boolean;
}

export interface MachineReplayCache {
  path_prefix: string;
  ttl_seconds: Int;
  type: string;
  name: string;
  allow_bypass?: boolean;
}

export interface MachineHttpOptions {
  compress?: boolean;
  response?: { headers?: unknown; pristine?: boolean };
  h2_backend?: boolean;
  idle_timeout?: Int;
  headers_read_timeout?: Int;
  replay_cache?: MachineReplayCache[];
}

export interface MachinePort {
  port?: Int;
  start_port?: Int;
  end_port?: Int;
  handlers?: string[];
  force_https?: boolean;
  tls_options?: MachineTlsOptions;
  http_options?: MachineHttpOptions;
  proxy_proto_options?: { version?: string };
}

export interface MachineServiceConcurrency {
  type?: string;
  hard_limit?: Int;
  soft_limit?: Int;
}

export interface MachineService {
  protocol?: string;
  internal_port?: Int;
  autostop?: AutostopWire;
  autostart?: boolean;
  min_machines_running?: Int;
  ports?: MachinePort[];
  checks?: MachineServiceCheck[];
  concurrency?: MachineServiceConcurrency;
  /** flyctl never sets it (and sends null, which means the same as absent; canonical output omits it). */
  force_instance_key?: string | null;
  force_instance_description?: string;
}

export interface MachineInit {
  exec?: string[];
  entrypoint?: string[];
  cmd?: string[];
  tty?: boolean;
  swap_size_mb?: Int;
  kernel_args?: string[];
}

export interface MachineGuest {
  cpu_kind?: string;
  cpus?: Int;
  memory_mb?: Int;
  max_memory_mb?: Int;
  gpus?: Int;
  gpu_kind?: string;
  host_dedication_id?: string;
  persist_rootfs?: string;
  kernel_args?: string[];
}

export interface MachineMount {
  encrypted?: boolean;
  path?: string;
  size_gb?: Int;
  volume?: string;
  name?: string;
  extend_threshold_percent?: Int;
  add_size_gb?: Int;
  size_gb_limit?: Int;
}

export interface MachineMetrics {
  port?: Int;
  path?: string;
  https?: boolean;
}

export interface MachineStatic {
  guest_path: string;
  url_prefix: string;
  tigris_bucket: string;
  index_document: string;
}

export interface MachineFile {
  guest_path?: string;
  raw_value?: string;
  secret_name?: string;
  image_config?: string;
  mode?: Int;
}

export interface MachineRestart {
  policy?: "no" | "always" | "on-failure";
  max_retries?: Int;
}

export interface MachineStopConfig {
  timeout?: string;
  signal?: string;
}

export interface MachineConfig {
  env?: Record<string, string>;
  /** Always present (no omitempty in fly-go): `{}` at least. */
  init: MachineInit;
  guest?: MachineGuest;
  metadata?: Record<string, string>;
  mounts?: MachineMount[];
  services?: MachineService[];
  metrics?: MachineMetrics;
  checks?: Record<string, MachineCheck>;
  statics?: MachineStatic[];
  image?: string;
  files?: MachineFile[];
  schedule?: string;
  auto_destroy?: boolean;
  restart?: MachineRestart;
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
  /** Fields newer than fly-go v0.9.6 found in an existing Machine are kept as they are. */
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
