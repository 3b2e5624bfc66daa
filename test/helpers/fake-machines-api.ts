// A fake Machines API on 127.0.0.1 for tests: list, get, create, update and leases of one app's Machines, kept in
// memory, with every request recorded. Only what the client uses; answers are shaped as the real API's.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeCall {
  method: string;
  url: string;
  nonce?: string;
  body?: unknown;
}

type AnyMachine = { id: string; config: Record<string, unknown>; [k: string]: unknown };

export interface FakeApi {
  base: string;
  calls: FakeCall[];
  machines: Map<string, AnyMachine>;
  close(): Promise<void>;
}

export async function startFakeMachinesApi(app: string, token: string, seed: AnyMachine[]): Promise<FakeApi> {
  const machines = new Map(seed.map((m) => [m.id, m]));
  const calls: FakeCall[] = [];
  let next = 1;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
    req.on("end", () => {
      const call: FakeCall = { method: req.method ?? "", url: req.url ?? "" };
      const nonce = req.headers["fly-machine-lease-nonce"];
      if (typeof nonce === "string") call.nonce = nonce;
      if (raw) call.body = JSON.parse(raw);
      calls.push(call);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return json(401, { error: "unauthorized" });
      const m = new RegExp(`^/v1/apps/${app}/machines(?:/([^/]+))?(/lease)?$`).exec(call.url);
      if (!m) return json(404, { error: "not found" });
      const [, id, lease] = m;
      if (lease) return json(200, call.method === "POST" ? { status: "success", data: { nonce: `nonce-${id}`, expires_at: 0, owner: "test" } } : { status: "success" });
      if (!id) {
        if (call.method === "GET") return json(200, [...machines.values()]);
        const body = call.body as { config: Record<string, unknown>; region?: string };
        const created: AnyMachine = { id: `e${String(next++).padStart(6, "0")}`, state: "created", region: body.region ?? "ams", config: body.config };
        machines.set(created.id, created);
        return json(200, created);
      }
      const found = machines.get(id);
      if (!found) return json(404, { error: "machine not found" });
      if (call.method === "GET") return json(200, found);
      const updated: AnyMachine = { ...found, config: (call.body as { config: Record<string, unknown> }).config };
      machines.set(id, updated);
      return json(200, updated);
    });
  };
  const server: Server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    calls,
    machines,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
