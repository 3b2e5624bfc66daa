// `[http_service]` (spec §2) and `[[services]]` (§3) → Machines API services.
import type { Autostop, Concurrency, HttpOptions, HttpService, HttpServiceCheck, Service, ServiceHttpCheck, ServicePort } from "../model/schema.js";
import { formatGoDuration } from "../model/go-duration.js";
import type { AutostopWire, MachineHeader, MachineHttpOptions, MachinePort, MachineReplayCache, MachineService, MachineServiceCheck, MachineServiceConcurrency } from "./machine-types.js";

/** fly-go marshals off/stop as booleans (backward compatibility) and suspend as a string. */
export function autostopWire(a: Autostop): AutostopWire {
  return a === "off" ? false : a === "stop" ? true : "suspend";
}

/** AllServices(): the http_service first, then `[[services]]` in file order. */
export function machineServices(http: HttpService | undefined, services: Service[] | undefined): MachineService[] {
  const out: MachineService[] = [];
  if (http) out.push(fromHttpService(http));
  for (const s of services ?? []) out.push(fromService(s));
  return out;
}

function fromHttpService(h: HttpService): MachineService {
  const port80: MachinePort = { port: 80, handlers: ["http"] };
  if (h.force_https) port80.force_https = true;
  const httpOpts = h.http_options && httpOptions(h.http_options);
  if (httpOpts) port80.http_options = httpOpts;
  const port443: MachinePort = { port: 443, handlers: ["http", "tls"] };
  if (h.tls_options) port443.tls_options = h.tls_options;
  if (httpOpts) port443.http_options = httpOpts;
  return service({
    protocol: "tcp",
    internal_port: h.internal_port,
    auto_stop_machines: h.auto_stop_machines,
    auto_start_machines: h.auto_start_machines,
    min_machines_running: h.min_machines_running,
    ports: [port80, port443],
    checks: (h.checks ?? []).map(httpCheck),
    concurrency: h.concurrency,
  });
}

function fromService(s: Service): MachineService {
  return service({
    protocol: s.protocol,
    internal_port: s.internal_port,
    auto_stop_machines: s.auto_stop_machines,
    auto_start_machines: s.auto_start_machines,
    min_machines_running: s.min_machines_running,
    ports: (s.ports ?? []).map(port),
    // All tcp checks first, then all http checks.
    checks: [...(s.tcp_checks ?? []).map((c) => tcpCheck(c)), ...(s.http_checks ?? []).map(httpCheck)],
    concurrency: s.concurrency,
  });
}

interface ServiceParts {
  protocol?: string;
  internal_port?: number | bigint;
  auto_stop_machines?: Autostop;
  auto_start_machines?: boolean;
  min_machines_running?: number | bigint;
  ports: MachinePort[];
  checks: MachineServiceCheck[];
  concurrency?: Concurrency;
}

function service(p: ServiceParts): MachineService {
  // flyctl sends "force_instance_key": null (fly-go has no omitempty there); null and absent mean the same to the
  // API, and canonical output omits absent fields, so we leave it out.
  const out: MachineService = {};
  if (p.protocol) out.protocol = p.protocol;
  if (p.internal_port) out.internal_port = p.internal_port;
  if (p.auto_stop_machines !== undefined) out.autostop = autostopWire(p.auto_stop_machines);
  if (p.auto_start_machines !== undefined) out.autostart = p.auto_start_machines;
  if (p.min_machines_running !== undefined) out.min_machines_running = p.min_machines_running;
  if (p.ports.length) out.ports = p.ports;
  if (p.checks.length) out.checks = p.checks;
  const c = concurrency(p.concurrency);
  if (c) out.concurrency = c;
  return out;
}

/** Ports are copied as written; empty values are dropped the way omitempty drops them. */
function port(p: ServicePort): MachinePort {
  const out: MachinePort = {};
  if (p.port !== undefined) out.port = p.port;
  if (p.start_port !== undefined) out.start_port = p.start_port;
  if (p.end_port !== undefined) out.end_port = p.end_port;
  if (p.handlers?.length) out.handlers = p.handlers;
  if (p.force_https) out.force_https = true;
  if (p.tls_options) out.tls_options = p.tls_options;
  if (p.http_options) out.http_options = httpOptions(p.http_options);
  if (p.proxy_proto_options) out.proxy_proto_options = p.proxy_proto_options;
  return out;
}

/** ReplayCache's four identifying fields have no omitempty in fly-go: they are always sent. */
function httpOptions(h: HttpOptions): MachineHttpOptions {
  const { replay_cache, ...rest } = h;
  const out: MachineHttpOptions = { ...rest };
  if (replay_cache)
    out.replay_cache = replay_cache.map((r) => {
      const rc: MachineReplayCache = { path_prefix: r.path_prefix ?? "", ttl_seconds: r.ttl_seconds ?? 0, type: r.type ?? "", name: r.name ?? "" };
      if (r.allow_bypass) rc.allow_bypass = true;
      return rc;
    });
  return out;
}

function concurrency(c: Concurrency | undefined): MachineServiceConcurrency | undefined {
  if (!c) return undefined;
  const out: MachineServiceConcurrency = {};
  if (c.type) out.type = c.type;
  if (c.hard_limit) out.hard_limit = c.hard_limit;
  if (c.soft_limit) out.soft_limit = c.soft_limit;
  return out;
}

interface Timings {
  interval?: bigint;
  timeout?: bigint;
  grace_period?: bigint;
}

/** Durations print in Go's Duration.String() form. They are pointers in fly-go, so a set zero prints as "0s". */
function timings(c: Timings, out: MachineServiceCheck): void {
  if (c.interval !== undefined) out.interval = formatGoDuration(c.interval);
  if (c.timeout !== undefined) out.timeout = formatGoDuration(c.timeout);
  if (c.grace_period !== undefined) out.grace_period = formatGoDuration(c.grace_period);
}

function tcpCheck(c: Timings): MachineServiceCheck {
  const out: MachineServiceCheck = { type: "tcp" };
  timings(c, out);
  return out;
}

/** Service http checks: no port, method as written (top-level checks upper-case it). */
export function httpCheck(c: ServiceHttpCheck | HttpServiceCheck): MachineServiceCheck {
  const out: MachineServiceCheck = { type: "http" };
  timings(c, out);
  if (c.method !== undefined) out.method = c.method;
  if (c.path !== undefined) out.path = c.path;
  if (c.protocol !== undefined) out.protocol = c.protocol;
  if (c.tls_skip_verify !== undefined) out.tls_skip_verify = c.tls_skip_verify;
  if (c.tls_server_name !== undefined) out.tls_server_name = c.tls_server_name;
  const h = headers(c.headers);
  if (h) out.headers = h;
  return out;
}

/** A header map → [{name, values: [v]}]. Go iterates the map at random; we sort by name so output is stable. */
export function headers(h: Record<string, string> | undefined): MachineHeader[] | undefined {
  if (!h) return undefined;
  const names = Object.keys(h).sort();
  return names.length ? names.map((name) => ({ name, values: [h[name]!] })) : undefined;
}
