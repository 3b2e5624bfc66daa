// Drift between fly.toml and running Machines: for each Machine, compile fly.toml for its process group starting
// from that Machine's config (the update path, as `fly deploy` does) and list every field the result changes.
// Fields fly.toml does not manage come through the update path untouched, so whatever differs is fly.toml's.
// Pure: text in, data out; rendering for people and tools is here too, printing is the CLI's.
import { escapeLine } from "../escape.js";
import { stringifyJson } from "../compile/canonical.js";
import { defaultProcessName, processNames } from "../compile/groups.js";
import { toMachineConfig } from "../compile/machine.js";
import type { MachineConfig } from "../compile/machine-types.js";
import { formatKeyPath, type Diagnostic, type KeyPath } from "../diagnostic.js";
import { describeValue, diffValues, isObj, machineLabel, normalizeServices, readMachineInput, type MachineEntry, type MachineInput } from "../model/machine-input.js";
import { compile } from "../pipeline.js";
import type { PositionedDocument } from "../reader/document.js";
import { valueAt as rawAt } from "../rules/utils/paths.js";

export interface DriftOptions {
  /** Reads files fly.toml names (machine_config *.json, [[files]] local_path), relative to fly.toml. */
  readFile?: (path: string) => Uint8Array | undefined;
  maxBytes?: number;
}

export interface FieldDrift {
  /** Path inside the Machine config, e.g. ["services", 0, "autostop"]. */
  path: KeyPath;
  /** What the Machine has (undefined: absent). */
  machine: unknown;
  /** What fly deploy would set (undefined: it removes the field). */
  flyToml: unknown;
}

export interface MachineDrift {
  label: string;
  id?: string;
  name?: string;
  /** The process group compared against. */
  group?: string;
  /** True when the Machine names no group and fly.toml's default group was used. */
  defaultGroup?: boolean;
  /** JSON path of the Machine's config in the input. */
  configPath?: KeyPath;
  differences: FieldDrift[];
  /** Why this Machine could not be compared (no config, a group fly.toml does not define, a compile error). */
  error?: string;
}

export interface DriftResult {
  /** fly.toml problems that stopped the comparison (empty when it compiled). */
  diagnostics: Diagnostic[];
  machines: MachineDrift[];
  /** Machines with differences or errors. */
  drifted: number;
}

/** Normal form for comparing configs: null ≡ absent, autostop aliases folded, keys sorted. */
function normal(c: unknown): unknown {
  return normalizeServices(c);
}

export function computeDrift(flyToml: string | Uint8Array, machines: unknown, options: DriftOptions = {}): DriftResult {
  const base = compile(flyToml, { readFile: options.readFile, maxBytes: options.maxBytes });
  const errors = base.diagnostics.filter((d) => d.severity === "error");
  const model = base.analysis.model;
  if (errors.length || !model) return { diagnostics: errors.length ? errors : base.diagnostics, machines: [], drifted: 0 };
  const input: MachineInput = isMachineInput(machines) ? machines : readMachineInput(machines);
  const groups = processNames(model);
  const fallback = defaultProcessName(model);
  const out: MachineDrift[] = [];
  for (const e of input.entries) out.push(driftOf(e, model, groups, fallback, options));
  return { diagnostics: [], machines: out, drifted: out.filter((m) => m.error || m.differences.length).length };
}

function isMachineInput(v: unknown): v is MachineInput {
  return isObj(v) && typeof v.shape === "string" && Array.isArray(v.entries);
}

function driftOf(e: MachineEntry, model: NonNullable<ReturnType<typeof compile>["analysis"]["model"]>, groups: string[], fallback: string, options: DriftOptions): MachineDrift {
  const d: MachineDrift = { label: machineLabel(e), differences: [] };
  if (e.id) d.id = e.id;
  if (e.name) d.name = e.name;
  if (!e.config) {
    d.error = "not a Machine: no config object";
    return d;
  }
  d.configPath = e.configPath;
  const group = e.group ?? fallback;
  d.group = group;
  if (e.group === undefined) d.defaultGroup = true;
  if (!groups.includes(group)) {
    d.error = `process group ${JSON.stringify(group)} is not defined in fly.toml (it defines ${groups.map((g) => JSON.stringify(g)).join(", ")}): fly deploy will not update this Machine`;
    return d;
  }
  const r = toMachineConfig(model, group, { src: e.config as MachineConfig, readFile: options.readFile });
  if (!r.ok) {
    d.error = `fly.toml does not compile for this Machine: ${r.errors.map((x) => x.message).join("; ")}`;
    return d;
  }
  d.differences = diffValues(normal(e.config), normal(r.config)).map((x) => ({
    path: x.path,
    // Show values as written on each side, not in normal form.
    machine: rawAt(e.config, x.path),
    flyToml: rawAt(r.config, x.path),
  }));
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

export interface DriftRenderOptions {
  /** The name shown for the Machines input (a file path or `app NAME`). */
  source: string;
  /** The positioned Machines document, for line:column of each difference. */
  doc?: PositionedDocument;
}

/** A readable diff per Machine: `~` changed, `-` only on the Machine (deploy removes it), `+` only in fly.toml. */
export function formatDriftText(r: DriftResult, o: DriftRenderOptions): string {
  let out = "";
  // Machine labels, ids, groups and values are input: each line goes through the escaping boundary (escape.ts).
  const line = (s: string) => void (out += `${escapeLine(s)}\n`);
  for (const m of r.machines) {
    const where = m.group !== undefined ? ` (process group ${JSON.stringify(m.group)}${m.defaultGroup ? ", the default: the Machine names none" : ""})` : "";
    if (m.error) {
      line(`${m.label}${where}: ${m.error}`);
      out += "\n";
      continue;
    }
    if (!m.differences.length) continue;
    line(`${m.label}${where}: ${m.differences.length} difference${m.differences.length === 1 ? "" : "s"} from fly.toml`);
    for (const f of m.differences) {
      const at = position(o.doc, m, f);
      const p = formatKeyPath(f.path);
      if (f.flyToml === undefined) line(`  - ${p}: ${describeValue(f.machine)} (only on the Machine; fly deploy removes it)${at}`);
      else if (f.machine === undefined) line(`  + ${p}: ${describeValue(f.flyToml)} (only in fly.toml; fly deploy adds it)${at}`);
      else line(`  ~ ${p}: ${describeValue(f.machine)} → ${describeValue(f.flyToml)}${at}`);
    }
    out += "\n";
  }
  const n = r.machines.length;
  out +=
    r.drifted === 0
      ? `no drift: ${n} Machine${n === 1 ? "" : "s"} match${n === 1 ? "es" : ""} fly.toml\n`
      : `${r.drifted} of ${n} Machine${n === 1 ? "" : "s"} drifted from fly.toml\n`;
  return out;
}

function position(doc: PositionedDocument | undefined, m: MachineDrift, f: FieldDrift): string {
  if (!doc || !m.configPath || f.machine === undefined) return "";
  const s = doc.locate([...m.configPath, ...f.path]);
  const p = doc.lines.position(s.start);
  return `  [${p.line}:${p.column}]`;
}

export const DRIFT_JSON_VERSION = 1;

/** `--format json`: stable field order; absent values are left out (not null, which is a value). */
export function formatDriftJson(r: DriftResult, o: DriftRenderOptions): string {
  const machines = r.machines.map((m) => {
    const o2: Record<string, unknown> = { label: m.label };
    if (m.id !== undefined) o2.id = m.id;
    if (m.name !== undefined) o2.name = m.name;
    if (m.group !== undefined) o2.group = m.group;
    if (m.defaultGroup) o2.defaultGroup = true;
    o2.drifted = Boolean(m.error || m.differences.length);
    if (m.error) o2.error = m.error;
    o2.differences = m.differences.map((f) => {
      const d: Record<string, unknown> = { path: formatKeyPath(f.path), pointer: pointer(f.path) };
      d.change = f.flyToml === undefined ? "removed" : f.machine === undefined ? "added" : "changed";
      if (f.machine !== undefined) d.machine = f.machine;
      if (f.flyToml !== undefined) d.flyToml = f.flyToml;
      if (o.doc && m.configPath && f.machine !== undefined) {
        const p = o.doc.lines.position(o.doc.locate([...m.configPath, ...f.path]).start);
        d.line = p.line;
        d.column = p.column;
      }
      return d;
    });
    return o2;
  });
  return `${stringifyJson({ version: DRIFT_JSON_VERSION, source: o.source, machines: r.machines.length, drifted: r.drifted, results: machines })}\n`;
}

/** JSON pointer (RFC 6901) of a path inside the config. */
export function pointer(path: KeyPath): string {
  return path.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
