// The keys the Machines API config knows at each level (fly-go v0.9.6 json tags; the same lists as
// schemas/machine-config.schema.json, which a test holds equal). Used to report unknown keys with "did you mean".
export interface KeyNode {
  /** Keys known at this level. */
  keys: readonly string[];
  /** Children: an object under the key, or the items of a list (or the values of a map) under the key. */
  child?: Readonly<Record<string, KeyNode>>;
  /** The values of a free-form map are each this node (checks by name). */
  values?: KeyNode;
  /** A list whose items are each this node. */
  items?: KeyNode;
}

const obj = (keys: readonly string[], child?: Record<string, KeyNode>): KeyNode => (child ? { keys, child } : { keys });
const listOf = (n: KeyNode): KeyNode => ({ keys: [], items: n });
const mapOf = (n: KeyNode): KeyNode => ({ keys: [], values: n });

const header = obj(["name", "values"]);
const serviceCheck = obj(["type", "port", "interval", "timeout", "grace_period", "method", "path", "protocol", "tls_skip_verify", "tls_server_name", "headers"], { headers: listOf(header) });
const machineCheck = obj([...serviceCheck.keys, "kind"], serviceCheck.child);
const port = obj(["port", "start_port", "end_port", "handlers", "force_https", "tls_options", "http_options", "proxy_proto_options"], {
  tls_options: obj(["alpn", "versions", "default_self_signed"]),
  http_options: obj(["compress", "response", "h2_backend", "idle_timeout", "headers_read_timeout", "replay_cache"], {
    response: obj(["headers", "pristine"]),
    replay_cache: listOf(obj(["path_prefix", "ttl_seconds", "type", "name", "allow_bypass"])),
  }),
  proxy_proto_options: obj(["version"]),
});
const service = obj(["protocol", "internal_port", "autostop", "autostart", "min_machines_running", "ports", "checks", "concurrency", "force_instance_key", "force_instance_description"], {
  ports: listOf(port),
  checks: listOf(serviceCheck),
  concurrency: obj(["type", "soft_limit", "hard_limit"]),
});

/**
 * The config object. Free-form parts (env, metadata, containers, volumes, rootfs, cache_drive, spot) are not checked.
 */
export const CONFIG_KEYS: KeyNode = obj(
  ["image", "env", "init", "guest", "metadata", "mounts", "services", "metrics", "checks", "statics", "files", "schedule", "auto_destroy", "restart", "dns", "processes", "standbys", "stop_config", "containers", "volumes", "rootfs", "cache_drive", "spot", "size", "disable_machine_autostart"],
  {
    init: obj(["exec", "entrypoint", "cmd", "tty", "swap_size_mb", "kernel_args"]),
    guest: obj(["cpu_kind", "cpus", "memory_mb", "max_memory_mb", "gpus", "gpu_kind", "host_dedication_id", "persist_rootfs", "kernel_args"]),
    mounts: listOf(obj(["volume", "path", "name", "encrypted", "size_gb", "extend_threshold_percent", "add_size_gb", "size_gb_limit"])),
    services: listOf(service),
    metrics: obj(["port", "path", "https"]),
    checks: mapOf(machineCheck),
    statics: listOf(obj(["guest_path", "url_prefix", "tigris_bucket", "index_document"])),
    files: listOf(obj(["guest_path", "raw_value", "secret_name", "image_config", "mode"])),
    restart: obj(["policy", "max_retries"]),
    dns: obj(["skip_registration", "nameservers", "searches", "options", "dns_forward_rules", "hostname", "hostname_fqdn"]),
    processes: listOf(obj(["exec", "entrypoint", "cmd", "env", "user", "ignore_app_secrets", "secrets", "env_from"])),
    stop_config: obj(["timeout", "signal"]),
  },
);
