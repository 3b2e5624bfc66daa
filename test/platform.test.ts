// The platform builder's library (issue 13): compileGroup, updateBody, validateMachineBody, lintMachineJson,
// checkGroups, metadata helpers, guestForSize, the discriminated compile result and the bigint opt-in — each with
// the bad inputs the issue measured.
import { beforeAll, describe, expect, it } from "vitest";
import type * as Flyconf from "../src/index.js";
import { RULES } from "../src/rules/index.js";
import type { RuleId } from "../src/rules/ids.js";
import { ensureValidators } from "./helpers/validators.js";

let f: typeof Flyconf;
beforeAll(async () => {
  ensureValidators();
  f = await import("../src/index.js");
});

const TOML = `app = "demo"
primary_region = "ams"

[build]
  image = "registry.fly.io/demo:v1"

[processes]
  web = "node server.js"
  worker = "node worker.js"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 0
  processes = ["web"]

[[vm]]
  size = "shared-cpu-1x"
  memory = "512mb"
`;

/** The measured bug: autostop on, autostart off (503 once stopped) — compile alone passes it. */
const BROKEN = TOML.replace("auto_start_machines = true", "auto_start_machines = false");

function machine(id: string, group: string | undefined, autostop: boolean | "suspend" | "off" | "stop" = true, extra: Record<string, unknown> = {}) {
  const metadata: Record<string, string> = group === undefined ? {} : { fly_platform_version: "v2", fly_process_group: group };
  return {
    id,
    name: `m-${id}`,
    state: "started",
    region: "ams",
    config: {
      image: "registry.fly.io/demo:v1",
      init: {},
      metadata,
      services: [{ protocol: "tcp", internal_port: 8080, autostop, autostart: true, ports: [{ port: 443, handlers: ["tls", "http"] }] }],
      ...extra,
    },
  };
}

describe("compile: discriminated result", () => {
  it("ok with configs, or not ok with no configs", () => {
    const good = f.compile(TOML);
    expect(good.ok).toBe(true);
    if (good.ok) expect(Object.keys(good.configs)).toEqual(["web", "worker"]);
    const bad = f.compile("[http_service]\ninternal_port = 'x'\n");
    expect(bad.ok).toBe(false);
    expect(bad.configs).toEqual({});
    expect(bad.diagnostics[0]!.ruleId).toBe("invalid-type");
  });
  it("integers are numbers; one past 2^53 is an error unless bigint is asked for", () => {
    const big = TOML.replace("min_machines_running = 0", "min_machines_running = 9007199254740993");
    const r = f.compile(big, { group: "web" });
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]).toMatchObject({ ruleId: "unsafe-integer", keyPath: "http_service.min_machines_running" });
    const b = f.compile(big, { group: "web", bigint: true });
    expect(b.ok && b.configs.web!.services![0]!.min_machines_running).toBe(9007199254740993n);
    const n = f.compile(TOML, { group: "web" });
    expect(n.ok && typeof n.configs.web!.services![0]!.internal_port).toBe("number");
  });
  it("toMachineConfig refuses a group the file does not define", () => {
    const a = f.analyze(TOML);
    expect(f.toMachineConfig(a.model!, "cron")).toMatchObject({ ok: false, errors: [{ kind: "group", path: ["processes"] }] });
    expect(f.toMachineConfig(a.model!, "web").ok).toBe(true);
  });
  it("image sets config.image in fly-go's field order", () => {
    const r = f.compile(TOML, { group: "web", image: "registry.fly.io/demo:v2" });
    expect(r.ok && r.configs.web!.image).toBe("registry.fly.io/demo:v2");
    expect(r.ok && Object.keys(r.configs.web!).indexOf("image")).toBeGreaterThan(Object.keys(r.ok ? r.configs.web! : {}).indexOf("services"));
  });
});

describe("compileGroup", () => {
  it("compiles one group, with the warnings that concern it", () => {
    const r = f.compileGroup(TOML, "web");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.metadata).toMatchObject({ fly_process_group: "web", fly_platform_version: "v2" });
    expect(r.config.services![0]!.autostop).toBe(true);
    // fly.toml's conversion sets no image: said once, at [build] image.
    expect(r.warnings.map((d) => [d.ruleId, d.keyPath, d.line])).toEqual([["missing-image", "build.image", 5]]);
    expect(r.warnings[0]!.message).toMatch(/no image.*pass \{ image \} \(fly\.toml's \[build\] image is "registry\.fly\.io\/demo:v1"\)/);
    const withImage = f.compileGroup(TOML, "web", { image: "registry.fly.io/demo:v2" });
    expect(withImage.ok && withImage.warnings).toEqual([]);
    expect(withImage.ok && withImage.config.image).toBe("registry.fly.io/demo:v2");
  });
  it("keys of the Machine to update that fly-go drops are warnings (the update drops them too)", () => {
    const m = machine("1", "web", true, { gest: { cpus: 2 } });
    const r = f.compileGroup(TOML, "web", { machine: m });
    expect(r.ok && r.warnings.map((d) => [d.ruleId, d.keyPath])).toEqual([["unknown-key", "config.gest"]]);
    expect(r.ok && r.warnings[0]!.message).toMatch(/^Machine 1: unknown key "gest" in config: fly-go drops it, and so does the update; did you mean "guest"\?$/);
    const bare = f.compileGroup(TOML, "web", { machine: m.config });
    expect(bare.ok && bare.warnings[0]!.message).toMatch(/^the Machine to update: unknown key "gest" in the config/);
    expect(r.ok && "gest" in r.config).toBe(false);
  });
  it("refuses autostop without autostart (compile alone passes it)", () => {
    expect(f.compile(BROKEN, { group: "web" }).ok).toBe(true);
    const r = f.compileGroup(BROKEN, "web");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((d) => d.ruleId)).toEqual(["autostop-without-autostart"]);
  });
  it("a problem in a section of another group does not refuse this one", () => {
    const r = f.compileGroup(BROKEN, "worker");
    expect(r.ok).toBe(true);
  });
  it("refuses unknown groups and empty names", () => {
    const r = f.compileGroup(TOML, "cron");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ ruleId: "unknown-group" });
    expect(f.compileGroup(TOML, "").ok).toBe(false);
  });
  it("rules can be turned off or up", () => {
    expect(f.compileGroup(BROKEN, "web", { rules: { "autostop-without-autostart": "off" } }).ok).toBe(true);
    const strict = f.compileGroup(TOML.replace("internal_port", "internal_port = 8080\n  interal_prot"), "web", { rules: { "unknown-key": "error" } });
    expect(strict.ok).toBe(false);
    const warn = f.compileGroup(TOML.replace("force_https = true", "force_https = true\n  interal_port = 1"), "web", { image: "x" });
    expect(warn.ok && warn.warnings.map((d) => d.ruleId)).toEqual(["unknown-key"]);
  });
  it("does not mutate a Machine given for the update path", () => {
    const m = machine("1", "web", "stop", { guest: { cpu_kind: "shared", cpus: 1, memory_mb: 256 } });
    const before = JSON.stringify(m);
    const r = f.compileGroup(TOML, "web", { machine: m });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(m)).toBe(before);
  });
});

describe("update path safety", () => {
  it("refuses to move a worker Machine into web unless onGroupChange: allow, and says what it did", () => {
    const worker = machine("w1", "worker");
    const refused = f.compile(TOML, { group: "web", machine: worker });
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics[0]!.message).toMatch(/belongs to process group "worker", not "web".*onGroupChange: "allow"/);
    const moved = f.compile(TOML, { group: "web", machine: worker, onGroupChange: "allow" });
    expect(moved.ok).toBe(true);
    expect(moved.update).toMatchObject({ group: "web", previousGroup: "worker", movedGroup: true, attached: false });
    expect(moved.update!.notes).toEqual(['moved the Machine from process group "worker" to "web"']);
  });
  it("refuses to attach a detached Machine unless detached: attach", () => {
    const loose = machine("d1", undefined);
    const refused = f.compile(TOML, { machine: loose });
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics[0]!.message).toMatch(/detached.*detached: "attach"/);
    const attached = f.compile(TOML, { machine: loose, detached: "attach" });
    expect(attached.ok).toBe(true);
    expect(attached.update).toMatchObject({ group: "web", attached: true, movedGroup: false });
    expect(attached.ok && attached.configs.web!.metadata).toMatchObject({ fly_platform_version: "v2", fly_process_group: "web" });
  });
  it("a Machine of its own group updates without options", () => {
    const r = f.compile(TOML, { machine: machine("1", "web") });
    expect(r.ok).toBe(true);
    expect(r.update).toMatchObject({ group: "web", movedGroup: false, attached: false, notes: [] });
  });
  it("updateBody: the {config} body for the Machine's own group, keeping what fly.toml does not manage", () => {
    const m = machine("1", "worker", false, { guest: { cpu_kind: "performance", cpus: 2, memory_mb: 4096 } });
    const r = f.updateBody(TOML, m);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.body.config.image).toBe("registry.fly.io/demo:v1");
    expect(r.body.config.services).toBeUndefined(); // worker has no services in fly.toml
    expect(r.body.config.init.cmd).toEqual(["node", "worker.js"]);
    expect(r.update.group).toBe("worker");
    expect(f.updateBody(TOML, m, { group: "web" }).ok).toBe(false);
    expect(f.updateBody(TOML, m, { group: "web", onGroupChange: "allow" }).ok).toBe(true);
  });
});

describe("validateMachineBody", () => {
  const good = () => ({ region: "ams", config: { ...machine("1", "web").config } });
  it("accepts a good body and returns it unchanged", () => {
    const b = good();
    const r = f.validateMachineBody(b);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.body).toBe(b);
  });
  it("the measured bad body: autostart as a string and a misspelt guest", () => {
    const b = { config: { ...good().config, gest: { cpus: 2 }, services: [{ ...good().config.services[0]!, autostart: "true" }] } };
    const r = f.validateMachineBody(b);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => [d.ruleId, d.keyPath]).sort()).toEqual([
      ["autostart-type", "config.services[0].autostart"],
      ["unknown-key", "config.gest"],
    ]);
    expect(r.diagnostics.find((d) => d.ruleId === "unknown-key")!.message).toMatch(/did you mean "guest"\?/);
  });
  it("unknown keys at every level of the config", () => {
    const cfg = good().config;
    const b = { config: { ...cfg, restart: { policy: "always", retries: 3 }, services: [{ ...cfg.services[0]!, ports: [{ port: 443, handler: ["tls"] }] }] } };
    const r = f.validateMachineBody(b, { rules: { "unknown-key": "error" } });
    expect(!r.ok && r.diagnostics.map((d) => d.keyPath)).toEqual(["config.services[0].ports[0].handler", "config.restart.retries"]);
  });
  it("the {config} wrapper: a bare config and a whole GET response are refused", () => {
    const bare = f.validateMachineBody(good().config);
    expect(!bare.ok && bare.diagnostics.map((d) => d.ruleId)).toContain("config-wrapper");
    const whole = f.validateMachineBody(machine("1", "web"));
    expect(!whole.ok && whole.diagnostics.map((d) => d.ruleId)).toContain("config-wrapper");
  });
  it("a missing image fails a create, not an update", () => {
    const { image: _image, ...noImage } = good().config;
    const create = f.validateMachineBody({ config: noImage });
    expect(!create.ok && create.diagnostics.map((d) => d.ruleId)).toEqual(["missing-image"]);
    expect(f.validateMachineBody({ config: noImage }, { intent: "update" }).ok).toBe(true);
  });
  it("values JSON cannot carry, and non-objects", () => {
    const cyc: Record<string, unknown> = { config: { image: "x" } };
    (cyc.config as Record<string, unknown>).self = cyc;
    for (const bad of [{ config: { image: "x", init: () => 1 } }, { config: { image: "x", guest: { cpus: Number.NaN } } }, cyc, { config: new Map() }]) {
      const r = f.validateMachineBody(bad);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.diagnostics[0]!.ruleId).toBe("invalid-type");
    }
    expect(f.validateMachineBody(null).ok).toBe(false);
    expect(f.validateMachineBody([]).ok).toBe(false);
    expect(f.validateMachineBody("nope").ok).toBe(false);
  });
  it("appGroups: a body for a group fly.toml does not define", () => {
    const b = { config: { ...good().config, metadata: { fly_platform_version: "v2", fly_process_group: "cron" } } };
    const r = f.validateMachineBody(b, { appGroups: ["web", "worker"] });
    expect(!r.ok && r.diagnostics.map((d) => d.ruleId)).toEqual(["unknown-group"]);
  });
});

describe("lint() given Machine JSON", () => {
  it("says to use lintMachineJson instead of a bare TOML syntax error", () => {
    const d = f.lint('{"config": {"image": "x"}}').diagnostics;
    expect(d.map((x) => x.ruleId)).toEqual(["toml-syntax"]);
    expect(d[0]!.message).toMatch(/this looks like JSON; lint Machines API JSON .* with lintMachineJson\(\)/);
    expect(f.lint("[http_service\n").diagnostics[0]!.message).not.toMatch(/JSON/);
  });
});

describe("lintMachineJson", () => {
  it("is the CLI's Machine JSON lint: same rule ids and positions", () => {
    const text = '{\n  "config": {\n    "image": "x",\n    "services": [{"autostart": "true"}]\n  }\n}\n';
    const r = f.lintMachineJson(text, { expectBody: true });
    const d = r.diagnostics.find((x) => x.ruleId === "autostart-type")!;
    expect([d.line, d.column]).toEqual([4, 32]);
    expect(f.lintMachineJson("{").diagnostics[0]!.ruleId).toBe("json-syntax");
  });
});

describe("checkGroups", () => {
  it("names the Machine that differs from its group's majority, with JSON paths", () => {
    const ms = [machine("a", "web"), machine("b", "web"), machine("c", "web", "suspend"), machine("w", "worker", false), machine("x", undefined)];
    const r = f.checkGroups(ms);
    expect(r.ok).toBe(false);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ ruleId: "group-inconsistent", group: "web", machine: { index: 2, id: "c" }, path: [2, "config", "services", 0, "autostop"], pointer: "/2/config/services/0/autostop" });
    expect(r.findings[0]!.message).toMatch(/^Machine c in process group "web" differs .*: services\[0\].autostop is "suspend" here, the majority has true$/);
    expect(r.groups).toEqual([{ name: "web", machines: 3 }, { name: "worker", machines: 1 }]);
    expect(r.detached.map((d) => d.id)).toEqual(["x"]);
  });
  it("autostop spellings the API treats alike are alike; appGroups reports undefined groups", () => {
    expect(f.checkGroups([machine("a", "web", "stop"), machine("b", "web", true)]).ok).toBe(true);
    const r = f.checkGroups([machine("a", "cron")], { appGroups: ["web"] });
    expect(r.findings.map((x) => x.ruleId)).toEqual(["unknown-group"]);
    expect(f.checkGroups([]).ok).toBe(true);
  });
});

describe("metadata helpers (pure)", () => {
  it("setProcessGroup, detach and isDetached never mutate their input", () => {
    const cfg = machine("1", undefined).config;
    const before = JSON.stringify(cfg);
    const attached = f.setProcessGroup(cfg, "worker");
    expect(JSON.stringify(cfg)).toBe(before);
    expect(attached.metadata).toEqual({ fly_platform_version: "v2", fly_process_group: "worker" });
    expect(attached.env).toEqual({ FLY_PROCESS_GROUP: "worker" });
    expect(f.isDetached(cfg)).toBe(true);
    expect(f.isDetached(attached)).toBe(false);
    expect(f.isDetached({ config: attached })).toBe(false);
    const again = f.detach(attached);
    expect(f.isDetached(again)).toBe(true);
    expect(attached.metadata).toEqual({ fly_platform_version: "v2", fly_process_group: "worker" });
    expect(() => f.setProcessGroup(cfg, "")).toThrow(TypeError);
    // A __proto__ metadata key stays a plain key.
    const odd = f.setProcessGroup({ metadata: JSON.parse('{"__proto__": "x"}') as Record<string, string> }, "web");
    expect(Object.keys(odd.metadata!)).toEqual(["__proto__", "fly_platform_version", "fly_process_group"]);
  });
  it("guestForSize: presets, memory override, bad sizes", () => {
    expect(f.guestForSize("shared-cpu-2x")).toEqual({ ok: true, guest: { cpu_kind: "shared", cpus: 2, memory_mb: 512 } });
    expect(f.guestForSize("performance-1x", "4gb")).toMatchObject({ ok: true, guest: { cpu_kind: "performance", cpus: 1, memory_mb: 4096 } });
    expect(f.guestForSize("shared-cpu-1x", 1024)).toMatchObject({ ok: true, guest: { memory_mb: 1024 } });
    expect(f.guestForSize("shared-cpu-3x")).toMatchObject({ ok: false, message: expect.stringMatching(/invalid machine size/) });
    expect(f.guestForSize("huge").ok).toBe(false);
    expect(f.guestForSize("shared-cpu-1x", -1).ok).toBe(false);
    expect(f.guestForSize("shared-cpu-1x", "lots").ok).toBe(false);
  });
});

describe("canonicalConfig compares configs", () => {
  it('folds "stop"/"off" and drops nulls, so equal meanings compare equal', () => {
    const a = { init: {}, services: [{ autostop: "stop" as const, force_instance_key: null, internal_port: 8080 }] };
    const b = { services: [{ internal_port: 8080, autostop: true }], init: {} };
    expect(f.stringifyJson(f.canonicalConfig(a))).toBe(f.stringifyJson(f.canonicalConfig(b)));
    expect(f.canonicalConfig({ init: {}, services: [{ autostop: "off" }] }).services![0]!.autostop).toBe(false);
  });
});

describe("RuleId", () => {
  it("lists exactly the registered rules", () => {
    const ids: RuleId[] = RULES.map((r) => r.meta.id as RuleId);
    const all: Record<RuleId, true> = {
      "toml-syntax": true, "yaml-syntax": true, "empty-config": true, "invalid-type": true, "autostop-value": true, "autostart-type": true,
      "autostop-without-autostart": true, "autostart-without-autostop": true, "group-inconsistent": true, "unknown-group": true,
      "service-missing-processes": true, "unknown-key": true, "service-no-ports": true, "port-conflict": true, "port-range": true, "input-size": true, "missing-file": true, "unused-suppression": true, "ignored-suppression": true, "too-many-findings": true,
      "concurrency-limits": true, "handler-value": true, "min-machines-no-effect": true, "restart-policy": true, "duration-unit": true,
      "autostop-worker": true, "deploy-strategy-incompatible": true, "check-timing-bounds": true, "suspend-incompatible-vm": true,
      "env-reserved-name": true, "mount-values": true, "json-syntax": true, "config-wrapper": true, "missing-image": true,
      "detached-machine": true, "no-restart-policy": true, "restart-retries": true, "invalid-machine": true, "unsafe-integer": true,
    };
    expect([...ids].sort()).toEqual(Object.keys(all).sort());
  });
});
