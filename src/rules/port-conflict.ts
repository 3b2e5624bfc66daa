// Two services of one process group on the same public port: the proxy can route a port to one service only, so
// one of them never gets traffic (or traffic lands on the wrong internal_port).
import { formatKeyPath, type KeyPath } from "../diagnostic.js";
import { groupInfo } from "../compile/groups.js";
import type { FlyToml } from "../model/schema.js";
import { isTable } from "../reader/values.js";
import type { PositionedDocument } from "../reader/document.js";
import type { TomlTable } from "../reader/values.js";
import { isObj } from "../object.js";
import { defineRule, type MachineContext, type Rule } from "./types.js";
import { andList, quoted } from "./utils/words.js";
import { valueAt } from "./utils/paths.js";
import { type ServiceRef, serviceRefs, servicesOfGroup } from "./utils/services.js";
import { finite, subject } from "./utils/machines.js";

interface Exposure {
  /** The service's label and the port (or entry index): names a conflict pair. */
  id: string;
  ref: ServiceRef;
  /** Index of the port entry (-1 for [http_service]'s implicit ports). */
  portIndex: number;
  protocol: string;
  start: number;
  end: number;
  /** Which key of the entry holds the port, for the report (see sourcePathOf). */
  key: "port" | "start_port" | undefined;
}

/** Where to report an exposure: the port key of its entry, or the [http_service] header. Only for findings. */
function sourcePathOfExposure(doc: PositionedDocument<TomlTable>, e: Exposure): KeyPath {
  return e.portIndex < 0 ? ["http_service"] : [...portSourcePath(doc, e.ref, e.portIndex), e.key!];
}

const ports = (e: Exposure) => (e.start === e.end ? `port ${e.start}` : `ports ${e.start}-${e.end}`);
const owner = (e: Exposure) => (e.portIndex < 0 ? `${e.ref.label} (which always takes 80 and 443)` : e.ref.label);
const groupsText = (groups: string[]) => (groups.length === 1 ? `group ${andList(quoted(groups))}` : `groups ${andList(quoted(groups))}`);

/** A port of a Machine's service that an earlier one (`reach`, at its path in the config) already takes. */
interface MachineTaken {
  subject: string;
  use: { lo: number; hi: number };
  proto: string;
  reach: { service: number; at: string };
  sameService: boolean;
}

const messages = {
  conflict: ({ later, earlier, groups }: { later: Exposure; earlier: Exposure; groups: string[] }) => {
    const what = `${later.ref.label} exposes ${later.protocol.toUpperCase()} ${ports(later)}`;
    const overlap = later.start === earlier.start && later.end === earlier.end ? "already exposed" : `overlapping ${ports(earlier)}, exposed`;
    const by = later.ref === earlier.ref ? `by its ports entry #${earlier.portIndex + 1}` : `by ${owner(earlier)}`;
    return `${what}, ${overlap} ${by} in ${groupsText(groups)}; ${remedy(later, earlier)}`;
  },
  exposedHere: ({ earlier }: { earlier: Exposure }) => `${ports(earlier)} exposed here by ${owner(earlier)}`,
  machineTaken: ({ subject, use, proto, reach, sameService }: MachineTaken) =>
    `${subject}${use.lo === use.hi ? `public port ${use.lo}` : `public ports ${use.lo}-${use.hi}`}/${proto} is already taken by ${sameService ? "another port of the same service" : `services[${reach.service}]`} (${reach.at}): the proxy routes it to one of them only`,
};

function remedy(later: Exposure, earlier: Exposure): string {
  if (later.ref === earlier.ref) return "a service takes each port once: remove one of the entries or give it another port";
  const a = later.ref.service.internal_port;
  const b = earlier.ref.service.internal_port;
  if (a !== undefined && b !== undefined && Number(a) === Number(b)) {
    return `both forward to internal_port ${String(a)}, so one service duplicates the other: remove the duplicate`;
  }
  return "the proxy routes a port to one service only, so give it another port";
}

const num = (v: number | bigint | undefined): number | undefined => (v === undefined ? undefined : Number(v));

/** The source path of `services[i].ports[j]`: a single `[services.ports]` table has no index. */
function portSourcePath(doc: PositionedDocument<TomlTable>, ref: ServiceRef, j: number): KeyPath {
  const raw = valueAt(doc.value, [...ref.sourcePath, "ports"]);
  return isTable(raw) ? [...ref.sourcePath, "ports"] : [...ref.sourcePath, "ports", j];
}

function exposures(model: FlyToml, ref: ServiceRef): Exposure[] {
  if (ref.kind === "http_service") {
    return [80, 443].map((p) => ({ id: `${ref.label}:${p}`, ref, portIndex: -1, protocol: "tcp", start: p, end: p, key: undefined }));
  }
  const s = model.services![ref.modelPath[1] as number]!;
  const protocol = (s.protocol || "tcp").toLowerCase();
  const out: Exposure[] = [];
  s.ports?.forEach((p, j) => {
    const port = num(p.port);
    const start = port ?? num(p.start_port);
    if (start === undefined) return;
    const end = port ?? num(p.end_port) ?? start;
    const key = port !== undefined ? "port" : "start_port";
    out.push({ id: `${ref.label}:${j}`, ref, portIndex: j, protocol, start, end: Math.max(start, end), key });
  });
  return out;
}

interface PortUse {
  lo: number;
  hi: number;
  path: KeyPath;
  service: number;
}

function machinePortConflict(ctx: MachineContext<typeof messages>): void {
  for (const e of ctx.input.entries) {
    if (!e.config || !Array.isArray(e.config.services)) continue;
    const byProtocol = new Map<string, PortUse[]>();
    (e.config.services as unknown[]).forEach((s, si) => {
      if (!isObj(s) || !Array.isArray(s.ports)) return;
      const proto = typeof s.protocol === "string" ? s.protocol : "tcp";
      (s.ports as unknown[]).forEach((p, pi) => {
        if (!isObj(p)) return;
        const base: KeyPath = [...e.configPath!, "services", si, "ports", pi];
        const port = finite(p.port);
        const start = finite(p.start_port);
        const end = finite(p.end_port);
        const use: PortUse | undefined =
          port !== undefined ? { lo: port, hi: port, path: [...base, "port"], service: si } : start !== undefined ? { lo: start, hi: end ?? start, path: [...base, "start_port"], service: si } : undefined;
        if (!use) return;
        let list = byProtocol.get(proto);
        if (!list) byProtocol.set(proto, (list = []));
        list.push(use);
      });
    });
    for (const [proto, uses] of byProtocol) {
      // Sort by start, then each use is compared with the furthest-reaching earlier one: O(n log n) per Machine.
      const sorted = [...uses].sort((a, b) => a.lo - b.lo || a.hi - b.hi);
      let reach: PortUse | undefined;
      for (const u of sorted) {
        if (reach && u.lo <= reach.hi) {
          const taken = { service: reach.service, at: formatKeyPath(reach.path.slice(e.configPath!.length)) };
          ctx.report({ path: u.path, messageId: "machineTaken", data: { subject: subject(ctx, e), use: u, proto, reach: taken, sameService: reach.service === u.service } });
        }
        if (!reach || u.hi > reach.hi) reach = u;
      }
    }
  }
}

const rule: Rule<typeof messages> = {
  meta: {
    id: "port-conflict",
    severity: "error",
    description: "two services of one process group expose the same public port (and protocol)",
    fixable: false,
    inputs: ["fly.toml"],
    messages,
    docs: `The Fly proxy routes each public port of a Machine to one service. \`[http_service]\` always takes TCP ports 80
and 443; a \`[[services]]\` entry takes its \`[[services.ports]]\` (\`port\`, or \`start_port\`..\`end_port\`). When two
services that apply to the same process group claim the same port and protocol, one of them never sees traffic,
or requests reach the wrong \`internal_port\` (504s, failing health checks). flyctl does not check this. The same
port over TCP and UDP is fine.

Bad:
\`\`\`toml
[http_service]
internal_port = 3000
force_https = true

[[services]]
internal_port = 8443
protocol = "tcp"

[[services.ports]]
port = 443
handlers = ["tls"]
\`\`\`

Good:
\`\`\`toml
[http_service]
internal_port = 3000
force_https = true

[[services]]
internal_port = 8443
protocol = "tcp"

[[services.ports]]
port = 8443
handlers = ["tls"]
\`\`\``,
  },
  checkMachines: machinePortConflict,
  checkToml({ doc, model, report }) {
    if (!model) return;
    const refs = serviceRefs(doc, model);
    // [http_service] alone takes 80 and 443, which cannot overlap: the most common file needs no further look.
    if (refs.length === 0 || (refs.length === 1 && refs[0]!.kind === "http_service")) return;
    const found = new Map<string, { later: Exposure; earlier: Exposure; groups: string[] }>();
    // Each service's exposures once, whatever the number of groups it serves.
    const byRef = new Map<ServiceRef, Exposure[]>();
    const exposed = (r: ServiceRef): Exposure[] => {
      let e = byRef.get(r);
      if (!e) byRef.set(r, (e = exposures(model, r)));
      return e;
    };
    for (const group of groupInfo(model).names) {
      const list = servicesOfGroup(model, refs, group).flatMap(exposed);
      list.forEach((later, i) => {
        let earlier: Exposure | undefined;
        for (let j = 0; j < i && !earlier; j++) {
          const e = list[j]!;
          if (e.protocol === later.protocol && e.start <= later.end && later.start <= e.end && !(e.ref === later.ref && e.portIndex === later.portIndex)) earlier = e;
        }
        if (!earlier) return;
        const key = `${later.id}\0${earlier.id}`;
        const f = found.get(key);
        if (f) f.groups.push(group);
        else found.set(key, { later, earlier, groups: [group] });
      });
    }
    for (const { later, earlier, groups } of found.values()) {
      report({
        path: sourcePathOfExposure(doc, later),
        at: later.portIndex < 0 ? "key" : "value",
        messageId: "conflict",
        data: { later, earlier, groups },
        related: [{ path: sourcePathOfExposure(doc, earlier), at: earlier.portIndex < 0 ? "key" : "value", messageId: "exposedHere", data: { earlier } }],
      });
    }
  },
};
export default defineRule(rule);
