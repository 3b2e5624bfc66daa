// Tests for schemas/machine-config.schema.json and schemas/machine.schema.json.
// The schemas are compiled directly with ajv here (not the generated standalone modules), so the tests do not
// depend on `node scripts/build-validators.mjs` having been run.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const shared = path.resolve(projectRoot, "../shared");
const conformanceDir = path.join(shared, "conformance", "flyctl");
const validDir = path.join(projectRoot, "fixtures", "machine-json", "valid");
const invalidDir = path.join(projectRoot, "fixtures", "machine-json", "invalid");

const MACHINE_CONFIG_ID = "https://flyconf.dev/schemas/machine-config.schema.json";
const MACHINE_ID = "https://flyconf.dev/schemas/machine.schema.json";

type SchemaName = "machine-config" | "machine";

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8")) as unknown;
}

const machineConfigSchema = readJson(path.join(projectRoot, "schemas", "machine-config.schema.json")) as Record<
  string,
  unknown
>;
const machineSchema = readJson(path.join(projectRoot, "schemas", "machine.schema.json")) as Record<string, unknown>;

function makeAjv(): Ajv {
  // strict: true so that typos in keywords or schema mistakes fail loudly here.
  const ajv = new Ajv({ allErrors: true, strict: true });
  ajv.addSchema(machineConfigSchema);
  ajv.addSchema(machineSchema);
  return ajv;
}

const ajv = makeAjv();

function validator(id: string): ValidateFunction {
  const v = ajv.getSchema(id);
  if (!v) throw new Error(`schema ${id} not found`);
  return v;
}

const validators: Record<SchemaName, ValidateFunction> = {
  "machine-config": validator(MACHINE_CONFIG_ID),
  machine: validator(MACHINE_ID),
};

function run(schema: SchemaName, data: unknown): { ok: boolean; errors: ErrorObject[] } {
  const v = validators[schema];
  const ok = v(data);
  return { ok, errors: v.errors ? [...v.errors] : [] };
}

function describeErrors(errors: ErrorObject[]): string {
  return errors.map((e) => `${e.instancePath || "/"} ${e.keyword}: ${e.message ?? ""}`).join("\n");
}

/** A service with one field replaced, wrapped in a minimal config. */
function configWithService(patch: Record<string, unknown>): unknown {
  return {
    init: {},
    services: [
      {
        protocol: "tcp",
        internal_port: 8080,
        ports: [{ port: 443, handlers: ["tls", "http"] }],
        force_instance_key: null,
        ...patch,
      },
    ],
  };
}

describe("machine schemas: structure", () => {
  it("are draft-07 schemas with the expected $id and compile in ajv strict mode", () => {
    expect(machineConfigSchema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(machineConfigSchema.$id).toBe(MACHINE_CONFIG_ID);
    expect(machineSchema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(machineSchema.$id).toBe(MACHINE_ID);
    expect(() => makeAjv().compile({ $ref: MACHINE_ID })).not.toThrow();
  });

  it("machine.config references machine-config by $id", () => {
    const props = machineSchema.properties as Record<string, { $ref?: string }>;
    expect(props.config?.$ref).toBe(MACHINE_CONFIG_ID);
  });

  it("accepts the minimal config flyctl can emit ({init: {}}) and an empty object", () => {
    expect(run("machine-config", { init: {} }).ok).toBe(true);
    expect(run("machine-config", {}).ok).toBe(true);
  });

  it("rejects a non-object config", () => {
    expect(run("machine-config", []).ok).toBe(false);
    expect(run("machine-config", "config").ok).toBe(false);
    expect(run("machine", { config: 5 }).ok).toBe(false);
  });

  it("does not reject unknown fields (real GET responses carry fields the schema does not list)", () => {
    const data = {
      init: {},
      brand_new_top_level: { x: 1 },
      guest: { cpu_kind: "shared", cpus: 1, memory_mb: 256, new_guest_field: true },
      services: [
        {
          protocol: "tcp",
          internal_port: 8080,
          new_service_field: "x",
          ports: [{ port: 80, handlers: ["http"], new_port_field: 1, http_options: { new_opt: 2 } }],
          checks: [{ type: "tcp", new_check_field: [] }],
          concurrency: { type: "requests", new_limit: 7 },
        },
      ],
      checks: { c: { type: "http", path: "/", new_field: null } },
      restart: { policy: "on-failure", gpu_bid_price: 1.5 },
    };
    const r = run("machine-config", data);
    expect(r.ok, describeErrors(r.errors)).toBe(true);
    expect(run("machine", { id: "x", unknown: 1, config: data }).ok).toBe(true);
  });
});

describe("machine-config: constrained values", () => {
  it.each([false, true, "off", "stop", "suspend"])("autostop accepts %j", (autostop) => {
    expect(run("machine-config", configWithService({ autostop })).ok).toBe(true);
  });

  it.each(["on", "true", "false", "Stop", "", 0, 1, null, ["stop"]])("autostop rejects %j", (autostop) => {
    const r = run("machine-config", configWithService({ autostop }));
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.instancePath)).toEqual(["/services/0/autostop"]);
  });

  it.each([true, false])("autostart accepts %j", (autostart) => {
    expect(run("machine-config", configWithService({ autostart })).ok).toBe(true);
  });

  it.each(["true", "false", 1, 0, null])("autostart rejects %j", (autostart) => {
    const r = run("machine-config", configWithService({ autostart }));
    expect(r.ok).toBe(false);
    expect(r.errors[0]?.instancePath).toBe("/services/0/autostart");
  });

  it("min_machines_running accepts 0 and positive integers only", () => {
    expect(run("machine-config", configWithService({ min_machines_running: 0 })).ok).toBe(true);
    expect(run("machine-config", configWithService({ min_machines_running: 3 })).ok).toBe(true);
    expect(run("machine-config", configWithService({ min_machines_running: -1 })).ok).toBe(false);
    expect(run("machine-config", configWithService({ min_machines_running: "1" })).ok).toBe(false);
  });

  it("force_instance_key is a string or null", () => {
    expect(run("machine-config", configWithService({ force_instance_key: null })).ok).toBe(true);
    expect(run("machine-config", configWithService({ force_instance_key: "3d8d413b29d089" })).ok).toBe(true);
    expect(run("machine-config", configWithService({ force_instance_key: 1 })).ok).toBe(false);
  });

  it.each([1, 80, 65535])("port %j is accepted for port/start_port/end_port/internal_port", (port) => {
    const r = run(
      "machine-config",
      configWithService({ internal_port: port, ports: [{ port }, { start_port: port, end_port: port }] }),
    );
    expect(r.ok, describeErrors(r.errors)).toBe(true);
  });

  it.each([0, -1, 65536, 70000, 80.5, "80"])("port %j is rejected", (port) => {
    for (const key of ["port", "start_port", "end_port"]) {
      const r = run("machine-config", configWithService({ ports: [{ [key]: port }] }));
      expect(r.ok).toBe(false);
      expect(new Set(r.errors.map((e) => e.instancePath))).toEqual(new Set([`/services/0/ports/0/${key}`]));
    }
    const r = run("machine-config", configWithService({ internal_port: port }));
    expect(r.ok).toBe(false);
    expect(r.errors[0]?.instancePath).toBe("/services/0/internal_port");
  });

  it.each(["http", "tls", "pg_tls", "proxy_proto", "edge_http"])("handler %j is accepted", (h) => {
    expect(run("machine-config", configWithService({ ports: [{ port: 443, handlers: [h] }] })).ok).toBe(true);
  });

  it.each(["https", "tcp", "udp", "HTTP", "h2"])("handler %j is rejected", (h) => {
    const r = run("machine-config", configWithService({ ports: [{ port: 443, handlers: ["tls", h] }] }));
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => e.instancePath)).toEqual(["/services/0/ports/0/handlers/1"]);
  });

  it("restart policy is no/always/on-failure/spot-price; max_retries is an integer >= 0", () => {
    for (const policy of ["no", "always", "on-failure", "spot-price"]) {
      expect(run("machine-config", { restart: { policy, max_retries: 0 } }).ok).toBe(true);
    }
    for (const policy of ["never", "on-fail", "", "Always"]) {
      const r = run("machine-config", { restart: { policy } });
      expect(r.ok).toBe(false);
      expect(r.errors[0]?.instancePath).toBe("/restart/policy");
    }
    expect(run("machine-config", { restart: { max_retries: -1 } }).ok).toBe(false);
    expect(run("machine-config", { restart: { max_retries: 1.5 } }).ok).toBe(false);
  });

  it("enumerated strings: protocol, concurrency type, check type/kind/protocol, cpu_kind, persist_rootfs", () => {
    const good: unknown[] = [
      configWithService({ protocol: "udp", ports: [{ port: 53 }] }),
      configWithService({ concurrency: { type: "requests", soft_limit: 0, hard_limit: 10 } }),
      { checks: { a: { type: "http", kind: "readiness", protocol: "https" } } },
      { checks: { a: { type: "tcp", kind: "informational" } } },
      { guest: { cpu_kind: "performance", persist_rootfs: "always" } },
      { guest: { cpu_kind: "shared", persist_rootfs: "never" } },
    ];
    for (const data of good) {
      const r = run("machine-config", data);
      expect(r.ok, describeErrors(r.errors)).toBe(true);
    }
    const bad: [unknown, string][] = [
      [configWithService({ protocol: "http" }), "/services/0/protocol"],
      [configWithService({ concurrency: { type: "donuts" } }), "/services/0/concurrency/type"],
      [configWithService({ concurrency: { soft_limit: -1 } }), "/services/0/concurrency/soft_limit"],
      [configWithService({ concurrency: { hard_limit: 2.5 } }), "/services/0/concurrency/hard_limit"],
      [{ checks: { a: { type: "grpc" } } }, "/checks/a/type"],
      [{ checks: { a: { type: "http", kind: "liveness" } } }, "/checks/a/kind"],
      [{ checks: { a: { type: "http", protocol: "tcp" } } }, "/checks/a/protocol"],
      [configWithService({ checks: [{ type: "udp" }] }), "/services/0/checks/0/type"],
      [{ guest: { cpu_kind: "dedicated" } }, "/guest/cpu_kind"],
      [{ guest: { persist_rootfs: "sometimes" } }, "/guest/persist_rootfs"],
      [{ guest: { cpus: 0 } }, "/guest/cpus"],
      [{ guest: { memory_mb: 0 } }, "/guest/memory_mb"],
    ];
    for (const [data, instancePath] of bad) {
      const r = run("machine-config", data);
      expect(r.ok, instancePath).toBe(false);
      expect(new Set(r.errors.map((e) => e.instancePath))).toEqual(new Set([instancePath]));
    }
  });

  it("http_options: response headers, uint32 timeouts, replay_cache", () => {
    const port = (http_options: unknown) => configWithService({ ports: [{ port: 443, handlers: ["http"], http_options }] });
    const ok = run(
      "machine-config",
      port({
        compress: true,
        h2_backend: true,
        idle_timeout: 4294967295,
        headers_read_timeout: 0,
        response: { pristine: false, headers: { a: "x", b: ["1", "2"], c: false } },
        replay_cache: [{ path_prefix: "/", ttl_seconds: 10, type: "header", name: "X-Id", allow_bypass: false }],
      }),
    );
    expect(ok.ok, describeErrors(ok.errors)).toBe(true);
    const base = "/services/0/ports/0/http_options";
    const bad: [unknown, string][] = [
      [{ idle_timeout: 4294967296 }, `${base}/idle_timeout`],
      [{ headers_read_timeout: -1 }, `${base}/headers_read_timeout`],
      [{ response: { headers: { a: true } } }, `${base}/response/headers/a`],
      [{ response: { headers: { a: 1 } } }, `${base}/response/headers/a`],
      [{ response: { headers: { a: [1] } } }, `${base}/response/headers/a`],
      [{ response: { pristine: "yes" } }, `${base}/response/pristine`],
      [{ replay_cache: [{ type: "query" }] }, `${base}/replay_cache/0/type`],
      [{ replay_cache: [{ ttl_seconds: 9 }] }, `${base}/replay_cache/0/ttl_seconds`],
      [{ compress: "true" }, `${base}/compress`],
    ];
    for (const [opts, instancePath] of bad) {
      const r = run("machine-config", port(opts));
      expect(r.ok, instancePath).toBe(false);
      // anyOf branches may also report a nested path (e.g. headers/a/0 for [1]); all stay under instancePath.
      expect(r.errors.map((e) => e.instancePath)).toContain(instancePath);
      for (const e of r.errors) expect(e.instancePath.startsWith(instancePath), describeErrors(r.errors)).toBe(true);
    }
  });

  it("check headers are [{name, values: [string]}]", () => {
    const ok = { checks: { a: { type: "http", headers: [{ name: "A", values: ["1", "2"] }, {}] } } };
    expect(run("machine-config", ok).ok).toBe(true);
    const r = run("machine-config", { checks: { a: { type: "http", headers: { A: ["1"] } } } });
    expect(r.ok).toBe(false);
    expect(r.errors[0]?.instancePath).toBe("/checks/a/headers");
  });

  it("env and metadata are string maps", () => {
    expect(run("machine-config", { env: { A: "1", B: "" }, metadata: { m: "v" } }).ok).toBe(true);
    expect(run("machine-config", { env: { A: 1 } }).errors[0]?.instancePath).toBe("/env/A");
    expect(run("machine-config", { metadata: { m: null } }).errors[0]?.instancePath).toBe("/metadata/m");
  });
});

describe("machine-config: Go duration strings", () => {
  const duration = makeAjv().compile({ $ref: `${MACHINE_CONFIG_ID}#/definitions/duration` });

  it.each([
    "0",
    "+0",
    "-0",
    "10s",
    "1m0s",
    "1m21s",
    "3m0s",
    "1h2m3.5s",
    "300ms",
    "1.5h",
    ".5s",
    "1.s",
    "-1.5h",
    "+5s",
    "10ns",
    "10us",
    "10µs",
    "10μs",
    "2h45m",
    "1s1s",
  ])("accepts %j", (s) => {
    expect(duration(s)).toBe(true);
  });

  it.each(["10", "", "s", "1d", "1 s", "1.5", "-", "0.0", "00", "1mss", "1h30", ".s", "1S", " 1s", "1s ", "1w"])(
    "rejects %j",
    (s) => {
      expect(duration(s)).toBe(false);
    },
  );

  it.each([10, 1e9, null, true])("rejects the non-string %j", (v) => {
    expect(duration(v)).toBe(false);
  });
});

describe("fixtures/machine-json/valid", () => {
  const files = readdirSync(validDir).filter((f) => f.endsWith(".json"));

  it("contains get-machine.json", () => {
    expect(files).toContain("get-machine.json");
  });

  // Files named machine-config*.json are bare configs; every other file is a whole Machine object.
  it.each(files)("%s validates", (file) => {
    const schema: SchemaName = file.startsWith("machine-config") ? "machine-config" : "machine";
    const r = run(schema, readJson(path.join(validDir, file)));
    expect(r.ok, describeErrors(r.errors)).toBe(true);
  });
});

interface InvalidCase {
  file: string;
  schema: SchemaName;
  instancePath: string;
  keyword: string;
  note?: string;
}

describe("fixtures/machine-json/invalid", () => {
  const manifest = readJson(path.join(invalidDir, "manifest.json")) as { cases: InvalidCase[] };
  const files = readdirSync(invalidDir).filter((f) => f.endsWith(".json") && f !== "manifest.json");

  it("manifest.json lists every fixture file exactly once", () => {
    expect(manifest.cases.map((c) => c.file).sort()).toEqual([...files].sort());
  });

  it.each(manifest.cases.map((c) => [c.file, c] as const))("%s is rejected at the expected path", (_file, c) => {
    const r = run(c.schema, readJson(path.join(invalidDir, c.file)));
    expect(r.ok).toBe(false);
    expect(new Set(r.errors.map((e) => e.instancePath)), describeErrors(r.errors)).toEqual(new Set([c.instancePath]));
    expect(r.errors.map((e) => e.keyword)).toContain(c.keyword);
  });
});

/**
 * Known places where a flyctl test vector carries a value the Machines API documentation does not allow. flyctl
 * passes these strings through unchecked; the schema (and so the linter) flags them on purpose.
 */
const KNOWN_VECTOR_DEVIATIONS: Record<string, { instancePath: string; keyword: string; why: string }[]> = {
  "full-reference__machine-task": [
    {
      instancePath: "/services/0/concurrency/type",
      keyword: "enum",
      why: 'flyctl\'s own fixture uses concurrency type "donuts"; the API documents only connections/requests',
    },
  ],
};

if (!existsSync(shared)) {
  console.warn(
    `[machine-schema.test] ${shared} does not exist: skipping the flyctl conformance vector tests ` +
      "(machine-full expected configs and orig-machine objects).",
  );
}

describe.skipIf(!existsSync(shared))("flyctl conformance vectors (../shared/conformance/flyctl)", () => {
  const index = existsSync(conformanceDir) ? readFileSync(path.join(conformanceDir, "INDEX.md"), "utf8") : "";
  // Rows look like: | `name` | machine-full | ... or | `name` | machine-full (INFERRED) | ...
  const machineFull = [...index.matchAll(/^\|\s*`([^`]+)`\s*\|\s*machine-full\b/gm)].map((m) => m[1] as string);
  const origMachines = existsSync(conformanceDir)
    ? readdirSync(conformanceDir).filter((f) => f.endsWith(".orig-machine.json"))
    : [];

  it("INDEX.md lists machine-full vectors", () => {
    expect(machineFull.length).toBeGreaterThanOrEqual(10);
  });

  it.each(machineFull)("machine-full vector %s validates against machine-config", (name) => {
    const r = run("machine-config", readJson(path.join(conformanceDir, `${name}.expected.json`)));
    const expected = KNOWN_VECTOR_DEVIATIONS[name];
    if (!expected) {
      expect(r.ok, describeErrors(r.errors)).toBe(true);
      return;
    }
    expect(r.ok).toBe(false);
    expect(r.errors.map((e) => ({ instancePath: e.instancePath, keyword: e.keyword }))).toEqual(
      expected.map(({ instancePath, keyword }) => ({ instancePath, keyword })),
    );
  });

  it.each(origMachines)("%s (a Machines API machine object) validates against machine", (file) => {
    const r = run("machine", readJson(path.join(conformanceDir, file)));
    expect(r.ok, describeErrors(r.errors)).toBe(true);
  });
});
