// Positioned document → normalized fly.toml model, or positioned diagnostics for what flyctl would reject.
import type * as z from "zod";
import { formatKeyPath, type KeyPath, type Problem } from "../diagnostic.js";
import type { PositionedDocument } from "../reader/document.js";
import type { TomlTable } from "../reader/values.js";
import { FAIL, decoderFromPlan, resetStrayKeys, strayKeysSeen } from "./decoder-runtime.js";
import { PLAN } from "./plan.js";
import { zodModel, type FlyToml } from "./schema.js";
import { nullObject } from "../object.js";

export interface LoadResult {
  /** Absent when flyctl would reject the file (it then keeps only `app` and fails at validate/convert). */
  config?: FlyToml;
  /**
   * When `config` is absent: the model of the file with the offending values left out. Never compiled (flyctl
   * would not), but it lets the linter report everything else in one run instead of one error at a time.
   */
  lenient?: FlyToml;
  /** Decode problems (kind "decode", at source paths); empty when `config` is there. */
  problems: Problem[];
  /** True when decoding saw only keys the model knows, exactly spelt (so no key is unknown); else not known. */
  knownKeysOnly?: boolean;
}

/**
 * Built on first use: the model's success path without zod (decoder-runtime.ts, from the plan made at build time).
 * zod's model is built only when that path fails, to answer with its issues.
 */
let fast: ((v: unknown) => FlyToml | typeof FAIL) | undefined;

export function loadFlyToml(doc: PositionedDocument<TomlTable>): LoadResult {
  fast ??= decoderFromPlan(PLAN) as (v: unknown) => FlyToml | typeof FAIL;
  resetStrayKeys();
  const quick = fast(doc.value);
  if (quick !== FAIL) return { config: quick, problems: [], knownKeysOnly: strayKeysSeen() === 0 };
  const { flyToml } = zodModel();
  const r = flyToml.safeParse(doc.value);
  if (r.success) return { config: r.data, problems: [] };
  const issues = flattenIssues(r.error.issues);
  return { problems: issues.map(decodeProblem), lenient: lenientModel(doc.value, issues) };
}

/** Drop the values at the failing paths and decode again (a few rounds: a drop can expose another issue). */
function lenientModel(raw: TomlTable, first: { path: KeyPath }[]): FlyToml | undefined {
  const value: unknown = structuredClone(raw);
  let issues = first;
  for (let round = 0; round < 4; round++) {
    for (const { path } of issues) {
      if (path.length === 0) return undefined;
      dropAt(value, path);
    }
    const quick = fast!(value);
    if (quick !== FAIL) return quick;
    const r = zodModel().flyToml.safeParse(value);
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
  if (Array.isArray(v) && typeof last === "number") v[last] = nullObject();
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

/** A decode failure: the issue's words, and the key path it is about. */
export function decodeProblem(iss: { path: KeyPath; message: string }): Problem {
  return { kind: "decode", messageId: "decode-failed", data: { at: formatKeyPath(iss.path), detail: iss.message }, path: iss.path };
}
