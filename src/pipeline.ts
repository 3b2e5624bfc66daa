// The one-way pipeline: source text → positioned document → normalized model → per-group Machine configs.
// Never throws on bad input: every failure is a problem (src/diagnostic.ts) the stage that met it reports, neutral,
// handed out as a positioned diagnostic under the rule that claims it (the lint core's report.ts names it).
import { formatKeyPath, type Diagnostic, type KeyPath, type Problem } from "./diagnostic.js";
import { canonicalConfig } from "./compile/canonical.js";
import { groupInfo } from "./compile/groups.js";
import {
  TO_MACHINE_OPTION_KEYS,
  toMachineConfig as convertGroup,
  toMachineConfigWith,
  type ConvertError,
  type ConvertResult,
  type ToMachineOptions,
  type ToMachineResult,
} from "./compile/machine.js";
import { toConsoleMachineConfig as convertConsole, toReleaseMachineConfig as convertRelease, toTestMachineConfig as convertTest, type OriginalMachine } from "./compile/special.js";
import type { CompiledMachineConfig, Int, MachineConfig } from "./compile/machine-types.js";
import { isDetachedConfig } from "./compile/metadata.js";
import { unmarshalGo } from "./model/go-json.js";
import { problemDiagnostic, problemDiagnostics, problemMessage } from "./lint/report.js";
import { loadFlyToml } from "./model/load.js";
import { isObj, ownOptions, ownValue } from "./object.js";
import { checkOptions, type OptionKeys } from "./options.js";
import type { FlyToml } from "./model/schema.js";
import { sourcePathOf } from "./model/source-path.js";
import { utf8ByteLength } from "./portable/bytes.js";
import type { PositionedDocument } from "./reader/document.js";
import { decodeSource, DEFAULT_MAX_BYTES } from "./reader/source.js";
import { configFormatOf, readAppConfig, type ConfigFormat } from "./reader/app-config.js";
import type { TomlTable } from "./reader/values.js";

export interface AnalyzeOptions {
  /** Byte cap for input (default 1 MiB). */
  maxBytes?: number;
  /**
   * The config's format. Default: chosen from `filePath` as flyctl's LoadConfig does (".json" → JSON, ".yaml" →
   * YAML, anything else, ".yml" included, → TOML), else TOML.
   */
  format?: ConfigFormat;
  /** The config's file name, for the format (and a `fly.yml` explanation). */
  filePath?: string;
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

/** Every option analyze() takes, as checkOptions checks them. */
export const ANALYZE_OPTION_KEYS = { maxBytes: "bytes", format: ["toml", "yaml", "json"], filePath: "string" } as const satisfies OptionKeys;

/** Read and normalize: text (or bytes) → document → model. */
export function analyze(input: string | Uint8Array, options: AnalyzeOptions = {}): Analysis {
  checkOptions("analyze", options, ANALYZE_OPTION_KEYS);
  const a = analyzeSource(input, options);
  return { doc: a.doc, model: a.model, lenientModel: a.lenientModel, diagnostics: problemDiagnostics(a.doc, a.problems, "fly.toml") };
}

/**
 * analyze() with the problems as the stages reported them, unnamed, and the loader's `knownKeysOnly` (true when the
 * decoder met only keys the model knows, exactly spelt; undefined when not known), which the lint mode hands on.
 */
export function analyzeSource(input: string | Uint8Array, options: AnalyzeOptions = {}): Omit<Analysis, "diagnostics"> & { problems: Problem[]; knownKeysOnly?: boolean } {
  let text: string;
  if (typeof input === "string") {
    const max = options.maxBytes ?? DEFAULT_MAX_BYTES;
    // A UTF-16 code unit is at most 3 UTF-8 bytes: most inputs are under the cap without counting.
    const size = input.length * 3 <= max ? 0 : utf8ByteLength(input);
    if (size > max) return { problems: [{ kind: "too-large", messageId: "too-large", data: { subject: "input", size, max, hint: false } }] };
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const d = decodeSource(input, options.maxBytes);
    if (!d.ok) return { problems: [{ kind: "syntax", messageId: d.messageId, data: d.data, position: { line: d.line, column: d.column, endLine: d.line, endColumn: d.column + 1 } } as Problem] };
    text = d.text;
  }
  const read = readAppConfig(text, options.format ?? configFormatOf(options.filePath), options.filePath);
  if (!read.ok) return { problems: [read.problem] };
  const loaded = loadFlyToml(read.doc);
  if (read.problems.length) {
    // A problem only the reader sees (a null section, a YAML key flyctl cannot stringify): flyctl's load fails.
    return { doc: read.doc, lenientModel: loaded.config ?? loaded.lenient, knownKeysOnly: loaded.knownKeysOnly, problems: [...read.problems, ...loaded.problems] };
  }
  return { doc: read.doc, model: loaded.config, lenientModel: loaded.lenient, knownKeysOnly: loaded.knownKeysOnly, problems: loaded.problems };
}

/** A compile problem as a diagnostic, under the rule that claims it (in its words). */
function diag(doc: PositionedDocument | undefined, p: Problem): Diagnostic {
  return problemDiagnostic(doc, p, "fly.toml");
}

export interface CompileOptions extends AnalyzeOptions, Omit<ToMachineOptions, "src"> {
  /** Only this group (default: every group in `[processes]`, or `app`). */
  group?: string;
  /** The existing Machine (a GET response or a bare config) to update; `group` defaults to its fly_process_group. */
  machine?: unknown;
  /**
   * The update path refuses to move `machine` into another process group than its own (an `invalid-machine`
   * error) unless this is "allow". flyctl moves it silently.
   */
  onGroupChange?: "refuse" | "allow";
  /**
   * The update path refuses a detached `machine` (no `fly_platform_version = "v2"` or no `fly_process_group`: one
   * fly deploy leaves alone) unless this is "attach", which makes it a Machine of the group. flyctl attaches silently.
   */
  detached?: "refuse" | "attach";
  /** Integers beyond 2^53 come back as bigints (exact). Without it such a value is an `unsafe-integer` error. */
  bigint?: boolean;
  /** Sets `config.image` (fly.toml's conversion never does: fly deploy adds the image it built). */
  image?: string;
}

/** What the update path did to the Machine given as `machine`. */
export interface UpdateInfo {
  /** The process group the config was compiled for. */
  group: string;
  /** The Machine's own group before (metadata.fly_process_group), when it had one. */
  previousGroup?: string;
  /** The Machine moves into another group (allowed by `onGroupChange: "allow"`). */
  movedGroup: boolean;
  /** The Machine was detached and is now a Machine of `group` (allowed by `detached: "attach"`). */
  attached: boolean;
  /** One sentence per thing done beyond updating fields, for a log (empty when none). */
  notes: string[];
}

interface CompileResultBase {
  diagnostics: Diagnostic[];
  /** The groups compiled (also on failure, when the file loaded and the group was known). */
  groups: string[];
  analysis: Analysis;
  /** Set when `machine` was given and its group and attachment were checked. */
  update?: UpdateInfo;
}

/** The file compiled: one config per group in `groups`. */
export interface CompileSuccess<I extends Int = number> extends CompileResultBase {
  ok: true;
  /** Machine configs keyed by process group, sorted. */
  configs: Record<string, CompiledMachineConfig<I>>;
}

/** The file did not compile: `diagnostics` says why; there are no configs. */
export interface CompileFailure extends CompileResultBase {
  ok: false;
  configs: { readonly [group: string]: undefined };
}

/** Narrow on `ok` before reading `configs`. */
export type CompileResult<I extends Int = number> = CompileSuccess<I> | CompileFailure;

const { src: _src, ...CONVERT_OPTION_KEYS } = TO_MACHINE_OPTION_KEYS;
/** Every option compile() takes, as checkOptions checks them (compileGroup, updateBody and compileFile add theirs). */
export const COMPILE_OPTION_KEYS = {
  ...ANALYZE_OPTION_KEYS,
  ...CONVERT_OPTION_KEYS,
  group: "string",
  machine: "any",
  onGroupChange: ["refuse", "allow"],
  detached: ["refuse", "attach"],
  bigint: "boolean",
  image: "string",
} as const satisfies OptionKeys;

type AnyCompileResult = { ok: boolean; configs: Record<string, unknown>; diagnostics: Diagnostic[]; groups: string[]; analysis: Analysis; update?: UpdateInfo };

export function compile(input: string | Uint8Array, options: CompileOptions & { bigint: true }): CompileResult<Int>;
export function compile(input: string | Uint8Array, options?: CompileOptions): CompileResult;
export function compile(input: string | Uint8Array, compileOptions: CompileOptions = {}): CompileResult<Int> {
  checkOptions("compile", compileOptions, COMPILE_OPTION_KEYS);
  return compileIn("full", input, ownOptions(compileOptions)).result;
}

/**
 * How compileIn runs. "full" is compile(). "lint" is the lint core's one compile mode (src/lint/lint.ts is its only
 * caller), which every speed shortcut of the linter hangs on: the conversion runs only the steps that can fail (the
 * linter reads errors, not configs), the configs are built only if a caller reads `configs` (integers past 2^53
 * then stay bigints whatever `bigint` says: they are found only when the configs are built), and the result says
 * whether the decoder met only keys the model knows (so unknown-key can skip its walk). Its diagnostics are those
 * of "full" with `bigint: true` (test/compile-fixtures.test.ts holds them to it on the fixtures and the corpus).
 */
export type CompileMode = "full" | "lint";

export interface ModeCompileResult {
  result: CompileResult<Int>;
  /** "lint" mode: true when the decoder met only keys the model knows, exactly spelt; undefined when not known. */
  knownKeysOnly: boolean | undefined;
}

/** compile() in a mode, with options already checked and copied (ownOptions). */
export function compileIn(mode: CompileMode, input: string | Uint8Array, options: Partial<CompileOptions>): ModeCompileResult {
  const source = analyzeSource(input, { maxBytes: options.maxBytes, format: options.format, filePath: options.filePath });
  const { doc, model } = source;
  if (mode === "lint" && !doc && (options.format ?? configFormatOf(options.filePath)) === "toml") source.problems = source.problems.map((p) => withJsonHint(input, p));
  const analysis: Analysis = { doc, model, lenientModel: source.lenientModel, diagnostics: problemDiagnostics(doc, source.problems, "fly.toml") };
  const knownKeysOnly = mode === "lint" ? source.knownKeysOnly : undefined;
  return { result: compileAnalysis(mode, analysis, options), knownKeysOnly };
}

/**
 * JSON handed to the fly.toml linter (a Machine, a body, a list of Machines) fails as TOML: its syntax problem
 * notes it (toml-syntax then says what to use instead of leaving a bare syntax error). Only when the text opens as
 * JSON does (`{`, or `[` then `{`, `"` or `]`).
 */
function withJsonHint(input: string | Uint8Array, p: Problem): Problem {
  if (p.kind !== "syntax" || p.definition !== undefined) return p;
  const head = (typeof input === "string" ? input.slice(0, 64) : new TextDecoder().decode(input.subarray(0, 64))).replace(/^\uFEFF/, "").trimStart();
  if (!/^(\{|\[\s*[{"\]])/.test(head)) return p;
  return { ...p, data: { ...p.data, jsonHint: true } } as Problem;
}

function compileAnalysis(mode: CompileMode, analysis: Analysis, options: Partial<CompileOptions>): CompileResult<Int> {
  const { doc, model } = analysis;
  const result: AnyCompileResult = { ok: false, configs: {}, diagnostics: [...analysis.diagnostics], groups: [], analysis };
  const fail = (): CompileResult<Int> => {
    result.ok = false;
    result.configs = {};
    return result as CompileFailure;
  };
  if (!doc || !model) return fail();

  const src = options.machine === undefined ? undefined : machineConfigOf(options.machine);
  if (options.machine !== undefined && !src) {
    result.diagnostics.push(diag(undefined, { kind: "update-target", messageId: "update-not-machine", data: {} }));
    return fail();
  }
  if (src) {
    // flyctl holds the Machine as a fly.MachineConfig (fly-go decoded the API's answer): a value of the wrong type
    // there could not have come from the API, so the file given as the Machine is refused.
    const issues = unmarshalGo("MachineConfig", undefined, src).issues;
    if (issues.length) {
      for (const iss of issues) result.diagnostics.push(diag(undefined, { kind: "update-target", messageId: "update-undecodable", data: { at: formatKeyPath(iss.path), detail: iss.message } }));
      return fail();
    }
  }
  const { names: all, def } = groupInfo(model);
  const own = groupOf(options.machine);
  const wanted = options.group ?? own ?? (src ? def : undefined);
  if (wanted !== undefined && !all.includes(wanted)) {
    result.diagnostics.push(diag(doc, { kind: "group", messageId: "group-undefined", data: { group: wanted, defined: all }, path: ["processes"] }));
    return fail();
  }
  if (src && wanted !== undefined) {
    const update = updateInfo(src, own, wanted);
    result.update = update;
    if (update.movedGroup && options.onGroupChange !== "allow") {
      result.diagnostics.push(diag(undefined, { kind: "update-target", messageId: "update-moved", data: own !== undefined ? { own, wanted } : { wanted } }));
    }
    if (update.attached && options.detached !== "attach") {
      result.diagnostics.push(diag(undefined, { kind: "update-target", messageId: "update-detached", data: { wanted } }));
    }
    if (result.diagnostics.length) return fail();
  }
  const groups = wanted !== undefined ? [wanted] : all.slice();
  result.groups = groups;
  const seen = new Set<string>();
  const opts: ToMachineOptions = { flyctlVersion: options.flyctlVersion, files: options.files, readFile: options.readFile, skipFileReads: options.skipFileReads, src };
  const lazy = mode === "lint";
  const configs = buildConfigs(model, groups, def, opts, lazy, (e) => {
    const d = compileDiagnostic(doc, e);
    const k = `${d.line}:${d.column}:${d.message}`;
    if (!seen.has(k)) result.diagnostics.push(d);
    seen.add(k);
  });
  if (result.diagnostics.length !== 0) return fail();
  if (lazy) return new LazyCompileResult(result, { model, groups, def, opts, image: options.image }) as CompileSuccess<Int>;
  if (options.image !== undefined) for (const g of Object.keys(configs)) configs[g] = withImage(configs[g]!, options.image);
  if (!options.bigint) {
    const big = findBigint(configs, []);
    if (big) {
      result.diagnostics.push(unsafeInteger(doc, big.value, big.path));
      return fail();
    }
  }
  result.ok = true;
  result.configs = configs;
  return result as CompileSuccess<Int>;
}

function updateInfo(src: MachineConfig, own: string | undefined, group: string): UpdateInfo {
  const detached = isDetachedConfig(src);
  // A managed (v2) Machine without a group is in group "" to flyctl, which fly deploy destroys: giving it a group
  // moves it too.
  const movedGroup = own !== group && (own !== undefined || !detached);
  const notes: string[] = [];
  if (movedGroup) notes.push(`moved the Machine from process group ${JSON.stringify(own ?? "")} to ${JSON.stringify(group)}`);
  if (detached) notes.push(`attached the detached Machine to process group ${JSON.stringify(group)} (fly deploy will manage it from now on)`);
  const u: UpdateInfo = { group, movedGroup, attached: detached, notes };
  if (own !== undefined) u.previousGroup = own;
  return u;
}

/** `image` placed where fly-go's field order puts it (canonical output stays canonical). */
function withImage(c: CompiledMachineConfig<Int>, image: string): CompiledMachineConfig<Int> {
  return canonicalConfig({ ...c, image }) as CompiledMachineConfig<Int>;
}

/** The first bigint in a value, with its path. */
function findBigint(v: unknown, path: (string | number)[]): { value: bigint; path: KeyPath } | undefined {
  if (typeof v === "bigint") return { value: v, path: path.slice() };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      const r = findBigint(v[i], path);
      path.pop();
      if (r) return r;
    }
  } else if (typeof v === "object" && v !== null) {
    for (const k of Object.keys(v)) {
      path.push(k);
      const r = findBigint((v as Record<string, unknown>)[k], path);
      path.pop();
      if (r) return r;
    }
  }
  return undefined;
}

function unsafeInteger(doc: PositionedDocument<TomlTable>, value: bigint, configPath: KeyPath): Diagnostic {
  // Point at the same integer in the source when it is there (the config path is not a fly.toml path).
  const at = findBigintValue(doc.value, value, []) ?? [];
  return diag(doc, { kind: "precision", messageId: "integer-too-large", data: { value: String(value), at: formatKeyPath(configPath.slice(1)), group: String(configPath[0]) }, path: at });
}

function findBigintValue(v: unknown, value: bigint, path: (string | number)[]): KeyPath | undefined {
  if (v === value) return path.slice();
  if (Array.isArray(v) || (typeof v === "object" && v !== null && !(v instanceof Object && "source" in v))) {
    for (const k of Object.keys(v as object)) {
      const key = Array.isArray(v) ? Number(k) : k;
      path.push(key);
      const r = findBigintValue((v as Record<string, unknown>)[k], value, path);
      path.pop();
      if (r) return r;
    }
  }
  return undefined;
}

/**
 * The compiler's errors for a model, every group, nothing else (the lint mode's conversion): the linter runs this
 * on the lenient model of a file with decode errors (the offending values left out), so a wrong restart policy or
 * vm size shows in the same run as a wrong type elsewhere. Files named by fly.toml are read only with `readFile`.
 */
export function compileErrors(doc: PositionedDocument<TomlTable>, model: FlyToml, readFile?: (path: string) => Uint8Array | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const { names, def } = groupInfo(model);
  buildConfigs(model, names, def, { files: readFile ? "deploy" : "none", readFile, skipFileReads: !readFile }, true, (e) => {
    const d = compileDiagnostic(doc, e);
    const k = `${d.line}:${d.column}:${d.message}`;
    if (!seen.has(k)) out.push(d);
    seen.add(k);
  });
  return out;
}

/**
 * The lint mode's compile result, whose configs are built on first read: the linter needs only the errors
 * (errorsOnly skipped the steps that cannot fail), a library caller of lint() may still read the configs. A class
 * with the getter on its prototype, not a per-object accessor: an accessor closure per result gives every result
 * its own hidden class, which cost the linter a sixth of its time.
 */
type LazyFrom = { model: FlyToml; groups: readonly string[]; def: string; opts: ToMachineOptions; image: string | undefined };

class LazyCompileResult implements CompileSuccess<Int> {
  readonly ok = true;
  diagnostics: Diagnostic[];
  groups: string[];
  analysis: Analysis;
  update?: UpdateInfo;
  #full: Record<string, CompiledMachineConfig<Int>> | undefined;
  #from: LazyFrom | undefined;
  constructor(r: AnyCompileResult, from: LazyFrom) {
    this.diagnostics = r.diagnostics;
    this.groups = r.groups;
    this.analysis = r.analysis;
    if (r.update) this.update = r.update;
    this.#from = from;
  }
  get configs(): Record<string, CompiledMachineConfig<Int>> {
    if (!this.#full) {
      const f = this.#from!;
      const configs = buildConfigs(f.model, f.groups, f.def, f.opts, false, () => undefined);
      if (f.image !== undefined) for (const g of Object.keys(configs)) configs[g] = withImage(configs[g]!, f.image);
      this.#full = configs;
      this.#from = undefined;
    }
    return this.#full;
  }
  set configs(v: Record<string, CompiledMachineConfig<Int>>) {
    this.#full = v;
    this.#from = undefined;
  }
}

function buildConfigs(
  model: FlyToml,
  groups: readonly string[],
  def: string,
  opts: ToMachineOptions,
  errorsOnly: boolean,
  onError: (e: ConvertError) => void,
): Record<string, CompiledMachineConfig<Int>> {
  const configs: Record<string, CompiledMachineConfig<Int>> = {};
  for (const g of groups) {
    const r = toMachineConfigWith(model, g, opts, def, errorsOnly);
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
  // Own properties only: the Machine is input, and an inherited `config` is none of its own.
  const inner = ownValue(machine, "config");
  if (isObj(inner)) return inner as MachineConfig;
  return machine as MachineConfig;
}

function groupOf(machine: unknown): string | undefined {
  const metadata = ownValue(machineConfigOf(machine), "metadata");
  const g = ownValue(metadata, "fly_process_group") ?? ownValue(metadata, "process_group");
  return typeof g === "string" && g !== "" ? g : undefined;
}

function compileDiagnostic(doc: PositionedDocument<TomlTable>, e: ConvertError): Diagnostic {
  const path = sourcePathOf(doc.value, e.path);
  const span = e.inner ? innerSpan(doc, path, e.inner) : undefined;
  const p = { kind: e.kind ?? "convert", messageId: e.messageId, data: e.data, path } as Problem;
  return diag(doc, span ? { ...p, span } : p);
}

/** A conversion's errors with their text, as the rule that claims each says it (what the library's converters give). */
function withMessages(r: ConvertResult): ToMachineResult {
  if (r.ok) return r;
  return { ok: false, errors: r.errors.map((e) => ({ message: problemMessage({ kind: e.kind ?? "convert", messageId: e.messageId, data: e.data, path: e.path } as Problem, "fly.toml"), ...e })) };
}

/**
 * One group's Machine config from a loaded model (the compiler's toMachineConfig), its errors with their text. A
 * group the file does not define is an `unknown-group` error.
 */
export function toMachineConfig(model: FlyToml, group: string, options: ToMachineOptions = {}): ToMachineResult {
  return withMessages(convertGroup(model, group, options));
}

type SpecialOptions = Omit<ToMachineOptions, "src">;

/** The release_command Machine's config (flyctl's ToReleaseMachineConfig), its errors with their text. */
export function toReleaseMachineConfig(model: FlyToml, options: SpecialOptions = {}): ToMachineResult {
  return withMessages(convertRelease(model, options));
}

/** The `fly console` Machine's config (flyctl's ToConsoleMachineConfig). */
export function toConsoleMachineConfig(model: FlyToml, options: SpecialOptions = {}): ToMachineResult {
  return withMessages(convertConsole(model, options));
}

/** A machine check's test Machine (flyctl's ToTestMachineConfig); `path` locates the check in the model. */
export function toTestMachineConfig(
  model: FlyToml,
  check: Parameters<typeof convertTest>[1],
  path: KeyPath,
  orig?: OriginalMachine,
  options: SpecialOptions = {},
): ToMachineResult {
  return withMessages(convertTest(model, check, path, orig, options));
}

/**
 * Offsets inside a string value mapped to the source: exact when the string is spelt without escapes (a literal
 * string, or a basic one without backslashes), as inline machine_config JSON usually is; undefined otherwise.
 */
function innerSpan(doc: PositionedDocument, path: KeyPath, inner: { start: number; end: number }): { start: number; end: number } | undefined {
  const v = doc.get(path)?.value;
  if (!v) return undefined;
  const raw = doc.text.slice(v.start, v.end);
  const q = raw.startsWith("'''") || raw.startsWith('"""') ? 3 : raw.startsWith("'") || raw.startsWith('"') ? 1 : 0;
  if (!q) return undefined;
  let body = raw.slice(q, raw.length - q);
  let at = v.start + q;
  const newline = q === 3 ? (body.startsWith("\r\n") ? 2 : body.startsWith("\n") ? 1 : 0) : 0;
  body = body.slice(newline);
  at += newline;
  if (raw[0] === '"' && body.includes("\\")) return undefined;
  if (inner.end > body.length) return undefined;
  return { start: at + inner.start, end: at + inner.end };
}
