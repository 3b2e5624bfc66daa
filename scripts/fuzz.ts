// Fuzzing compile() and lint(): mutated corpus files (byte flips, truncation, duplicated and renamed keys, swapped
// value types, spliced fragments) and generated TOML, and JSON with __proto__ / constructor / prototype keys planted
// anywhere (as Machine JSON, as the Machine to update, as machine_config). Every case must not throw, must return
// well-formed diagnostics, and must leave Object.prototype and the other globals alone (checked after every case).
//
//   npm run fuzz                 100,000 cases (FUZZ_RUNS=n to change, FUZZ_SEED=n to replay a run)
//   FUZZ_IGNORE=regex            count (not fail on) errors whose stack matches: to look past a known bug
//
// On a failure it prints the message, saves the reproducing input to .tmp/fuzz-failure-<seed>.toml (raw bytes) with
// a .json beside it (seed, path, error), and exits 1. test/property.test.ts runs the same properties with few cases.
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import type { Diagnostic } from "../src/diagnostic.js";
import { isDeepStrictEqual } from "node:util";
import { lint } from "../src/lint/lint.js";
import { lintMachineJson } from "../src/lint/machine-lint.js";
import { FAIL, decoderFromPlan } from "../src/model/decoder-runtime.js";
import { PLAN } from "../src/model/plan.js";
import { zodModel } from "../src/model/schema.js";
import { compile } from "../src/pipeline.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// ---------------------------------------------------------------------------------------------------------------
// Seeds

/** Built-in seeds, so fuzzing works without ../shared. */
export const BUILTIN_SEEDS: readonly string[] = [
  `app = "demo"
primary_region = "ams"
kill_signal = "SIGINT"
kill_timeout = "5s"

[build]
  image = "flyio/hellofly:latest"

[env]
  PORT = "8080"
  LOG_LEVEL = "info"
  PRIMARY_REGION = "ams"

[processes]
  app = "node server.js"
  worker = "node worker.js"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 0
  processes = ["app"]
  [http_service.concurrency]
    type = "requests"
    soft_limit = 200
    hard_limit = 250

[[http_service.checks]]
  grace_period = "10s"
  interval = "30s"
  method = "GET"
  timeout = "5s"
  path = "/health"

[[vm]]
  memory = "1gb"
  cpu_kind = "shared"
  cpus = 1
`,
  `app = "tcp-app"

[[services]]
  internal_port = 5432
  protocol = "tcp"
  processes = ["app"]
  auto_stop_machines = false

  [[services.ports]]
    port = 5432
    handlers = ["pg_tls"]

  [[services.ports]]
    port = 443
    handlers = ["tls", "http"]
    [services.ports.tls_options]
      alpn = ["h2", "http/1.1"]

  [services.concurrency]
    type = "connections"
    hard_limit = 25
    soft_limit = 20

  [[services.tcp_checks]]
    interval = "15s"
    timeout = "2s"

[mounts]
  source = "data"
  destination = "/data"
  initial_size = "10gb"

[checks.alive]
  type = "http"
  port = 8080
  path = "/"
  interval = 10000

[metrics]
  port = 9091
  path = "/metrics"

[[statics]]
  guest_path = "/app/public"
  url_prefix = "/static/"

[deploy]
  strategy = "rolling"
  release_command = "bin/migrate"

[experimental]
  cmd = ["./start.sh", "--flag"]
  auto_rollback = true
`,
  `app = 'inline'
env = { A = "1", B = '2' }
http_service = { internal_port = 3000, force_https = false, concurrency = { type = "requests", hard_limit = 10 } }
vm.size = "shared-cpu-1x"
vm.memory_mb = 512
restart = [{ policy = "on-failure", retries = 3, processes = ["app"] }]
`,
];

export function loadSeeds(): string[] {
  const seeds = [...BUILTIN_SEEDS];
  for (const d of ["corpus/real", "corpus/flyctl-fixtures"]) {
    const p = resolve(root, "../shared", d);
    if (!existsSync(p)) continue;
    for (const f of readdirSync(p).sort()) if (f.endsWith(".toml")) seeds.push(readFileSync(join(p, f), "utf8"));
  }
  return seeds;
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations

const KEY_NAMES = [
  "__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "app", "processes", "services",
  "http_service", "internal_port", "ports", "port", "handlers", "vm", "memory", "cpus", "env", "checks", "mounts",
  "auto_stop_machines", "auto_start_machines", "min_machines_running", "concurrency", "type", "hard_limit", "x",
  "é", "a b", "", "0", "-1", "services.ports", "http_service.checks",
];

/** Values of every TOML type (plus some invalid and TOML 1.1-only ones). */
const VALUES = [
  '"str"', "'lit'", '""', '"""multi\nline"""', "'''raw\n'''", "0", "-1", "8080", "9007199254740993",
  "9223372036854775807", "-9223372036854775808", "99999999999999999999", "0x7fff", "0o777", "0b1010", "1_000",
  "3.14", "-0.0", "1e6", "inf", "-inf", "nan", "true", "false", "1979-05-27T07:32:00Z", "1979-05-27", "07:32:00",
  "07:32", "[]", "[1, 2]", '["a", 1]', "[[]]", "{}", "{ a = 1 }", "{ a = { b = [1] } }", "{ a = 1, }",
  '"\\u0000"', '"\\e"', '"\\uD800"', '"1gb"', '"5s"', '"-5s"', '"stop"', '"off"', '"suspend"', '"yes"',
];

/** A small slice of TOML that may or may not fit where it lands. */
const FRAGMENTS = [
  "\n[http_service]\n", "\n[[services]]\n", "\n[[services.ports]]\nport = 80\n", "\n[env]\n", "[", "]", "[[", "]]",
  "=", "\"", "'", "{", "}", ",", ".", "\n", "\r\n", "\r", "\t", "\u0000", "\ufeff", "#", "# comment\n", "\\",
  "\n[processes]\napp = \"x\"\n", "\nvm.memory = 256\n", "a.b.c = 1\n", "\n[a]\n[a]\n", "\"\"\"", "'''",
];

type Mutation =
  | { kind: "flip"; at: number; byte: number }
  | { kind: "truncate"; at: number }
  | { kind: "delete"; at: number; len: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "dupLine"; line: number }
  | { kind: "renameKey"; line: number; name: string }
  | { kind: "swapValue"; line: number; value: string }
  | { kind: "moveLine"; from: number; to: number };

// Weighted towards mutations that keep the file valid TOML, so the model and the rules see the mangled values.
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 }), fc.constantFrom(...VALUES)) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("dupLine" as const), line: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("renameKey" as const), line: fc.nat(), name: fc.constantFrom(...KEY_NAMES) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("swapValue" as const), line: fc.nat(), value: fc.constantFrom(...VALUES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("moveLine" as const), from: fc.nat(), to: fc.nat() }) },
);

const quoteKey = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
const KV = /^(\s*)([^=#[\s][^=#]*?)(\s*=\s*)(.*)$/;

function applyLineMutation(text: string, m: Extract<Mutation, { line: number } | { from: number }>): string {
  const lines = text.split("\n");
  if (lines.length === 0) return text;
  if (m.kind === "moveLine") {
    const [l] = lines.splice(m.from % lines.length, 1);
    lines.splice(m.to % (lines.length + 1), 0, l!);
    return lines.join("\n");
  }
  // Prefer key/value lines: search forward from the chosen line.
  const start = m.line % lines.length;
  for (let k = 0; k < lines.length; k++) {
    const i = (start + k) % lines.length;
    const line = lines[i]!;
    const kv = KV.exec(line);
    if (m.kind === "dupLine") {
      if (!kv && !/^\s*\[/.test(line)) continue;
      lines.splice(i, 0, line);
      return lines.join("\n");
    }
    if (!kv) continue;
    if (m.kind === "renameKey") lines[i] = `${kv[1]}${quoteKey(m.name)}${kv[3]}${kv[4]}`;
    else lines[i] = `${kv[1]}${kv[2]}${kv[3]}${m.value}`;
    return lines.join("\n");
  }
  return text;
}

export function mutate(seed: string, mutations: readonly Mutation[]): Uint8Array {
  let text = seed;
  let bytes: Uint8Array | undefined;
  for (const m of mutations) {
    if (m.kind === "flip" || m.kind === "truncate" || m.kind === "delete") {
      const b = bytes ?? Buffer.from(text, "utf8");
      if (m.kind === "flip") {
        if (b.length === 0) continue;
        const c = Uint8Array.from(b);
        c[m.at % c.length] = m.byte;
        bytes = c;
      } else if (m.kind === "truncate") bytes = b.subarray(0, b.length === 0 ? 0 : m.at % (b.length + 1));
      else {
        const at = b.length === 0 ? 0 : m.at % b.length;
        bytes = Buffer.concat([b.subarray(0, at), b.subarray(at + m.len)]);
      }
      continue;
    }
    // Text mutations work on the (lossily) decoded text once bytes were mangled; fine for fuzzing.
    if (bytes) {
      text = Buffer.from(bytes).toString("utf8");
      bytes = undefined;
    }
    if (m.kind === "insert") {
      const at = m.at % (text.length + 1);
      text = text.slice(0, at) + m.text + text.slice(at);
    } else text = applyLineMutation(text, m);
  }
  return bytes ?? Buffer.from(text, "utf8");
}

export function mutatedCorpusArb(seeds: readonly string[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
    .map(([i, ms]) => mutate(seeds[i]!, ms));
}

// ---------------------------------------------------------------------------------------------------------------
// Generated TOML: fly.toml-shaped documents built from random trees, serialized with every TOML table form.

type GenValue = { t: "raw"; v: string } | { t: "table"; entries: [string, GenValue][] } | { t: "list"; items: GenValue[] };

/** VALUES that are valid TOML 1.0, for generated documents (mutations use all of VALUES). */
const VALID_VALUES = VALUES.filter((v) => !["07:32", "{ a = 1, }", '"\\e"', '"\\uD800"', "99999999999999999999"].includes(v));

const genKey = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEY_NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
const genScalar: fc.Arbitrary<GenValue> = fc.oneof(
  fc.constantFrom(...VALID_VALUES).map((v) => ({ t: "raw" as const, v })),
  fc.string({ maxLength: 12 }).map((s) => ({ t: "raw" as const, v: JSON.stringify(s) })),
  fc.integer().map((n) => ({ t: "raw" as const, v: String(n) })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => ({ t: "raw" as const, v: String(n) })),
  fc.double().map((n) => ({ t: "raw" as const, v: Number.isFinite(n) ? (/[.e]/.test(String(n)) ? String(n) : `${n}.0`) : n > 0 ? "inf" : n < 0 ? "-inf" : "nan" })),
  fc.boolean().map((b) => ({ t: "raw" as const, v: String(b) })),
);

const { tree: genTree } = fc.letrec<{ tree: GenValue; table: GenValue; list: GenValue }>((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, genScalar, tie("table"), tie("list")),
  table: fc.uniqueArray(fc.tuple(genKey, tie("tree")), { maxLength: 5, selector: (e) => e[0] }).map((entries) => ({ t: "table" as const, entries })),
  list: fc.array(tie("tree"), { maxLength: 4 }).map((items) => ({ t: "list" as const, items })),
}));

function inline(v: GenValue): string {
  if (v.t === "raw") return v.v;
  if (v.t === "list") return `[${v.items.map(inline).join(", ")}]`;
  return `{ ${v.entries.map(([k, x]) => `${quoteKey(k)} = ${inline(x)}`).join(", ")} }`;
}

/** Serialize a root table choosing, per node, `[header]`, `[[array of tables]]`, dotted keys or inline forms. */
function serialize(root: [string, GenValue][], style: readonly number[]): string {
  let n = 0;
  const pick = () => style[n++ % Math.max(1, style.length)] ?? 0;
  const out: string[] = [];
  const emit = (path: string[], entries: [string, GenValue][]) => {
    const later: (() => void)[] = [];
    for (const [k, v] of entries) {
      const p = [...path, quoteKey(k)];
      const s = pick();
      if (v.t === "table" && s % 3 === 0) later.push(() => {
        out.push(`[${p.join(".")}]`);
        emit(p, v.entries);
      });
      else if (v.t === "list" && v.items.length > 0 && v.items.every((x) => x.t === "table") && s % 2 === 0)
        later.push(() => {
          for (const item of v.items) {
            out.push(`[[${p.join(".")}]]`);
            emit(p, (item as Extract<GenValue, { t: "table" }>).entries);
          }
        });
      else if (v.t === "table" && s % 3 === 1 && v.entries.length > 0)
        for (const [k2, v2] of v.entries) out.push(`${quoteKey(k)}.${quoteKey(k2)} = ${inline(v2)}`);
      else out.push(`${quoteKey(k)} = ${inline(v)}`);
    }
    for (const f of later) f();
  };
  emit([], root);
  return out.join(pick() % 4 === 0 ? "\r\n" : "\n") + "\n";
}

export const generatedTomlArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.uniqueArray(fc.tuple(fc.oneof(fc.constantFrom("app", "http_service", "services", "vm", "env", "processes", "checks", "mounts", "build", "deploy", "metrics", "statics", "restart", "experimental"), genKey), genTree), { maxLength: 8, selector: (e) => e[0] }),
    fc.array(fc.nat({ max: 11 }), { minLength: 1, maxLength: 16 }),
  )
  .map(([entries, style]) => serialize(entries, style));

// ---------------------------------------------------------------------------------------------------------------
// The property

function globalsSnapshot(): string {
  const protos = [
    Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype,
    Map.prototype, Set.prototype, RegExp.prototype, Promise.prototype,
  ];
  return JSON.stringify([protos.map((p) => Object.getOwnPropertyNames(p).sort()), Object.getOwnPropertyNames(globalThis).sort(), typeof JSON.parse, typeof Object.keys]);
}

/** Why these diagnostics are not well formed for the input, or "" when they are. */
export function malformed(input: string | Uint8Array, diagnostics: readonly Diagnostic[]): string {
  const text = typeof input === "string" ? input : Buffer.from(input).toString("utf8");
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  for (const d of diagnostics) {
    const s = `${d.ruleId} ${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${JSON.stringify(d.message)}`;
    if (typeof d.ruleId !== "string" || d.ruleId === "") return `no ruleId: ${s}`;
    if (typeof d.message !== "string" || d.message.trim() === "") return `no message: ${s}`;
    if (!["error", "warning", "info"].includes(d.severity)) return `bad severity: ${s}`;
    for (const n of [d.line, d.column, d.endLine, d.endColumn]) if (!Number.isSafeInteger(n) || n < 1) return `position not ≥ 1: ${s}`;
    if (d.line > lines || d.endLine > lines) return `line beyond the ${lines} lines: ${s}`;
    if (d.endLine < d.line || (d.endLine === d.line && d.endColumn < d.column)) return `end before start: ${s}`;
  }
  return "";
}

/** The shipped decoder plan's fast path, built on first use. */
let fast: ((v: unknown) => unknown) | undefined;

/** The property: throws (with a reason) when compile()/lint() misbehave on the input. */
export function checkInput(input: string | Uint8Array): void {
  const before = globalsSnapshot();
  const c = compile(input);
  let why = malformed(input, c.diagnostics);
  if (why) throw new Error(`compile(): ${why}`);
  if (c.diagnostics.some((d) => d.severity === "error") && Object.keys(c.configs).length > 0) throw new Error("compile(): errors and configs both");
  // The fast decoder is zod's success path exactly (test/fast-decode.test.ts checks more; this checks every case).
  const raw = c.analysis.doc?.value;
  if (raw !== undefined) {
    const slow = zodModel().flyToml.safeParse(raw);
    const quick = (fast ??= decoderFromPlan(PLAN))(raw);
    if (slow.success !== (quick !== FAIL)) throw new Error(`fast decoder ${quick === FAIL ? "rejects" : "accepts"} what zod ${slow.success ? "accepts" : "rejects"}`);
    if (slow.success && !isDeepStrictEqual(quick, slow.data)) throw new Error("fast decoder and zod decode differently");
  }
  const l = lint(input);
  why = malformed(input, l.diagnostics);
  if (why) throw new Error(`lint(): ${why}`);
  if (globalsSnapshot() !== before) throw new Error("a global or built-in prototype changed");
  if (({} as Record<string, unknown>).polluted !== undefined) throw new Error("Object.prototype.polluted is set");
}

export const inputArb = (seeds: readonly string[]): fc.Arbitrary<string | Uint8Array> =>
  fc.oneof({ weight: 3, arbitrary: mutatedCorpusArb(seeds) }, { weight: 1, arbitrary: generatedTomlArb });

// ---------------------------------------------------------------------------------------------------------------
// Prototype keys in JSON input (issue 9): Machine JSON, the Machine to update (compile({ machine })) and
// machine_config strings, with __proto__ / constructor / prototype keys planted anywhere in them.

const MACHINE_SEEDS: readonly unknown[] = [
  {
    id: "148e2002",
    name: "m1",
    config: {
      image: "x",
      init: { cmd: ["run"] },
      guest: { cpus: 1, memory_mb: 256, cpu_kind: "shared" },
      env: { A: "b" },
      metadata: { fly_platform_version: "v2", fly_process_group: "app" },
      services: [{ protocol: "tcp", internal_port: 8080, ports: [{ port: 80, handlers: ["http"] }], concurrency: { type: "requests" } }],
      checks: { alive: { type: "tcp", port: 8080 } },
      restart: { policy: "always" },
    },
  },
  { config: { guest: { cpus: 2 }, mounts: [{ path: "/data", volume: "v" }], containers: [{ name: "app", image: "x" }] } },
  { guest: { cpus: 1 }, env: {}, metadata: {}, init: {}, files: [{ guest_path: "/a", raw_value: "eA==" }] },
];
const PROTO_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"] as const;
const protoPayloadArb: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  { polluted: "yes" },
  { "unknown-key": "off", "autostart-type": "off", outputFile: ".git/hooks/pre-commit", polluted: "yes" },
  { prototype: { polluted: "yes" } },
  { constructor: { prototype: { polluted: "yes" } } },
  [{ polluted: "yes" }],
  "polluted",
  1,
  null,
);

/** Every object (not array) inside `v`, `v` first: where a key can be planted. */
function objectsIn(v: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(v)) for (const x of v) objectsIn(x, out);
  else if (typeof v === "object" && v !== null) {
    out.push(v as Record<string, unknown>);
    for (const k of Object.keys(v)) objectsIn((v as Record<string, unknown>)[k], out);
  }
  return out;
}

export interface ProtoCase {
  /** JSON text holding prototype keys as own keys (JSON.parse keeps `__proto__` an own key). */
  json: string;
  /** How the case is fed: as Machine JSON, as the Machine to update, or as fly.toml's machine_config. */
  as: "machine-json" | "machine" | "machine_config";
}

export const protoCaseArb: fc.Arbitrary<ProtoCase> = fc
  .record({
    base: fc.constantFrom(...MACHINE_SEEDS),
    plants: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PROTO_KEYS), protoPayloadArb), { minLength: 1, maxLength: 4 }),
    wrap: fc.constantFrom("as is", "list", "body"),
    as: fc.constantFrom<ProtoCase["as"]>("machine-json", "machine", "machine_config"),
  })
  .map(({ base, plants, wrap, as }) => {
    const v = structuredClone(base);
    for (const [n, key, payload] of plants) {
      const targets = objectsIn(v);
      // An own data property, also for "__proto__" (assignment would set the prototype of the copy instead).
      Object.defineProperty(targets[n % targets.length]!, key, { value: structuredClone(payload), enumerable: true, writable: true, configurable: true });
    }
    const wrapped = wrap === "list" ? [v] : wrap === "body" ? { config: v } : v;
    return { json: JSON.stringify(wrapped), as };
  });

const PROTO_TOML = 'app = "a"\n[[vm]]\nmemory = 512\n[env]\nX = "y"\n';

/** The property for a prototype-key case: no throw, well-formed diagnostics, Object.prototype untouched. */
export function checkProtoCase(c: ProtoCase): void {
  const before = globalsSnapshot();
  if (c.as === "machine-json") {
    const why = malformed(c.json, lintMachineJson(c.json).diagnostics);
    if (why) throw new Error(`lintMachineJson(): ${why}`);
  } else if (c.as === "machine") {
    const parsed = JSON.parse(c.json) as unknown;
    const r = compile(PROTO_TOML, { machine: Array.isArray(parsed) ? parsed[0] : parsed });
    const why = malformed(PROTO_TOML, r.diagnostics);
    if (why) throw new Error(`compile({ machine }): ${why}`);
    for (const g of r.groups) JSON.stringify(r.configs[g]);
  } else {
    const toml = `app = "a"\nmachine_config = '''${c.json}'''\n`;
    for (const r of [compile(toml), lint(toml)]) {
      const why = malformed(toml, r.diagnostics);
      if (why) throw new Error(`machine_config: ${why}`);
    }
  }
  if (globalsSnapshot() !== before) throw new Error("a global or built-in prototype changed");
  if (({} as Record<string, unknown>).polluted !== undefined) throw new Error("Object.prototype.polluted is set");
}

/** One fuzz case: fly.toml text or bytes, or a prototype-key JSON case. */
export type FuzzCase = string | Uint8Array | ProtoCase;

export const fuzzCaseArb = (seeds: readonly string[]): fc.Arbitrary<FuzzCase> =>
  fc.oneof({ weight: 4, arbitrary: inputArb(seeds) }, { weight: 1, arbitrary: protoCaseArb });

export function checkCase(c: FuzzCase): void {
  if (typeof c === "string" || c instanceof Uint8Array) checkInput(c);
  else checkProtoCase(c);
}

// ---------------------------------------------------------------------------------------------------------------
// CLI

async function runFuzz(): Promise<number> {
  const total = Number(process.env.FUZZ_RUNS ?? 100_000);
  const baseSeed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const seeds = loadSeeds();
  const chunk = 5_000;
  const arb = fuzzCaseArb(seeds);
  const ignore = process.env.FUZZ_IGNORE ? new RegExp(process.env.FUZZ_IGNORE) : undefined;
  const ignored = new Map<string, number>();
  const prop = (input: FuzzCase) => {
    try {
      checkCase(input);
    } catch (e) {
      const stack = (e as Error)?.stack ?? String(e);
      if (!ignore?.test(stack)) throw e;
      const k = stack.split("\n").slice(0, 3).join(" | ");
      ignored.set(k, (ignored.get(k) ?? 0) + 1);
    }
  };
  console.log(`flyconf fuzz: ${total} cases, ${seeds.length} seed files, base seed ${baseSeed} (FUZZ_SEED=${baseSeed} replays)`);
  const t0 = performance.now();
  let done = 0;
  for (let k = 0; done < total; k++) {
    const runs = Math.min(chunk, total - done);
    const seed = baseSeed + k;
    const r = fc.check(fc.property(arb, prop), { numRuns: runs, seed, endOnFailure: false });
    if (r.failed) {
      const found = r.counterexample?.[0] as FuzzCase | undefined;
      const input = found === undefined || typeof found === "string" || found instanceof Uint8Array ? found : `${found.as}: ${found.json}`;
      mkdirSync(join(root, ".tmp"), { recursive: true });
      const base = join(root, ".tmp", `fuzz-failure-${seed}`);
      if (input !== undefined) writeFileSync(`${base}.toml`, typeof input === "string" ? input : Buffer.from(input));
      const err = r.errorInstance as Error | undefined;
      writeFileSync(`${base}.json`, JSON.stringify({ seed, path: r.counterexamplePath, numShrinks: r.numShrinks, error: err?.stack ?? String(err) }, null, 2));
      console.error(`\nFAIL after ${done + r.numRuns} cases: ${err?.message ?? String(err)}`);
      console.error(`reproducing input: ${base}.toml (details in ${base}.json; replay with FUZZ_SEED=${seed} FUZZ_RUNS=${runs})`);
      return 1;
    }
    done += runs;
    const secs = (performance.now() - t0) / 1000;
    process.stdout.write(`  ${done}/${total} cases, ${secs.toFixed(1)} s, ${Math.round(done / secs)} cases/s\n`);
  }
  const secs = (performance.now() - t0) / 1000;
  for (const [k, n] of ignored) console.log(`ignored (FUZZ_IGNORE) ×${n}: ${k}`);
  console.log(`OK: ${done} cases, no throw, all diagnostics well formed, fast decoder equal to zod, Object.prototype and the other globals unchanged after every case (${secs.toFixed(1)} s)`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runFuzz().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
