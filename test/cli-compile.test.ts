// `flyconf compile` contract: output shapes per flag, exit codes 0/1/2, diagnostics as FILE:LINE:COL, no stack traces.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { projectRoot } from "./helpers/shared.js";

async function run(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { code, stdout, stderr };
}

const demo = join(projectRoot, "fixtures/examples/demo/fly.toml");
const updateDir = join(projectRoot, "fixtures/compile/update-path");

describe("flyconf compile", () => {
  it("prints every group's config keyed by group, sorted", async () => {
    const r = await run("compile", demo);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["web", "worker"]);
    expect(out.web.metadata).toEqual({ fly_platform_version: "v2", fly_process_group: "web" });
  });

  it("--group prints one config object", async () => {
    const r = await run("compile", demo, "--group", "worker");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.metadata.fly_process_group).toBe("worker");
    expect(out.restart).toEqual({ policy: "on-failure", max_retries: 5 });
  });

  it("--services prints the services arrays, and a bare array with --group", async () => {
    const all = JSON.parse((await run("compile", demo, "--services")).stdout);
    expect(Object.keys(all)).toEqual(["web", "worker"]);
    expect(all.worker).toEqual([]);
    expect(all.web[0].ports.map((p: { port: number }) => p.port)).toEqual([80, 443]);
    const one = JSON.parse((await run("compile", demo, "--services", "--group", "web")).stdout);
    expect(Array.isArray(one)).toBe(true);
    expect(one[0].autostop).toBe(true);
  });

  it("--wrap gives the create/update body and needs a group", async () => {
    const ok = await run("compile", demo, "--wrap", "--group", "web");
    expect(ok.code).toBe(0);
    expect(Object.keys(JSON.parse(ok.stdout))).toEqual(["config"]);
    const bad = await run("compile", demo, "--wrap");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--wrap needs --group/);
  });

  it("--merge starts from a Machine and defaults the group to its fly_process_group", async () => {
    const r = await run("compile", join(updateDir, "fly.toml"), "--merge", join(updateDir, "machine.json"), "--wrap");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.config.metadata.fly_release_id).toBe("abc");
    // Beyond 2^53: printed exactly (JSON.parse would round it, so check the text).
    expect(r.stdout).toContain('"min_machines_running": 9007199254740993,');
  });

  it("an undefined --group is a usage mistake: exit 2, naming the groups the file defines", async () => {
    const r = await run("compile", demo, "--group", "nope");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flyconf: --group "nope": .*demo\/fly\.toml defines no such process group; its groups: "web", "worker"\n/);
  });

  it("a file flyctl would reject is exit 1 with FILE:LINE:COL: message [rule-id] on stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flyconf-"));
    const f = join(dir, "fly.toml");
    writeFileSync(f, 'app = "x"\n[http_service]\n  internal_port = "8080"\n  auto_start_machines = "yes"\n');
    const r = await run("compile", f);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      `${f}:3:19: http_service.internal_port must be an integer, not the string "8080" [invalid-type]`,
      `${f}:4:25: http_service.auto_start_machines must be a boolean (true or false, without quotes), not the string "yes" [autostart-type]`,
    ]);
  });

  it("usage and I/O errors are exit 2 without a stack trace", async () => {
    const missing = await run("compile", "/nonexistent/fly.toml");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("flyconf: /nonexistent/fly.toml: no such file\n");
    const dir = await run("compile", projectRoot);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toMatch(/is a directory/);
    const badMerge = await run("compile", demo, "--merge", join(projectRoot, "package-lock.json.nope"));
    expect(badMerge.code).toBe(2);
    const unknown = await run("compile", "--nope");
    expect(unknown.code).toBe(2);
  });
});

const bin = join(projectRoot, "bin/flyconf.js");
const built = existsSync(join(projectRoot, "dist/cli/main.js"));

describe.skipIf(!built)("flyconf compile (built CLI, stdin)", () => {
  it("`-` reads stdin", () => {
    const out = execFileSync(process.execPath, [bin, "compile", "-", "--services", "--group", "app"], { input: 'app = "x"\n[http_service]\n  internal_port = 8080\n' });
    expect(JSON.parse(out.toString())[0].internal_port).toBe(8080);
  });
  it("bad stdin is exit 1 naming <stdin>", () => {
    const r = spawnSync(process.execPath, [bin, "compile", "-"], { input: "a = = 1\n" });
    expect(r.status).toBe(1);
    expect(r.stderr.toString()).toMatch(/^<stdin>:1:5: .* \[toml-syntax\]\n$/);
  });
});
