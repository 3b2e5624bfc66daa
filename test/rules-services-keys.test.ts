// Edge cases of the service, process-group and key rules beyond their fixtures: what must stay quiet (legacy
// spellings, free-form maps, defaults, other groups) and what the fixes and suggestions look like.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lint } from "../src/lint/lint.js";
import { closest, editDistance, suggester } from "../src/rules/utils/words.js";

const found = (text: string, id: string) => lint(text).diagnostics.filter((d) => d.ruleId === id);
const messages = (text: string, id: string) => found(text, id).map((d) => `${d.line}:${d.column} ${d.message}`);

describe("unknown-key", () => {
  it("skips free-form maps: env, processes, build.args/settings, response and check headers, secrets export", () => {
    const text = `
[env]
  ANYTHING = "x"
[processes]
  web = "bin/web"
[build.args]
  NODE_VERSION = "20"
[build.settings]
  whatever = { nested = true }
[http_service]
  internal_port = 8080
  [http_service.http_options.response.headers]
    X-Anything = "1"
  [[http_service.checks]]
    path = "/"
    [http_service.checks.headers]
      X-Probe = "1"
[checks.alive]
  type = "http"
  port = 8080
  processes = ["web"]
  headers = [{ name = "X-Probe", value = "1" }]
[experimental.attached.secrets.export]
  DATABASE_URL = "PG_URL"
`;
    expect(messages(text, "unknown-key")).toEqual([]);
  });

  it("accepts the legacy spellings flyctl still reads", () => {
    const text = `
[build]
  build_target = "prod"
[experimental]
  kill_timeout = 30
  metrics_port = 9091
  metrics_path = "/metrics"
[[compute]]
  size = "shared-cpu-1x"
[[computes]]
  size = "shared-cpu-1x"
[mount]
  source = "a"
  destination = "/a"
[metric]
  port = 9091
[[checks]]
  name = "alive"
  type = "tcp"
  port = 8080
`;
    expect(messages(text, "unknown-key")).toEqual([]);
  });

  it("walks inside services, ports, checks, mounts, vm and metrics (stricter than flyctl --strict)", () => {
    const text = `
[[services]]
  internal_port = 1
  protcol = "tcp"
  [[services.ports]]
    port = 80
    handlerz = ["http"]
  [[services.http_checks]]
    pth = "/"
[[mounts]]
  source = "a"
  destination = "/a"
  size = 3
[[vm]]
  memory_gb = 1
[[metrics]]
  prot = 1
`;
    expect(found(text, "unknown-key").map((d) => d.keyPath)).toEqual([
      "services[0].protcol",
      "services[0].ports[0].handlerz",
      "services[0].http_checks[0].pth",
      "mounts[0].size",
      "vm[0].memory_gb",
      "metrics[0].prot",
    ]);
  });

  it("reports case-only differences with a fix for key/value lines, none for table headers", () => {
    const text = `[http_service]\nInternal_Port = 8080\n[HTTP_Service.concurrency]\nsoft_limit = 10\n`;
    const ds = found(text, "unknown-key");
    expect(ds).toHaveLength(2);
    expect(ds[0]!.message).toContain("case-insensitively");
    expect(ds[0]!.fix?.edits).toEqual([{ start: 15, end: 28, text: "internal_port" }]);
    // The header spells the key once here, but a rename could split one table into two: no fix.
    expect(ds[1]!.keyPath).toBe("HTTP_Service");
    expect(ds[1]!.fix).toBeUndefined();
  });

  it("narrows a dotted table header to the unknown segment", () => {
    const [d] = found(`[http_service.concurency]\nsoft_limit = 1\n`, "unknown-key");
    expect(d).toMatchObject({ line: 1, column: 15, endColumn: 25 });
    expect(d!.message).toContain('did you mean "concurrency"?');
  });

  it("runs when the model does not load (type errors elsewhere)", () => {
    expect(messages(`[http_service]\ninternal_port = "x"\nforce_http = true\n`, "unknown-key")).toEqual([
      '3:1 unknown key "force_http" in http_service: flyctl ignores it; did you mean "force_https"?',
    ]);
  });

  it("treats prototype-named keys as plain unknown keys", () => {
    expect(found(`[__proto__]\na = 1\n[constructor]\nb = 2\n`, "unknown-key").map((d) => d.keyPath)).toEqual(["__proto__", "constructor"]);
  });
});

describe("suggestions", () => {
  it("edit distance counts an adjacent transposition as one edit", () => {
    expect(editDistance("porcesses", "processes")).toBe(1);
    expect(editDistance("interal_port", "internal_port")).toBe(1);
  });
  it("a bounded edit distance is exact up to its bound and above it beyond (it may stop early)", () => {
    const alphabet = fc.string({ maxLength: 10, unit: fc.constantFrom("a", "b", "c", "_", "-") });
    fc.assert(
      fc.property(alphabet, alphabet, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        const full = editDistance(a, b);
        const bounded = editDistance(a, b, max);
        if (full <= max) expect(bounded).toBe(full);
        else expect(bounded).toBeGreaterThan(max);
      }),
      { numRuns: 5000, seed: 20251128 },
    );
  });
  it("suggester (indexed, for many words against one list) answers exactly as closest, ties included", () => {
    const word = fc.string({ minLength: 0, maxLength: 8, unit: fc.constantFrom("a", "b", "A", "c", "_", "-") });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), fc.array(word, { maxLength: 10 }), (candidates, words) => {
        const suggest = suggester(candidates);
        for (const w of [...words, ...candidates.slice(0, 3)]) expect(suggest(w), w).toBe(closest(w, candidates));
      }),
      { numRuns: 2000, seed: 20261204 },
    );
    // Long candidates and words are compared one by one rather than indexed; the answers are the same.
    const near = (n: number) => ["a".repeat(n), `${"a".repeat(n - 1)}b`, `${"a".repeat(n - 2)}bb`, "a".repeat(n + 2)];
    const around = [30, 31, 32, 33, 34].flatMap(near);
    const suggest = suggester(around);
    for (const w of [...around, ...around.map((x) => `${x}c`), ...around.map((x) => x.slice(1))]) expect(suggest(w), w).toBe(closest(w, around));
    // A 200,000-character word costs one bounded comparison per candidate, not its deletions.
    expect(suggester(["web", "y".repeat(200_000)])("x".repeat(200_000))).toBeUndefined();
  });
  it("closest prefers case and -/_ variants, then distance ≤ 2 (≤ 1 for short words)", () => {
    expect(closest("Web", ["web", "worker"])).toBe("web");
    expect(closest("build_target", ["build-target"])).toBe("build-target");
    expect(closest("wrker", ["web", "worker"])).toBe("worker");
    expect(closest("api", ["app"])).toBe("app");
    expect(closest("db", ["app"])).toBeUndefined();
    expect(closest("zzzzzz", ["worker"])).toBeUndefined();
  });
});

describe("unknown-group", () => {
  it('accepts "" (the default group) and groups from the legacy [[processes]] list', () => {
    const text = `
[[processes]]
  name = "web"
  command = "bin/web"
[http_service]
  internal_port = 1
  processes = ["", "web"]
`;
    expect(messages(text, "unknown-group")).toEqual([]);
  });
  it("checks every section kind, with source paths through aliases", () => {
    const text = `
[http_service]
  internal_port = 1
  processes = ["x1"]
[checks.a]
  type = "tcp"
  port = 1
  processes = ["x2"]
[[compute]]
  processes = ["x3"]
[mount]
  source = "a"
  destination = "/a"
  processes = ["x4"]
[[files]]
  guest_path = "/a"
  raw_value = "YQ=="
  processes = ["x5"]
[metric]
  port = 1
  processes = ["x6"]
[[restart]]
  policy = "always"
  processes = ["x7"]
`;
    expect(found(text, "unknown-group").map((d) => d.keyPath)).toEqual([
      "http_service.processes[0]",
      "checks.a.processes[0]",
      "compute[0].processes[0]",
      "mount.processes[0]",
      "files[0].processes[0]",
      "metric.processes[0]",
      "restart[0].processes[0]",
    ]);
  });
});

describe("port-conflict", () => {
  it("ignores the same port in different groups and over different protocols", () => {
    const text = `
[processes]
  web = "a"
  admin = "b"
[[services]]
  internal_port = 1
  processes = ["web"]
  [[services.ports]]
    port = 443
[[services]]
  internal_port = 2
  processes = ["admin"]
  [[services.ports]]
    port = 443
[[services]]
  internal_port = 3
  protocol = "udp"
  processes = ["web"]
  [[services.ports]]
    port = 443
`;
    expect(messages(text, "port-conflict")).toEqual([]);
  });
  it("finds overlapping ranges across services and names every group once", () => {
    const text = `
[processes]
  a = "a"
  b = "b"
[[services]]
  internal_port = 1
  processes = ["a", "b"]
  [[services.ports]]
    start_port = 8000
    end_port = 8010
[[services]]
  internal_port = 2
  processes = ["b", "a"]
  [[services.ports]]
    start_port = 8010
    end_port = 8020
`;
    expect(messages(text, "port-conflict")).toEqual([
      '15:18 services[1] exposes TCP ports 8010-8020, overlapping ports 8000-8010, exposed by services[0] in groups "a" and "b"; the proxy routes a port to one service only, so give it another port',
    ]);
  });
});

describe("group-inconsistent", () => {
  it("treats unset values as their defaults and ignores services of other groups", () => {
    const text = `
[processes]
  app = "a"
  worker = "b"
[http_service]
  internal_port = 1
  auto_start_machines = true
  min_machines_running = 0
  processes = ["app"]
[[services]]
  internal_port = 2
  auto_stop_machines = "off"
  processes = ["app"]
  [[services.ports]]
    port = 9000
[[services]]
  internal_port = 3
  auto_stop_machines = "stop"
  processes = ["worker"]
  [[services.ports]]
    port = 9001
`;
    expect(messages(text, "group-inconsistent")).toEqual([]);
  });
});

describe("service-no-ports", () => {
  it("reports an empty ports list and stays quiet for [http_service]", () => {
    expect(found(`[http_service]\ninternal_port = 1\n[[services]]\ninternal_port = 2\nports = []\n`, "service-no-ports").map((d) => d.keyPath)).toEqual(["services[0]"]);
  });
});
