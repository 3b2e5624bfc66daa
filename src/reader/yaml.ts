// fly.yaml text → positioned document, as flyctl reads it: internal/appconfig/serde.go unmarshalYAML decodes with
// gopkg.in/yaml.v3 into map[string]any, then stringifyYAMLMapKeys. So scalars follow yaml.v3's resolver (YAML 1.2
// core, plus yaml.v3's own extras), not YAML 1.1: `on`/`off`/`yes`/`no` are strings, `1e3` is a float, `0x1F`,
// `0o17`, `017` (octal!) and `1_000` are integers, unquoted timestamps stay strings (yaml.v3 keeps them as text when
// decoding into interface{}), `~`/`null`/empty are null. Parsing (and positions) is the `yaml` package's, with the
// failsafe schema so every scalar comes back as its text and resolution is done here.
//
// Values use the TOML reader's types (integers as numbers/bigints, floats as TomlFloat, null-prototype tables), so
// the same model and rules read all three formats.
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, Scalar } from "yaml";
import type { KeyPath, Problem, ProblemData } from "../diagnostic.js";
import { PositionedDocument, SpanIndex, type IndexNode } from "./document.js";
import { LineIndex } from "./source.js";
import { TomlFloat, newTable, type TomlTable, type TomlValue } from "./values.js";

export type YamlReadResult = { ok: true; doc: PositionedDocument<TomlTable>; problems: Problem[] } | { ok: false; problem: Problem };

/** Alias expansion is bounded ("billion laughs"): past this many values the document is refused. */
const MAX_NODES = 50_000;
const MAX_DEPTH = 128;

/** A YAML syntax problem's message id with its data. */
type YamlSyntax = { [K in keyof ProblemData]: K extends `yaml-${string}` ? { messageId: K; data: ProblemData[K] } : never }[keyof ProblemData];

/** A document flyconf refuses (or yaml.v3 would), thrown out of the converter with where. */
class Refused {
  constructor(
    readonly said: YamlSyntax,
    readonly offset: number,
  ) {}
}

export function readYaml(text: string): YamlReadResult {
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, { schema: "failsafe", uniqueKeys: true, prettyErrors: false }) as Document.Parsed[];
  } catch (e) {
    return { ok: false, problem: syntax(text, { messageId: "yaml-parse-error", data: { detail: (e as Error).message } }, 0) };
  }
  if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  // yaml.v3's Unmarshal reads the first document only.
  const first = docs[0];
  if (first?.errors.length) {
    const err = first.errors[0]!;
    return { ok: false, problem: syntax(text, { messageId: "yaml-parse-error", data: { detail: err.message.split("\n")[0]! } }, err.pos[0]) };
  }
  const spans = new SpanIndex();
  spans.record(spans.root, { value: { start: 0, end: text.length }, kind: "table" });
  const root = first?.contents ?? null;
  if (root === null || (isScalar(root) && resolveScalar(root) === null)) return { ok: true, doc: new PositionedDocument(text, newTable(), spans), problems: [] };
  const problems: Problem[] = [];
  const conv = new Converter(first!, spans, problems);
  let value: TomlValue | null;
  try {
    if (!isMap(root)) {
      throw new Refused({ messageId: "yaml-not-mapping", data: { actual: isSeq(root) ? "!!seq" : "!!str" } }, root.range?.[0] ?? 0);
    }
    value = conv.value(root, [], spans.root, 0, true);
  } catch (e) {
    if (e instanceof Refused) return { ok: false, problem: syntax(text, e.said, e.offset) };
    if (e instanceof RangeError) return { ok: false, problem: syntax(text, { messageId: "yaml-parse-error", data: { detail: "document is too deeply nested" } }, 0) };
    throw e;
  }
  return { ok: true, doc: new PositionedDocument(text, value as TomlTable, spans), problems };
}

function syntax(text: string, said: YamlSyntax, offset: number): Problem {
  const p = new LineIndex(text).position(Math.min(Math.max(offset, 0), text.length));
  return { kind: "syntax", definition: "yaml", ...said, position: { line: p.line, column: p.column, endLine: p.line, endColumn: p.column + 1 } };
}

class Converter {
  private count = 0;
  constructor(
    private readonly doc: Document.Parsed,
    private readonly spans: SpanIndex,
    private readonly problems: Problem[],
  ) {}

  value(node: unknown, path: KeyPath, at: IndexNode, depth: number, top = false): TomlValue | null {
    if (++this.count > MAX_NODES) throw new Refused({ messageId: "yaml-too-many-values", data: { max: MAX_NODES } }, 0);
    if (depth > MAX_DEPTH) throw new Refused({ messageId: "yaml-nested-too-deep", data: { max: MAX_DEPTH } }, rangeOf(node)?.[0] ?? 0);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) throw new Refused({ messageId: "yaml-unknown-anchor", data: { anchor: node.source } }, node.range?.[0] ?? 0);
      return this.value(target, path, at, depth + 1);
    }
    if (isScalar(node)) return resolveScalar(node);
    if (isSeq(node)) {
      const out: TomlValue[] = [];
      node.items.forEach((item, i) => {
        const child = this.spans.child(at, i);
        const r = rangeOf(item);
        if (r) this.spans.record(child, { value: { start: r[0], end: r[1] }, kind: kindOf(item, this.doc) });
        out.push(this.value(item, [...path, i], child, depth + 1) as TomlValue);
      });
      return out;
    }
    if (isMap(node)) {
      const out = newTable();
      const explicit = new Set<string>();
      const merges: unknown[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = pair.key;
        if (isScalar(k) && k.type === Scalar.PLAIN && k.value === "<<" && k.tag === undefined) {
          merges.push(pair.value);
          continue;
        }
        const key = this.keyOf(k, path, top);
        if (key === undefined) continue;
        explicit.add(key);
        const child = this.spans.child(at, key);
        const kr = rangeOf(k);
        const vr = rangeOf(pair.value);
        const keySpan = kr ? { start: kr[0], end: kr[1] } : undefined;
        this.spans.record(child, { key: keySpan, value: vr ? { start: vr[0], end: vr[1] } : keySpan, kind: kindOf(pair.value, this.doc) });
        const v = pair.value === null ? null : this.value(pair.value, [...path, key], child, depth + 1);
        define(out, key, v);
      }
      // Merge keys (`<<: *base` or a list of them): keys the mapping does not set itself (yaml.v3 decoder.merge).
      for (const m of merges) {
        const sources = isSeq(m) ? m.items : [m];
        for (const src of sources) {
          const target = isAlias(src) ? src.resolve(this.doc) : src;
          if (!isMap(target)) throw new Refused({ messageId: "yaml-merge-not-map", data: {} }, rangeOf(src)?.[0] ?? 0);
          const merged = this.value(target, path, at, depth + 1) as TomlTable;
          for (const k of Object.keys(merged)) if (!explicit.has(k) && !Object.prototype.hasOwnProperty.call(out, k)) define(out, k, merged[k]!);
        }
      }
      return out;
    }
    return null;
  }

  /** The key as flyctl sees it: the scalar's text at the top level (decoded into map[string]any). */
  private keyOf(k: unknown, path: KeyPath, top: boolean): string | undefined {
    if (isScalar(k)) {
      const resolved = resolveScalar(k);
      if (typeof resolved === "string") return resolved;
      // The top-level map[string]any takes any scalar key as its text; below it, yaml.v3 builds a
      // map[interface{}]interface{} and flyctl's stringifyYAMLMapKeys panics on the non-string key (k.(string)).
      if (top) return String(k.source ?? k.value);
      const r = rangeOf(k);
      this.problems.push({
        kind: "decode",
        messageId: "yaml-key-not-string",
        data: { key: String(k.source ?? k.value), readAs: describeResolved(resolved) },
        path,
        ...(r ? { span: { start: r[0], end: r[1] } } : {}),
      });
      return undefined;
    }
    const r = rangeOf(k);
    this.problems.push({ kind: "decode", messageId: "yaml-key-not-scalar", data: {}, path, ...(r ? { span: { start: r[0], end: r[1] } } : {}) });
    return undefined;
  }
}

function describeResolved(v: TomlValue | null): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return "a boolean";
  if (v instanceof TomlFloat) return "a float";
  return "an integer";
}

function define(o: TomlTable, k: string, v: TomlValue | null): void {
  // null into a Go struct field leaves it unset: flyctl's patches and decode see the key as absent, except for the
  // sections a patch type-switches on (see NULL_REFUSED in json-config.ts, applied by the caller's model load).
  if (v === null) {
    Object.defineProperty(o, k, { value: null, enumerable: true, writable: true, configurable: true });
    return;
  }
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function rangeOf(n: unknown): [number, number] | undefined {
  const r = (n as YamlNode | null)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function kindOf(n: unknown, doc: Document.Parsed): string {
  const t = isAlias(n) ? n.resolve(doc) : n;
  if (isMap(t)) return "table";
  if (isSeq(t)) return "array";
  if (isScalar(t)) {
    const v = resolveScalar(t);
    if (v === null) return "null";
    if (typeof v === "string") return "string";
    if (typeof v === "boolean") return "boolean";
    if (v instanceof TomlFloat) return "float";
    return "integer";
  }
  return "null";
}

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** yaml.v3 resolve.go for one scalar: quoted and block scalars are strings; plain ones are resolved. */
export function resolveScalar(s: Scalar): TomlValue | null {
  const text = String(s.value ?? "");
  const tag = s.tag;
  if (tag === "tag:yaml.org,2002:str" || tag === "!!str") return text;
  if (s.type !== Scalar.PLAIN && tag === undefined) return text;
  return resolvePlain(text);
}

export function resolvePlain(text: string): TomlValue | null {
  switch (text) {
    case "":
    case "~":
    case "null":
    case "Null":
    case "NULL":
      return null;
    case "true":
    case "True":
    case "TRUE":
      return true;
    case "false":
    case "False":
    case "FALSE":
      return false;
    case ".inf":
    case ".Inf":
    case ".INF":
    case "+.inf":
    case "+.Inf":
    case "+.INF":
      return new TomlFloat(Infinity, text);
    case "-.inf":
    case "-.Inf":
    case "-.INF":
      return new TomlFloat(-Infinity, text);
    case ".nan":
    case ".NaN":
    case ".NAN":
      return new TomlFloat(NaN, text);
  }
  const c = text.charCodeAt(0);
  // Only text starting with a digit, a sign or a dot can be a number (resolveTable's 'D' and 'S' hints).
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return text;
  const plain = text.split("_").join("");
  const n = goParseInt(plain);
  if (n !== undefined) {
    if (n >= INT64_MIN && n <= INT64_MAX) {
      const num = Number(n);
      return Number.isSafeInteger(num) ? num : n;
    }
    if (n >= 0n && n <= UINT64_MAX) return n; // ParseUint
  }
  if (YAML_FLOAT.test(plain)) {
    const f = Number(plain);
    if (!Number.isNaN(f)) return new TomlFloat(f, text);
  }
  return text;
}

/** strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64) syntax: sign, 0x/0o/0b prefixes, a leading 0 for octal. */
function goParseInt(s: string): bigint | undefined {
  let i = 0;
  let neg = false;
  if (s[0] === "+" || s[0] === "-") {
    neg = s[0] === "-";
    i = 1;
  }
  let body = s.slice(i);
  let base = 10;
  let skip = 0;
  if (/^0[xX]/.test(body)) [base, skip] = [16, 2];
  else if (/^0[oO]/.test(body)) [base, skip] = [8, 2];
  else if (/^0[bB]/.test(body)) [base, skip] = [2, 2];
  else if (body.length > 1 && body[0] === "0") [base, skip] = [8, 1];
  body = body.slice(skip);
  const digits = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!digits.test(body)) return undefined;
  const prefix = base === 16 ? "0x" : base === 8 ? "0o" : base === 2 ? "0b" : "";
  const v = BigInt(prefix + body);
  return neg ? -v : v;
}
