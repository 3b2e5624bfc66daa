// Compile fidelity to fly-go v0.9.6 types and flyctl ad0172f, each case written from the source it cites.
import { describe, expect, it } from "vitest";
import { compile } from "../src/pipeline.js";
import { lint } from "../src/lint/lint.js";
import { marshalGo, unmarshalGo } from "../src/model/go-json.js";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const one = (toml: string, opts: Parameters<typeof compile>[1] = {}) => {
  const r = compile(toml, opts);
  expect(r.diagnostics).toEqual([]);
  return r.configs[r.groups[0]!]!;
};

describe("[[files]]: appconfig Config.MergeFiles + File.toMachineFile, then fly-go fly.go MergeFiles", () => {
  it("a later entry for a present guest_path replaces it in place (slices.Replace), not at the end", () => {
    const c = one(`app = "a"
[[files]]
guest_path = "/a"
raw_value = "one"
[[files]]
guest_path = "/b"
raw_value = "two"
[[files]]
guest_path = "/a"
secret_name = "S"
`);
    expect(c.files).toEqual([{ guest_path: "/a", secret_name: "S" }, { guest_path: "/b", raw_value: b64("two") }]);
  });

  it("a later entry with neither content nor secret deletes the path (slices.Delete)", () => {
    const c = one(`app = "a"
[[files]]
guest_path = "/a"
raw_value = "one"
[[files]]
guest_path = "/b"
raw_value = "two"
[[files]]
guest_path = "/a"
`);
    expect(c.files).toEqual([{ guest_path: "/b", raw_value: b64("two") }]);
  });

  it("a new path without content is appended as just {guest_path} (toMachineFile leaves RawValue nil for raw_value \"\")", () => {
    const c = one(`app = "a"
[[files]]
guest_path = "/empty"
[[files]]
guest_path = "/b"
raw_value = ""
`);
    expect(c.files).toEqual([{ guest_path: "/empty" }, { guest_path: "/b" }]);
  });

  it("after a delete, the same path comes back at the end (idx == -1: append)", () => {
    const c = one(`app = "a"
[[files]]
guest_path = "/a"
raw_value = "1"
[[files]]
guest_path = "/z"
raw_value = "z"
[[files]]
guest_path = "/a"
[[files]]
guest_path = "/a"
raw_value = "3"
`);
    expect(c.files).toEqual([{ guest_path: "/z", raw_value: b64("z") }, { guest_path: "/a", raw_value: b64("3") }]);
  });

  it("update path: appconfig machines.go updateMachineConfig sets mConfig.Files = nil before MergeFiles, so the Machine's own files are replaced", () => {
    const machine = { config: { metadata: { fly_process_group: "app" }, files: [{ guest_path: "/old", raw_value: b64("x") }, { guest_path: "/a", secret_name: "OLD" }] } };
    const c = one(
      `app = "a"
[[files]]
guest_path = "/a"
[[files]]
guest_path = "/n"
raw_value = "n"
`,
      { machine, detached: "attach" },
    );
    expect(c.files).toEqual([{ guest_path: "/a" }, { guest_path: "/n", raw_value: b64("n") }]);
  });

  it("update path without [[files]]: no files at all", () => {
    const machine = { config: { metadata: { fly_process_group: "app" }, files: [{ guest_path: "/old", raw_value: b64("x") }] } };
    expect(one(`app = "a"\n`, { machine, detached: "attach" }).files).toBeUndefined();
  });
});

describe("machine_config: internal/config/machine.go ParseConfig json.Unmarshal into *fly.MachineConfig", () => {
  it("unknown fields are dropped at every level (v0.9.6 MachineRootfs has no fs_size_gb)", () => {
    const c = one(`app = "a"
machine_config = '{"rootfs": {"size_gb": 2, "fs_size_gb": 9}, "future_field": 1, "guest": {"cpus": 2, "turbo": true}}'
`);
    expect(c.rootfs).toEqual({ size_gb: 2 });
    expect(c).not.toHaveProperty("future_field");
    expect(c.guest).toEqual({ cpus: 2 });
  });

  it("a type mismatch fails the conversion, positioned inside the inline JSON string", () => {
    const toml = `app = "a"
machine_config = '{"guest": {"cpus": "2"}}'
`;
    const r = compile(toml);
    expect(r.configs).toEqual({});
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d.message).toBe('invalid machine config: json: cannot unmarshal string into Go struct field MachineGuest.guest.cpus of type int');
    expect(d.ruleId).toBe("invalid-type");
    // The quote is at column 18, the JSON text starts at 19; "2" is at offset 19 of the JSON text.
    expect([d.line, d.column, d.endLine, d.endColumn]).toEqual([2, 19 + 19, 2, 19 + 22]);
  });

  it("Go reads ints from the literal: 8080.0 is not an int in JSON (decode.go literalStore ParseInt)", () => {
    const r = compile(`app = "a"\nmachine_config = '{"guest": {"memory_mb": 1024.0}}'\n`);
    expect(r.diagnostics.map((d) => d.message)).toEqual(["invalid machine config: json: cannot unmarshal number 1024.0 into Go struct field MachineGuest.guest.memory_mb of type int"]);
  });

  it("a basic string with escapes points at the whole value", () => {
    const r = compile(`app = "a"\nmachine_config = "{\\"auto_destroy\\": 1}"\n`);
    expect(r.diagnostics).toHaveLength(1);
    expect([r.diagnostics[0]!.line, r.diagnostics[0]!.column]).toEqual([2, 18]);
  });

  it("nested objects merge into the Machine's config; lists replace; zero values are omitempty", () => {
    const machine = { config: { metadata: { fly_process_group: "app" }, dns: { skip_registration: true }, standbys: ["x", "y"], auto_destroy: true } };
    const c = one(`app = "a"\nmachine_config = '{"dns": {"nameservers": ["1.1.1.1"]}, "standbys": ["z"], "auto_destroy": false}'\n`, { machine, detached: "attach" });
    expect(c.dns).toEqual({ skip_registration: true, nameservers: ["1.1.1.1"] });
    expect(c.standbys).toEqual(["z"]);
    expect(c).not.toHaveProperty("auto_destroy");
  });

  it("enum types with their own UnmarshalJSON: persist_rootfs and durations (machine_types.go, duration.go)", () => {
    const bad = compile(`app = "a"\nmachine_config = '{"rootfs": {"persist": "sometimes"}}'\n`);
    expect(bad.diagnostics.map((d) => d.message)).toEqual(['invalid machine config: invalid persist_rootfs string value "sometimes"']);
    // stop_config itself is fly.toml's (tomachineSetStopConfig); a container's stop is machine_config's.
    const c = one(`app = "a"\nmachine_config = '{"rootfs": {"persist": 2}, "containers": [{"name": "app", "stop": {"timeout": 5000000000}}]}'\n`);
    expect(c.rootfs).toEqual({ persist: "restart" });
    expect(c.containers).toEqual([{ name: "app", image: ".", stop: { timeout: "5s" } }]);
    const dur = compile(`app = "a"\nmachine_config = '{"stop_config": {"timeout": true}}'\n`);
    expect(dur.diagnostics.map((d) => d.message)).toEqual(["invalid machine config: unknown duration type: bool"]);
  });

  it("a machine_config file: the error names the file and the line:column inside it", () => {
    const r = compile(`app = "a"\nmachine_config = "mc.json"\n`, { readFile: () => new TextEncoder().encode('{\n  "restart": {"max_retries": "3"}\n}\n') });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['invalid machine config "mc.json": json: cannot unmarshal string into Go struct field MachineRestart.restart.max_retries of type int at 2:30']);
    expect(r.diagnostics[0]!.line).toBe(2);
  });

  it("go-json: case-insensitive field match, embedded structs promoted, null into a pointer is nil", () => {
    const r = unmarshalGo("MachineConfig", { guest: { cpus: 1 } }, { Guest: { CPUs: 4 }, containers: [{ name: "a", healthchecks: [{ http: { port: 80 } }] }], metrics: null });
    expect(r.issues).toEqual([]);
    expect(marshalGo("MachineConfig", r.value)).toEqual({ init: {}, guest: { cpus: 4 }, containers: [{ name: "a", image: "", healthchecks: [{ name: "", http: { port: 80 } }] }] });
  });
});

describe("zero is a value where fly-go has a pointer (audit of src/compile)", () => {
  it("swap_size_mb = 0 is sent (appconfig Config.SwapSizeMB *int → fly.MachineInit.SwapSizeMB *int)", () => {
    expect(one(`app = "a"\nswap_size_mb = 0\n`).init).toEqual({ swap_size_mb: 0 });
  });
  it('kill_signal = "" is sent (Config.KillSignal *string → StopConfig.Signal *string, tomachineSetStopConfig)', () => {
    expect(one(`app = "a"\nkill_signal = ""\n`).stop_config).toEqual({ signal: "" });
  });
  it("a [[metrics]] entry without port/path/https sends no metrics (Metrics embeds *fly.MachineMetrics, left nil)", () => {
    expect(one(`app = "a"\n[[metrics]]\nprocesses = ["app"]\n`).metrics).toBeUndefined();
    expect(one(`app = "a"\n[[metrics]]\nport = 0\n`).metrics).toEqual({});
  });
});

describe("persist_rootfs: fly-go MachinePersistRootfs.UnmarshalJSON", () => {
  it('refuses "sometimes" as flyctl\'s decode does, at the value', () => {
    const r = lint(`app = "a"\n[[vm]]\npersist_rootfs = "sometimes"\n`);
    const d = r.diagnostics.find((x) => x.ruleId === "invalid-type")!;
    expect(d.message).toContain('invalid persist_rootfs string value "sometimes"');
    expect([d.line, d.column]).toEqual([3, 18]);
    expect(compile(`app = "a"\n[[vm]]\npersist_rootfs = 4\n`).diagnostics[0]!.message).toContain("invalid persist_rootfs int value 4");
  });
  it('maps the integers 0–3 and "none" as fly-go does', () => {
    expect(one(`app = "a"\n[[vm]]\npersist_rootfs = 2\n`).guest).toEqual({ cpu_kind: "shared", cpus: 1, memory_mb: 256, persist_rootfs: "restart" });
    expect(one(`app = "a"\n[[vm]]\npersist_rootfs = "none"\n`).guest).toEqual({ cpu_kind: "shared", cpus: 1, memory_mb: 256 });
    expect(one(`app = "a"\n[[vm]]\npersist_rootfs = "always"\n`).guest?.persist_rootfs).toBe("always");
  });
});

describe("the Machine to update is a fly.MachineConfig", () => {
  it("fields fly-go v0.9.6 does not know are dropped (flyctl decodes the API answer into fly.Machine)", () => {
    const machine = { config: { metadata: { fly_process_group: "app" }, brand_new_field: { x: 1 }, guest: { cpus: 2, future: 1 } } };
    const c = one(`app = "a"\n`, { machine, detached: "attach" });
    expect(c).not.toHaveProperty("brand_new_field");
    expect(c.guest).toEqual({ cpus: 2 });
  });
  it("a value of the wrong type is refused", () => {
    const r = compile(`app = "a"\n`, { machine: { config: { guest: { cpus: "2" } } } });
    expect(r.diagnostics.map((d) => d.ruleId)).toEqual(["invalid-machine"]);
  });
});

describe("zero where fly-go has a pointer: the release, console and test Machines (appconfig machines.go)", () => {
  it("swap_size_mb = 0 is sent by ToReleaseMachineConfig, ToConsoleMachineConfig and ToTestMachineConfig (SwapSizeMB: c.SwapSizeMB)", async () => {
    const { toReleaseMachineConfig, toConsoleMachineConfig, toTestMachineConfig } = await import("../src/compile/special.js");
    const { loadFlyToml } = await import("../src/model/load.js");
    const { readToml } = await import("../src/reader/toml.js");
    const r = readToml(`app = "a"\nswap_size_mb = 0\nkill_signal = ""\n[deploy]\nrelease_command = "bin/migrate"\n[[http_service.machine_checks]]\ncommand = ["true"]\nimage = "x"\nkill_signal = ""\n[http_service]\ninternal_port = 8080\n`);
    if (!r.ok) throw new Error("parse");
    const model = loadFlyToml(r.doc).config!;
    const rel = toReleaseMachineConfig(model);
    const con = toConsoleMachineConfig(model);
    expect(rel.ok && rel.config.init.swap_size_mb).toBe(0);
    expect(con.ok && con.config.init.swap_size_mb).toBe(0);
    const check = model.http_service!.machine_checks![0]!;
    const t = toTestMachineConfig(model, check, { config: { image: "img" } } as never);
    expect(t.ok && t.config.init.swap_size_mb).toBe(0);
    expect(t.ok && t.config.stop_config).toEqual({ signal: "" });
  });
});
