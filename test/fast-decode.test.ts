// The fast decoder (the shipped plan generated/fly-toml-decoder.js, run by src/model/decoder-runtime.ts) must be
// zod's success path exactly: the same model for every input zod accepts, FAIL for every input zod rejects.
// Compared on the corpus, every fixture, and generated input; and the shipped plan is the one the model gives now.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_SEEDS, generatedTomlArb, loadSeeds, mutate, mutatedCorpusArb } from "../scripts/fuzz.js";
import { makeDecoderPlan, VERIFIED_ZOD_VERSION } from "../src/model/decoder-plan.js";
import { FAIL, decoderFromPlan } from "../src/model/decoder-runtime.js";
import { PLAN } from "../src/model/plan.js";
import { analyzeSource } from "../src/pipeline.js";
import unknownKey from "../src/rules/unknown-key.js";
import { zodModel } from "../src/model/schema.js";
import { decodeSource } from "../src/reader/source.js";
import { readToml } from "../src/reader/toml.js";
import { noteSkip, projectRoot } from "./helpers/shared.js";

noteSkip("fast decoder vs zod (corpus seeds; fixtures and built-in seeds still run)");
const { flyToml } = zodModel();
const fast = decoderFromPlan(PLAN);

describe("the shipped decoder plan", () => {
  it("is the plan the zod model gives now (else: npm run build)", () => {
    expect(PLAN, "generated/fly-toml-decoder.js is stale: run npm run build").toEqual(makeDecoderPlan(flyToml));
  });
});

describe("the zod the fast decoder was verified against", () => {
  it("is the one installed and pinned exactly in package.json", () => {
    const installed = (JSON.parse(readFileSync(join(projectRoot, "node_modules/zod/package.json"), "utf8")) as { version: string }).version;
    const pinned = (JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies.zod;
    const hint = "decoder-plan.ts reads zod's private definitions: re-verify it (npm run fuzz, test/fast-decode.test.ts) before moving VERIFIED_ZOD_VERSION";
    expect(installed, hint).toBe(VERIFIED_ZOD_VERSION);
    expect(pinned, hint).toBe(VERIFIED_ZOD_VERSION);
  });
});
const seed = Number(process.env.FC_SEED ?? 20251128);

/** Both decoders on one input; a mismatch throws with both answers. Returns whether zod accepted it. */
function agree(input: string | Uint8Array): boolean | undefined {
  let text: string;
  if (typeof input === "string") text = input;
  else {
    const d = decodeSource(input);
    if (!d.ok) return undefined;
    text = d.text;
  }
  const read = readToml(text);
  if (!read.ok) return undefined;
  const slow = flyToml.safeParse(read.doc.value);
  const quick = fast(read.doc.value);
  if (!slow.success) {
    expect(quick, `zod rejects (${slow.error.issues[0]?.message}) but the fast path accepts:\n${text}`).toBe(FAIL);
    return false;
  }
  expect(quick, `zod accepts but the fast path fails:\n${text}`).not.toBe(FAIL);
  // toStrictEqual: same keys (an explicit undefined included), same prototypes, same leaf values; and the same key
  // order everywhere, which toStrictEqual does not look at.
  expect(quick).toStrictEqual(slow.data);
  expect(keyOrder(quick)).toEqual(keyOrder(slow.data));
  // knownKeysOnly lets unknown-key skip its walk: whenever it is set, the walk must indeed find nothing.
  const a = analyzeSource(text);
  if (a.knownKeysOnly) {
    knownOnly++;
    const found: unknown[] = [];
    unknownKey.checkToml!({ doc: a.doc!, model: a.model, report: (r) => void found.push(r) });
    expect(found, `knownKeysOnly, but unknown-key finds keys in:\n${text}`).toEqual([]);
  }
  return true;
}
let knownOnly = 0;

function keyOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(keyOrder);
  if (typeof v !== "object" || v === null) return null;
  return Object.keys(v).map((k) => [k, keyOrder((v as Record<string, unknown>)[k])]);
}

function tomlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...tomlFiles(p));
    else if (e.endsWith(".toml")) out.push(p);
  }
  return out.sort();
}

describe("fast decoder ≡ zod", () => {
  it("every fixture fly.toml", () => {
    const files = tomlFiles("fixtures");
    let accepted = 0;
    for (const f of files) if (agree(readFileSync(f, "utf8"))) accepted++;
    // Both outcomes are exercised: many fixtures decode, the invalid-type ones do not.
    expect(accepted).toBeGreaterThan(50);
    expect(files.length - accepted).toBeGreaterThan(10);
  });

  it("the corpus and the built-in seeds", () => {
    const before = knownOnly;
    for (const t of loadSeeds()) agree(t);
    // The skip is real: many files have only known keys (and the check above ran on each).
    expect(knownOnly - before).toBeGreaterThan(BUILTIN_SEEDS.length / 2);
  });

  it("every value of the built-in seeds swapped for every other type", () => {
    const swaps = ["{ a = 1 }", "{}", "[1, 2]", "[]", "[{ a = 1 }]", "1979-05-27T07:32:00Z", "2.0", "1.5", "nan", "true", '""', '"x"', '"10s"', "5"];
    BUILTIN_SEEDS.forEach((text) => {
      text.split("\n").forEach((line, i) => {
        if (!/^\s*[A-Za-z_"'][^=]*=/.test(line)) return;
        for (const v of swaps) agree(mutate(text, [{ kind: "swapValue", line: i, value: v }]));
      });
    });
  });

  it("mutated corpus files and generated documents", () => {
    const seeds = loadSeeds();
    fc.assert(fc.property(mutatedCorpusArb(seeds), (input) => void agree(input)), { numRuns: 300, seed });
    fc.assert(fc.property(generatedTomlArb, (input) => void agree(input)), { numRuns: 300, seed });
  });

  it("a float or a date-time where a table belongs is rejected by both (zod alone took any object)", () => {
    for (const v of ["1.5", "1979-05-27T00:00:00Z", "07:32:00", "inf"]) {
      expect(agree(`app = "a"\nhttp_service = ${v}\n`)).toBe(false);
      expect(agree(`app = "a"\n[http_service]\ntls_options = ${v}\n`)).toBe(false);
      expect(agree(`app = "a"\n[[services]]\nports = [${v}]\n`)).toBe(false);
    }
  });

  it("case-folded keys, [checks.NAME] maps, legacy aliases and empty-string durations", () => {
    for (const t of [
      'app = "a"\n[HTTP_Service]\nInternal_Port = 8080\ninternal_port = 8081\n',
      'app = "a"\n[checks.alive]\nport = 8080\ntype = "tcp"\ninterval = ""\n[checks.__proto__]\nport = 1\n',
      'app = "a"\nkill_timeout = ""\n[experimental]\nkill_timeout = 7\nmetrics_port = 9091\n',
      'app = "a"\n[[services]]\n[[services]]\ninternal_port = "8080"\nconcurrency = "20,25"\n[[services.tcp_checks]]\n',
      'app = "a"\n[[checks]]\nname = "x"\nport = 1\n',
      'app = "a"\n[[checks]]\nport = 1\n',
    ])
      agree(t);
  });
});
