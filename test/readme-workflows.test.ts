// The README's "Platform builders" section is one program (six workflows): its ```ts blocks run here, in order,
// against a fake Machines API on 127.0.0.1 (the fly.toml is the section's ```toml block), and each workflow's effect
// on the API is checked. test/integration/dts-consumer.test.ts type-checks the same program against the built
// declarations.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { compileGroup } from "../src/index.js";
import { startFakeMachinesApi, type FakeApi } from "./helpers/fake-machines-api.js";
import { platformSection } from "./helpers/readme.js";
import { projectRoot } from "./helpers/shared.js";
import { ensureValidators } from "./helpers/validators.js";

const TOKEN = "fm2_readme_token_0123456789";

describe("README: Platform builders workflows", () => {
  let api: FakeApi;
  let dir: string;
  const logs: string[] = [];
  const { toml, program } = platformSection();

  beforeAll(async () => {
    ensureValidators();
    const machine = (id: string, group: string, autostop?: "suspend") => {
      const r = compileGroup(toml, group, { image: "registry.fly.io/my-app:deployment-00" });
      if (!r.ok) throw new Error("the README fly.toml does not compile");
      const config = JSON.parse(JSON.stringify(r.config)) as Record<string, unknown> & { services?: { autostop?: unknown }[] };
      if (autostop && config.services?.[0]) config.services[0].autostop = autostop;
      return { id, name: `m-${id}`, state: "started", region: "ams", instance_id: "01H", config };
    };
    api = await startFakeMachinesApi("my-app", TOKEN, [machine("148e1001", "web"), machine("148e1002", "web"), machine("148e1003", "web", "suspend"), machine("148e2001", "worker")]);
    dir = mkdtempSync(join(tmpdir(), "flyconf-readme-"));
    writeFileSync(join(dir, "fly.toml"), toml);
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs all six workflows with the published entry points", async () => {
    expect(program).toMatch(/from "flyconf"/);
    expect(program).toMatch(/from "flyconf\/node"/);
    expect(program).not.toMatch(/\bas (unknown|any|[A-Z]\w*)\b|<[A-Z]\w*>\s*\(/); // no casts
    // The program as written, with the package names pointing at the sources.
    const file = join(dir, "workflows.ts");
    writeFileSync(
      file,
      program
        .replace(/from "flyconf"/g, `from ${JSON.stringify(pathToFileURL(join(projectRoot, "src/index.ts")).href)}`)
        .replace(/from "flyconf\/node"/g, `from ${JSON.stringify(pathToFileURL(join(projectRoot, "src/node.ts")).href)}`)
        .replace(/readFileSync\("fly\.toml", "utf8"\)/, `readFileSync(${JSON.stringify(join(dir, "fly.toml"))}, "utf8")`),
    );
    const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void logs.push(a.join(" ")));
    const warn = vi.spyOn(console, "warn").mockImplementation((...a: unknown[]) => void logs.push(`warn: ${a.join(" ")}`));
    vi.stubEnv("FLY_API_TOKEN", TOKEN);
    vi.stubEnv("FLY_API_URL", api.base);
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
      warn.mockRestore();
      vi.unstubAllEnvs();
    }

    // 1. clone: a create in fra with the first Machine's config.
    const creates = api.calls.filter((c) => c.method === "POST" && c.url === "/v1/apps/my-app/machines");
    expect(creates[0]!.body).toMatchObject({ region: "fra", config: { metadata: { fly_process_group: "web" } } });
    expect(logs).toContain("cloned 148e1001 into e000001");
    // 2. detach then attach to worker.
    expect(logs).toContain("detached: true");
    expect(logs).toContain('attached the detached Machine to process group "worker" (fly deploy will manage it from now on)');
    expect(logs).toContain("e000001 runs node worker.js");
    const clone = api.machines.get("e000001")!;
    expect(clone.config.metadata).toMatchObject({ fly_platform_version: "v2", fly_process_group: "worker" });
    expect(clone.config.services).toBeUndefined();
    // 3. a web Machine from fly.toml with a size preset.
    expect(logs).toContain("e000002: autostop true, 1024 MB");
    expect(api.machines.get("e000002")!.config).toMatchObject({ image: "registry.fly.io/my-app:deployment-01", guest: { cpu_kind: "shared", cpus: 2, memory_mb: 1024 } });
    // 4. update under a lease, and an update to fly.toml.
    const leased = api.calls.filter((c) => c.url.startsWith("/v1/apps/my-app/machines/e000002"));
    expect(leased.map((c) => `${c.method} ${c.url.slice(25)} ${c.nonce ?? "-"}`)).toEqual(["POST e000002/lease -", "GET e000002 -", "POST e000002 nonce-e000002", "DELETE e000002/lease nonce-e000002"]);
    expect(logs).toContain("e000002: LOG_LEVEL=debug");
    expect(logs).toContain("148e1001 follows fly.toml");
    // 5. the group check names the Machine whose services differ.
    expect(logs).toContain(`Machine 148e1003 (web) /2/config/services/0/autostop: Machine 148e1003 in process group "web" differs from the group's majority configuration (3 of 4 Machines): services[0].autostop is "suspend" here, the majority has true`);
    expect(logs).toContain("1 differences");
    // 6. the plan: what fly deploy would change, Machine by Machine.
    expect(logs.filter((l) => /^(create|update|destroy|unchanged|ignore) /.test(l))).toEqual([
      "unchanged web 148e1001: fly deploy sends the config this Machine already has (a new image and release metadata aside)",
      "unchanged web 148e1002: fly deploy sends the config this Machine already has (a new image and release metadata aside)",
      "update web 148e1003: services[0].autostop",
      "unchanged worker 148e2001: fly deploy sends the config this Machine already has (a new image and release metadata aside)",
      "unchanged worker e000001: fly deploy sends the config this Machine already has (a new image and release metadata aside)",
      "update web e000002: env.LOG_LEVEL, guest.cpus, guest.memory_mb",
    ]);
    expect(logs.filter((l) => l.startsWith("warn:"))).toEqual([]);
  });
});
