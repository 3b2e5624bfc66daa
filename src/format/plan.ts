// `flyconf plan` output: text for people, markdown for a pull-request comment or $GITHUB_STEP_SUMMARY, JSON for tools.
// Machine ids, group names, paths and values are input: text lines go through the escaping boundary (escape.ts), and
// markdown additionally backslash-escapes every ASCII punctuation character, so no input can open a link, a table
// cell, an HTML tag or a code span.
import { stringifyJson } from "../compile/canonical.js";
import { escapeJsonText, escapeLine } from "../escape.js";
import type { PlanAction, PlanResult } from "../plan/plan.js";

const SIGN: Record<PlanAction["action"], string> = { create: "+", update: "~", destroy: "-", unchanged: "=", ignore: "!" };

function value(v: unknown): string {
  if (v === undefined) return "absent";
  const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? Number(x) : x)) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function subject(a: PlanAction): string {
  const group = a.group === null ? "" : ` (group ${JSON.stringify(a.group)})`;
  if (a.action === "create") return `${a.count} Machine${a.count === 1 ? "" : "s"} in group ${JSON.stringify(a.group)}`;
  return `${a.machine !== null ? `Machine ${a.machine}` : "a Machine without an id"}${group}`;
}

/** One line per change: `path: before → after`. */
function changeLine(c: NonNullable<PlanAction["changes"]>[number]): string {
  if (c.before === undefined) return `+ ${c.path}: ${value(c.after)}`;
  if (c.after === undefined) return `- ${c.path}: ${value(c.before)}`;
  return `~ ${c.path}: ${value(c.before)} → ${value(c.after)}`;
}

export function planSummary(p: PlanResult): string {
  const n = (k: PlanAction["action"]) => p.actions.filter((a) => a.action === k).length;
  const created = p.actions.reduce((s, a) => s + (a.action === "create" ? (a.count ?? 1) : 0), 0);
  const parts = [
    `${created} to create`,
    `${n("update")} to update`,
    `${n("destroy")} to destroy`,
    `${n("unchanged")} unchanged`,
    `${n("ignore")} ignored`,
  ];
  return `Plan: ${parts.join(", ")}.`;
}

export function formatPlanText(p: PlanResult): string {
  let out = "";
  const line = (s: string) => void (out += `${escapeLine(s)}\n`);
  for (const a of p.actions) {
    line(`${SIGN[a.action]} ${a.action === "ignore" ? "ignore" : a.action} ${subject(a)}${a.replace ? " (replaced)" : ""}: ${a.reason}`);
    for (const c of a.changes ?? []) line(`    ${changeLine(c)}`);
  }
  if (p.actions.length) out += "\n";
  line(planSummary(p));
  return out;
}

/** Backslash-escape every ASCII punctuation character (CommonMark allows it for all of them), after the boundary. */
function md(s: string): string {
  return escapeLine(s).replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

export function formatPlanMarkdown(p: PlanResult): string {
  let out = "### flyconf plan\n\n";
  out += `${md(planSummary(p))}\n\n`;
  if (!p.actions.length) return out;
  out += "| | action | Machine | group | why |\n|---|---|---|---|---|\n";
  for (const a of p.actions) {
    const who = a.action === "create" ? `${a.count} new` : a.machine !== null ? md(a.machine) : "";
    out += `| ${md(SIGN[a.action])} | ${a.action}${a.replace ? " \\(replaced\\)" : ""} | ${who} | ${a.group === null ? "" : md(JSON.stringify(a.group))} | ${md(a.reason)} |\n`;
  }
  const updates = p.actions.filter((a) => a.changes?.length);
  for (const a of updates) {
    out += `\n<details><summary>${md(subject(a))}: ${a.changes!.length} change${a.changes!.length === 1 ? "" : "s"}</summary>\n\n`;
    for (const c of a.changes!) out += `- ${md(changeLine(c))}\n`;
    out += "\n</details>\n";
  }
  return out;
}

export function formatPlanJson(p: PlanResult): string {
  return `${escapeJsonText(stringifyJson(p))}\n`;
}
