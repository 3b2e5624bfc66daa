// Positioned document → normalized fly.toml model, or positioned diagnostics for what flyctl would reject.
import * as z from "zod";
import { formatKeyPath, type Diagnostic, type KeyPath } from "../diagnostic.js";
import type { PositionedDocument } from "../reader/document.js";
import type { TomlTable } from "../reader/values.js";
import { FAIL, fastDecoder, resetStrayKeys, strayKeysSeen } from "./fast-decode.js";
import { flyToml, type FlyToml } from "./schema.js";

export interface LoadResult {
  /** Absent when flyctl would reject the file (it then keeps only `app` and fails at validate/convert). */
  config?: FlyToml;
  /**
   * When `config` is absent: the model of the file with the offending values left out. Never compiled (flyctl
   * would not), but it lets the linter report everything else in one run instead of one error at a time.
   */
  lenient?: FlyToml;
  diagnostics: Diagnostic[];
  /** True when decoding saw only keys the model knows, exactly spelt (so no key is unknown); else not known. */
  knownKeysOnly?: boolean;
}

/** Built on first use: the model's success path without zod's runtime (fast-decode.ts); zod answers the rest. */
let fast: ((v: unknown) => FlyToml | typeof FAIL) | undefined;

export function loadFlyToml(doc: PositionedDocument<TomlTable>): LoadResult {
  fast ??= fastDecoder(flyToml);
  resetStrayKeys();
  const quick = fast(doc.value);
  if (quick !== FAIL) return { config: quick, diagnostics: [], knownKeysOnly: strayKeysSeen() === 0 };
  const r = flyToml.safeParse(doc.value);
  if (r.success) return { config: r.data, diagnostics: [] };
  const issues = flattenIssues(r.error.issues);
  const diagnostics = dedupe(issues.map((iss) => toDiagnostic(doc, iss)));
  return { diagnostics, lenient: lenientModel(doc.value, issues) };
}

/** Drop the values at the failing paths and decode again (a few rounds: a drop can expose another issue). */
function lenientModel(raw: TomlTable, first: { path: KeyPath }[]): FlyToml | undefined {
  let value: unknown = structuredClone(raw);
  let issues = first;
  for (let round = 0; round < 4; round++) {
    for (const { path } of issues) {
      if (path.length === 0) return undefined;
      dropAt(value, path);
    }
    const quick = fast!(value);
    if (quick !== FAIL) return quick;
    const r = flyToml.safeParse(value);
    if (r.success) return r.data;
    issues = flattenIssues(r.error.issues);
  }
  return undefined;
}

function dropAt(root: unknown, path: KeyPath): void {
  let v: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (typeof v !== "object" || v === null) return;
    v = (v as Record<string | number, unknown>)[seg];
  }
  const last = path[path.length - 1]!;
  if (Array.isArray(v) && typeof last === "number") v[last] = Object.create(null);
  else if (typeof v === "object" && v !== null) delete (v as Record<string, unknown>)[last as string];
}

type Issue = z.core.$ZodIssue;

/** Unions report every branch; keep the branch that matched the input's shape (its issues are deeper). */
export function flattenIssues(issues: readonly Issue[], base: KeyPath = []): { path: KeyPath; message: string }[] {
  const out: { path: KeyPath; message: string }[] = [];
  for (const iss of issues) {
    const path = [...base, ...(iss.path as (string | number)[])];
    if (iss.code === "invalid_union" && iss.errors.length) {
      // A branch whose root did not even have the right type (zod's invalid_type at its root) is the wrong branch.
      const branches = iss.errors.filter((b) => b.length > 0 && b.every((x) => x.path.length > 0 || x.code !== "invalid_type"));
      if (branches.length) {
        const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
        out.push(...flattenIssues(best, path));
        continue;
      }
    }
    out.push({ path, message: iss.message });
  }
  return out;
}

/** Rule ids for decode failures: the two autoscaling keys get their own, everything else is a type problem. */
export function ruleFor(path: KeyPath): string {
  const last = [...path].reverse().find((s) => typeof s === "string");
  if (last === "auto_stop_machines") return "autostop-value";
  if (last === "auto_start_machines") return "autostart-type";
  return "invalid-type";
}

export function toDiagnostic(doc: PositionedDocument, iss: { path: KeyPath; message: string }): Diagnostic {
  const span = doc.locate(iss.path);
  const start = doc.lines.position(span.start);
  const end = doc.lines.position(span.end);
  const keyPath = formatKeyPath(iss.path);
  return {
    ruleId: ruleFor(iss.path),
    severity: "error",
    message: !keyPath ? iss.message : /^(must|is) /.test(iss.message) ? `${keyPath} ${iss.message}` : `${keyPath}: ${iss.message}`,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    keyPath,
    path: iss.path,
  };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
