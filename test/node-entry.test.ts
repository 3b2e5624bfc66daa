// flyconf/node: files on disk, the nearest configuration file, [[files]] local_path relative to the fly.toml.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFile, lintFile } from "../src/node.js";

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "flyconf-node-"));
  mkdirSync(join(dir, "app"));
  writeFileSync(join(dir, ".flyconf.json"), JSON.stringify({ rules: { "duration-unit": "off" } }));
  writeFileSync(join(dir, "app/fly.toml"), 'app = "a"\nkill_timeout = 30\n[http_service]\ninternal_port = 8080\nauto_start_machines = "true"\n[[files]]\nguest_path = "/etc/motd"\nlocal_path = "motd.txt"\n');
  writeFileSync(join(dir, "app/motd.txt"), "hi\n");
  return dir;
}

describe("flyconf/node", () => {
  it("lintFile applies the nearest .flyconf.json, and options.rules over it", () => {
    const dir = project();
    const path = join(dir, "app/fly.toml");
    expect(lintFile(path).diagnostics.map((d) => d.ruleId)).toEqual(["autostart-type"]);
    expect(lintFile(path, { noConfig: true }).diagnostics.map((d) => d.ruleId).sort()).toEqual(["autostart-type", "duration-unit"]);
    expect(lintFile(path, { rules: { "autostart-type": "off" } }).diagnostics).toEqual([]);
  });

  it("compileFile reads [[files]] local_path relative to the fly.toml, base64 as flyctl sends it", () => {
    const path = join(project(), "app/fly.toml");
    writeFileSync(path, 'app = "a"\n[[files]]\nguest_path = "/etc/motd"\nlocal_path = "motd.txt"\n');
    const r = compileFile(path);
    expect(r.diagnostics).toEqual([]);
    expect(r.configs.app!.files).toEqual([{ guest_path: "/etc/motd", raw_value: Buffer.from("hi\n").toString("base64") }]);
  });

  it("throws one clear message for a missing file", () => {
    expect(() => lintFile(join(tmpdir(), "no-such-dir-flyconf", "fly.toml"))).toThrow(/no such file/);
  });
});
