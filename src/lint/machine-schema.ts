// The Machines API schema check for Machine JSON (the precompiled standalone ajv validators): ajv errors and inputs
// that are no Machine at all become neutral schema problems, one per instance path, in words a person reads. Rules
// claim them (autostart, autostop, handlers, restart policy, durations…; invalid-type the rest).
// Named imports, not the default: the CLI bundle loads the validators lazily from a chunk of their own, through
// getters that only named imports go through (scripts/bundle.mjs).
import { validate as validateConfig } from "../../generated/machine-config.validate.js";
import { validate as validateMachine } from "../../generated/machine.validate.js";
import { formatKeyPath, type KeyPath, type Problem } from "../diagnostic.js";
import { machineLabel, type MachineEntry, type MachineInput } from "../model/machine-input.js";
import { isObj } from "../object.js";
import { valueAt } from "../rules/utils/paths.js";

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };

/** Every schema problem of the input, in document order of its entries. */
export function schemaProblems(root: unknown, machineInput: MachineInput): Problem[] {
  const out: Problem[] = [];
  if (machineInput.shape === "other") {
    out.push({ kind: "schema", path: [], messageId: "not-machine-input", data: { actual: kindName(root) } });
  }
  for (const e of machineInput.entries) {
    if (machineInput.shape === "machine-list" && !e.config) {
      out.push({ kind: "schema", path: e.path, messageId: "list-element-not-machine", data: isObj(e.raw) ? { index: e.index } : { index: e.index, actual: kindName(e.raw) } });
      if (!isObj(e.raw)) continue;
    }
    const asMachine = machineInput.shape === "machine" || machineInput.shape === "machine-list";
    const validate = (asMachine ? validateMachine : validateConfig) as unknown as Validate;
    const base = asMachine ? e.path : e.configPath!;
    const target = asMachine ? e.raw : e.config;
    if (!validate(target)) out.push(...schemaFindings(root, base, validate.errors ?? [], subjectOf(machineInput, e)));
  }
  return out;
}

function subjectOf(input: MachineInput, e: MachineEntry): string {
  return input.shape === "machine-list" || input.shape === "machine" ? `${machineLabel(e)}: ` : "";
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
  let v = valueAt(root, base);
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

const typeName: Record<string, string> = { boolean: "a boolean", integer: "an integer", number: "a number", string: "a string", array: "a list", object: "an object", null: "null" };

function describeActual(v: unknown): string {
  if (v === undefined) return "absent";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (typeof v === "number") return Number.isInteger(v) ? `${v}` : `the number ${v}`;
  return kindName(v);
}

function schemaFindings(root: unknown, base: KeyPath, errors: readonly AjvError[], subject: string): Problem[] {
  // One finding per instance path: alternatives of an anyOf/oneOf are folded into one message.
  const byPath = new Map<string, AjvError[]>();
  for (const e of errors) {
    // An if/then failure ("must match then schema") only wraps the error of its `then`, reported beside it.
    if (e.keyword === "if") continue;
    const k = e.keyword === "required" ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.instancePath;
    const list = byPath.get(k);
    if (list) list.push(e);
    else byPath.set(k, [e]);
  }
  const out: Problem[] = [];
  for (const list of byPath.values()) {
    const first = list[0]!;
    const path = pointerPath(root, base, first.instancePath);
    const actual = valueAt(root, path);
    const shown = formatKeyPath(path.slice(base.length)) || "the document";
    let detail: string;
    if (first.keyword === "required") {
      detail = `is missing the required key ${JSON.stringify(first.params.missingProperty)}`;
    } else if (list.length > 1 || first.keyword === "anyOf" || first.keyword === "oneOf") {
      const alts = list.flatMap((e) => (e.keyword === "type" ? [typeName[String(e.params.type)] ?? String(e.params.type)] : e.keyword === "const" ? [JSON.stringify(e.params.allowedValue)] : e.keyword === "enum" ? (e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)) : []));
      detail = alts.length ? `must be ${alts.join(" or ")}, not ${describeActual(actual)}` : `is not valid: ${first.message ?? first.keyword}`;
    } else detail = single(first, actual);
    // The innermost schema definition the value failed (e.g. "duration"), which rules may claim by name.
    const definition = [...first.schemaPath.matchAll(/\/definitions\/([^/]+)\//g)].pop()?.[1];
    const data = { subject, at: shown, detail };
    out.push(definition === undefined ? { kind: "schema", path, messageId: "schema-violation", data } : { kind: "schema", path, messageId: "schema-violation", data, definition });
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

