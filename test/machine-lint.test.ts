// The Machine JSON linter: shape detection, positions from the JSON reader, ajv schema errors mapped onto rule ids,
// and the colleague-written schema fixtures (fixtures/machine-json) seen through the linter.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readMachineInput, normalizeServices, diffValues } from "../src/model/machine-input.js";
import { readJson } from "../src/reader/json.js";
import { ensureValidators } from "./helpers/validators.js";
import { projectRoot } from "./helpers/shared.js";

type Mod = typeof import("../src/lint/machine-lint.js");
let lintMachineJson: Mod["lintMachineJson"];
beforeAll(async () => {
  ensureValidators();
  ({ lintMachineJson } = await import("../src/lint/machine-lint.js"));
});

const fx = (...p: string[]) => join(projectRoot, "fixtures/machine-json", ...p);
const cfg = (extra: Record<string, unknown> = {}) => ({ metadata: { fly_platform_version: "v2", fly_process_group: "app" }, restart: { policy: "always" }, ...extra });

describe("readJson", () => {
  it("records key and value spans per path, like the TOML reader", () => {
    const text = '{\n  "config": {"services": [{"autostart": "true"}]}\n}';
    const r = readJson(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.doc.get(["config", "services", 0, "autostart"])!;
    expect(s.kind).toBe("string");
    expect(text.slice(s.key!.start, s.key!.end)).toBe('"autostart"');
    expect(text.slice(s.value!.start, s.value!.end)).toBe('"true"');
    expect(r.doc.get(["config", "services", 0])!.kind).toBe("object");
    expect(r.doc.lines.position(s.value!.start)).toEqual({ line: 2, column: 41 });
  });
  it("keeps __proto__ as an ordinary key and the last of duplicate keys", () => {
    const r = readJson('{"__proto__": {"x": 1}, "a": 1, "a": 2}');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.doc.value as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(v, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(v.a).toBe(2);
  });
  it("reports syntax errors at line:column under json-syntax", () => {
    const r = readJson('{\n  "a": 1,\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect({ kind: r.problem.kind, ...r.problem.position }).toMatchObject({ kind: "syntax", line: 3, column: 1 });
  });
});

describe("readMachineInput: shapes", () => {
  it("detects a Machine, a list, a body and a bare config", () => {
    expect(readMachineInput({ id: "1", state: "started", config: {} }).shape).toBe("machine");
    expect(readMachineInput([{ id: "1", config: {} }]).shape).toBe("machine-list");
    expect(readMachineInput({ config: {}, region: "ams" }).shape).toBe("body");
    expect(readMachineInput({ image: "x", services: [] }).shape).toBe("config");
    expect(readMachineInput("x").shape).toBe("other");
  });
  it("extracts config paths, ids and groups (fly_process_group, else process_group)", () => {
    const i = readMachineInput([
      { id: "a", config: { metadata: { fly_process_group: "web" } } },
      { id: "b", config: { metadata: { process_group: "worker" } } },
      { id: "c", config: {} },
    ]);
    expect(i.entries.map((e) => [e.id, e.group, e.configPath])).toEqual([
      ["a", "web", [0, "config"]],
      ["b", "worker", [1, "config"]],
      ["c", undefined, [2, "config"]],
    ]);
  });
  it("normalizes services: autostop aliases, null ≡ absent, key order", () => {
    const a = normalizeServices([{ autostop: "off", force_instance_key: null, internal_port: 1 }]);
    const b = normalizeServices([{ internal_port: 1, autostop: false }]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(diffValues(normalizeServices([{ autostop: "stop" }]), normalizeServices([{ autostop: "suspend" }]))).toEqual([{ path: [0, "autostop"], actual: true, expected: "suspend" }]);
  });
});

describe("lintMachineJson", () => {
  const manifest = JSON.parse(readFileSync(fx("invalid/manifest.json"), "utf8")) as { cases: { file: string; instancePath: string }[] };
  const expectedRule: Record<string, string> = {
    "autostart-string.json": "autostart-type",
    "autostop-on.json": "autostop-value",
    "autostop-number.json": "autostop-value",
    "get-machine-config-autostop-yes.json": "autostop-value",
    "handler-https.json": "handler-value",
    "handler-tcp.json": "handler-value",
    "restart-policy-never.json": "restart-policy",
    "duration-missing-unit.json": "duration-unit",
    "duration-days.json": "duration-unit",
    "duration-number.json": "duration-unit",
    "port-70000.json": "port-range",
    "start-port-zero.json": "port-range",
    "internal-port-zero.json": "port-range",
  };
  for (const c of manifest.cases) {
    it(`${c.file}: one schema finding at ${c.instancePath} under ${expectedRule[c.file] ?? "invalid-type"}`, () => {
      const text = readFileSync(fx("invalid", c.file), "utf8");
      const r = lintMachineJson(text);
      const schemaIds = new Set(["autostart-type", "autostop-value", "handler-value", "restart-policy", "duration-unit", "invalid-type", "port-range"]);
      const found = r.diagnostics.filter((d) => schemaIds.has(d.ruleId));
      expect(found).toHaveLength(1);
      const d = found[0]!;
      expect(d.ruleId).toBe(expectedRule[c.file] ?? "invalid-type");
      const segs = c.instancePath.split("/").slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      // The finding points at the value itself (or, for a missing key, at the object lacking it).
      const doc = readJson(text);
      if (!doc.ok) throw new Error("fixture does not parse");
      const span = doc.doc.locate(segs);
      expect([d.line, d.column]).toEqual([doc.doc.lines.position(span.start).line, doc.doc.lines.position(span.start).column]);
    });
  }
  for (const f of ["get-machine.json", "machine-config-kitchen-sink.json"]) {
    it(`valid/${f}: no schema findings`, () => {
      const r = lintMachineJson(readFileSync(fx("valid", f), "utf8"));
      expect(r.diagnostics.filter((d) => ["invalid-type", "autostart-type", "autostop-value", "handler-value", "restart-policy", "duration-unit"].includes(d.ruleId))).toEqual([]);
    });
  }
  it("names the Machine in findings on a list and points into the right element", () => {
    const list = [
      { id: "m1", config: cfg({ services: [{ internal_port: 8080, autostart: true, autostop: "stop" }] }) },
      { id: "m2", config: cfg({ services: [{ internal_port: 8080, autostart: "yes", autostop: "stop" }] }) },
    ];
    const text = JSON.stringify(list, null, 2);
    const d = lintMachineJson(text).diagnostics.filter((x) => x.ruleId === "autostart-type");
    expect(d).toHaveLength(1);
    expect(d[0]!.message).toBe('Machine m2: config.services[0].autostart must be a boolean, not the string "yes"');
    expect(d[0]!.keyPath).toBe("[1].config.services[0].autostart");
    expect(text.split("\n")[d[0]!.line - 1]).toContain('"autostart": "yes"');
  });
  it("reports list elements that are not Machines, and top-level values that are nothing", () => {
    expect(lintMachineJson('[{"id": "x", "config": {}}, 3]').diagnostics.map((d) => d.message)).toContain("list element 1 is not a Machine: it is the number 3");
    expect(lintMachineJson('"hello"').diagnostics[0]).toMatchObject({ ruleId: "invalid-type" });
  });
  it("honours rule settings (off, severity) and --app-config groups", () => {
    const text = JSON.stringify([{ id: "a", config: { metadata: { fly_process_group: "web" } } }]);
    const off = lintMachineJson(text, { rules: { "detached-machine": "off", "no-restart-policy": "error" } }).diagnostics;
    expect(off.some((d) => d.ruleId === "detached-machine")).toBe(false);
    expect(off.find((d) => d.ruleId === "no-restart-policy")?.severity).toBe("error");
    const groups = lintMachineJson(text, { appGroups: ["app"] }).diagnostics.filter((d) => d.ruleId === "unknown-group");
    expect(groups).toHaveLength(1);
    expect(lintMachineJson(text).diagnostics.some((d) => d.ruleId === "unknown-group")).toBe(false);
  });
  it("expectBody: anything but {config: …} is a config-wrapper error", () => {
    const bare = JSON.stringify(cfg());
    expect(lintMachineJson(bare).diagnostics.some((d) => d.ruleId === "config-wrapper")).toBe(false);
    expect(lintMachineJson(bare, { expectBody: true }).diagnostics.some((d) => d.ruleId === "config-wrapper")).toBe(true);
    expect(lintMachineJson(JSON.stringify({ config: cfg() }), { expectBody: true }).diagnostics.some((d) => d.ruleId === "config-wrapper")).toBe(false);
  });
  it("decodes bytes strictly (BOM stripped, invalid UTF-8 reported) and caps the size", () => {
    const ok = lintMachineJson(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(JSON.stringify({ config: { ...cfg(), image: "registry.fly.io/demo:v1" } }))]));
    expect(ok.diagnostics).toEqual([]);
    expect(lintMachineJson(new Uint8Array([0x7b, 0xff, 0x7d])).diagnostics[0]).toMatchObject({ ruleId: "json-syntax" });
    expect(lintMachineJson("[]", { maxBytes: 1 }).diagnostics[0]).toMatchObject({ ruleId: "input-size" });
  });
  it("finds port conflicts and min_machines_running without effect in Machine services", () => {
    const c = cfg({
      services: [
        { protocol: "tcp", internal_port: 8080, autostart: true, autostop: "stop", ports: [{ port: 80 }, { port: 443 }] },
        { protocol: "tcp", internal_port: 9000, autostart: false, autostop: false, min_machines_running: 1, ports: [{ start_port: 400, end_port: 500 }] },
      ],
    });
    const ids = lintMachineJson(JSON.stringify({ config: c })).diagnostics.map((d) => d.ruleId);
    expect(ids).toContain("port-conflict");
    expect(ids).toContain("min-machines-no-effect");
  });
});
