// The one-way pipeline: source text → positioned document → normalized model → per-group Machine configs.
// Never throws on bad input: every failure is a positioned diagnostic.
import { formatKeyPath, type Diagnostic, type KeyPath } from "./diagnostic.js";
import { groupInfo } from "./compile/groups.js";
import { toMachineConfigWith, type CompileError, type ToMachineOptions } from "./compile/machine.js";
import type { MachineConfig } from "./compile/machine-types.js";
import { loadFlyToml } from "./model/load.js";
import type { FlyToml } from "./model/schema.js";
import { sourcePathOf } from "./model/source-path.js";
import type { PositionedDocument } from "./reader/document.js";
import { decodeSource, DEFAULT_MAX_BYTES } from "./reader/source.js";
import { readToml } from "./reader/toml.js";
import type { TomlTable } from "./reader/values.js";

export interface AnalyzeOptions {
  /** Byte cap for input (default 1 MiB). */
  maxBytes?: number;
}

export interface Analysis {
  /** The positioned document, when the text parsed as TOML. */
  doc?: PositionedDocument<TomlTable>;
  /** The normalized model, when flyctl would accept the file's types and shapes. */
  model?: FlyToml;
  /** Without `model`: the model with the offending values left out, for linting only (see LoadResult). */
  lenientModel?: FlyToml;
  /** True when the decoder met only keys the model knows, exactly spelt; undefined when not known. */
  knownKeysOnly?: boolean;
  diagnostics: Diagnostic[];
}

/** Read and normalize: text (or bytes) → document → model. */
export function analyze(input: string | Uint8Array, options: AnalyzeOptions = {}): Analysis {
  let text: string;
  if (typeof input === "string") {
    const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const size = Buffer.byteLength(input, "utf8");
    if (size > max) return { diagnostics: [wholeFile("input-size", `input is ${size} bytes, over the ${max}-byte limit`)] };
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const d = decodeSource(input, options.maxBytes);
    if (!d.ok) return { diagnostics: [{ ...wholeFile("toml-syntax", d.message), line: d.line, column: d.column, endLine: d.line, endColumn: d.column + 1 }] };
    text = d.text;
  }
  const read = readToml(text);
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  const loaded = loadFlyToml(read.doc);
  return { doc: read.doc, model: loaded.config, lenientModel: loaded.lenient, knownKeysOnly: loaded.knownKeysOnly, diagnostics: loaded.diagnostics };
}

function wholeFile(ruleId: string, message: string): Diagnostic {
  return { ruleId, severity: "error", message, line: 1, column: 1, endLine: 1, endColumn: 1, keyPath: "" };
}

export interface CompileOptions extends AnalyzeOptions, Omit<ToMachineOptions, "src" | "errorsOnly"> {
  /** Only this group (default: every group in `[processes]`, or `app`). */
  group?: string;
  /** The existing Machine (a GET response or a bare config) to update; `group` defaults to its fly_process_group. */
  machine?: unknown;
  /**
   * Build the configs only when `configs` is first read (the diagnostics are the same): the linter needs only the
   * compiler's errors and usually never reads them.
   */
  lazyConfigs?: boolean;
}

export interface CompileResult {
  /** Machine configs keyed by process group, sorted. Empty when anything failed. */
  configs: Record<string, MachineConfig>;
  diagnostics: Diagnostic[];
  groups: string[];
  analysis: Analysis;
}

export function compile(input: string | Uint8Array, options: CompileOptions = {}): CompileResult {
  const analysis = analyze(input, options);
  const { doc, model } = analysis;
  const result: CompileResult = { configs: {}, diagnostics: [...analysis.diagnostics], groups: [], analysis };
  if (!doc || !model) return result;

  const src = options.machine === undefined ? undefined : machineConfigOf(options.machine);
  if (options.machine !== undefined && !src) {
    result.diagnostics.push(wholeFile("invalid-machine", "the Machine to update must be a Machine object or a config object"));
    return result;
  }
  const { names: all, def } = groupInfo(model);
  const wanted = options.group ?? groupOf(options.machine) ?? (src ? def : undefined);
  if (wanted !== undefined && !all.includes(wanted)) {
    result.diagnostics.push({
      ...locateDiag(doc, ["processes"], `process group ${JSON.stringify(wanted)} is not defined; fly.toml defines ${all.map((n) => JSON.stringify(n)).join(", ")}`),
      ruleId: "unknown-group",
    });
    return result;
  }
  const groups = wanted !== undefined ? [wanted] : all.slice();
  result.groups = groups;
  const seen = new Set<string>();
  const opts: ToMachineOptions = { flyctlVersion: options.flyctlVersion, files: options.files, readFile: options.readFile, src };
  const lazy = options.lazyConfigs === true;
  const firstOpts: ToMachineOptions = lazy ? { flyctlVersion: opts.flyctlVersion, files: opts.files, readFile: opts.readFile, src, errorsOnly: true } : opts;
  const configs = buildConfigs(model, groups, def, firstOpts, (e) => {
    const d = compileDiagnostic(doc, e);
    const k = `${d.line}:${d.column}:${d.message}`;
    if (!seen.has(k)) result.diagnostics.push(d);
    seen.add(k);
  });
  if (result.diagnostics.length === 0) {
    if (!lazy) result.configs = configs;
    else return new LazyCompileResult(result, { model, groups, def, opts });
  }
  return result;
}

/**
 * The compiler's errors for a model, every group, nothing else: the linter runs this on the lenient model of a file
 * with decode errors (the offending values left out), so a wrong restart policy or vm size shows in the same run as
 * a wrong type elsewhere. No files are read.
 */
export function compileErrors(doc: PositionedDocument<TomlTable>, model: FlyToml): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const { names, def } = groupInfo(model);
  buildConfigs(model, names, def, { files: "none", errorsOnly: true }, (e) => {
    const d = compileDiagnostic(doc, e);
    const k = `${d.line}:${d.column}:${d.message}`;
    if (!seen.has(k)) out.push(d);
    seen.add(k);
  });
  return out;
}

/**
 * A compile result whose configs are built on first read: the linter needs only the errors (errorsOnly skipped
 * the steps that cannot fail), a library caller of lint() may still read the configs. A class with the getter on
 * its prototype, not a per-object accessor: an accessor closure per result gives every result its own hidden
 * class, which cost the linter a sixth of its time.
 */
class LazyCompileResult implements CompileResult {
  diagnostics: Diagnostic[];
  groups: string[];
  analysis: Analysis;
  #full: Record<string, MachineConfig> | undefined;
  #from: { model: FlyToml; groups: readonly string[]; def: string; opts: ToMachineOptions } | undefined;
  constructor(r: CompileResult, from: { model: FlyToml; groups: readonly string[]; def: string; opts: ToMachineOptions }) {
    this.diagnostics = r.diagnostics;
    this.groups = r.groups;
    this.analysis = r.analysis;
    this.#from = from;
  }
  get configs(): Record<string, MachineConfig> {
    if (!this.#full) {
      const f = this.#from!;
      this.#full = buildConfigs(f.model, f.groups, f.def, f.opts, () => undefined);
      this.#from = undefined;
    }
    return this.#full;
  }
  set configs(v: Record<string, MachineConfig>) {
    this.#full = v;
    this.#from = undefined;
  }
}

function buildConfigs(model: FlyToml, groups: readonly string[], def: string, opts: ToMachineOptions, onError: (e: CompileError) => void): Record<string, MachineConfig> {
  const configs: Record<string, MachineConfig> = {};
  for (const g of groups) {
    const r = toMachineConfigWith(model, g, opts, def);
    if (!r.ok) for (const e of r.errors) onError(e);
    // defineProperty, not assignment, for a group named `__proto__`.
    else if (g === "__proto__") Object.defineProperty(configs, g, { value: r.config, enumerable: true, writable: true, configurable: true });
    else configs[g] = r.config;
  }
  return configs;
}

/** A GET response carries the config under `config`; a create/update body too; else it is a bare config. */
function machineConfigOf(machine: unknown): MachineConfig | undefined {
  if (typeof machine !== "object" || machine === null || Array.isArray(machine)) return undefined;
  const m = machine as Record<string, unknown>;
  const inner = m.config;
  if (typeof inner === "object" && inner !== null && !Array.isArray(inner)) return inner as MachineConfig;
  return m as MachineConfig;
}

function groupOf(machine: unknown): string | undefined {
  const cfg = machineConfigOf(machine);
  const g = cfg?.metadata?.fly_process_group ?? (cfg?.metadata as Record<string, string> | undefined)?.process_group;
  return typeof g === "string" && g !== "" ? g : undefined;
}

function compileDiagnostic(doc: PositionedDocument<TomlTable>, e: CompileError): Diagnostic {
  return { ...locateDiag(doc, sourcePathOf(doc.value, e.path), e.message), ruleId: e.rule ?? "invalid-type" };
}

function locateDiag(doc: PositionedDocument, path: KeyPath, message: string): Diagnostic {
  const span = doc.locate(path);
  const s = doc.lines.position(span.start);
  const end = doc.lines.position(span.end);
  return { ruleId: "", severity: "error", message, line: s.line, column: s.column, endLine: end.line, endColumn: end.column, keyPath: formatKeyPath(path), path };
}
