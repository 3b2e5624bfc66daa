// The linter for Machines API JSON: a Machine (GET response), a list of Machines, a create/update body or a bare
// config. Schema validation (the precompiled standalone ajv validators) with errors mapped onto the fly.toml rule
// ids of the same meaning, then every rule's `checkMachines`. No I/O, no process state.
import validateConfig from "../../generated/machine-config.validate.js";
import validateMachine from "../../generated/machine.validate.js";
import { formatKeyPath, type Diagnostic, type KeyPath, type Severity } from "../diagnostic.js";
import { isObj, machineLabel, readMachineInput, type MachineEntry, type MachineInput } from "../model/machine-input.js";
import { utf8ByteLength } from "../portable/bytes.js";
import type { PositionedDocument, Span } from "../reader/document.js";
import { readJson, type JsonValue } from "../reader/json.js";
import { decodeSource } from "../reader/source.js";
import { RULES, RULES_BY_ID } from "../rules/index.js";
import { rawAt } from "../rules/machine-checks.js";
import type { MachineContext, Report } from "../rules/types.js";
import { severityFor, type RuleSetting } from "./lint.js";

/** JSON inputs are bigger than fly.toml: a list of 10,000 Machines is tens of megabytes. */
export const DEFAULT_MAX_JSON_BYTES = 64 * 1024 * 1024;

export interface MachineLintOptions {
  rules?: Readonly<Record<string, RuleSetting>>;
  maxBytes?: number;
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

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

export function lintMachineJson(input: string | Uint8Array, options: MachineLintOptions = {}): MachineLintResult {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_JSON_BYTES;
  let text: string;
  if (typeof input === "string") {
    const size = utf8ByteLength(input);
    if (size > maxBytes) return { source: "", diagnostics: [whole("input-size", `input is ${size} bytes, over the ${maxBytes}-byte limit (raise it with --max-bytes)`)] };
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const d = decodeSource(input, maxBytes);
    if (!d.ok) return { source: "", diagnostics: [{ ...whole("json-syntax", d.message.replace("fly.toml", "JSON")), line: d.line, column: d.column, endColumn: d.column + 1 }] };
    text = d.text;
  }
  const read = readJson(text);
  if (!read.ok) {
    const sev = severityFor(RULES_BY_ID.get("json-syntax"), "json-syntax", options.rules);
    return { source: text, diagnostics: sev ? [{ ...read.diagnostic, severity: sev }] : [] };
  }
  const doc = read.doc;
  const machineInput = readMachineInput(doc.value);
  const out: Diagnostic[] = [];
  const emit = (ruleId: string, fallback: Severity, r: Report) => {
    const severity = severityFor(RULES_BY_ID.get(ruleId) ?? ({ meta: { severity: fallback } } as never), ruleId, options.rules);
    if (severity) out.push(toDiagnostic(doc, ruleId, severity, r));
  };

  // Shape problems and schema validation.
  if (machineInput.shape === "other") {
    emit("invalid-type", "error", { path: [], message: `expected a Machine, a list of Machines, a create/update body ({"config": …}) or a config object, not ${kindName(doc.value)}` });
  }
  for (const e of machineInput.entries) {
    if (machineInput.shape === "machine-list" && !e.config) {
      emit("invalid-type", "error", { path: e.path, message: `list element ${e.index} is not a Machine: ${isObj(e.raw) ? 'it has no "config" object' : `it is ${kindName(e.raw)}`}` });
      if (!isObj(e.raw)) continue;
    }
    const asMachine = machineInput.shape === "machine" || machineInput.shape === "machine-list";
    const validate = (asMachine ? validateMachine : validateConfig) as unknown as Validate;
    const base = asMachine ? e.path : e.configPath!;
    const target = asMachine ? e.raw : e.config;
    if (!validate(target)) for (const s of schemaFindings(doc.value, base, validate.errors ?? [], subjectOf(machineInput, e))) emit(s.ruleId, "error", s.report);
  }

  // Rule checks.
  for (const rule of RULES) if (rule.checkMachines) runCheck(rule.checkMachines, rule.meta.id, rule.meta.severity);

  function runCheck(check: (ctx: MachineContext) => void, id: string, fallback: Severity): void {
    const severity = severityFor(RULES_BY_ID.get(id) ?? ({ meta: { severity: fallback } } as never), id, options.rules);
    if (!severity) return;
    check({
      doc,
      input: machineInput,
      appGroups: options.appGroups,
      expectBody: options.expectBody,
      intent: options.intent,
      report: (r) => out.push(toDiagnostic(doc, id, severity, r)),
    });
  }

  out.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return { source: text, diagnostics: out, doc, input: machineInput };
}

function subjectOf(input: MachineInput, e: MachineEntry): string {
  return input.shape === "machine-list" || input.shape === "machine" ? `${machineLabel(e)}: ` : "";
}

function whole(ruleId: string, message: string): Diagnostic {
  return { ruleId, severity: "error", message, line: 1, column: 1, endLine: 1, endColumn: 1, keyPath: "" };
}

function kindName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}…` : v)}`;
  if (typeof v === "object") return "an object";
  return `the ${typeof v} ${String(v)}`;
}

/** JSON pointer → key path, with list indexes as numbers (decided by the value actually there). */
function pointerPath(root: unknown, base: KeyPath, pointer: string): KeyPath {
  const out: (string | number)[] = [...base];
  if (pointer === "") return out;
  let v = rawAt(root, base);
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(v) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      v = v[Number(seg)];
    } else {
      out.push(seg);
      v = isObj(v) ? v[seg] : undefined;
    }
  }
  return out;
}

/** Which rule id a schema error belongs to: the fly.toml rule of the same meaning, else invalid-type. */
export function ruleForSchemaError(path: KeyPath, e: Pick<AjvError, "keyword" | "schemaPath">): string {
  const keys = path.filter((s): s is string => typeof s === "string");
  const last = keys[keys.length - 1];
  let id = "invalid-type";
  if (last === "autostart") id = "autostart-type";
  else if (last === "autostop") id = "autostop-value";
  else if (keys.includes("handlers")) id = "handler-value";
  else if (last === "policy" && keys[keys.length - 2] === "restart") id = "restart-policy";
  else if (e.schemaPath.includes("/definitions/duration/")) id = "duration-unit";
  return RULES_BY_ID.has(id) ? id : "invalid-type";
}

const typeName: Record<string, string> = { boolean: "a boolean", integer: "an integer", number: "a number", string: "a string", array: "a list", object: "an object", null: "null" };

function describeActual(v: unknown): string {
  if (v === undefined) return "absent";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "number") return Number.isInteger(v) ? `${v}` : `the number ${v}`;
  return kindName(v);
}

function schemaFindings(root: unknown, base: KeyPath, errors: readonly AjvError[], subject: string): { ruleId: string; report: Report }[] {
  // One finding per instance path: alternatives of an anyOf/oneOf are folded into one message.
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) {
    const k = e.keyword === "required" ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.instancePath;
    const list = byPath.get(k);
    if (list) list.push(e);
    else byPath.set(k, [e]);
  }
  const out: { ruleId: string; report: Report }[] = [];
  for (const list of byPath.values()) {
    const first = list[0]!;
    const path = pointerPath(root, base, first.instancePath);
    const actual = rawAt(root, path);
    const shown = formatKeyPath(path.slice(base.length)) || "the document";
    let message: string;
    if (first.keyword === "required") {
      message = `${shown} is missing the required key ${JSON.stringify(first.params.missingProperty)}`;
    } else if (list.length > 1 || first.keyword === "anyOf" || first.keyword === "oneOf") {
      const alts = list.flatMap((e) => (e.keyword === "type" ? [typeName[String(e.params.type)] ?? String(e.params.type)] : e.keyword === "const" ? [JSON.stringify(e.params.allowedValue)] : e.keyword === "enum" ? (e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)) : []));
      message = alts.length ? `${shown} must be ${alts.join(" or ")}, not ${describeActual(actual)}` : `${shown} is not valid: ${first.message ?? first.keyword}`;
    } else message = `${shown} ${single(first, actual)}`;
    const ruleId = ruleForSchemaError(path, first);
    out.push({ ruleId, report: { path, message: subject + message } });
  }
  return out;
}

function single(e: AjvError, actual: unknown): string {
  const p = e.params;
  switch (e.keyword) {
    case "type": {
      const t = p.type;
      const names = (Array.isArray(t) ? t : [t]).map((x) => typeName[String(x)] ?? String(x));
      return `must be ${names.join(" or ")}, not ${describeActual(actual)}`;
    }
    case "enum":
      return `must be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(", ")}, not ${typeof actual === "string" ? JSON.stringify(actual) : describeActual(actual)}`;
    case "const":
      return `must be ${JSON.stringify(p.allowedValue)}, not ${describeActual(actual)}`;
    case "minimum":
    case "exclusiveMinimum":
    case "maximum":
    case "exclusiveMaximum":
      return `must be ${String(p.comparison)} ${String(p.limit)}, not ${describeActual(actual)}`;
    case "pattern":
      return e.schemaPath.includes("/definitions/duration/")
        ? `must be a Go duration with a unit, such as "10s", "1m30s" or "500ms", not ${describeActual(actual)}`
        : `does not have the expected form (${String(p.pattern)}): ${describeActual(actual)}`;
    case "minLength":
      return `must not be shorter than ${String(p.limit)} characters`;
    case "minItems":
      return `must have at least ${String(p.limit)} items`;
    default:
      return e.message ?? `is not valid (${e.keyword})`;
  }
}

function toDiagnostic(doc: PositionedDocument, ruleId: string, severity: Severity, r: Report): Diagnostic {
  let path: KeyPath | undefined;
  let span: Span;
  if ("span" in r) {
    span = r.span;
    path = r.path;
  } else {
    path = "modelPath" in r ? r.modelPath : r.path;
    span = doc.locate(path, r.at ?? "value");
  }
  const s = doc.lines.position(span.start);
  const e = doc.lines.position(span.end);
  const d: Diagnostic = { ruleId, severity, message: r.message, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, keyPath: path ? formatKeyPath(path) : "" };
  if (path) d.path = path;
  if (r.fix) d.fix = r.fix;
  return d;
}
