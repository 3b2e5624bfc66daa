// fly.yaml and fly.json, read as flyctl ad0172f reads them: internal/appconfig/serde.go LoadConfig chooses the
// decoder by suffix (".json" → encoding/json, ".yaml" → gopkg.in/yaml.v3, anything else, ".yml" included → TOML),
// and all three go through the same patches (patches.go) and JSON re-decode.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { stringifyJson } from "../src/compile/canonical.js";
import { lint } from "../src/lint/lint.js";
import { compile } from "../src/pipeline.js";
import { plan } from "../src/plan/plan.js";
import { configFormatOf, isAppConfigName } from "../src/reader/app-config.js";
import { resolvePlain } from "../src/reader/yaml.js";
import { TomlFloat } from "../src/reader/values.js";
import { projectRoot } from "./helpers/shared.js";

const dir = join(projectRoot, "fixtures/formats");
const NAMES = ["fly.toml", "fly.yaml", "fly.json"] as const;
const read = (set: string, name: string) => readFileSync(join(dir, set, name), "utf8");

async function cli(args: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), isTTY: false, stderrIsTTY: false };
  const code = await main(args, { ...io, ...(cwd ? { cwd } : {}) } as never);
  return { code, out, err };
}

describe("the same app as fly.toml, fly.yaml and fly.json", () => {
  it("compiles to identical configs for every group", () => {
    const outs = NAMES.map((n) => {
      const r = compile(read("app", n), { filePath: n });
      expect(r.diagnostics, n).toEqual([]);
      expect(r.groups).toEqual(["web", "worker"]);
      return stringifyJson(r.configs);
    });
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
  });

  it("lint reports the same rule ids, each at a line of its own file that holds the key", () => {
    const results = NAMES.map((n) => ({ n, text: read("findings", n), ds: lint(read("findings", n), { filePath: n }).diagnostics }));
    const ids = results.map((r) => r.ds.map((d) => d.ruleId).sort());
    expect(ids[0]).toEqual(["autostart-type", "duration-unit", "env-reserved-name", "service-no-ports", "unknown-key"]);
    expect(ids[1]).toEqual(ids[0]);
    expect(ids[2]).toEqual(ids[0]);
    for (const { n, text, ds } of results) {
      const lines = text.split("\n");
      for (const d of ds) {
        const last = String(d.path?.filter((s) => typeof s === "string").pop() ?? "");
        if (d.ruleId === "service-no-ports") continue; // about a whole service: its table / list item
        expect(lines[d.line - 1], `${n} ${d.ruleId} at line ${d.line}`).toContain(last);
      }
    }
  });

  it("plan reads all three the same way", () => {
    const outs = NAMES.map((n) => JSON.stringify(plan(read("app", n), [], { filePath: n })));
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
  });
});

describe("LoadConfig's suffix rule", () => {
  it("chooses by suffix, case-sensitively; .yml is TOML", () => {
    expect(["fly.toml", "fly.yaml", "fly.json", "fly.yml", "fly.YAML", "x/fly.staging.json"].map(configFormatOf)).toEqual(["toml", "yaml", "json", "toml", "toml", "json"]);
  });
  it("the directory walk's names", () => {
    expect(["fly.toml", "fly.staging.toml", "fly.yaml", "fly.prod.yaml", "fly.json", "fly.a.json", "fly.yml"].every(isAppConfigName)).toBe(true);
    expect(["fly..json", "package.json", "myfly.yaml", "fly.json.bak", "Fly.json"].some(isAppConfigName)).toBe(false);
  });
  it("a fly.yml is explained: flyctl reads it as TOML, rename it to fly.yaml", () => {
    const d = lint("app: demo\nprimary_region: ams\n", { filePath: "fly.yml" }).diagnostics;
    expect(d.map((x) => x.ruleId)).toEqual(["toml-syntax"]);
    expect(d[0]!.message).toContain("rename it to fly.yaml");
  });
});

describe("YAML: gopkg.in/yaml.v3 resolution (resolve.go), not YAML 1.1", () => {
  it("on/off/yes/no are strings; true/false booleans; ~ and null are null", () => {
    expect(["on", "off", "yes", "no", "y", "N"].map(resolvePlain)).toEqual(["on", "off", "yes", "no", "y", "N"]);
    expect(["true", "True", "FALSE", "~", "null", ""].map(resolvePlain)).toEqual([true, true, false, null, null, null]);
  });
  it("numbers: 1e3 is a float, 0x1F / 0o17 / 017 (octal, strconv base 0) / 1_000 are integers, .5 a float", () => {
    expect(resolvePlain("1e3")).toEqual(new TomlFloat(1000, "1e3"));
    expect(["0x1F", "0o17", "017", "1_000", "+12", "-7"].map(resolvePlain)).toEqual([31, 15, 15, 1000, 12, -7]);
    expect(resolvePlain(".5")).toEqual(new TomlFloat(0.5, ".5"));
    expect(resolvePlain("2026-01-01")).toBe("2026-01-01"); // a timestamp stays text in interface{} (yaml.v3)
    expect(resolvePlain("1.2.3")).toBe("1.2.3");
  });
  it("in a fly.yaml: `force_https: yes` is the string \"yes\", so flyctl's decode fails", () => {
    const r = lint("app: demo\nhttp_service:\n  internal_port: 8080\n  force_https: yes\n", { filePath: "fly.yaml" });
    const d = r.diagnostics.find((x) => x.ruleId === "invalid-type")!;
    expect(d.message).toContain('not the string "yes"');
    expect([d.line, d.column]).toEqual([4, 16]);
  });
  it("env values are stringified with Go %v from yaml.v3 types: 1e3 → \"1000\", 0x10 → \"16\", on → \"on\"", () => {
    const r = compile("app: demo\nenv:\n  A: 1e3\n  B: 0x10\n  C: on\n  D: 1.5\n", { filePath: "fly.yaml" });
    expect(r.configs.app!.env).toMatchObject({ A: "1000", B: "16", C: "on", D: "1.5" });
  });
  it("anchors, aliases and merge keys (<<) work as in yaml.v3; explicit keys win", () => {
    const yaml = "app: demo\nx-base: &base\n  internal_port: 8080\n  force_https: true\nhttp_service:\n  <<: *base\n  force_https: false\n";
    const r = compile(yaml, { filePath: "fly.yaml" });
    // force_https: false (explicit) beats the anchor's true: port 80 carries no force_https.
    expect(r.diagnostics).toEqual([]);
    expect(r.configs.app!.services![0]).toEqual({ protocol: "tcp", internal_port: 8080, ports: [{ port: 80, handlers: ["http"] }, { port: 443, handlers: ["http", "tls"] }] });
    const base = compile(yaml.replace("  force_https: false\n", ""), { filePath: "fly.yaml" });
    expect(base.configs.app!.services![0]!.ports![0]).toEqual({ port: 80, handlers: ["http"], force_https: true });
  });
  it("a non-string key below the top level is refused (flyctl's stringifyYAMLMapKeys panics on it)", () => {
    const r = lint("app: demo\nenv:\n  80: x\n", { filePath: "fly.yaml" });
    expect(r.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([["invalid-type", 3]]);
  });
  it("syntax errors are yaml-syntax with a position; a top level that is not a mapping too", () => {
    expect(lint("app: a\n  b: c\n x\n", { filePath: "fly.yaml" }).diagnostics.map((d) => d.ruleId)).toEqual(["yaml-syntax"]);
    expect(lint("- a\n- b\n", { filePath: "fly.yaml" }).diagnostics.map((d) => d.ruleId)).toEqual(["yaml-syntax"]);
  });
  it("alias expansion is bounded (billion laughs)", () => {
    let y = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i < 9; i++) y += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
    const r = lint(y, { filePath: "fly.yaml" });
    expect(r.diagnostics.map((d) => d.ruleId)).toEqual(["yaml-syntax"]);
    expect(r.diagnostics[0]!.message).toMatch(/more than 50000 values/);
  });
});

describe("JSON: encoding/json into map[string]any, so numbers are float64", () => {
  it("8080 and 8080.0 are the same; 8080.5 fails an int field at its position", () => {
    const a = compile('{"app": "a", "http_service": {"internal_port": 8080}}', { filePath: "fly.json" });
    const b = compile('{"app": "a", "http_service": {"internal_port": 8080.0}}', { filePath: "fly.json" });
    expect(stringifyJson(b.configs)).toBe(stringifyJson(a.configs));
    const c = lint('{"app": "a",\n "http_service": {"internal_port": 8080.5}}', { filePath: "fly.json" });
    const d = c.diagnostics.find((x) => x.ruleId === "invalid-type")!;
    expect([d.line, d.column]).toEqual([2, 36]);
  });
  it("[env] numbers print as Go's %v of a float64: 1000000 → \"1e+06\" (not as TOML's int64 \"1000000\")", () => {
    const j = compile('{"app": "a", "env": {"N": 1000000, "P": 8080, "F": 1.5}}', { filePath: "fly.json" });
    expect(j.configs.app!.env).toMatchObject({ N: "1e+06", P: "8080", F: "1.5" });
    const t = compile('app = "a"\n[env]\nN = 1000000\n', { filePath: "fly.toml" });
    expect(t.configs.app!.env!.N).toBe("1000000");
  });
  it("null: a field left unset, except the sections a patch refuses (env: null)", () => {
    expect(compile('{"app": "a", "primary_region": null, "http_service": {"internal_port": 8080, "force_https": null}}', { filePath: "fly.json" }).diagnostics).toEqual([]);
    const r = lint('{"app": "a",\n "env": null}', { filePath: "fly.json" });
    expect(r.diagnostics.map((d) => [d.ruleId, d.line, d.message])).toEqual([["invalid-type", 2, "env is null: Do not know how to process 'env' section of type: <nil>"]]);
  });
  it("syntax errors are json-syntax; a top level that is not an object too", () => {
    expect(lint('{"app": "a",}', { filePath: "fly.json" }).diagnostics.map((d) => d.ruleId)).toEqual(["json-syntax"]);
    expect(lint("[1]", { filePath: "fly.json" }).diagnostics.map((d) => d.ruleId)).toEqual(["json-syntax"]);
  });
});

describe("the CLI with fly.yaml and fly.json", () => {
  it("compile and lint take them by name; a directory walk finds them", async () => {
    const d = mkdtempSync(join(tmpdir(), "flyconf-formats-"));
    for (const n of NAMES) writeFileSync(join(d, n), read("app", n));
    writeFileSync(join(d, "fly.staging.yaml"), read("findings", "fly.yaml"));
    const t = await cli(["compile", join(d, "fly.toml")]);
    const y = await cli(["compile", join(d, "fly.yaml")]);
    const j = await cli(["compile", join(d, "fly.json")]);
    expect(t.code).toBe(0);
    expect(y.out).toBe(t.out);
    expect(j.out).toBe(t.out);
    const l = await cli(["lint", "--format", "compact", d]);
    expect(l.code).toBe(1);
    expect(l.out).toMatch(/fly\.staging\.yaml:9:24: error .*\[autostart-type\]/);
    expect(l.out).not.toMatch(/fly\.(toml|yaml|json):/);
  });

  it("--fix says clearly that it does not edit fly.yaml or fly.json, and leaves them as they are", async () => {
    const d = mkdtempSync(join(tmpdir(), "flyconf-formats-fix-"));
    writeFileSync(join(d, "fly.yaml"), read("findings", "fly.yaml"));
    const r = await cli(["lint", "--fix", "--format", "compact", join(d, "fly.yaml")]);
    expect(r.err).toMatch(/not fixed: --fix edits TOML only/);
    expect(readFileSync(join(d, "fly.yaml"), "utf8")).toBe(read("findings", "fly.yaml"));
    expect(lint(read("findings", "fly.yaml"), { filePath: "fly.yaml" }).diagnostics.some((x) => x.fix)).toBe(false);
  });

  it("fly.json is an app config by name; a fly.json holding Machines API JSON is linted as Machine JSON", async () => {
    const d = mkdtempSync(join(tmpdir(), "flyconf-formats-json-"));
    writeFileSync(join(d, "fly.json"), JSON.stringify([{ id: "m1", config: { image: "x", metadata: {} } }]));
    writeFileSync(join(d, "machines.json"), read("app", "fly.json"));
    const a = await cli(["lint", "--format", "compact", join(d, "fly.json")]);
    expect(a.out).toMatch(/\[detached-machine\]/);
    // Any other name is Machine JSON, whatever it holds: an app config there reads as a Machine config.
    const b = await cli(["lint", "--format", "compact", join(d, "machines.json")]);
    expect(b.out).toMatch(/unknown key "tcp_checks" in services\[0\]: the Machines API ignores it/);
  });
});
