// Drift: fly.toml compiled onto each Machine (the update path) against the Machine as it is.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeDrift, formatDriftJson, formatDriftText } from "../src/lint/drift.js";
import { compile } from "../src/pipeline.js";
import { runDiff } from "../src/cli/diff.js";

const TOML = `app = "demo"
primary_region = "ams"

[processes]
app = "bin/server"
worker = "bin/worker"

[env]
LOG_LEVEL = "info"

[http_service]
internal_port = 8080
auto_stop_machines = "stop"
auto_start_machines = true
processes = ["app"]

[[restart]]
policy = "always"
processes = ["worker"]
`;

function deployed(group: string, id: string): { id: string; state: string; region: string; config: Record<string, unknown> } {
  const r = compile(TOML, { group });
  if (!r.configs[group]) throw new Error(JSON.stringify(r.diagnostics));
  // What the API hands back: the deployed config plus fields fly.toml does not manage.
  return { id, state: "started", region: "ams", config: { ...structuredClone(r.configs[group]!), image: "registry.fly.io/demo:deployment-1", guest: { cpu_kind: "shared", cpus: 1, memory_mb: 256 } } as Record<string, unknown> };
}

describe("computeDrift", () => {
  it("Machines fly deploy just made do not drift (extra fields, aliases, null ≡ absent, key order)", () => {
    const a = deployed("app", "m1");
    const svc = (a.config.services as Record<string, unknown>[])[0]!;
    svc.autostop = "stop";
    svc.force_instance_key = null;
    const r = computeDrift(TOML, [a, deployed("app", "m2"), deployed("worker", "w1")]);
    expect(r.diagnostics).toEqual([]);
    expect(r.machines.map((m) => [m.id, m.group, m.differences])).toEqual([
      ["m1", "app", []],
      ["m2", "app", []],
      ["w1", "worker", []],
    ]);
    expect(r.drifted).toBe(0);
    expect(formatDriftText(r, { source: "x" })).toBe("no drift: 3 Machines match fly.toml\n");
  });

  it("reports every fly.toml-managed field that differs, with what the Machine has and what fly.toml sets", () => {
    const m = deployed("app", "m1");
    (m.config.services as Record<string, unknown>[])[0]!.autostop = "suspend";
    (m.config.env as Record<string, string>).LOG_LEVEL = "debug";
    (m.config.env as Record<string, string>).HOTFIX = "1";
    m.config.restart = { policy: "no" };
    const w = deployed("worker", "w1");
    delete w.config.restart;
    const r = computeDrift(TOML, [m, w]);
    expect(r.drifted).toBe(2);
    expect(r.machines[0]!.differences).toEqual([
      { path: ["env", "HOTFIX"], machine: "1", flyToml: undefined },
      { path: ["env", "LOG_LEVEL"], machine: "debug", flyToml: "info" },
      { path: ["restart"], machine: { policy: "no" }, flyToml: undefined },
      { path: ["services", 0, "autostop"], machine: "suspend", flyToml: true },
    ]);
    expect(r.machines[1]!.differences).toEqual([{ path: ["restart"], machine: undefined, flyToml: { policy: "always" } }]);
    const text = formatDriftText(r, { source: "x" });
    expect(text).toContain('Machine m1 (process group "app"): 4 differences from fly.toml\n');
    expect(text).toContain('  - env.HOTFIX: "1" (only on the Machine; fly deploy removes it)\n');
    expect(text).toContain('  ~ services[0].autostop: "suspend" → true\n');
    expect(text).toContain('  + restart: {"policy":"always"} (only in fly.toml; fly deploy adds it)\n');
    expect(text.endsWith("2 of 2 Machines drifted from fly.toml\n")).toBe(true);
    const json = JSON.parse(formatDriftJson(r, { source: "x" }));
    expect(json).toMatchObject({ version: 1, machines: 2, drifted: 2 });
    expect(json.results[0].differences[3]).toEqual({ path: "services[0].autostop", pointer: "/services/0/autostop", change: "changed", machine: "suspend", flyToml: true });
    expect(json.results[1].differences[0]).toEqual({ path: "restart", pointer: "/restart", change: "added", flyToml: { policy: "always" } });
  });

  it("a Machine in a group fly.toml does not define is reported, not compared; no group means the default group", () => {
    const m = deployed("app", "m1");
    (m.config.metadata as Record<string, string>).fly_process_group = "web";
    const bare = deployed("app", "m2");
    delete (bare.config.metadata as Record<string, string>).fly_process_group;
    const r = computeDrift(TOML, [m, bare]);
    expect(r.machines[0]!.error).toMatch(/process group "web" is not defined in fly.toml/);
    expect(r.machines[1]).toMatchObject({ group: "app", defaultGroup: true });
    // fly deploy would add the group back.
    expect(r.machines[1]!.differences).toEqual([{ path: ["metadata", "fly_process_group"], machine: undefined, flyToml: "app" }]);
  });

  it("a fly.toml that does not compile yields its diagnostics and compares nothing", () => {
    const r = computeDrift('app = "x"\n[http_service]\ninternal_port = "80"\n', [deployed("app", "m1")]);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.machines).toEqual([]);
  });
});

describe("flyconf diff (runDiff)", () => {
  const dir = mkdtempSync(join(tmpdir(), "flyconf-diff-"));
  const toml = join(dir, "fly.toml");
  writeFileSync(toml, TOML);
  const run = async (machines: unknown, opts: Record<string, unknown> = {}) => {
    const file = join(dir, `m-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(machines, null, 2));
    let out = "";
    let err = "";
    const code = await runDiff(toml, file, opts, { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
    return { code, out, err };
  };
  it("exits 0 when nothing drifted", async () => {
    const r = await run([deployed("app", "m1"), deployed("worker", "w1")]);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toBe("no drift: 2 Machines match fly.toml\n");
  });
  it("exits 1 on drift, with line:column of the Machine's value; --format json for tools", async () => {
    const m = deployed("app", "m1");
    (m.config.services as Record<string, unknown>[])[0]!.internal_port = 3000;
    const r = await run([m]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/~ services\[0\]\.internal_port: 3000 → 8080 {2}\[\d+:\d+\]\n/);
    const j = await run([m], { format: "json" });
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out).results[0].differences[0]).toMatchObject({ path: "services[0].internal_port", machine: 3000, flyToml: 8080 });
  });
  it("accepts a single Machine and a bare config", async () => {
    expect((await run(deployed("app", "m1"))).code).toBe(0);
    expect((await run(deployed("worker", "w1").config)).code).toBe(0);
  });
  it("refuses to run without Machines, or with both a file and --app", async () => {
    await expect(runDiff(toml, undefined, {}, { stdout: () => {}, stderr: () => {} })).rejects.toThrow(/nothing to compare with/);
    await expect(runDiff(toml, "x.json", { app: "demo" }, { stdout: () => {}, stderr: () => {} })).rejects.toThrow(/not both/);
  });
});
