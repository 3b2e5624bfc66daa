// compileGroup and updateBody: one process group's Machine config from fly.toml, refused when an error-level rule
// finds a problem that concerns that group (compile alone knows only what flyctl refuses; `autostop = "stop"` with
// `auto_start_machines = false` compiles, and 503s in production).
import { defaultProcessName, groupMatches } from "../compile/groups.js";
import type { CompiledMachineConfig, Int, MachineConfig, MachineConfigFields, AutostopWire, MachineRequest } from "../compile/machine-types.js";
import { processGroupOf } from "../compile/metadata.js";
import type { Diagnostic } from "../diagnostic.js";
import { lint, type RuleSetting } from "../lint/lint.js";
import { isObj } from "../object.js";
import { analyze, compile, COMPILE_OPTION_KEYS, type Analysis, type CompileOptions, type UpdateInfo } from "../pipeline.js";
import { checkOptions } from "../options.js";
import { rulesOption } from "../lint/options.js";
import { stringifyJson } from "../compile/canonical.js";
import { lintMachineJson } from "../lint/machine-lint.js";
import { messageOf, problemDiagnostic } from "../lint/report.js";
import { RULES } from "../rules/index.js";
import { isTable, type TomlTable } from "../reader/values.js";
import type { RuleId } from "../rules/ids.js";
import missingImageRule from "../rules/missing-image.js";
import unknownKey from "../rules/unknown-key.js";

export interface CompileGroupOptions extends Omit<CompileOptions, "group"> {
  /** Rule settings, as for lint(): a rule set to "error" refuses the compile, "off" is not run. */
  rules?: Readonly<Partial<Record<RuleId, RuleSetting>>>;
}

const { group: _group, ...COMPILE_KEYS } = COMPILE_OPTION_KEYS;
/** Every option compileGroup takes (compile's but `group`; `rules`), as checkOptions checks them. */
const COMPILE_GROUP_OPTION_KEYS = { ...COMPILE_KEYS, rules: rulesOption };
/** updateBody's: compileGroup's and the group to compile for. */
const UPDATE_BODY_OPTION_KEYS = { ...COMPILE_GROUP_OPTION_KEYS, group: "string" } as const;

export type CompileGroupResult<I extends Int = number> =
  | {
      ok: true;
      config: CompiledMachineConfig<I>;
      /** Warnings and infos of the rules that concern this group (their fixes included). */
      warnings: Diagnostic[];
      /** With `machine`: what the update path did (moved, attached), with a note for each. */
      update?: UpdateInfo;
    }
  | { ok: false; errors: Diagnostic[] };

/**
 * The Machine config of one process group: compiled as flyctl does, then checked with every rule; an error that
 * concerns the group (in a section that applies to it, or in the file as a whole) refuses it. A group fly.toml does
 * not define is refused (`unknown-group`).
 */
export function compileGroup(toml: string | Uint8Array, group: string, options: CompileGroupOptions & { bigint: true }): CompileGroupResult<Int>;
export function compileGroup(toml: string | Uint8Array, group: string, options?: CompileGroupOptions): CompileGroupResult;
export function compileGroup(toml: string | Uint8Array, group: string, options: CompileGroupOptions = {}): CompileGroupResult<Int> {
  checkOptions("compileGroup", options, COMPILE_GROUP_OPTION_KEYS);
  if (typeof group !== "string" || group === "") return { ok: false, errors: [problemDiagnostic(undefined, { kind: "group", messageId: "group-not-a-name", data: {} }, "fly.toml")] };
  const { rules, ...compileOptions } = options;
  const compiled = compile(toml, { ...compileOptions, group });
  if (!compiled.ok) return { ok: false, errors: compiled.diagnostics };
  const linted = lint(toml, { ...(rules ? { rules } : {}), ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}) });
  const doc = compiled.analysis.doc;
  const def = compiled.analysis.model ? defaultProcessName(compiled.analysis.model) : "app";
  const concerning = linted.diagnostics.filter((d) => doc === undefined || concerns(doc.value, d, group, def));
  const errors = concerning.filter((d) => d.severity === "error");
  if (errors.length) return { ok: false, errors };
  const config = compiled.configs[group]!;
  const warnings = concerning.filter((d) => d.severity !== "error");
  if (options.machine !== undefined) warnings.push(...machineKeyWarnings(options.machine, rules));
  const missing = missingImage(config, compiled.analysis, rules);
  if (missing) warnings.push(missing);
  const out: CompileGroupResult<Int> = { ok: true, config, warnings };
  if (compiled.update) out.update = compiled.update;
  return out;
}

/**
 * fly.toml's conversion never sets `image` (fly deploy adds the one it built): a config without one cannot create
 * a Machine. Said once, pointing at `[build] image` when the file names one.
 */
function missingImage(config: CompiledMachineConfig<Int>, analysis: Analysis, rules: CompileGroupOptions["rules"]): Diagnostic | undefined {
  if (config.image || (Array.isArray(config.containers) && config.containers.length > 0)) return undefined;
  const setting = rules?.[missingImageRule.meta.id as RuleId];
  if (setting === "off") return undefined;
  const build = analysis.model?.build?.image;
  const message = messageOf(missingImageRule, { messageId: "compiledNoImage", data: build ? { build } : {} });
  const d: Diagnostic = { ruleId: missingImageRule.meta.id, severity: setting === "info" ? "info" : "warning", message, line: 1, column: 1, endLine: 1, endColumn: 1, keyPath: "" };
  const doc = analysis.doc;
  if (build && doc) {
    const span = doc.locate(["build", "image"]);
    const a = doc.lines.position(span.start);
    const b = doc.lines.position(span.end);
    Object.assign(d, { line: a.line, column: a.column, endLine: b.line, endColumn: b.column, keyPath: "build.image", path: ["build", "image"] });
  }
  return d;
}

/** Keys of the Machine to update that fly-go does not know: flyctl drops them silently (so does compile). */
function machineKeyWarnings(machine: unknown, rules: CompileGroupOptions["rules"]): Diagnostic[] {
  if (rules?.[unknownKey.meta.id as RuleId] === "off") return [];
  let text: string;
  try {
    text = stringifyJson(machine);
  } catch {
    return [];
  }
  const only: Record<string, RuleSetting> = {};
  for (const r of RULES) only[r.meta.id] = "off";
  only[unknownKey.meta.id] = "warn";
  return lintMachineJson(text, { rules: only }).diagnostics.map((d) => {
    const text = d.message.replace("the Machines API ignores it", "fly-go drops it, and so does the update");
    // A Machine (GET response) is named in the message already ("Machine 148e…: "); a bare config is not.
    const message = text.startsWith("Machine ") ? text : `the Machine to update: ${text}`;
    const w: Diagnostic = { ruleId: d.ruleId, severity: "warning", message, line: 1, column: 1, endLine: 1, endColumn: 1, keyPath: d.keyPath };
    if (d.path) w.path = d.path;
    return w;
  });
}

/** Sections that apply per group: the finding concerns `group` when the section it sits in applies to it. */
const PER_GROUP_LISTS = new Set(["services", "mounts", "metrics", "restart", "files", "vm", "compute", "machine_checks"]);

function concerns(root: TomlTable, d: Diagnostic, group: string, def: string): boolean {
  const path = d.path;
  if (!path || path.length === 0) return true;
  const head = path[0];
  if (head === "processes") return path.length < 2 || path[1] === group;
  let section: unknown;
  if (head === "http_service") section = root.http_service;
  else if (head === "checks" && typeof path[1] === "string") section = isTable(root.checks) ? root.checks[path[1]] : undefined;
  else if (typeof head === "string" && PER_GROUP_LISTS.has(head) && typeof path[1] === "number") {
    const list = root[head];
    section = Array.isArray(list) ? list[path[1]] : undefined;
  } else return true;
  if (!isTable(section)) return true;
  const processes = section.processes;
  const names = Array.isArray(processes) ? processes.filter((p): p is string => typeof p === "string") : undefined;
  // [[vm]] without processes applies to every group (the others: only to the default group).
  if ((head === "vm" || head === "compute") && !names?.length) return true;
  return groupMatches(group, names, def);
}

export type UpdateBodyResult<I extends Int = number> =
  | { ok: true; body: { config: CompiledMachineConfig<I> }; warnings: Diagnostic[]; update: UpdateInfo }
  | { ok: false; errors: Diagnostic[] };

/** A Machine (GET response), a create/update body or a bare config. */
export type UpdatableMachine = { config: MachineConfigFields<Int, AutostopWire> } | MachineConfig | MachineRequest;

export interface UpdateBodyOptions extends CompileGroupOptions {
  /** The group to compile for (default: the Machine's own `fly_process_group`, else fly.toml's default group). */
  group?: string;
}

/**
 * The `{"config": …}` body that updates `machine` (a GET response or its config) to what fly.toml says for its own
 * process group, as `fly deploy` would: fields fly.toml does not manage (image, guest when no [[vm]], …) are kept.
 * Refuses to move the Machine into another group (`options.group`) or to attach a detached one unless told
 * (`onGroupChange: "allow"`, `detached: "attach"`); `update` says what was done.
 */
export function updateBody(toml: string | Uint8Array, machine: UpdatableMachine, options: UpdateBodyOptions & { bigint: true }): UpdateBodyResult<Int>;
export function updateBody(toml: string | Uint8Array, machine: UpdatableMachine, options?: UpdateBodyOptions): UpdateBodyResult;
export function updateBody(toml: string | Uint8Array, machine: UpdatableMachine, options: UpdateBodyOptions = {}): UpdateBodyResult<Int> {
  checkOptions("updateBody", options, UPDATE_BODY_OPTION_KEYS);
  if (!isObj(machine)) return { ok: false, errors: [problemDiagnostic(undefined, { kind: "update-target", messageId: "update-not-machine", data: {} }, "fly.toml")] };
  const { group: asked, ...rest } = options;
  let group = asked ?? processGroupOf(machine as MachineConfig);
  if (group === undefined) {
    const a = analyze(toml, { maxBytes: options.maxBytes, format: options.format, filePath: options.filePath });
    if (!a.model) return { ok: false, errors: a.diagnostics };
    group = defaultProcessName(a.model);
  }
  const r = compileGroup(toml, group, { ...rest, machine } as CompileGroupOptions & { bigint: true });
  if (!r.ok) return r;
  return { ok: true, body: { config: r.config }, warnings: r.warnings, update: r.update! };
}
