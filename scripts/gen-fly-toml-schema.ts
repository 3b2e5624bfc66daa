// Generates schemas/fly-toml.schema.json from the zod model (src/model/schema.ts), for editors (taplo, Even Better
// TOML) and other JSON Schema tools. Run: `npx tsx scripts/gen-fly-toml-schema.ts` (writes the file), or with
// `--check` (exits 1 when the committed file is stale).
//
// The schema describes RAW fly.toml input, legacy forms included (the model accepts them): `auto_stop_machines = true`,
// a single `[mounts]` table, `concurrency = "20,25"`, numeric-string ports in `[[services]]`, and so on. Objects stay
// open: flyctl ignores unknown keys, and flyconf's linter (not the schema) warns about them.
//
// Leaf decoders in the model are opaque transforms (`z.any().transform(...)`), which zod renders as `{}`; the
// override below swaps in the JSON Schema fragment each leaf registered in `jsonSchemaHints`, and renders `goMap`
// schemas (free-form keys, decoded values) as an object whose additionalProperties is the value schema.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as z from "zod";
import { jsonSchemaHints } from "../src/model/leaf.js";
import { rawFlyToml } from "../src/model/schema.js";
import { mapValueSchemas } from "../src/model/shapes.js";

export const SCHEMA_ID = "https://flyconf.dev/schemas/fly-toml.schema.json";
export const schemaPath = resolve(dirname(fileURLToPath(import.meta.url)), "../schemas/fly-toml.schema.json");

type Json = Record<string, unknown>;

/**
 * Editor hover text, keyed by a dotted key path through the TOML document (`http_service.checks.path`). A path step
 * passes through arrays (`[[services]]`) and one-or-many unions by itself, so `services.ports.port` reaches the
 * `port` of every port entry. Wording follows shared/spec/fly-toml-reference.md and the Fly.io docs.
 */
const DESCRIPTIONS: Record<string, string> = {
  app: "App name; also the default <app>.fly.dev hostname. `fly -a NAME` overrides it.",
  primary_region: "Region for new Machines (a region code such as \"ams\"); also set as env PRIMARY_REGION. Scope for min_machines_running.",
  kill_signal: "Signal sent first on a controlled shutdown (deploy, machine stop, autostop), e.g. \"SIGINT\" (default), \"SIGTERM\". Compiles to stop_config.signal.",
  kill_timeout: "Wait after kill_signal before forced shutdown: a duration string (\"30s\") or an integer number of seconds; default 5s, at most 300s. Compiles to stop_config.timeout.",
  swap_size_mb: "Enables swap of this size in MB. Compiles to init.swap_size_mb.",
  console_command: "Command `fly console` runs in a throwaway Machine.",
  host_dedication_id: "Dedicated-host group; copied into guest.host_dedication_id when a [[vm]] section exists.",
  machine_config: "Path (or inline JSON) of a raw Machine config merged into every Machine's config. Advanced.",
  container: "Name of the container (multi-container Machines) that the image and fly.toml settings apply to. Advanced.",
  experimental: "Experimental settings: cmd/entrypoint/exec overrides and flyctl feature switches.",
  "experimental.cmd": "Overrides the image CMD: an array of strings (or one string).",
  "experimental.entrypoint": "Overrides the image ENTRYPOINT: an array of strings (or one string).",
  "experimental.exec": "Overrides both ENTRYPOINT and CMD: an array of strings (or one string).",
  "experimental.kill_timeout": "Legacy: moved to the top-level kill_timeout when that is unset.",
  "experimental.metrics_port": "Legacy: becomes [metrics] port when [metrics] is unset.",
  "experimental.metrics_path": "Legacy: becomes [metrics] path when [metrics] is unset.",
  build: "How the image is built or which image is deployed (build time only; not part of the Machine config).",
  "build.builder": "Cloud Native Buildpacks builder image (e.g. Paketo).",
  "build.buildpacks": "Explicit buildpacks for the builder.",
  "build.image": "Deploy this existing image as-is (no build).",
  "build.dockerfile": "Alternate Dockerfile (relative path or URL); does not change the build context.",
  "build.ignorefile": "Alternate ignore file (default .dockerignore).",
  "build.build-target": "Multi-stage build target; the stage must have CMD or ENTRYPOINT.",
  "build.build_target": "Legacy spelling of build-target (flyctl rewrites it).",
  "build.args": "Build-time arguments (string → string) for the Dockerfile or buildpacks; not present at runtime.",
  deploy: "Deployment settings: strategy, release command, timeouts.",
  "deploy.strategy": "\"rolling\" (default), \"immediate\", \"canary\" or \"bluegreen\".",
  "deploy.max_unavailable": "Rolling deploys: ≥ 1 is a count of Machines down at once; between 0 and 1 a fraction (default 0.33).",
  "deploy.wait_timeout": "How long to wait for a Machine to start during a deploy (duration, default \"5m\").",
  "deploy.release_command": "Command run in a temporary Machine with the new image before Machines are updated; a non-zero exit aborts the deploy.",
  "deploy.release_command_timeout": "Time limit for the release command (duration, default \"5m\").",
  "deploy.release_command_vm": "Size of the release command's Machine (same keys as [[vm]]).",
  env: "Environment variables (name → string). Values are stringified as flyctl does; names must not start with FLY_.",
  processes: "Process groups: name → command string. Each group gets its own Machines; without [processes] the only group is \"app\".",
  mount: "Legacy alias of [[mounts]].",
  mounts: "Volume mounts (one table or an array of tables); at most one per process group.",
  "mounts.source": "Volume name.",
  "mounts.destination": "Mount path in the Machine; must not be /.",
  "mounts.initial_size": "Size when the volume must be created: a size string (\"10gb\") or an integer number of GB.",
  "mounts.snapshot_retention": "Days to keep snapshots (1–60, default 5).",
  "mounts.scheduled_snapshots": "Daily automatic snapshots (default true).",
  "mounts.auto_extend_size_threshold": "Extend the volume when usage passes this percentage (50–99).",
  "mounts.auto_extend_size_increment": "How much to extend by, e.g. \"1GB\" (1GB–100GB).",
  "mounts.auto_extend_size_limit": "Maximum size for auto-extension, e.g. \"100GB\" (1GB–500GB).",
  http_service: "A single HTTP service: shorthand for a TCP service on ports 80 (http) and 443 (tls + http).",
  "http_service.internal_port": "Port the app listens on inside the Machine (an integer).",
  "http_service.force_https": "Redirect HTTP to HTTPS.",
  "http_service.checks": "HTTP health checks ([[http_service.checks]]).",
  "http_service.machine_checks": "Deploy-time test Machines ([[http_service.machine_checks]]).",
  "http_service.processes": "Process groups that get this service; required when [processes] defines groups.",
  services: "Services (one table or an array of tables): ports exposed through the Fly proxy.",
  "services.protocol": "\"tcp\" or \"udp\".",
  "services.internal_port": "Port the app listens on inside the Machine.",
  "services.processes": "Process groups that get this service; required when [processes] defines groups.",
  "services.ports": "Public ports (one table or an array of tables); at least one per service.",
  "services.ports.port": "Public port, 1–65535.",
  "services.ports.start_port": "First port of a range (instead of port).",
  "services.ports.end_port": "Last port of a range (inclusive).",
  "services.ports.handlers": "Proxy handlers, e.g. [\"http\"], [\"tls\", \"http\"]; none for raw TCP and UDP.",
  "services.ports.force_https": "Redirect HTTP to HTTPS (needs the http handler).",
  "services.ports.proxy_proto_options": "PROXY protocol options: version = \"v1\" (default) or \"v2\".",
  "services.concurrency": "Load limits: a table (type, soft_limit, hard_limit), or the legacy \"SOFT,HARD\" string.",
  "services.tcp_checks": "TCP health checks; integer timings are milliseconds.",
  "services.http_checks": "HTTP health checks; integer timings are milliseconds.",
  "services.machine_checks": "Deploy-time test Machines.",
  checks: "Top-level health checks: [checks.NAME] tables, independent of routing. Integer timings are milliseconds.",
  "checks.type": "\"http\" or \"tcp\".",
  "checks.port": "Port to check (defaults to http_service.internal_port).",
  files: "Files written into the Machine ([[files]]): guest_path plus exactly one of raw_value, local_path, secret_name.",
  "files.guest_path": "Absolute path of the file in the Machine.",
  "files.raw_value": "File content (flyctl base64-encodes it).",
  "files.local_path": "File on the deploying machine, relative to fly.toml.",
  "files.secret_name": "App secret holding the base64 content.",
  machine_checks: "Deploy-time test Machines ([[machine_checks]]): a failure stops the deploy.",
  "machine_checks.image": "Image of the test Machine (default: the group's image).",
  "machine_checks.command": "Command of the test Machine.",
  restart: "Restart policies ([[restart]]).",
  "restart.policy": "\"always\", \"never\" or \"on-failure\" (platform default).",
  "restart.retries": "Maximum restart attempts.",
  vm: "Machine size ([[vm]]); a [[vm]] without processes applies to every group not targeted by a more specific one.",
  compute: "Legacy alias of [[vm]].",
  computes: "Legacy alias of [[vm]].",
  statics: "Static files served by the proxy ([[statics]]).",
  "statics.guest_path": "Directory in the image (or key prefix in the bucket).",
  "statics.url_prefix": "URL prefix the files are served under.",
  "statics.tigris_bucket": "Serve from this Tigris bucket instead of the image.",
  metric: "Legacy alias of [[metrics]].",
  metrics: "Prometheus metrics endpoint(s) scraped by Fly (one table or an array of tables).",
  "metrics.port": "Port of the metrics endpoint.",
  "metrics.path": "Path of the metrics endpoint, usually \"/metrics\".",
};

/**
 * Keys that mean the same in every section where they appear (check timings, autoscaling, guest sizes), applied
 * first; a dotted key (`concurrency.type`) is relative to every property of its first name. DESCRIPTIONS win.
 */
const GENERIC: Record<string, string> = {
  auto_stop_machines: "What the proxy does with idle Machines: \"off\", \"stop\" or \"suspend\" (legacy booleans true = \"stop\", false = \"off\"). Not the strings \"true\"/\"false\".",
  auto_start_machines: "Whether the proxy starts stopped Machines on demand: a boolean (true/false without quotes).",
  min_machines_running: "Machines kept running in the primary region when auto_stop_machines is on.",
  concurrency: "Load limits for the proxy.",
  "concurrency.type": "\"connections\" or \"requests\".",
  "concurrency.soft_limit": "Load above which the proxy prefers other Machines (and may start stopped ones).",
  "concurrency.hard_limit": "Load at which the proxy stops sending traffic to a Machine.",
  tls_options: "TLS termination options (the tls handler / port 443).",
  "tls_options.alpn": "ALPN protocols, e.g. [\"h2\", \"http/1.1\"].",
  "tls_options.versions": "TLS versions, e.g. [\"TLSv1.2\", \"TLSv1.3\"].",
  "tls_options.default_self_signed": "Serve a self-signed certificate when none exists.",
  http_options: "HTTP handler options.",
  "http_options.compress": "Compress responses.",
  "http_options.h2_backend": "The app speaks HTTP/2 cleartext (h2c) with prior knowledge, e.g. gRPC.",
  "http_options.idle_timeout": "Idle connection timeout in seconds.",
  "http_options.headers_read_timeout": "Time limit in seconds to read request headers.",
  "http_options.response": "Response settings: pristine and headers.",
  "http_options.response.pristine": "Do not add or modify Server, Via, Fly-Request-Id and Fly-Cache-Status.",
  "http_options.response.headers": "Response headers: name → string to set, false to strip, array of strings for several values.",
  "http_options.replay_cache": "Caches of fly-replay decisions ([[...http_options.replay_cache]]).",
  interval: "Time between checks: a duration string (\"15s\") or an integer.",
  timeout: "Time limit for one check: a duration string (\"2s\") or an integer.",
  grace_period: "Time after start before checks count: a duration string (\"10s\") or an integer.",
  method: "HTTP method, default GET.",
  path: "HTTP path to request, e.g. \"/healthz\".",
  protocol: "\"http\" (default) or \"https\".",
  tls_skip_verify: "Skip TLS certificate verification.",
  tls_server_name: "TLS server name (SNI) to use.",
  headers: "Request headers: name → value.",
  size: "Machine size preset, e.g. \"shared-cpu-1x\", \"performance-2x\".",
  memory: "Memory: a size string (\"1gb\", \"512mb\") or an integer number of MB.",
  memory_mb: "Memory in MB.",
  cpus: "Number of CPUs.",
  cpu_kind: "\"shared\" or \"performance\".",
  gpus: "Number of GPUs.",
  gpu_kind: "GPU kind, e.g. \"a10\", \"l40s\".",
  kernel_args: "Extra kernel parameters.",
  persist_rootfs: "\"never\", \"restart\" or \"always\".",
  processes: "Process groups this applies to (names from [processes]); unset means every group.",
};

const OPTIONS = {
  io: "input",
  target: "draft-7",
  unrepresentable: "any",
  override: (ctx: { zodSchema: unknown; jsonSchema: Json }) => overrideLeaf(ctx.zodSchema as z.ZodType, ctx.jsonSchema),
} as const;

function overrideLeaf(schema: z.ZodType, json: Json): void {
  const hint = jsonSchemaHints.get(schema);
  const mapValue = mapValueSchemas.get(schema);
  if (hint === undefined && mapValue === undefined) return;
  for (const k of Object.keys(json)) delete json[k];
  if (hint !== undefined) Object.assign(json, durationFixed(schema, structuredClone(hint)));
  else Object.assign(json, { type: "object", additionalProperties: bodyOf(mapValue!) });
}

/** Go's time.ParseDuration grammar exactly ("5.s", "+0" and ".5s" are valid; "1s+2s" and "5" are not). */
const GO_DURATION = "^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$";

/**
 * Duration leaves: the hint's pattern is replaced by the exact grammar, and where the decoder takes `""` (flyctl's
 * castDuration: empty means unset) the pattern allows it too, so no file flyctl accepts is flagged.
 */
function durationFixed(schema: z.ZodType, hint: Json): Json {
  const branches = Array.isArray(hint.anyOf) ? (hint.anyOf as Json[]) : [hint];
  for (const b of branches) {
    if (b.type !== "string" || typeof b.pattern !== "string" || !b.pattern.includes("(ns|us|")) continue;
    b.pattern = schema.safeParse("").success ? `^$|${GO_DURATION}` : GO_DURATION;
  }
  return hint;
}

function bodyOf(schema: z.ZodType): Json {
  const { $schema: _s, ...body } = z.toJSONSchema(schema, OPTIONS) as Json;
  return body;
}

/** Every object schema under `node` that (through anyOf/oneOf/allOf/items) has a property `key`. */
function propertyHolders(node: unknown, out: Json[] = []): Json[] {
  if (typeof node !== "object" || node === null) return out;
  const n = node as Json;
  if (n.properties && typeof n.properties === "object") out.push(n);
  for (const k of ["anyOf", "oneOf", "allOf"]) if (Array.isArray(n[k])) for (const b of n[k] as unknown[]) propertyHolders(b, out);
  if (n.items) propertyHolders(n.items, out);
  if (n.additionalProperties && typeof n.additionalProperties === "object") propertyHolders(n.additionalProperties, out);
  return out;
}

function describeAt(root: Json, path: string, text: string): number {
  let nodes: unknown[] = [root];
  const steps = path.split(".");
  for (const step of steps) {
    const next: unknown[] = [];
    for (const n of nodes) for (const h of propertyHolders(n)) {
      const p = (h.properties as Json)[step];
      if (p !== undefined) next.push(p);
    }
    nodes = next;
  }
  for (const n of nodes) (n as Json).description = text;
  return nodes.length;
}

const KEYWORD_ORDER = [
  "$schema",
  "$id",
  "title",
  "description",
  "type",
  "enum",
  "const",
  "pattern",
  "minimum",
  "maximum",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "oneOf",
  "allOf",
];

/** Stable keyword order in every schema object; property maps keep the model's order (app first, as in fly.toml). */
function normalize(node: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((x) => normalize(x));
  if (typeof node !== "object" || node === null) return node;
  const n = node as Json;
  const keys = Object.keys(n);
  if (!isPropertyMap) {
    const rank = (k: string) => {
      const i = KEYWORD_ORDER.indexOf(k);
      return i < 0 ? KEYWORD_ORDER.length : i;
    };
    keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  const out: Json = {};
  for (const k of keys) out[k] = isPropertyMap ? normalize(n[k]) : k === "properties" || k === "definitions" ? normalize(n[k], true) : k === "enum" || k === "required" ? n[k] : normalize(n[k]);
  return out;
}

/** The schema as a plain object. */
export function buildFlyTomlSchema(): Json {
  const body = bodyOf(rawFlyToml);
  for (const [path, text] of Object.entries(GENERIC)) {
    const [head, ...rest] = path.split(".");
    let n = 0;
    for (const holder of collectProperty(body, head!)) n += rest.length ? describeAt(holder, rest.join("."), text) : ((holder.description = text), 1);
    if (n === 0) throw new Error(`GENERIC description ${path} matches nothing in the model`);
  }
  for (const [path, text] of Object.entries(DESCRIPTIONS)) {
    if (describeAt(body, path, text) === 0) throw new Error(`description path ${path} matches nothing in the model`);
  }
  return normalize({
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: SCHEMA_ID,
    title: "fly.toml (Fly.io app configuration)",
    description:
      "Fly.io app configuration as flyctl reads it, legacy forms included. Generated by flyconf from its fly.toml model " +
      "(scripts/gen-fly-toml-schema.ts); unknown keys are allowed, as flyctl ignores them. Run `flyconf lint` for the checks a schema cannot express.",
    ...body,
  }) as Json;
}

function collectProperty(node: unknown, key: string, out: Json[] = []): Json[] {
  if (Array.isArray(node)) {
    for (const x of node) collectProperty(x, key, out);
    return out;
  }
  if (typeof node !== "object" || node === null) return out;
  const n = node as Json;
  if (n.properties && typeof n.properties === "object") {
    const props = n.properties as Json;
    if (props[key] && typeof props[key] === "object") out.push(props[key] as Json);
    for (const v of Object.values(props)) collectProperty(v, key, out);
  }
  for (const k of ["anyOf", "oneOf", "allOf", "items", "additionalProperties"]) if (n[k] !== undefined) collectProperty(n[k], key, out);
  return out;
}

/** The file's exact text: 2-space JSON and a final newline. */
export function generateFlyTomlSchema(): string {
  return `${JSON.stringify(buildFlyTomlSchema(), null, 2)}\n`;
}

function main(argv: string[]): number {
  const text = generateFlyTomlSchema();
  if (argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(schemaPath, "utf8");
    } catch {
      /* missing counts as stale */
    }
    if (current === text) return 0;
    process.stderr.write(`${schemaPath} is stale: run npx tsx scripts/gen-fly-toml-schema.ts\n`);
    return 1;
  }
  writeFileSync(schemaPath, text);
  process.stdout.write(`wrote ${schemaPath}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
