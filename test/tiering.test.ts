// src/cli/tiering.ts: a lint started from the command line runs its first KB of input without V8's optimizing
// compiler, and with it again past PAYS_AFTER or before long work. Each case runs in a process of its own
// (the flags are the process's), asking V8 itself whether a function could be optimized (--allow-natives-syntax).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { transformSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "./helpers/shared.js";

// The module as source, its types stripped (it imports nothing): a plain node process loads it in milliseconds,
// where one under tsx took about a second.
const tmp = mkdtempSync(join(tmpdir(), "flyconf-tiering-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const tiering = join(tmp, "tiering.mjs");
writeFileSync(tiering, transformSync(readFileSync(join(projectRoot, "src/cli/tiering.ts"), "utf8"), { loader: "ts", format: "esm", target: "node20" }).code);

/** Runs `steps` (calls into tiering.ts, separated by `;`) and answers, after each, whether TurboFan optimizes. */
function optimizedAfter(steps: string[]): boolean[] {
  const script = `
import * as t from ${JSON.stringify(pathToFileURL(tiering).href)};
import { setFlagsFromString } from "node:v8";
const arm = () => t.adaptTiering((on) => setFlagsFromString(on ? "--turbofan" : "--no-turbofan"));
function hot(n) { let s = 0; for (let i = 0; i < n; i++) s = (s + i * 7) % 1000003; return s; }
function optimized() {
  %PrepareFunctionForOptimization(hot); hot(10); hot(10); %OptimizeFunctionOnNextCall(hot); hot(10);
  const yes = (%GetOptimizationStatus(hot) & 16) !== 0;
  %DeoptimizeFunction(hot);
  return yes;
}
const out = [];
${steps.map((s) => `${s}; out.push(optimized());`).join("\n")}
process.stdout.write(JSON.stringify(out));
`;
  const r = spawnSync(process.execPath, ["--allow-natives-syntax", "--input-type=module", "-e", script], { cwd: projectRoot, encoding: "utf8" });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as boolean[];
}

describe("TurboFan during a lint (src/cli/tiering.ts)", () => {
  it("armed: off from 4 KB of input, on again from 128 KB", () => {
    expect(optimizedAfter(["arm()", "t.willLint(1000)", "t.willLint(7000)", "t.willLint(60_000)", "t.willLint(70_000)", "t.willLint(10)"])).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
    ]);
  });

  it("armed: a first file past 128 KB never turns it off; long work turns it on for good", () => {
    expect(optimizedAfter(["arm()", "t.willLint(200_000)", "t.willLint(8000)"])).toEqual([true, true, true]);
    expect(optimizedAfter(["arm()", "t.willLint(8000)", "t.optimizeFromHere()", "t.willLint(8000)"])).toEqual([true, false, true, true]);
  });

  it("armed: a run of more than 32 files keeps it on from the start, whatever their sizes; 32 or fewer do not", () => {
    expect(optimizedAfter(["arm()", "t.willLintFiles(33)", "t.willLint(8000)", "t.willLint(8000)"])).toEqual([true, true, true, true]);
    expect(optimizedAfter(["arm()", "t.willLintFiles(32)", "t.willLint(8000)"])).toEqual([true, true, false]);
  });

  it("not armed (the library, tests): never touched", () => {
    expect(optimizedAfter(["t.willLint(8000)", "t.willLint(8000)"])).toEqual([true, true]);
  });
});
