// The key documentation table (src/model/key-docs.ts) is the one source for hover, completion, `flyconf explain KEY`
// and the JSON Schema's descriptions: every entry must name a key the model knows, and every list of values must be
// what the compiler and the rules accept.
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { MACHINE_PRESETS } from "../src/compile/guest.js";
import { lint } from "../src/lint/lint.js";
import { GENERIC_KEY_DOCS, KEY_DOCS, VM_SIZE_NAMES, keyDocText } from "../src/model/key-docs.js";
import { keyInfo, keysAt, lookupKey, tableHeaders } from "../src/model/key-model.js";
import { buildFlyTomlSchema } from "../scripts/gen-fly-toml-schema.js";

describe("key documentation", () => {
  it("every KEY_DOCS path is a key of the model", () => {
    for (const path of Object.keys(KEY_DOCS)) expect(lookupKey(path.split(".")), path).toBeDefined();
  });

  it("every GENERIC_KEY_DOCS entry matches a key somewhere in the model", () => {
    const all = new Set<string>();
    const walk = (prefix: string[], depth: number) => {
      if (depth > 5) return;
      for (const k of keysAt(prefix)) {
        all.add([...prefix, k].slice(-2).join("."));
        all.add([...prefix, k].slice(-3).join("."));
        all.add(k);
        walk([...prefix, k], depth + 1);
      }
    };
    walk([], 0);
    for (const k of ["checks", "services"]) walk([k, k === "checks" ? "x" : "0"], 1);
    for (const path of Object.keys(GENERIC_KEY_DOCS)) expect(all.has(path), path).toBe(true);
  });

  it("the size presets are the compiler's", () => {
    expect([...VM_SIZE_NAMES].sort()).toEqual(Object.keys(MACHINE_PRESETS).sort());
  });

  const accepted = (label: string, path: string, file: (v: string) => string, ruleId: string) =>
    it(`every ${label} value offered is one ${ruleId} accepts`, () => {
      const values = keyInfo(path.split("."))!.doc!.values!;
      expect(values.length).toBeGreaterThan(1);
      for (const v of values) expect(lint(file(v)).diagnostics.filter((d) => d.ruleId === ruleId || d.ruleId === "invalid-type"), v).toEqual([]);
    });
  accepted("handler", "services.ports.handlers", (v) => `[[services]]\ninternal_port = 8080\n[[services.ports]]\nport = 443\nhandlers = [${v}]\n`, "handler-value");
  accepted("restart policy", "restart.policy", (v) => `app = "a"\n[[restart]]\npolicy = ${v}\n`, "restart-policy");
  accepted("concurrency type", "http_service.concurrency.type", (v) => `[http_service]\ninternal_port = 8080\n[http_service.concurrency]\ntype = ${v}\n`, "concurrency-limits");
  accepted("deploy strategy", "deploy.strategy", (v) => `app = "a"\n[deploy]\nstrategy = ${v}\n[http_service]\ninternal_port = 8080\n[[http_service.checks]]\npath = "/"\n`, "deploy-strategy-incompatible");
  accepted("autostop", "http_service.auto_stop_machines", (v) => `[http_service]\ninternal_port = 8080\nauto_stop_machines = ${v}\n`, "autostop-value");
  accepted("vm size", "vm.size", (v) => `app = "a"\n[[vm]]\nsize = ${v}\n`, "invalid-type");

  it("the JSON Schema's descriptions are the table's text", () => {
    const schema = buildFlyTomlSchema() as { properties: Record<string, { description?: string }> };
    expect(schema.properties.kill_signal!.description).toBe(keyDocText(KEY_DOCS.kill_signal!));
    expect(schema.properties.kill_signal!.description).toContain("stop_config.signal");
  });

  it("keys, forms and headers come from the model", () => {
    expect(keysAt(["services", 0, "ports", 0])).toContain("handlers");
    expect(keyInfo(["services"])!.form).toBe("array-table");
    expect(keyInfo(["http_service"])!.form).toBe("table");
    expect(keyInfo(["checks", "web", "interval"])!.docPath).toEqual(["checks", "interval"]);
    expect(keyInfo(["nope"])).toBeUndefined();
    const headers = tableHeaders().map((h) => h.path.join("."));
    expect(headers).toEqual(expect.arrayContaining(["http_service", "services", "services.ports", "checks.NAME", "vm"]));
    expect(headers).not.toContain("mount");
  });

  it("flyconf explain KEY prints the key's documentation", async () => {
    let out = "";
    const code = await main(["explain", "http_service.auto_stop_machines"], { stdout: (s) => void (out += s), stderr: () => undefined });
    expect(code).toBe(0);
    expect(out).toContain("# http_service.auto_stop_machines");
    expect(out).toContain("Machine config: services[].autostop");
    expect(out).toContain(KEY_DOCS.http_service ? "Values: \"stop\", \"suspend\", \"off\", true, false" : "");
  });
});
