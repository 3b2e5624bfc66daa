// Machines API JSON as values (not text): validate a create/update body before it is sent, and check that the
// Machines of each process group agree. Both run the same rules as `flyconf lint` on Machine JSON; the JSON text
// they lint is the value serialized with two-space indentation, so positions are of that text, and `keyPath` /
// `path` are JSON paths in the value.
import { stringifyJson } from "../compile/canonical.js";
import type { Int, MachineRequest } from "../compile/machine-types.js";
import { formatKeyPath, type Diagnostic, type KeyPath, type Problem } from "../diagnostic.js";
import type { RuleSetting } from "../lint/lint.js";
import { lintMachineJson } from "../lint/machine-lint.js";
import { problemDiagnostic } from "../lint/report.js";
import { machineLabel, readMachineInput } from "../model/machine-input.js";
import { isObj } from "../object.js";
import { RULES } from "../rules/index.js";
import type { RuleId } from "../rules/ids.js";
import groupInconsistent from "../rules/group-inconsistent.js";
import unknownGroup from "../rules/unknown-group.js";
import { checkOptions } from "../options.js";
import { rulesOption } from "../lint/options.js";

export interface ValidateBodyOptions {
  /** "update" skips what only a create needs (an image). Default: "create". */
  intent?: "create" | "update";
  /** Rule settings, as for lint(). */
  rules?: Readonly<Partial<Record<RuleId, RuleSetting>>>;
  /** Process groups fly.toml defines: a body naming another group is an `unknown-group` error. */
  appGroups?: readonly string[];
}

/** Every option validateMachineBody takes, as checkOptions checks them. */
export const VALIDATE_BODY_OPTION_KEYS = { intent: ["create", "update"], rules: rulesOption, appGroups: "strings" } as const;

export type ValidateBodyResult<B = MachineRequest> = { ok: true; body: B; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Checks a Machines API create/update body: the `{"config": …}` wrapper, every Machine-JSON rule (types and values
 * the API refuses, autostop without autostart, port conflicts, …), unknown keys at every level of the config with
 * "did you mean", and a missing image for a create. `ok` when no finding is an error; the body returned is the
 * value given (never copied or changed), now typed.
 */
export function validateMachineBody<B extends MachineRequest<Int>>(body: B, options?: ValidateBodyOptions): ValidateBodyResult<B>;
export function validateMachineBody(body: unknown, options?: ValidateBodyOptions): ValidateBodyResult;
export function validateMachineBody(body: unknown, options: ValidateBodyOptions = {}): ValidateBodyResult<unknown> {
  checkOptions("validateMachineBody", options, VALIDATE_BODY_OPTION_KEYS);
  const bad = notJson(body, []);
  // Under the rule that claims it (invalid-type), in its words.
  if (bad) return { ok: false, diagnostics: [problemDiagnostic(undefined, bad, "machine-json")] };
  const r = lintMachineJson(stringifyJson(body), {
    expectBody: true,
    intent: options.intent ?? "create",
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.appGroups ? { appGroups: options.appGroups } : {}),
  });
  if (r.diagnostics.some((d) => d.severity === "error")) return { ok: false, diagnostics: r.diagnostics };
  return { ok: true, body, warnings: r.diagnostics };
}

/** Why a value cannot be sent as JSON (a function, undefined in a list, NaN, a cycle, a Map, …), or undefined. */
function notJson(v: unknown, path: (string | number)[], seen: Set<object> = new Set()): Problem | undefined {
  const where = () => ({ kind: "schema" as const, path: path.slice() });
  const at = () => formatKeyPath(path);
  switch (typeof v) {
    case "string":
    case "boolean":
    case "bigint":
      return undefined;
    case "number":
      return Number.isFinite(v) ? undefined : { ...where(), messageId: "not-json-number", data: { at: at(), value: String(v) } };
    case "object":
      break;
    default:
      return { ...where(), messageId: "not-json-type", data: { at: at(), type: typeof v as "undefined" | "function" | "symbol" } };
  }
  if (v === null) return undefined;
  if (seen.has(v)) return { ...where(), messageId: "not-json-cycle", data: { at: at() } };
  const proto = Object.getPrototypeOf(v) as unknown;
  if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return { ...where(), messageId: "not-json-class", data: { at: at(), className: (v as object).constructor?.name ?? "class instance" } };
  seen.add(v);
  try {
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const r = notJson(v[i], path, seen);
        path.pop();
        if (r) return r;
      }
      return undefined;
    }
    for (const k of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[k];
      if (x === undefined) continue; // JSON.stringify leaves the key out, as an absent field
      path.push(k);
      const r = notJson(x, path, seen);
      path.pop();
      if (r) return r;
    }
    return undefined;
  } finally {
    seen.delete(v);
  }
}

export interface GroupFinding {
  /** group-inconsistent, or unknown-group with `appGroups`. */
  ruleId: "group-inconsistent" | "unknown-group";
  /** The Machine's process group. */
  group: string;
  /** The Machine that differs: its id when it has one, its position in the list. */
  machine: { index: number; id?: string; name?: string; label: string };
  /** JSON path of the difference in the input, e.g. [3, "config", "services", 0, "autostop"]. */
  path: KeyPath;
  /** The same path as a JSON pointer (RFC 6901). */
  pointer: string;
  message: string;
}

export interface CheckGroupsOptions {
  /** Process groups fly.toml defines: Machines of any other group are reported (unknown-group). */
  appGroups?: readonly string[];
}

export interface CheckGroupsResult {
  /** No finding: every group's Machines carry the same services. */
  ok: boolean;
  findings: GroupFinding[];
  /** Each process group seen, with how many Machines it has. */
  groups: { name: string; machines: number }[];
  /** Machines fly deploy does not manage (no group or no fly_platform_version = "v2"): not compared. */
  detached: { index: number; id?: string; label: string }[];
}

/**
 * Every Machine of a process group must carry identical services (the proxy treats the group as one pool). Groups
 * the Machines by `metadata.fly_process_group` and names each Machine that differs from its group's majority, with
 * the JSON path of every difference. Linear in the size of the input. Input: a list of Machines (GET
 * /v1/apps/{app}/machines), as values.
 */
export function checkGroups(machines: readonly unknown[], options: CheckGroupsOptions = {}): CheckGroupsResult {
  checkOptions("checkGroups", options, { appGroups: "strings" });
  const rules: Record<string, RuleSetting> = {};
  for (const r of RULES) rules[r.meta.id] = "off";
  rules[groupInconsistent.meta.id] = "error";
  if (options.appGroups) rules[unknownGroup.meta.id] = "error";
  const list = Array.isArray(machines) ? machines : [];
  const input = readMachineInput(list);
  const bad = notJson(list, []);
  const findings: GroupFinding[] = [];
  if (!bad) {
    const r = lintMachineJson(stringifyJson(list, 0), { rules, ...(options.appGroups ? { appGroups: options.appGroups } : {}) });
    for (const d of r.diagnostics) {
      if ((d.ruleId !== groupInconsistent.meta.id && d.ruleId !== unknownGroup.meta.id) || !d.path || typeof d.path[0] !== "number") continue;
      const e = input.entries[d.path[0]]!;
      const m: GroupFinding["machine"] = { index: e.index, label: machineLabel(e) };
      if (e.id) m.id = e.id;
      if (e.name) m.name = e.name;
      findings.push({ ruleId: d.ruleId as GroupFinding["ruleId"], group: e.group ?? "", machine: m, path: d.path, pointer: d.path.map((s) => `/${String(s).replace(/~/g, "~0").replace(/\//g, "~1")}`).join(""), message: d.message });
    }
  }
  const counts = new Map<string, number>();
  const detached: CheckGroupsResult["detached"] = [];
  for (const e of input.entries) {
    const md = e.config && isObj(e.config.metadata) ? e.config.metadata : undefined;
    if (e.group === undefined || md?.fly_platform_version !== "v2") {
      const x: CheckGroupsResult["detached"][number] = { index: e.index, label: machineLabel(e) };
      if (e.id) x.id = e.id;
      detached.push(x);
    }
    if (e.group !== undefined) counts.set(e.group, (counts.get(e.group) ?? 0) + 1);
  }
  const groups = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([name, n]) => ({ name, machines: n }));
  return { ok: findings.length === 0, findings, groups, detached };
}
