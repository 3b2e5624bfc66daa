// Benchmark: Machine JSON linting (group-inconsistent and every other check) on 10,000 and 20,000 generated
// Machines, to show linear growth. Run: npx tsx scripts/bench-groups.ts [--check]
// Targets: 10k Machines in under 1 s (whole lint: read, schema, rules), and 20k / 10k ≤ 2.2×. --check exits 1 when
// a target is missed (timings are machine-dependent: the default only reports).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { generateMachines } from "../test/helpers/machines-gen.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (!existsSync(join(root, "generated/machine-config.validate.js"))) execFileSync(process.execPath, [join(root, "scripts/build-validators.mjs")], { stdio: "inherit" });
const { lintMachineJson } = await import("../src/lint/machine-lint.js");
const { readMachineInput } = await import("../src/model/machine-input.js");
const { default: groupInconsistent } = await import("../src/rules/group-inconsistent.js");
const { PositionedDocument, SpanIndex } = await import("../src/reader/document.js");

const RUNS = 5;
const TARGET_10K_MS = 1000;
const TARGET_RATIO = 2.2;

// A full collection before each run, so no run pays for the previous run's garbage.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function best(f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    gc();
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

interface Row {
  n: number;
  mb: number;
  lint: number;
  groups: number;
  findings: number;
}

function measure(n: number): Row {
  const { machines } = generateMachines(n);
  const text = JSON.stringify(machines, null, 2);
  let findings = 0;
  lintMachineJson(text); // warm-up
  const lint = best(() => {
    findings = lintMachineJson(text).diagnostics.length;
  });
  const doc = new PositionedDocument<unknown>("[]", machines, new SpanIndex());
  const groups = best(() => {
    groupInconsistent.checkMachines!({ doc, input: readMachineInput(machines), report: () => {} });
  });
  return { n, mb: Buffer.byteLength(text) / 1e6, lint, groups, findings };
}

measure(2000); // JIT warm-up
const rows = [measure(10_000), measure(20_000)];
const pad = (s: string, w: number) => s.padStart(w);
console.log(`${pad("Machines", 9)} ${pad("input", 9)} ${pad("lint (best of 5)", 17)} ${pad("group check only", 17)} ${pad("findings", 9)}`);
for (const r of rows) console.log(`${pad(String(r.n), 9)} ${pad(`${r.mb.toFixed(1)} MB`, 9)} ${pad(`${r.lint.toFixed(0)} ms`, 17)} ${pad(`${r.groups.toFixed(1)} ms`, 17)} ${pad(String(r.findings), 9)}`);
const [a, b] = rows as [Row, Row];
const ratio = b.lint / a.lint;
const groupRatio = b.groups / a.groups;
const ok10k = a.lint < TARGET_10K_MS;
const okRatio = ratio <= TARGET_RATIO;
console.log(`10k lint: ${a.lint.toFixed(0)} ms (target < ${TARGET_10K_MS} ms) ${ok10k ? "ok" : "MISSED"}`);
console.log(`20k/10k lint: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×, linear = 2×) ${okRatio ? "ok" : "MISSED"}; group check alone ${groupRatio.toFixed(2)}×`);
if (process.argv.includes("--check") && !(ok10k && okRatio)) process.exit(1);
