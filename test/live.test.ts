// Live mode against a small HTTP server on 127.0.0.1 serving recorded-shape Machines API responses.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiBaseUrl, authorizationHeader, fetchMachines, redact } from "../src/cli/live.js";
import { runPlan } from "../src/cli/plan.js";
import { CliError } from "../src/cli/io.js";
import { compile } from "../src/pipeline.js";

const TOKEN = "fm2_lJPECAAAAAAAAMSsecret0123456789abcdef";
const TOML = 'app = "demo"\n\n[http_service]\ninternal_port = 8080\nauto_stop_machines = "stop"\nauto_start_machines = true\n';
const machine = (id: string) => ({
  id,
  name: `name-${id}`,
  state: "started",
  region: "ams",
  instance_id: "01HXYZ",
  private_ip: "fdaa:0:1::2",
  config: { ...compile(TOML, { group: "app" }).configs.app, image: "registry.fly.io/demo:deployment-01" },
  image_ref: { registry: "registry.fly.io", repository: "demo", tag: "deployment-01", digest: "sha256:00", labels: null },
  created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-01-01T00:00:00Z",
  events: [],
});

interface Seen {
  method?: string;
  url?: string;
  auth?: string;
}
const seen: Seen = {};
let server: Server;
let base: string;
const pending = new Set<ServerResponse>();

function handle(req: IncomingMessage, res: ServerResponse): void {
  seen.method = req.method;
  seen.url = req.url;
  seen.auth = req.headers.authorization;
  const app = /^\/v1\/apps\/([^/]+)\/machines$/.exec(req.url ?? "")?.[1];
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  if (req.headers.authorization !== `Bearer ${TOKEN}` && req.headers.authorization !== `FlyV1 ${TOKEN}`) return json(401, { error: `token ${req.headers.authorization} is invalid` });
  switch (app) {
    case "demo":
      return json(200, [machine("148e1"), machine("148e2")]);
    case "drifted": {
      const m = machine("148e3");
      (m.config.services as { autostop?: unknown }[])[0]!.autostop = "suspend";
      return json(200, [m]);
    }
    case "forbidden":
      return json(403, { error: "unauthorized" });
    case "broken":
      return json(503, { error: "service unavailable" });
    case "malformed":
      return json(200, "<html>oops</html>");
    case "object":
      return json(200, { machines: [] });
    case "slow":
      pending.add(res); // never answers; closed in afterAll
      return;
    default:
      return json(404, { error: "app not found" });
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const r of pending) r.destroy();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const env = (extra: Record<string, string> = {}) => ({ FLY_API_TOKEN: TOKEN, ...extra });
async function failure(p: Promise<unknown>): Promise<CliError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CliError);
    return e as CliError;
  }
  throw new Error("expected a failure");
}

describe("Machines API client", () => {
  it("GETs /v1/apps/{app}/machines with the token as a Bearer header", async () => {
    const r = await fetchMachines({ app: "demo", apiUrl: base, env: env() });
    expect(seen).toEqual({ method: "GET", url: "/v1/apps/demo/machines", auth: `Bearer ${TOKEN}` });
    expect(JSON.parse(r.text)).toHaveLength(2);
    expect(r).toMatchObject({ url: `${base}/v1/apps/demo/machines`, source: "app demo" });
  });
  it("takes FLY_TOKEN when FLY_API_TOKEN is unset, FLY_API_HOSTNAME when --api-url is not given, and sends FlyV1 tokens as they are", async () => {
    await fetchMachines({ app: "demo", env: { FLY_TOKEN: TOKEN, FLY_API_HOSTNAME: base } });
    expect(seen.auth).toBe(`Bearer ${TOKEN}`);
    await fetchMachines({ app: "demo", env: { FLY_API_TOKEN: `FlyV1 ${TOKEN}`, FLY_API_HOSTNAME: base } });
    expect(seen.auth).toBe(`FlyV1 ${TOKEN}`);
  });
  it("401: says the token was rejected, and never prints the token (even when the server echoes it)", async () => {
    const e = await failure(fetchMachines({ app: "demo", apiUrl: base, env: { FLY_API_TOKEN: `${TOKEN}x` } }));
    expect(e.message).toMatch(/rejected the token \(401 Unauthorized\)/);
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).toContain("[REDACTED]");
  });
  // Retries keep their number, with a short backoff (the default waits 0.25-1 s between them).
  const quick = { retryDelayMs: 20 };
  it("403, 404 and 5xx have their own messages", async () => {
    expect((await failure(fetchMachines({ app: "forbidden", apiUrl: base, env: env(), ...quick }))).message).toMatch(/may not read app forbidden \(403 Forbidden\)/);
    expect((await failure(fetchMachines({ app: "nope", apiUrl: base, env: env(), ...quick }))).message).toMatch(/app nope not found \(404\) \(app not found\)/);
    expect((await failure(fetchMachines({ app: "broken", apiUrl: base, env: env(), ...quick }))).message).toMatch(/failed \(HTTP 503\) \(service unavailable\): try again later/);
  });
  it("a slow server times out with a clear message", async () => {
    const t0 = Date.now();
    const e = await failure(fetchMachines({ app: "slow", apiUrl: base, env: env(), timeoutMs: 300, ...quick }));
    expect(e.message).toMatch(/did not answer within 300ms \(raise it with --timeout\)/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  it("a malformed body (not JSON, or not a list) is refused", async () => {
    expect((await failure(fetchMachines({ app: "malformed", apiUrl: base, env: env() }))).message).toMatch(/malformed response for app malformed: not JSON \(starts with "<html>oops<\/html>"\)/);
    expect((await failure(fetchMachines({ app: "object", apiUrl: base, env: env() }))).message).toMatch(/expected a list of Machines, got an object/);
  });
  it("network failures and missing tokens are clear, and bad app names never reach the network", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect((await failure(fetchMachines({ app: "demo", apiUrl: `http://127.0.0.1:${port}`, env: env(), ...quick }))).message).toMatch(/cannot reach the Machines API at http:\/\/127\.0\.0\.1:\d+\/v1: connection refused/);
    expect((await failure(fetchMachines({ app: "demo", apiUrl: base, env: {} }))).message).toMatch(/needs a token: set FLY_API_TOKEN/);
    expect((await failure(fetchMachines({ app: "../x", apiUrl: base, env: env() }))).message).toMatch(/invalid app name/);
  });
  it("base URL: default, /v1 appended, credentials refused", () => {
    expect(apiBaseUrl(undefined, {})).toBe("https://api.machines.dev/v1");
    expect(apiBaseUrl(undefined, { FLY_API_HOSTNAME: "https://api.machines.dev" })).toBe("https://api.machines.dev/v1");
    expect(apiBaseUrl("http://127.0.0.1:4280/v1/", {})).toBe("http://127.0.0.1:4280/v1");
    expect(() => apiBaseUrl("https://u:p@example.com", {})).toThrow(/credentials/);
    // Plain http:// only to loopback, unless --insecure: the token would cross the network in the clear.
    expect(() => apiBaseUrl("http://machines.example.com", {})).toThrow(CliError);
    expect(() => apiBaseUrl(undefined, { FLY_API_HOSTNAME: "http://10.0.0.1:4280" })).toThrow(/refusing plain http:\/\/ to 10\.0\.0\.1:4280.*--insecure/);
    expect(apiBaseUrl("http://machines.example.com", {}, true)).toBe("http://machines.example.com/v1");
    expect(authorizationHeader("abc")).toBe("Bearer abc");
    expect(redact(`x FlyV1 a1b2c3d4e5,f6g7h8i9j0 y`, "FlyV1 a1b2c3d4e5,f6g7h8i9j0")).toBe("x [REDACTED] y");
  });
});

describe("flyconf plan --app", () => {
  const dir = mkdtempSync(join(tmpdir(), "flyconf-live-"));
  const toml = join(dir, "fly.toml");
  writeFileSync(toml, TOML);
  const run = async (app: string) => {
    let out = "";
    const code = await runPlan(toml, { app, apiUrl: base, timeout: 5 }, { stdout: (s) => void (out += s), stderr: () => {}, env: env() });
    return { code, out };
  };
  it("exits 0 for Machines matching fly.toml, 1 when fly deploy would change one", async () => {
    const same = await run("demo");
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/Plan: 0 to create, 0 to update, 0 to destroy, 2 unchanged, 0 ignored\.\n$/);
    const d = await run("drifted");
    expect(d.code).toBe(1);
    expect(d.out).toContain('~ services[0].autostop: "suspend" → true');
  });
  it("API errors are CLI errors (exit 2) without the token", async () => {
    const e = await failure(run("nope"));
    expect(e.exitCode).toBe(2);
    expect(e.message).not.toContain(TOKEN);
  });
});
