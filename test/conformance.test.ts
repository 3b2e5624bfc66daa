// flyctl's own test vectors (fixtures/flyctl, transcribed from ../shared/conformance/flyctl; INDEX.md explains the
// kinds and how to compare). Each vector is its own test, titled with its file name.
import { describe, expect, it } from "vitest";
import { defaultProcessName, flatten, formatProcessNames, processNames } from "../src/compile/groups.js";
import { stringifyJson } from "../src/compile/canonical.js";
import { formatGoDuration } from "../src/model/go-duration.js";
import { analyze, compile } from "../src/pipeline.js";
import { toConsoleMachineConfig, toReleaseMachineConfig, toTestMachineConfig } from "../src/compile/special.js";
import { hasVectorFile, listVectors, readVector } from "./helpers/flyctl.js";

interface Vector {
  name: string;
  kind: string;
  fn: string;
  group: string | undefined;
}

function loadIndex(): Vector[] {
  const rows = readVector("INDEX.md")
    .split("\n")
    .filter((l) => l.startsWith("| `"));
  return rows.map((row) => {
    const cells = row.split("|").map((c) => c.trim());
    const name = cells[1]!.replace(/`/g, "");
    const groupCell = cells[4]!;
    const m = /^"?([A-Za-z0-9_-]*)"?/.exec(groupCell);
    const group = groupCell.startsWith('""') || groupCell === "-" || !m || m[1] === "" ? undefined : m[1];
    return { name, kind: cells[2]!, fn: cells[3]!, group };
  });
}

const vectors = loadIndex();
const has = (v: Vector, ext: string) => hasVectorFile(`${v.name}.${ext}`);
const json = (v: Vector, ext: string) => JSON.parse(readVector(`${v.name}.${ext}`)) as Record<string, unknown>;
const toml = (v: Vector) => readVector(`${v.name}.toml`);

/** Our output as plain JSON (bigints exact), headers sorted by name: flyctl's header order is Go map order. */
function plain(v: unknown): unknown {
  return sortHeaders(JSON.parse(stringifyJson(v)));
}
/**
 * Also drops `"force_instance_key": null`: the vectors carry it because fly-go has no omitempty there; INDEX.md says
 * it means the same as leaving the key out, and flyconf's canonical JSON omits absent fields.
 */
function sortHeaders(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortHeaders);
  if (typeof v !== "object" || v === null) return v;
  const o = v as Record<string, unknown>;
  if (o.force_instance_key === null) delete o.force_instance_key;
  for (const k of Object.keys(o)) {
    o[k] = sortHeaders(o[k]);
    if (k === "headers" && Array.isArray(o[k])) (o[k] as { name: string }[]).sort((a, b) => (a.name < b.name ? -1 : 1));
  }
  return o;
}

function get(o: unknown, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((acc, k) => (acc && typeof acc === "object" ? (acc as Record<string, unknown>)[k] : undefined), o);
}
const isEmpty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && Object.keys(v).length === 0);

function compileGroup(v: Vector) {
  const src = has(v, "src.json") ? json(v, "src.json") : undefined;
  const analysis = analyze(toml(v));
  const group = v.group ?? (analysis.model ? defaultProcessName(analysis.model) : "app");
    // flyctl moves and attaches Machines silently; flyconf does when told to.
  const r = compile(toml(v), { group, machine: src, files: "none", flyctlVersion: "<FLYCTL_VERSION>", bigint: true, onGroupChange: "allow", detached: "attach" });
  return { r, group };
}

const isMachineConversion = (v: Vector) => v.fn.startsWith("ToMachineConfig") || v.fn.startsWith("Flatten(group)");

describe("flyctl conformance: the vectors", () => {
  it("INDEX lists 83 vectors, each with its input and expectation, and no vector file is unlisted", () => {
    expect(vectors.length).toBe(83);
    const names = new Set(vectors.map((v) => v.name));
    for (const v of vectors) {
      expect(has(v, "toml"), v.name).toBe(true);
      expect(has(v, "expected.json"), v.name).toBe(true);
    }
    const unlisted = listVectors().filter((f) => f !== "INDEX.md" && !names.has(f.replace(/\.(toml|expected\.json|src\.json|orig-machine\.json|definition\.json)$/, "")));
    expect(unlisted).toEqual([]);
  });
});

describe("flyctl conformance: ToMachineConfig", () => {
  for (const v of vectors.filter((x) => x.kind.startsWith("machine-full") && isMachineConversion(x))) {
    it(`${v.name}.toml (${v.kind})`, () => {
      const { r, group } = compileGroup(v);
      expect(r.diagnostics).toEqual([]);
      expect(plain(r.configs[group])).toEqual(sortHeaders(json(v, "expected.json")));
    });
  }

  for (const v of vectors.filter((x) => x.kind === "machine-partial" && isMachineConversion(x))) {
    it(`${v.name}.toml (partial)`, () => {
      const { r, group } = compileGroup(v);
      expect(r.diagnostics).toEqual([]);
      const expected = sortHeaders(json(v, "expected.json")) as Record<string, unknown>;
      const ours = plain(r.configs[group]);
      for (const path of expected.$asserted as string[]) {
        if (path.startsWith("$flattened.")) {
          const model = analyze(toml(v)).model!;
          expect(get(flatten(model, group), path.slice("$flattened.".length)), path).toEqual(get(expected, path) ?? undefined);
          continue;
        }
        const want = get(expected, path);
        const got = get(ours, path);
        if (want === null) expect(isEmpty(got), `${path} should be empty, got ${JSON.stringify(got)}`).toBe(true);
        else expect(got, path).toEqual(want);
      }
    });
  }

  for (const v of vectors.filter((x) => x.kind === "error")) {
    it(`${v.name}.toml (error at ${String(json(v, "expected.json").stage)})`, () => {
      const expected = json(v, "expected.json");
      const { r } = compileGroup(v);
      expect(r.configs).toEqual({});
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      expect(errors.length).toBeGreaterThan(0);
      for (const d of errors) expect(d.line).toBeGreaterThan(0);
      const needle = (expected.test_asserts_contains as string | undefined) ?? "concurrency";
      expect(errors.map((d) => d.message).join("\n")).toContain(needle);
    });
  }
});

describe("flyctl conformance: release, console and test Machines", () => {
  const opts = { files: "none" as const, flyctlVersion: "<FLYCTL_VERSION>" };
  for (const v of vectors.filter((x) => /^To(Release|Console|Test)MachineConfig/.test(x.fn))) {
    it(`${v.name}.toml (${v.fn.split("(")[0]})`, () => {
      const model = analyze(toml(v)).model!;
      let r;
      if (v.fn.startsWith("ToRelease")) r = toReleaseMachineConfig(model, opts);
      else if (v.fn.startsWith("ToConsole")) r = toConsoleMachineConfig(model, opts);
      else {
        const orig = has(v, "orig-machine.json") ? json(v, "orig-machine.json") : undefined;
        r = toTestMachineConfig(model, model.http_service!.machine_checks![0]!, ["http_service", "machine_checks", 0], orig, opts);
      }
      expect(r.ok ? [] : r.errors).toEqual([]);
      if (r.ok) expect(plain(r.config)).toEqual(sortHeaders(json(v, "expected.json")));
    });
  }
});

/** The normalized model rendered the way the parsed-* vectors are written (fly.toml names, Go duration strings). */
function renderModel(v: unknown, key = ""): unknown {
  if (v === undefined) return undefined;
  if (typeof v === "bigint") return /timeout|interval|grace_period/.test(key) ? formatGoDuration(v) : Number(v);
  if (Array.isArray(v)) return v.map((x) => renderModel(x, key));
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = renderModel(x, k);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return v;
}

const isZero = (v: unknown) => v === false || v === 0 || v === "" || isEmpty(v);

/** Every expected key must match; keys only we have must hold Go zero values (Go's render leaves those out). */
function expectModelMatch(ours: unknown, want: unknown, path: string): void {
  if (want !== null && typeof want === "object" && !Array.isArray(want)) {
    expect(typeof ours, `${path} should be a table`).toBe("object");
    const o = (ours ?? {}) as Record<string, unknown>;
    for (const [k, w] of Object.entries(want)) expectModelMatch(o[k], w, `${path}.${k}`);
    for (const [k, x] of Object.entries(o)) if (!(k in (want as object))) expect(isZero(x), `${path}.${k} = ${JSON.stringify(x)} is not in the vector`).toBe(true);
    return;
  }
  if (Array.isArray(want)) {
    expect(Array.isArray(ours), `${path} should be a list`).toBe(true);
    expect((ours as unknown[]).length, `${path} length`).toBe(want.length);
    want.forEach((w, i) => expectModelMatch((ours as unknown[])[i], w, `${path}[${i}]`));
    return;
  }
  expect(ours, path).toEqual(want);
}

describe("flyctl conformance: parsed model and process names", () => {
  for (const v of vectors.filter((x) => x.kind.startsWith("parsed"))) {
    it(`${v.name}.toml (${v.kind})`, () => {
      const a = analyze(toml(v));
      expect(a.diagnostics).toEqual([]);
      const expected = json(v, "expected.json");
      const ours = renderModel(a.model) as Record<string, unknown>;
      if (v.kind === "parsed-partial") {
        for (const key of expected.$asserted as string[]) {
          if (expected[key] === null) expect(isEmpty(ours[key]), `${key} should be nil`).toBe(true);
          else expectModelMatch(ours[key], expected[key], key);
        }
      } else expectModelMatch(ours, expected, "");
    });
  }

  for (const v of vectors.filter((x) => x.kind.startsWith("process-names"))) {
    it(`${v.name}.toml`, () => {
      const model = analyze(toml(v)).model!;
      expect({ default_process_name: defaultProcessName(model), process_names: processNames(model), format_process_names: formatProcessNames(model) }).toEqual(
        json(v, "expected.json"),
      );
    });
  }
});
