// The Machines API schema check for Machine JSON (the precompiled standalone ajv validators): ajv errors and inputs
// that are no Machine at all become neutral schema problems, one per instance path, in words a person reads. Rules
// claim them (autostart, autostop, handlers, restart policy, durations…; invalid-type the rest).
// Named imports, not the default: the CLI bundle loads the validators lazily from a chunk of their own, through
// getters that only named imports go through (scripts/bundle.mjs).
import { validate as validateConfig } from "../../generated/machine-config.validate.js";
import { validate as validateMachine } from "../../generated/machine.validate.js";
import { formatKeyPath, type KeyPath, type Problem, type ProblemData, type SchemaPlace } from "../diagnostic.js";
import { machineLabel, type MachineEntry, type MachineInput } from "../model/machine-input.js";
import { isObj } from "../object.js";
import { valueAt } from "../rules/utils/paths.js";

export interface AjvError {
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

export function schemaFindings(root: unknown, base: KeyPath, errors: readonly AjvError[], subject: string): Problem[] {
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
    const place = { subject, at: formatKeyPath(path.slice(base.length)) };
    let said: SchemaSaid;
    if (first.keyword === "required") {
      said = { messageId: "schema-missing-key", data: { ...place, key: String(first.params.missingProperty) } };
    } else if (list.length > 1 || first.keyword === "anyOf" || first.keyword === "oneOf") {
      const alts = list.flatMap((e) => (e.keyword === "type" ? [typeName[String(e.params.type)] ?? String(e.params.type)] : e.keyword === "const" ? [JSON.stringify(e.params.allowedValue)] : e.keyword === "enum" ? (e.params.allowedValues as unknown[]).map((x) => JSON.stringify(x)) : []));
      said = alts.length
        ? { messageId: "schema-expected", data: { ...place, expected: alts, actual: describeActual(actual) } }
        : { messageId: "schema-no-alternative", data: { ...place, detail: first.message ?? first.keyword } };
    } else said = single(first, actual, place);
    // The innermost schema definition the value failed (e.g. "duration"), which rules may claim by name.
    const definition = [...first.schemaPath.matchAll(/\/definitions\/([^/]+)\//g)].pop()?.[1];
    out.push((definition === undefined ? { kind: "schema", path, ...said } : { kind: "schema", path, ...said, definition }) as Problem);
  }
  return out;
}

/** A schema problem's message id with its data. */
type SchemaSaid = { [K in keyof ProblemData]: K extends `schema-${string}` ? { messageId: K; data: ProblemData[K] } : never }[keyof ProblemData];

/** One ajv error, read: what the value had to be (type names and values described, ajv's own words otherwise). */
function single(e: AjvError, actual: unknown, place: SchemaPlace): SchemaSaid {
  const p = e.params;
  switch (e.keyword) {
    case "type": {
      const t = p.type;
      const names = (Array.isArray(t) ? t : [t]).map((x) => typeName[String(x)] ?? String(x));
      return { messageId: "schema-expected", data: { ...place, expected: names, actual: describeActual(actual) } };
    }
    case "enum":
      return { messageId: "schema-enum", data: { ...place, allowed: (p.allowedValues as unknown[]).map((x) => JSON.stringify(x)), actual: typeof actual === "string" ? JSON.stringify(actual) : describeActual(actual) } };
    case "const":
      return { messageId: "schema-expected", data: { ...place, expected: [JSON.stringify(p.allowedValue)], actual: describeActual(actual) } };
    case "minimum":
    case "exclusiveMinimum":
    case "maximum":
    case "exclusiveMaximum":
      return { messageId: "schema-limit", data: { ...place, comparison: String(p.comparison), limit: String(p.limit), actual: describeActual(actual) } };
    case "pattern":
      return e.schemaPath.includes("/definitions/duration/")
        ? { messageId: "schema-duration", data: { ...place, actual: describeActual(actual) } }
        : { messageId: "schema-pattern", data: { ...place, pattern: String(p.pattern), actual: describeActual(actual) } };
    case "minLength":
      return { messageId: "schema-min-length", data: { ...place, limit: String(p.limit) } };
    case "minItems":
      return { messageId: "schema-min-items", data: { ...place, limit: String(p.limit) } };
    default:
      return { messageId: "schema-other", data: { ...place, detail: e.message ?? `is not valid (${e.keyword})` } };
  }
}
