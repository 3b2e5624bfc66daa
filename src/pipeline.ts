// The one-way pipeline: source text → positioned document → normalized model → per-group Machine configs.
// Never throws on bad input: every failure is a problem (src/diagnostic.ts) the stage that met it reports, neutral;
// compile() and analyze() hand them out as diagnostics under the rules that claim them (the lint core's report()).
import type { Diagnostic, Problem } from "./diagnostic.js";
import { groupInfo } from "./compile/groups.js";
import { toMachineConfigWith, type CompileError, type ToMachineOptions } from "./compile/machine.js";
import type { MachineConfig } from "./compile/machine-types.js";
import { problemDiagnostics, type ToSource } from "./lint/report.js";
import { loadFlyToml } from "./model/load.js";
import type { FlyToml } from "./model/schema.js";
import { sourcePathOf } from "./model/source-path.js";
import { utf8ByteLength } from "./portable/bytes.js";
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
  diagnostics: Diagnostic[];
}

/** What reading and decoding found, problems unnamed (the lint core names them). */
export interface Analyzed {
  doc?: PositionedDocument<TomlTable>;
  model?: FlyToml;
  lenientModel?: FlyToml;
  /** True when the decoder met only keys the model knows, exactly spelt; undefined when not known. */
  knownKeysOnly?: boolean;
  problems: Problem[];
}

/** Read and normalize: text (or bytes) → document → model. */
export function analyze(input: string | Uint8Array, options: AnalyzeOptions = {}): Analysis {
  const a = analyzeSource(input, options);
  return { doc: a.doc, model: a.model, lenientModel: a.lenientModel, diagnostics: problemDiagnostics(a.doc, a.problems, "fly.toml", toSourceOf(a.doc)) };
}

/** analyze() with the problems as the stages reported them. */
export function analyzeSource(input: string | Uint8Array, options: AnalyzeOptions = {}): Analyzed {
  let text: string;
  if (typeof input === "string") {
    const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const size = utf8ByteLength(input);
    if (size > max) return { problems: [{ kind: "too-large", message: `input is ${size} bytes, over the ${max}-byte limit` }] };
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const d = decodeSource(input, options.maxBytes);
    if (!d.ok) return { problems: [{ kind: "syntax", message: d.message, position: { line: d.line, column: d.column, endLine: d.line, endColumn: d.column + 1 } }] };
    text = d.text;
  }
  const read = readToml(text);
  if (!read.ok) return { problems: [read.problem] };
  const loaded = loadFlyToml(read.doc);
  return { doc: read.doc, model: loaded.config, lenientModel: loaded.lenient, knownKeysOnly: loaded.knownKeysOnly, problems: loaded.problems };
}

/** Compile problems are at model paths: mapped back through aliases and one-or-many lists. */
export function toSourceOf(doc: PositionedDocument<TomlTable> | undefined): ToSource | undefined {
  return doc && ((p) => sourcePathOf(doc.value, p));
}

export interface CompileOptions extends AnalyzeOptions, Omit<ToMachineOptions, "src" | "errorsOnly"> {
  /** Only this group (default: every group in `[processes]`, or `app`). */
  group?: string;
  /** The existing Machine (a GET response or a bare config) to update; `group` defaults to its fly_process_group. */
  machine?: unknown;
}

export interface CompileResult {
  /** Machine configs keyed by process group, sorted. Empty when anything failed. */
  configs: Record<string, MachineConfig>;
  diagnostics: Diagnostic[];
  groups: string[];
  analysis: Analysis;
}

export function compile(input: string | Uint8Array, options: CompileOptions = {}): CompileResult {
  const a = analyzeSource(input, options);
  const c = compileAnalyzed(a, options);
  const diagnostics = problemDiagnostics(a.doc, c.problems, "fly.toml", toSourceOf(a.doc));
  const analysis: Analysis = { doc: a.doc, model: a.model, lenientModel: a.lenientModel, diagnostics: c.problems.length === a.problems.length ? diagnostics : problemDiagnostics(a.doc, a.problems, "fly.toml") };
  return { configs: c.problems.length === 0 && c.configs ? c.configs : {}, diagnostics, groups: c.groups, analysis };
}

export interface Compiled {
  /** The analysis' problems, then the compiler's. */
  problems: Problem[];
  groups: string[];
  /** The configs (undefined with `errorsOnly`: build them with `build`). */
  configs?: Record<string, MachineConfig>;
  /** Builds every group's full config (when the model decoded). */
  build?: () => Record<string, MachineConfig>;
}

/**
 * The compile step on an analysis. `errorsOnly` (the lint core's mode) runs only the steps that can fail and leaves
 * the configs to `build`.
 */
export function compileAnalyzed(a: Analyzed, options: CompileOptions, errorsOnly = false): Compiled {
  const { doc, model } = a;
  const result: Compiled = { problems: [...a.problems], groups: [] };
  if (!doc || !model) return result;

  const src = options.machine === undefined ? undefined : machineConfigOf(options.machine);
  if (options.machine !== undefined && !src) {
    result.problems.push({ kind: "update-target", message: "the Machine to update must be a Machine object or a config object" });
    return result;
  }
  const { names: all, def } = groupInfo(model);
  const wanted = options.group ?? groupOf(options.machine) ?? (src ? def : undefined);
  if (wanted !== undefined && !all.includes(wanted)) {
    const message = `process group ${JSON.stringify(wanted)} is not defined; fly.toml defines ${all.map((n) => JSON.stringify(n)).join(", ")}`;
    result.problems.push({ kind: "group", message, path: ["processes"] });
    return result;
  }
  const groups = wanted !== undefined ? [wanted] : all.slice();
  result.groups = groups;
  const opts: ToMachineOptions = { flyctlVersion: options.flyctlVersion, files: options.files, readFile: options.readFile, src };
  const firstOpts: ToMachineOptions = errorsOnly ? { flyctlVersion: opts.flyctlVersion, files: opts.files, readFile: opts.readFile, src, errorsOnly: true } : opts;
  const configs = buildConfigs(model, groups, def, firstOpts, (e) => result.problems.push({ kind: "convert", message: e.message, modelPath: e.path }));
  if (!errorsOnly) result.configs = configs;
  else result.build = () => buildConfigs(model, groups, def, opts, () => undefined);
  return result;
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
