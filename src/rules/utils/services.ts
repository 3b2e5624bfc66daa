// The services of a fly.toml in flyctl's order (AllServices: [http_service] first, then [[services]]) with the names
// and paths users recognise, and which of them apply to a group (flattenGroupsMatch).
import type { KeyPath } from "../../diagnostic.js";
import { groupInfo, groupMatches } from "../../compile/groups.js";
import type { FlyToml, HttpService, Service, ServicePort } from "../../model/schema.js";
import { sourcePathOf } from "../../model/source-path.js";
import type { PositionedDocument } from "../../reader/document.js";
import type { TomlTable } from "../../reader/values.js";
import { serviceLabel } from "./paths.js";

export interface ServiceRef {
  /** How messages name it (serviceLabel): `http_service`, `services[1]`, `services`. */
  label: string;
  /** Path in the model: ["http_service"] or ["services", i]. */
  modelPath: KeyPath;
  /** Path in the source document. */
  sourcePath: KeyPath;
  kind: "http_service" | "services";
  service: HttpService | Service;
  processes?: string[];
}

// The last answer only (see groupInfo in compile/groups.ts): the rules of one lint run ask in a row.
let last: { model: FlyToml; doc: PositionedDocument<TomlTable>; http: FlyToml["http_service"]; services: FlyToml["services"]; refs: readonly ServiceRef[] } | undefined;

/**
 * Every service in flyctl's order, [http_service] first. Shared by the rules of one lint run (memoized per model
 * and document; rules only read it).
 */
export function serviceRefs(doc: PositionedDocument<TomlTable>, model: FlyToml): readonly ServiceRef[] {
  if (last && last.model === model && last.doc === doc && last.http === model.http_service && last.services === model.services) return last.refs;
  const refs = computeServiceRefs(doc, model);
  last = { model, doc, http: model.http_service, services: model.services, refs };
  return refs;
}

function computeServiceRefs(doc: PositionedDocument<TomlTable>, model: FlyToml): ServiceRef[] {
  const out: ServiceRef[] = [];
  if (model.http_service) {
    out.push({ label: serviceLabel(doc, ["http_service"]), modelPath: ["http_service"], sourcePath: ["http_service"], kind: "http_service", service: model.http_service, processes: model.http_service.processes });
  }
  model.services?.forEach((s, i) => {
    const sourcePath = sourcePathOf(doc.value, ["services", i]);
    const label = serviceLabel(doc, ["services", i]);
    out.push({ label, modelPath: ["services", i], sourcePath, kind: "services", service: s, processes: s.processes });
  });
  return out;
}

/** The services that apply to `group` after Flatten. */
export function servicesOfGroup(model: FlyToml, refs: readonly ServiceRef[], group: string): ServiceRef[] {
  const def = groupInfo(model).def;
  return refs.filter((r) => groupMatches(group, r.processes, def));
}

/** One `[[services.ports]]` entry of the model, with its model path `["services", i, "ports", j]`. */
export interface PortRef {
  port: ServicePort;
  /** Index of the entry in its service's ports. */
  index: number;
  modelPath: KeyPath;
}

/** Every `[[services.ports]]` entry of the model, service by service, in file order. */
export function* servicePorts(model: FlyToml): Generator<PortRef> {
  const services = model.services ?? [];
  for (let i = 0; i < services.length; i++) {
    const ports = services[i]!.ports ?? [];
    for (let j = 0; j < ports.length; j++) yield { port: ports[j]!, index: j, modelPath: ["services", i, "ports", j] };
  }
}
