// flyconf's library API: compile fly.toml into Machines API configs, lint it, format the findings.
// Nothing here throws on bad input or touches the process (no exit, no stdout).
import { zodModel } from "./model/schema.js";
export { compile, analyze } from "./pipeline.js";
export { plan, planHasChanges, PLAN_JSON_VERSION } from "./plan/plan.js";
export type { PlanResult, PlanAction, PlanActionKind, PlanChange, PlanOptions } from "./plan/plan.js";
export { formatPlanText, formatPlanMarkdown, formatPlanJson } from "./format/plan.js";
export type { CompileOptions, CompileResult, CompileSuccess, CompileFailure, UpdateInfo, Analysis, AnalyzeOptions } from "./pipeline.js";
export { compileGroup, updateBody } from "./platform/compile-group.js";
export type { CompileGroupOptions, CompileGroupResult, UpdateBodyOptions, UpdateBodyResult, UpdatableMachine } from "./platform/compile-group.js";
export { validateMachineBody, checkGroups } from "./platform/machine-json.js";
export type { ValidateBodyOptions, ValidateBodyResult, CheckGroupsOptions, CheckGroupsResult, GroupFinding } from "./platform/machine-json.js";
export { lintMachineJson } from "./lint/machine-lint.js";
export type { MachineLintOptions, MachineLintResult } from "./lint/machine-lint.js";
export { guestForSize } from "./platform/guest.js";
export type { GuestResult } from "./platform/guest.js";
export { setProcessGroup, detach, isDetached, processGroupOf } from "./compile/metadata.js";
export type { RuleId, PipelineDiagnosticId } from "./rules/ids.js";
export { lint } from "./lint/lint.js";
export type { LintOptions, LintResult, RuleSetting } from "./lint/lint.js";
export { formatResults, pickDefaultFormat, shouldColor } from "./format/index.js";
export type { FileResult, FormatName, FormatOptions, RuleDoc } from "./format/index.js";
export { RULES } from "./rules/index.js";
export type { Rule, RuleMeta } from "./rules/types.js";
export type { Diagnostic, Fix, TextEdit, Severity, KeyPath, ProblemData, ProblemMessageId } from "./diagnostic.js";
export { toMachineConfig, toReleaseMachineConfig, toConsoleMachineConfig, toTestMachineConfig } from "./pipeline.js";
export type { ToMachineOptions, ToMachineResult, CompileError, ConvertError } from "./compile/machine.js";
export type { OriginalMachine } from "./compile/special.js";
export { processNames, defaultProcessName, flatten } from "./compile/groups.js";
export { stringifyJson, canonicalConfig } from "./compile/canonical.js";
export type * from "./compile/machine-types.js";
export type {
  FlyToml,
  FlyTomlInput,
  Service,
  HttpService,
  ServicePort,
  Concurrency,
  TopLevelCheck,
  Mount,
  Vm,
  Metrics,
  Restart,
  Static,
  FileEntry,
  Experimental,
  Autostop,
} from "./model/schema.js";
/** The fly.toml model as a zod schema (input: the parsed TOML value; output: the normalized model). */
export const flyTomlSchema = zodModel().flyToml;
