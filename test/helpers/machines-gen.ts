// Generated Machine lists for the group-consistency test and benchmark: a few process groups, a few deviating
// Machines per group, deterministic (no randomness), in the shape of `GET /v1/apps/{app}/machines`.
export interface GeneratedMachines {
  machines: Record<string, unknown>[];
  /** Deviating Machine id → the services path (relative to config) that differs. */
  deviating: Map<string, string>;
}

const GROUPS = ["app", "web", "worker", "queue"] as const;

function services(group: string): unknown[] | undefined {
  if (group === "worker") return undefined;
  const port = group === "app" ? 8080 : group === "web" ? 3000 : 5672;
  return [
    {
      protocol: "tcp",
      internal_port: port,
      autostop: "stop",
      autostart: true,
      min_machines_running: 1,
      ports: [
        { port: 80, handlers: ["http"], force_https: true },
        { port: 443, handlers: ["http", "tls"] },
      ],
      checks: [{ type: "http", interval: "15s", timeout: "2s", grace_period: "5s", method: "GET", path: "/health" }],
      concurrency: { type: "requests", soft_limit: 20, hard_limit: 25 },
      force_instance_key: null,
    },
  ];
}

export function generateMachines(n: number): GeneratedMachines {
  const machines: Record<string, unknown>[] = [];
  const deviating = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const group = GROUPS[i % GROUPS.length]!;
    const id = `m${i.toString(16).padStart(12, "0")}`;
    const svc = services(group) as Record<string, unknown>[] | undefined;
    // Equivalent spellings that must not count as differences.
    if (svc && i % 7 === 0) {
      svc[0]!.autostop = true;
      delete svc[0]!.force_instance_key;
    }
    if (svc && i % 11 === 0) svc[0] = Object.fromEntries(Object.entries(svc[0]!).reverse());
    // Deviations: one in every 500 Machines of the service groups.
    if (svc && i % 500 === 3) {
      svc[0]!.autostop = "suspend";
      deviating.set(id, "services[0].autostop");
    } else if (svc && i % 500 === 7) {
      (svc[0]!.ports as Record<string, unknown>[])[1]!.port = 8443;
      deviating.set(id, "services[0].ports[1].port");
    }
    machines.push({
      id,
      name: `${group}-${i}`,
      state: i % 3 ? "started" : "stopped",
      region: ["ams", "iad", "sin"][i % 3],
      instance_id: `01J${i}`,
      private_ip: `fdaa:0:1:a7b:1::${i.toString(16)}`,
      config: {
        env: { FLY_PROCESS_GROUP: group, PRIMARY_REGION: "ams" },
        init: { cmd: [`bin/${group}`] },
        guest: { cpu_kind: "shared", cpus: 1, memory_mb: 512 },
        metadata: { fly_platform_version: "v2", fly_process_group: group, fly_release_id: "01JREL", fly_release_version: "42" },
        ...(svc ? { services: svc } : {}),
        image: `registry.fly.io/demo:deployment-${i % 2 ? "01" : "02"}`,
        restart: { policy: group === "worker" ? "always" : "on-failure", ...(group === "worker" ? {} : { max_retries: 10 }) },
      },
      created_at: "2025-01-01T00:00:00Z",
      updated_at: "2025-01-02T00:00:00Z",
    });
  }
  return { machines, deviating };
}
