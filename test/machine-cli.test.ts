// `flyconf lint` on Machine JSON (files, --app, --app-config, --body) and `flyconf diff`, through main().
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { ensureValidators } from "./helpers/validators.js";
import { projectRoot } from "./helpers/shared.js";

const TOKEN = "test-token-0123456789";
const fixture = (...p: string[]) => join(projectRoot, "fixtures/rules", ...p);
let server: Server;
let base: string;

beforeAll(async () => {
  ensureValidators();
  server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(401).end('{"error":"unauthorized"}');
      return;
    }
    if (req.method !== "GET" || req.url !== "/v1/apps/demo/machines") {
      res.writeHead(404).end('{"error":"not found"}');
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify([{ id: "m1", state: "started", config: { metadata: { fly_process_group: "app" }, restart: { policy: "always", max_retries: 3 } } }], null, 2));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

async function run(argv: string[], env: Record<string, string> = {}) {
  let out = "";
  let err = "";
  const code = await main(argv, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: { ...env }, cwd: projectRoot, isTTY: false, stderrIsTTY: false });
  return { code, out, err };
}

describe("flyconf lint on Machine JSON", () => {
  it("a .json file: same formats and exit codes as fly.toml linting", async () => {
    const r = await run(["lint", "-f", "compact", fixture("group-inconsistent/bad-three-machines.json")]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/bad-three-machines\.json:85:23: error Machine 3d8d0002 in process group "app" differs/);
    const good = await run(["lint", "-f", "json", fixture("detached-machine/good-list.json")]);
    expect(good.code).toBe(0);
    const warnOnly = await run(["lint", "-f", "compact", fixture("restart-retries/bad-always-with-retries.json")]);
    expect(warnOnly.code).toBe(0);
    expect(warnOnly.out).toContain("[restart-retries]");
  });
  it("--app-config enables unknown-group; --body enables config-wrapper for any non-body shape", async () => {
    const f = fixture("unknown-group/bad-machines-web.json");
    expect((await run(["lint", "-f", "compact", f])).out).not.toContain("unknown-group");
    const r = await run(["lint", "-f", "compact", "--app-config", fixture("unknown-group/bad-machines-web.app-config.toml.txt"), f]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('process group "web" is not defined in fly.toml');
    const dir = mkdtempSync(join(tmpdir(), "flyconf-body-"));
    writeFileSync(join(dir, "body.json"), JSON.stringify({ image: "x", metadata: { fly_platform_version: "v2", fly_process_group: "app" }, restart: { policy: "always" } }));
    expect((await run(["lint", "-f", "compact", join(dir, "body.json")])).code).toBe(0);
    const b = await run(["lint", "-f", "compact", "--body", join(dir, "body.json")]);
    expect(b.code).toBe(1);
    expect(b.out).toContain("[config-wrapper]");
  });
  it("--app lints the live Machines; API failures exit 2 without the token", async () => {
    const r = await run(["lint", "-f", "compact", "--app", "demo", "--api-url", base], { FLY_API_TOKEN: TOKEN });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^app demo:\d+:\d+: warning Machine m1: max_retries = 3 is ignored/m);
    const bad = await run(["lint", "--app", "demo", "--api-url", base], { FLY_API_TOKEN: "wrong-token-123456" });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/rejected the token \(401 Unauthorized\)/);
    expect(bad.err + bad.out).not.toContain("wrong-token-123456");
  });
});

describe("flyconf diff (plan under its former name)", () => {
  it("exit 0 without changes, 1 with changes, 2 for usage errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "flyconf-diff-cli-"));
    writeFileSync(join(dir, "fly.toml"), 'app = "demo"\n\n[[restart]]\npolicy = "always"\n');
    const machine = (policy: string) => ({ id: "m1", state: "started", config: { init: {}, env: { FLY_PROCESS_GROUP: "app" }, metadata: { fly_platform_version: "v2", fly_process_group: "app" }, restart: { policy } } });
    writeFileSync(join(dir, "same.json"), JSON.stringify([machine("always")]));
    writeFileSync(join(dir, "drift.json"), JSON.stringify([machine("no")]));
    expect(await run(["diff", join(dir, "fly.toml"), join(dir, "same.json")])).toMatchObject({ code: 0, out: expect.stringMatching(/^= unchanged Machine m1 \(group "app"\)[^]*Plan: 0 to create, 0 to update, 0 to destroy, 1 unchanged, 0 ignored\.\n$/) });
    const d = await run(["diff", join(dir, "fly.toml"), join(dir, "drift.json")]);
    expect(d.code).toBe(1);
    expect(d.out).toContain('~ restart.policy: "no" → "always"');
    expect((await run(["diff", join(dir, "fly.toml")])).code).toBe(2);
  });
});
