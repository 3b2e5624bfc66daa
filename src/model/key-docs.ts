// What each fly.toml key does, written once: hover and completion in the language server, `flyconf explain KEY`
// and the descriptions of the generated JSON Schema (scripts/gen-fly-toml-schema.ts) all read this table.
// Wording follows shared/spec/fly-toml-reference.md, the Fly.io docs and flyctl's source (spec §1.5 for where each
// key lands in the Machine config).

export interface KeyDoc {
  /** What the key does. */
  text: string;
  /** What an unset key means (flyctl adds no defaults of its own for most keys: the platform's are named). */
  default?: string;
  /** Where it lands in the Machines API config, e.g. `services[].autostop`. */
  machine?: string;
  /** The values it takes, written as in TOML (strings quoted): completion offers them. */
  values?: readonly string[];
}

const K = (text: string, more: Omit<KeyDoc, "text"> = {}): KeyDoc => ({ text, ...more });

/** Signals flyctl passes through to stop_config.signal (the init accepts these names). */
export const SIGNALS = ["SIGINT", "SIGTERM", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGHUP", "SIGKILL", "SIGSTOP", "SIGABRT", "SIGALRM", "SIGPIPE", "SIGTRAP"].map((s) => JSON.stringify(s));

/** The guest presets `size` accepts (compile/guest.ts MACHINE_PRESETS; a test keeps the two equal). */
export const VM_SIZE_NAMES = [
  "shared-cpu-1x", "shared-cpu-2x", "shared-cpu-4x", "shared-cpu-6x", "shared-cpu-8x",
  "performance-1x", "performance-2x", "performance-4x", "performance-6x", "performance-8x",
  "performance-10x", "performance-12x", "performance-14x", "performance-16x",
  "a100-40gb", "a100-80gb", "l40s", "a10",
] as const;
const VM_SIZES = VM_SIZE_NAMES.map((s) => JSON.stringify(s));

/**
 * By dotted path through the document (`http_service.checks.path`): a step passes through arrays (`[[services]]`)
 * and named-check maps (`[checks.NAME]`), so `services.ports.port` is the port of every port entry.
 */
export const KEY_DOCS: Readonly<Record<string, KeyDoc>> = {
  app: K("App name; also the default <app>.fly.dev hostname. `fly -a NAME` overrides it.", { machine: "not in the config: the app the Machines are created in" }),
  primary_region: K("Region for new Machines (a region code such as \"ams\"); also set as env PRIMARY_REGION. Scope for min_machines_running.", { machine: "region of new Machines; env.PRIMARY_REGION" }),
  kill_signal: K("Signal sent first on a controlled shutdown (deploy, machine stop, autostop), e.g. \"SIGINT\" (default), \"SIGTERM\". Compiles to stop_config.signal.", { default: "\"SIGINT\" (the Machine's own default; flyctl sends nothing)", machine: "stop_config.signal", values: SIGNALS }),
  kill_timeout: K("Wait after kill_signal before forced shutdown: a duration string (\"30s\") or an integer number of seconds; default 5s, at most 300s. Compiles to stop_config.timeout.", { default: "5s (the platform's; flyctl sends nothing)", machine: "stop_config.timeout (\"30s\")" }),
  swap_size_mb: K("Enables swap of this size in MB. Compiles to init.swap_size_mb.", { machine: "init.swap_size_mb" }),
  console_command: K("Command `fly console` runs in a throwaway Machine.", { machine: "none: read by fly console only" }),
  host_dedication_id: K("Dedicated-host group; copied into guest.host_dedication_id when a [[vm]] section exists.", { machine: "guest.host_dedication_id" }),
  machine_config: K("Path (or inline JSON) of a raw Machine config merged into every Machine's config. Advanced.", { machine: "merged into every Machine config" }),
  container: K("Name of the container (multi-container Machines) that the image and fly.toml settings apply to. Advanced.", { machine: "containers[] (the named container gets the image and settings)" }),
  experimental: K("Experimental settings: cmd/entrypoint/exec overrides and flyctl feature switches.", { machine: "init (cmd, entrypoint, exec) and flyctl behaviour" }),
  "experimental.cmd": K("Overrides the image CMD: an array of strings (or one string).", { machine: "init.cmd" }),
  "experimental.entrypoint": K("Overrides the image ENTRYPOINT: an array of strings (or one string).", { machine: "init.entrypoint" }),
  "experimental.exec": K("Overrides both ENTRYPOINT and CMD: an array of strings (or one string).", { machine: "init.exec" }),
  "experimental.kill_timeout": K("Legacy: moved to the top-level kill_timeout when that is unset."),
  "experimental.metrics_port": K("Legacy: becomes [metrics] port when [metrics] is unset."),
  "experimental.metrics_path": K("Legacy: becomes [metrics] path when [metrics] is unset."),
  build: K("How the image is built or which image is deployed (build time only; not part of the Machine config).", { machine: "none: build time only, not in the Machine config" }),
  "build.builder": K("Cloud Native Buildpacks builder image (e.g. Paketo).", { machine: "none: build time only, not in the Machine config" }),
  "build.buildpacks": K("Explicit buildpacks for the builder.", { machine: "none: build time only, not in the Machine config" }),
  "build.image": K("Deploy this existing image as-is (no build).", { machine: "image (deployed as is)" }),
  "build.dockerfile": K("Alternate Dockerfile (relative path or URL); does not change the build context.", { default: "\"Dockerfile\"", machine: "none: build time only, not in the Machine config" }),
  "build.ignorefile": K("Alternate ignore file (default .dockerignore).", { default: "\".dockerignore\"", machine: "none: build time only, not in the Machine config" }),
  "build.build-target": K("Multi-stage build target; the stage must have CMD or ENTRYPOINT.", { machine: "none: build time only, not in the Machine config" }),
  "build.build_target": K("Legacy spelling of build-target (flyctl rewrites it)."),
  "build.args": K("Build-time arguments (string → string) for the Dockerfile or buildpacks; not present at runtime.", { machine: "none: build time only, not in the Machine config" }),
  deploy: K("Deployment settings: strategy, release command, timeouts.", { machine: "none: read by fly deploy, not in the Machine config" }),
  "deploy.strategy": K("\"rolling\" (default), \"immediate\", \"canary\" or \"bluegreen\".", { default: "\"rolling\"", values: ["\"rolling\"", "\"immediate\"", "\"canary\"", "\"bluegreen\""] }),
  "deploy.max_unavailable": K("Rolling deploys: ≥ 1 is a count of Machines down at once; between 0 and 1 a fraction (default 0.33).", { default: "0.33", machine: "none: read by fly deploy, not in the Machine config" }),
  "deploy.wait_timeout": K("How long to wait for a Machine to start during a deploy (duration, default \"5m\")."),
  "deploy.release_command": K("Command run in a temporary Machine with the new image before Machines are updated; a non-zero exit aborts the deploy.", { machine: "a separate release Machine: init.cmd from this command, restart policy no" }),
  "deploy.release_command_timeout": K("Time limit for the release command (duration, default \"5m\")."),
  "deploy.release_command_vm": K("Size of the release command's Machine (same keys as [[vm]]).", { machine: "guest of the release Machine" }),
  env: K("Environment variables (name → string). Values are stringified as flyctl does; names must not start with FLY_.", { machine: "env (every group), with PRIMARY_REGION added" }),
  processes: K("Process groups: name → command string. Each group gets its own Machines; without [processes] the only group is \"app\".", { default: "one group, \"app\", running the image's command", machine: "one config per group: metadata.fly_process_group, init.cmd" }),
  mount: K("Legacy alias of [[mounts]]."),
  mounts: K("Volume mounts (one table or an array of tables); at most one per process group.", { machine: "mounts[] of the groups it applies to ({name, path, …}; the volume id is filled in at deploy)" }),
  "mounts.source": K("Volume name.", { machine: "mounts[].name (the volume is looked up by name at deploy)" }),
  "mounts.destination": K("Mount path in the Machine; must not be /.", { machine: "mounts[].path" }),
  "mounts.initial_size": K("Size when the volume must be created: a size string (\"10gb\") or an integer number of GB.", { machine: "none: the size of a volume fly deploy creates" }),
  "mounts.snapshot_retention": K("Days to keep snapshots (1–60, default 5).", { default: "5", machine: "none: applied to the volume at deploy" }),
  "mounts.scheduled_snapshots": K("Daily automatic snapshots (default true).", { default: "true", machine: "none: applied to the volume at deploy" }),
  "mounts.auto_extend_size_threshold": K("Extend the volume when usage passes this percentage (50–99).", { machine: "mounts[].extend_threshold_percent" }),
  "mounts.auto_extend_size_increment": K("How much to extend by, e.g. \"1GB\" (1GB–100GB).", { machine: "mounts[].add_size_gb" }),
  "mounts.auto_extend_size_limit": K("Maximum size for auto-extension, e.g. \"100GB\" (1GB–500GB).", { machine: "mounts[].size_gb_limit" }),
  http_service: K("A single HTTP service: shorthand for a TCP service on ports 80 (http) and 443 (tls + http).", { machine: "services[]: one TCP service with ports 80 [http] and 443 [tls, http]" }),
  "http_service.internal_port": K("Port the app listens on inside the Machine (an integer).", { machine: "services[].internal_port" }),
  "http_service.force_https": K("Redirect HTTP to HTTPS.", { default: "false", machine: "services[].ports[port 80].force_https" }),
  "http_service.checks": K("HTTP health checks ([[http_service.checks]]).", { machine: "services[].checks[] (type \"http\")" }),
  "http_service.machine_checks": K("Deploy-time test Machines ([[http_service.machine_checks]]).", { machine: "none: test Machines run by fly deploy" }),
  "http_service.processes": K("Process groups that get this service; required when [processes] defines groups.", { default: "the default group only (with [processes], flyctl refuses it unset)" }),
  services: K("Services (one table or an array of tables): ports exposed through the Fly proxy.", { machine: "services[]" }),
  "services.protocol": K("\"tcp\" or \"udp\".", { values: ["\"tcp\"", "\"udp\""], machine: "services[].protocol" }),
  "services.internal_port": K("Port the app listens on inside the Machine.", { machine: "services[].internal_port" }),
  "services.processes": K("Process groups that get this service; required when [processes] defines groups.", { default: "every group (with [processes], flyctl refuses it unset)" }),
  "services.ports": K("Public ports (one table or an array of tables); at least one per service.", { machine: "services[].ports[]" }),
  "services.ports.port": K("Public port, 1–65535.", { machine: "services[].ports[].port" }),
  "services.ports.start_port": K("First port of a range (instead of port).", { machine: "services[].ports[].start_port" }),
  "services.ports.end_port": K("Last port of a range (inclusive).", { machine: "services[].ports[].end_port" }),
  "services.ports.handlers": K("Proxy handlers, e.g. [\"http\"], [\"tls\", \"http\"]; none for raw TCP and UDP.", { values: ["\"http\"", "\"tls\"", "\"pg_tls\"", "\"proxy_proto\""], machine: "services[].ports[].handlers" }),
  "services.ports.force_https": K("Redirect HTTP to HTTPS (needs the http handler).", { default: "false", machine: "services[].ports[].force_https" }),
  "services.ports.proxy_proto_options": K("PROXY protocol options: version = \"v1\" (default) or \"v2\"."),
  "services.concurrency": K("Load limits: a table (type, soft_limit, hard_limit), or the legacy \"SOFT,HARD\" string.", { machine: "services[].concurrency" }),
  "services.tcp_checks": K("TCP health checks; integer timings are milliseconds.", { machine: "services[].checks[] (type \"tcp\")" }),
  "services.http_checks": K("HTTP health checks; integer timings are milliseconds.", { machine: "services[].checks[] (type \"http\")" }),
  "services.machine_checks": K("Deploy-time test Machines.", { machine: "none: test Machines run by fly deploy" }),
  checks: K("Top-level health checks: [checks.NAME] tables, independent of routing. Integer timings are milliseconds.", { machine: "checks.NAME of each group's config" }),
  "checks.type": K("\"http\" or \"tcp\".", { values: ["\"http\"", "\"tcp\""], machine: "checks.NAME.type" }),
  "checks.port": K("Port to check (defaults to http_service.internal_port).", { machine: "checks.NAME.port" }),
  files: K("Files written into the Machine ([[files]]): guest_path plus exactly one of raw_value, local_path, secret_name.", { machine: "files[] (raw_value base64-encoded; local files read at deploy)" }),
  "files.guest_path": K("Absolute path of the file in the Machine.", { machine: "files[].guest_path" }),
  "files.raw_value": K("File content (flyctl base64-encodes it).", { machine: "files[].raw_value (base64)" }),
  "files.local_path": K("File on the deploying machine, relative to fly.toml.", { machine: "files[].raw_value (the file's content, base64, read at deploy)" }),
  "files.secret_name": K("App secret holding the base64 content.", { machine: "files[].secret_name" }),
  machine_checks: K("Deploy-time test Machines ([[machine_checks]]): a failure stops the deploy.", { machine: "none: test Machines run by fly deploy" }),
  "machine_checks.image": K("Image of the test Machine (default: the group's image)."),
  "machine_checks.command": K("Command of the test Machine.", { machine: "init.cmd of the test Machine" }),
  restart: K("Restart policies ([[restart]]).", { machine: "restart {policy, max_retries}" }),
  "restart.policy": K("\"always\", \"never\" or \"on-failure\" (platform default).", { values: ["\"always\"", "\"never\"", "\"on-failure\""], machine: "restart.policy (\"never\" becomes \"no\")" }),
  "restart.retries": K("Maximum restart attempts.", { machine: "restart.max_retries" }),
  vm: K("Machine size ([[vm]]); a [[vm]] without processes applies to every group not targeted by a more specific one.", { default: "shared-cpu-1x, 256 MB (the platform's)", machine: "guest" }),
  compute: K("Legacy alias of [[vm]]."),
  computes: K("Legacy alias of [[vm]]."),
  statics: K("Static files served by the proxy ([[statics]]).", { machine: "statics[]" }),
  "statics.guest_path": K("Directory in the image (or key prefix in the bucket).", { machine: "statics[].guest_path" }),
  "statics.url_prefix": K("URL prefix the files are served under.", { machine: "statics[].url_prefix" }),
  "statics.tigris_bucket": K("Serve from this Tigris bucket instead of the image.", { machine: "statics[].tigris_bucket" }),
  metric: K("Legacy alias of [[metrics]]."),
  metrics: K("Prometheus metrics endpoint(s) scraped by Fly (one table or an array of tables).", { machine: "metrics {port, path, https}" }),
  "metrics.port": K("Port of the metrics endpoint.", { machine: "metrics.port" }),
  "metrics.path": K("Path of the metrics endpoint, usually \"/metrics\"."),
};

/**
 * Keys that mean the same in every section where they appear (check timings, autoscaling, guest sizes); a dotted
 * key (`concurrency.type`) is relative to every property of its first name. KEY_DOCS win.
 */
export const GENERIC_KEY_DOCS: Readonly<Record<string, KeyDoc>> = {
  auto_stop_machines: K("What the proxy does with idle Machines: \"off\", \"stop\" or \"suspend\" (legacy booleans true = \"stop\", false = \"off\"). Not the strings \"true\"/\"false\".", { default: "absent from the config, which the proxy reads as \"off\"", machine: "services[].autostop: \"stop\" → true, \"off\" → false, \"suspend\" → \"suspend\"", values: ["\"stop\"", "\"suspend\"", "\"off\"", "true", "false"] }),
  auto_start_machines: K("Whether the proxy starts stopped Machines on demand: a boolean (true/false without quotes).", { default: "absent from the config, which the proxy reads as true", machine: "services[].autostart", values: ["true", "false"] }),
  min_machines_running: K("Machines kept running in the primary region when auto_stop_machines is on.", { default: "absent from the config (0)", machine: "services[].min_machines_running" }),
  concurrency: K("Load limits for the proxy.", { machine: "services[].concurrency" }),
  "concurrency.type": K("\"connections\" or \"requests\".", { default: "\"connections\"", values: ["\"connections\"", "\"requests\""], machine: "services[].concurrency.type" }),
  "concurrency.soft_limit": K("Load above which the proxy prefers other Machines (and may start stopped ones).", { machine: "services[].concurrency.soft_limit" }),
  "concurrency.hard_limit": K("Load at which the proxy stops sending traffic to a Machine.", { machine: "services[].concurrency.hard_limit" }),
  tls_options: K("TLS termination options (the tls handler / port 443).", { machine: "services[].ports[].tls_options" }),
  "tls_options.alpn": K("ALPN protocols, e.g. [\"h2\", \"http/1.1\"]."),
  "tls_options.versions": K("TLS versions, e.g. [\"TLSv1.2\", \"TLSv1.3\"]."),
  "tls_options.default_self_signed": K("Serve a self-signed certificate when none exists.", { default: "false", machine: "services[].ports[].tls_options.default_self_signed" }),
  http_options: K("HTTP handler options.", { machine: "services[].ports[].http_options" }),
  "http_options.compress": K("Compress responses.", { default: "false", machine: "services[].ports[].http_options.compress" }),
  "http_options.h2_backend": K("The app speaks HTTP/2 cleartext (h2c) with prior knowledge, e.g. gRPC.", { default: "false", machine: "services[].ports[].http_options.h2_backend" }),
  "http_options.idle_timeout": K("Idle connection timeout in seconds.", { machine: "services[].ports[].http_options.idle_timeout" }),
  "http_options.headers_read_timeout": K("Time limit in seconds to read request headers.", { machine: "services[].ports[].http_options.headers_read_timeout" }),
  "http_options.response": K("Response settings: pristine and headers.", { machine: "services[].ports[].http_options.response" }),
  "http_options.response.pristine": K("Do not add or modify Server, Via, Fly-Request-Id and Fly-Cache-Status.", { default: "false", machine: "services[].ports[].http_options.response.pristine" }),
  "http_options.response.headers": K("Response headers: name → string to set, false to strip, array of strings for several values.", { machine: "services[].ports[].http_options.response.headers" }),
  "http_options.replay_cache": K("Caches of fly-replay decisions ([[...http_options.replay_cache]])."),
  interval: K("Time between checks: a duration string (\"15s\") or an integer.", { machine: "checks…interval (Go duration)" }),
  timeout: K("Time limit for one check: a duration string (\"2s\") or an integer.", { machine: "checks…timeout (Go duration)" }),
  grace_period: K("Time after start before checks count: a duration string (\"10s\") or an integer.", { machine: "checks…grace_period (Go duration)" }),
  method: K("HTTP method, default GET.", { default: "\"GET\"", values: ["\"GET\"", "\"HEAD\"", "\"POST\""] }),
  path: K("HTTP path to request, e.g. \"/healthz\"."),
  protocol: K("\"http\" (default) or \"https\".", { default: "\"http\"", values: ["\"http\"", "\"https\""] }),
  tls_skip_verify: K("Skip TLS certificate verification.", { default: "false", machine: "checks…tls_skip_verify" }),
  tls_server_name: K("TLS server name (SNI) to use.", { machine: "checks…tls_server_name" }),
  headers: K("Request headers: name → value.", { machine: "checks…headers (name → [value])" }),
  size: K("Machine size preset, e.g. \"shared-cpu-1x\", \"performance-2x\".", { default: "\"shared-cpu-1x\"", machine: "guest (cpu_kind, cpus, memory_mb of the preset)", values: VM_SIZES }),
  memory: K("Memory: a size string (\"1gb\", \"512mb\") or an integer number of MB.", { machine: "guest.memory_mb" }),
  memory_mb: K("Memory in MB.", { machine: "guest.memory_mb" }),
  cpus: K("Number of CPUs.", { machine: "guest.cpus" }),
  cpu_kind: K("\"shared\" or \"performance\".", { values: ["\"shared\"", "\"performance\""], machine: "guest.cpu_kind" }),
  gpus: K("Number of GPUs.", { machine: "guest.gpus" }),
  gpu_kind: K("GPU kind, e.g. \"a10\", \"l40s\"."),
  kernel_args: K("Extra kernel parameters.", { machine: "guest.kernel_args" }),
  persist_rootfs: K("\"never\", \"restart\" or \"always\".", { values: ["\"never\"", "\"restart\"", "\"always\""], machine: "guest.persist_rootfs" }),
  processes: K("Process groups this applies to (names from [processes]); unset means every group.", { default: "every group" }),
};

/** Legacy spellings flyctl still reads (and rewrites): documented, never offered by completion. */
const LEGACY = new Set(["mount", "compute", "computes", "metric", "experimental.kill_timeout", "experimental.metrics_port", "experimental.metrics_path", "build.build_target"]);
export function isLegacyKey(docPath: readonly string[]): boolean {
  return LEGACY.has(docPath.join("."));
}

/**
 * The documentation of the key at `docPath` (property names only, no indexes or map keys): exact first, then generic.
 */
export function keyDocAt(docPath: readonly string[]): KeyDoc | undefined {
  const exact = KEY_DOCS[docPath.join(".")];
  if (exact) return exact;
  for (let k = Math.min(3, docPath.length); k >= 1; k--) {
    const g = GENERIC_KEY_DOCS[docPath.slice(docPath.length - k).join(".")];
    if (g) return g;
  }
  return undefined;
}

/** One paragraph of plain text (JSON Schema descriptions, completion details). */
export function keyDocText(d: KeyDoc): string {
  let s = d.text;
  if (d.default) s += ` Unset: ${d.default}.`;
  if (d.machine) s += ` Machine config: ${d.machine}.`;
  return s;
}
