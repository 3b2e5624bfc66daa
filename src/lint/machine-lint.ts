// The linter for Machines API JSON: a Machine (GET response), a list of Machines, a create/update body or a bare
// config. The schema check's problems under the rules that claim them, then every rule's `checkMachines`, all
// through one FileReport (src/lint/report.ts). No I/O, no process state.
import { checkOptions } from "../options.js";
import { rulesOption } from "./options.js";
import type { Diagnostic, Problem } from "../diagnostic.js";
import { readMachineInput, type MachineInput } from "../model/machine-input.js";
import { utf8ByteLength } from "../portable/bytes.js";
import type { PositionedDocument } from "../reader/document.js";
import { readJson, type JsonValue } from "../reader/json.js";
import { decodeSource } from "../reader/source.js";
import { RULES } from "../rules/index.js";
import type { MachineContext } from "../rules/types.js";
import { schemaProblems } from "./machine-schema.js";
import { FileReport, type RuleSetting } from "./report.js";

/** JSON inputs are bigger than fly.toml: a list of 10,000 Machines is tens of megabytes. */
export const DEFAULT_MAX_JSON_BYTES = 64 * 1024 * 1024;

export interface MachineLintOptions {
  rules?: Readonly<Record<string, RuleSetting>>;
  maxBytes?: number;
  /** Findings reported per file before the rest are counted in one too-many-findings finding (default 1,000). */
  maxFindings?: number;
  /** Process groups fly.toml defines (`--app-config`): enables unknown-group. */
  appGroups?: readonly string[];
  /** The file is meant as a create/update body (`--body`). */
  expectBody?: boolean;
  /** What the body is for, when known: "update" skips checks that only concern a create (missing-image). */
  intent?: "create" | "update";
}

export interface MachineLintResult {
  source: string;
  diagnostics: Diagnostic[];
  doc?: PositionedDocument<JsonValue>;
  input?: MachineInput;
}

export function lintMachineJson(input: string | Uint8Array, options: MachineLintOptions = {}): MachineLintResult {
  checkOptions("lintMachineJson", options, { rules: rulesOption, maxBytes: "bytes", appGroups: "strings", expectBody: "boolean", intent: ["create", "update"], maxFindings: "count" });
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_JSON_BYTES;
  let text: string;
  if (typeof input === "string") {
    const size = utf8ByteLength(input);
    if (size > maxBytes) return unread("", { kind: "too-large", messageId: "too-large", data: { subject: "input", size, max: maxBytes, hint: true } }, options);
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const d = decodeSource(input, maxBytes);
    if (!d.ok) {
      const position = { line: d.line, column: d.column, endLine: d.line, endColumn: d.column + 1 };
      // A syntax problem of Machine JSON: json-syntax claims it and says "JSON" where toml-syntax says "fly.toml".
      return unread("", { kind: "syntax", messageId: d.messageId, data: d.data, position } as Problem, options);
    }
    text = d.text;
  }
  const read = readJson(text);
  if (!read.ok) return unread(text, read.problem, options);
  const doc = read.doc;
  const machineInput = readMachineInput(doc.value);
  const file = new FileReport(doc, { input: "machine-json", rules: options.rules, maxFindings: options.maxFindings });
  for (const p of schemaProblems(doc.value, machineInput)) file.problem(p);
  const ctx: MachineContext = { doc, input: machineInput, appGroups: options.appGroups, expectBody: options.expectBody, intent: options.intent, report: file.report };
  for (const rule of RULES) if (rule.checkMachines && file.begin(rule)) rule.checkMachines(ctx);
  return { source: text, diagnostics: file.sorted(), doc, input: machineInput };
}

/** Input that never became a document: its one problem. */
function unread(source: string, problem: Problem, options: MachineLintOptions): MachineLintResult {
  const file = new FileReport(undefined, { input: "machine-json", rules: options.rules });
  file.problem(problem);
  return { source, diagnostics: file.diagnostics };
}
