// flyconf/node's Machines API client against a fake API on 127.0.0.1: list, get, create, update (fresh GET → change
// → validate → POST, with and without a lease), retries with backoff on 429/5xx, timeouts, the http:// policy, and
// the token never in an error message.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMachinesClient, MachinesApiError, resolveApiUrl } from "../src/node.js";
import type { Machine } from "../src/index.js";
import { ensureValidators } from "./helpers/validators.js";

const TOKEN = "fm2_lJPECAAAAAAAAMSsecret0123456789abcdef";

function machine(id: string, group = "app"): Machine {
  return {
    id,
    name: `m-${id}`,
    state: "started",
    region: "ams",
    instance_id: "01H",
    config: {
      image: "registry.fly.io/demo:v1",
      init: {},
      guest: { cpu_kind: "shared", cpus: 1, memory_mb: 256 },
      metadata: { fly_platform_version: "v2", fly_process_group: group },
      services: [{ protocol: "tcp", internal_port: 8080, autostop: "stop", autostart: true, ports: [{ port: 443, handlers: ["tls", "http"] }] }],
    },
  };
}

interface Call {
  method: string;
  url: string;
  auth?: string | undefined;
  nonce?: string | undefined;
  body?: unknown;
}
let calls: Call[] = [];
let machines: Map<string, Machine>;
/** Failures to serve before answering normally, per "METHOD path". */
let failures: Map<string, number[]>;
let server: Server;
let base: string;
const pending = new Set<ServerResponse>();

function handle(req: IncomingMessage, res: ServerResponse): void {
  let raw = "";
  req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
  req.on("end", () => {
    const call: Call = { method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization, nonce: req.headers["fly-machine-lease-nonce"] as string | undefined };
    if (raw) call.body = JSON.parse(raw);
    calls.push(call);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: `token ${req.headers.authorization} is invalid` });
    const key = `${call.method} ${call.url}`;
    const queue = failures.get(key);
    if (queue?.length) {
      const status = queue.shift()!;
      if (status === 0) return void pending.add(res); // never answers
      return json(status, { error: "try later" }, status === 429 ? { "retry-after": "0" } : {});
    }
    const m = /^\/v1\/apps\/demo\/machines(?:\/([^/]+))?(\/lease)?$/.exec(call.url);
    if (!m) return json(404, { error: "app not found" });
    const [, id, lease] = m;
    if (lease) {
      if (call.method === "POST") return json(200, { status: "success", data: { nonce: "nonce-1", expires_at: 1, owner: "x" } });
      if (call.method === "DELETE") return json(200, { status: "success" });
    }
    if (!id) {
      if (call.method === "GET") return json(200, [...machines.values()]);
      const body = call.body as { config: Machine["config"]; name?: string };
      const created: Machine = { id: `new${machines.size}`, name: body.name ?? "new", state: "created", config: body.config };
      machines.set(created.id, created);
      return json(200, created);
    }
    const found = machines.get(id);
    if (!found) return json(404, { error: "machine not found" });
    if (call.method === "GET") return json(200, found);
    const updated = { ...found, config: (call.body as { config: Machine["config"] }).config };
    machines.set(id, updated);
    return json(200, updated);
  });
}

beforeAll(async () => {
  ensureValidators();
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const r of pending) r.destroy();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});
beforeEach(() => {
  calls = [];
  machines = new Map([
    ["m1", machine("m1")],
    ["m2", machine("m2")],
  ]);
  failures = new Map();
});

const client = (extra: Partial<Parameters<typeof createMachinesClient>[0]> = {}) => createMachinesClient({ app: "demo", token: TOKEN, baseUrl: base, retryDelayMs: 5, ...extra });

async function rejection(p: Promise<unknown>): Promise<MachinesApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MachinesApiError);
    return e as MachinesApiError;
  }
  throw new Error("expected a rejection");
}

describe("createMachinesClient", () => {
  it("list and get: typed Machines, the token as a Bearer header", async () => {
    const c = client();
    const list = await c.list();
    expect(list.map((m) => m.id)).toEqual(["m1", "m2"]);
    const one = await c.get("m1");
    expect(one.config.guest?.cpus).toBe(1);
    expect(calls.map((x) => `${x.method} ${x.url}`)).toEqual(["GET /v1/apps/demo/machines", "GET /v1/apps/demo/machines/m1"]);
    expect(calls.every((x) => x.auth === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("create validates first: a bad body is never sent", async () => {
    const c = client();
    const e = await rejection(c.create({ config: { guest: { cpus: 1 }, services: [{ autostart: "true" as unknown as boolean }] } }));
    expect(e.kind).toBe("validation");
    expect(e.diagnostics!.filter((d) => d.severity === "error").map((d) => d.ruleId).sort()).toEqual(["autostart-type", "missing-image"]);
    expect(calls).toEqual([]);
    const ok = await c.create({ region: "ams", config: { ...machine("x").config } });
    expect(ok.machine.id).toBe("new2");
    expect(calls.map((x) => x.method)).toEqual(["POST"]);
  });

  it("update: a fresh GET, the change on a copy, validation, then the POST of {config}", async () => {
    const c = client();
    const r = await c.update("m1", (config) => ({ ...config, guest: { cpu_kind: "shared", cpus: 2, memory_mb: 512 } }));
    expect(calls.map((x) => `${x.method} ${x.url}`)).toEqual(["GET /v1/apps/demo/machines/m1", "POST /v1/apps/demo/machines/m1"]);
    expect(calls[1]!.body).toEqual({ config: { ...machine("m1").config, guest: { cpu_kind: "shared", cpus: 2, memory_mb: 512 } } });
    expect(r.machine.config.guest?.cpus).toBe(2);
    expect(r.before.config.guest?.cpus).toBe(1);
  });

  it("update: the change cannot mutate the Machine as fetched; an invalid result is not sent", async () => {
    const c = client();
    const e = await rejection(
      c.update("m1", (config, m) => {
        config.gest = { cpus: 2 };
        expect(m.config.gest).toBeUndefined();
        return { ...config, restart: { policy: "sometimes" as "always" } };
      }),
    );
    expect(e.kind).toBe("validation");
    expect(e.message).toMatch(/the update body is not valid, nothing was sent/);
    expect(calls.map((x) => x.method)).toEqual(["GET"]);
  });

  it("update under a lease: nonce on the POST, lease released afterwards (also when the update fails)", async () => {
    const c = client();
    await c.update("m1", (config) => config, { lease: { ttlSeconds: 30 } });
    expect(calls.map((x) => `${x.method} ${x.url} ${x.nonce ?? "-"}`)).toEqual([
      "POST /v1/apps/demo/machines/m1/lease -",
      "GET /v1/apps/demo/machines/m1 -",
      "POST /v1/apps/demo/machines/m1 nonce-1",
      "DELETE /v1/apps/demo/machines/m1/lease nonce-1",
    ]);
    expect(calls[0]!.body).toEqual({ ttl: 30, description: "flyconf update" });
    calls = [];
    failures.set("POST /v1/apps/demo/machines/m1", [409, 409, 409, 409]);
    const e = await rejection(c.update("m1", (config) => config, { lease: true, nonce: undefined }));
    expect(e).toMatchObject({ kind: "http", status: 409 });
    expect(calls.at(-1)).toMatchObject({ method: "DELETE", nonce: "nonce-1" });
    calls = [];
    await c.update("m2", (config) => config, { nonce: "held" });
    expect(calls.map((x) => x.nonce ?? "-")).toEqual(["-", "held"]);
  });

  it("retries 429 and 5xx with backoff, then gives up with the status", async () => {
    const c = client();
    failures.set("GET /v1/apps/demo/machines", [429, 503, 502]);
    expect((await c.list()).length).toBe(2);
    expect(calls.length).toBe(4);
    calls = [];
    failures.set("GET /v1/apps/demo/machines/m1", [500, 500, 500, 500, 500]);
    const e = await rejection(c.get("m1"));
    expect(e).toMatchObject({ kind: "http", status: 500 });
    expect(calls.length).toBe(4); // 1 + 3 retries
  });

  it("a create is retried on 429 only (a 5xx may have created it)", async () => {
    const c = client();
    failures.set("POST /v1/apps/demo/machines", [429, 503]);
    const e = await rejection(c.create({ config: machine("x").config }));
    expect(e.status).toBe(503);
    expect(calls.map((x) => x.method)).toEqual(["POST", "POST"]);
  });

  it("timeouts, 404s, malformed answers", async () => {
    failures.set("GET /v1/apps/demo/machines/m1", [0]);
    const t0 = Date.now();
    const e = await rejection(client({ timeoutMs: 200, retries: 0 }).get("m1"));
    expect(e.kind).toBe("timeout");
    expect(e.message).toMatch(/did not answer within 200ms/);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(await rejection(client().get("nope"))).toMatchObject({ kind: "http", status: 404, detail: "machine not found" });
    await expect(client().get("../x")).rejects.toMatchObject({ kind: "usage" });
  });

  it("the token never appears in an error, even when the server echoes it", async () => {
    const e = await rejection(createMachinesClient({ app: "demo", token: `${TOKEN}x`, baseUrl: base, retries: 0 }).list());
    expect(e).toMatchObject({ kind: "http", status: 401 });
    expect(`${e.message} ${e.detail} ${e.stack}`).not.toContain(TOKEN);
    expect(e.message).toContain("[REDACTED]");
  });

  it("refuses bad options before any request: app name, token, http:// to a remote host", () => {
    expect(() => createMachinesClient({ app: "Bad App", token: TOKEN })).toThrow(/invalid app name/);
    expect(() => createMachinesClient({ app: "demo", token: " " })).toThrow(/needs a token/);
    expect(() => createMachinesClient({ app: "demo", token: TOKEN, baseUrl: "http://api.example.com" })).toThrow(/refusing plain http:\/\/ to api\.example\.com/);
    expect(createMachinesClient({ app: "demo", token: TOKEN, baseUrl: "http://api.example.com", insecure: true }).app).toBe("demo");
    expect(resolveApiUrl("http://localhost:4280")).toBe("http://localhost:4280/v1");
    expect(resolveApiUrl("http://[::1]:4280/v1")).toBe("http://[::1]:4280/v1");
    expect(resolveApiUrl("http://127.0.0.2")).toBe("http://127.0.0.2/v1");
    expect(() => resolveApiUrl("http://127.0.0.1.evil.com")).toThrow(/refusing/);
    expect(() => resolveApiUrl("https://user:pw@api.machines.dev")).toThrow(/credentials/);
    expect(resolveApiUrl(undefined)).toBe("https://api.machines.dev/v1");
  });
});
