// Speed targets, each as a ratio measured within one run (this machine is shared and noisy; ratios travel better
// than absolute times):
//   (a) lint() throughput over the corpus replicated to ≥ 10,000 files ÷ parse-only throughput of the TOML parser
//       (toml-eslint-parser's parseTOML) on the same files — target ≥ 0.5
//   (b) `flyconf lint fly.toml` wall time ÷ `node -e 0` — target ≤ 1.5 (pre-commit latency; median, interleaved)
//   (a-e2e) (a) as users meet it: `flyconf lint DIR --format json` over the corpus copied 36× as rN/NNNN/fly.toml ÷ a
//       script that reads and parses the same files with toml-eslint-parser, both whole processes — target ≥ 0.5
//   (b-e2e) (b) on a real file: `flyconf lint` of ../shared/corpus/real/0001.toml ÷ `node -e 0`, medians of 11
//       interleaved runs — target ≤ 1.5
//   (a-instr) (a) in instructions (valgrind callgrind, 1,200 files): reported; steady where wall-clock ratios swing
//   (a-floor), (a-e2e-floor) (a) and (a-e2e) with every rule off: reported, to show what the rules cost apart from
//       the pipeline under them; (a-e2e) also prints each side's main-thread CPU and the JIT warm-up per 1,000 files
//   (a-e2e-values) (a-e2e) against a process that also builds the values and spans (flyconf's reader): reported
//   (e) language server: didChange → publishDiagnostics median ≤ 0.5 × one-shot CLI lint; heap flat over 10,000 edits
//       (scripts/bench-lsp.ts)
//   (c) group check over 10,000 and 20,000 Machines: < 1 s for 10,000 and ≤ 2.2× the time for 2× the input
//       (scripts/bench-groups.ts, run when present)
//   (d) the playground's total transfer (gzip) — budget ≤ 300 KB; (f) keystroke → updated diagnostics in headless
//       Chromium beside in-process lint() of the same file (scripts/bench-playground.ts; needs chromium)
//
//   npm run bench                 all three (run `npm run build` first: (b) runs bin/flyconf.js, which runs dist/)
//   BENCH_QUICK=1 npm run bench   fewer repetitions
//   BENCH_ONLY=a,c npm run bench  only the listed measures (a, b, c, d, e, a-e2e, b-e2e, a-instr; d also runs f)
//
// Prints machine info, each figure, and a table of ratio / target / PASS|MISS, then a Markdown block for the
// README's performance section.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, platform, release, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseTOML } from "toml-eslint-parser";
import type { lint as lintSource } from "../src/lint/lint.js";
import type { RULES } from "../src/rules/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const quick = process.env.BENCH_QUICK === "1";
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(",").map((s) => s.trim().toLowerCase())) : undefined;
const wants = (m: "a" | "b" | "c" | "d" | "e" | "a-e2e" | "b-e2e" | "a-instr") => !only || only.has(m);

interface Row {
  name: string;
  figure: string;
  ratio: number | undefined;
  target: string;
  pass: boolean | undefined;
  note?: string;
}
const rows: Row[] = [];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;

/**
 * Whole-process timings, both sides of a ratio measured alike: a small runner process (not this one) spawns them,
 * `warm` rounds first, then `n` rounds interleaved, each with stdout to /dev/null and stderr piped. Spawning from
 * the bench process itself would make every spawn pay for its heap (the throughput measure leaves hundreds of MB:
 * fork copies the page tables), a constant on both sides that flatters a ratio.
 * With `mainThread` (Linux), each process also reports the CPU time of its main thread (a preload reads
 * /proc/self/task/PID/stat at exit; Linux counts in 1/100 s): the work of the program itself, without V8's
 * background compiler and collector threads, which on a busy 2-core machine compete with it for the other core.
 */
function interleavedAll(
  cmds: string[][],
  n: number,
  warm: number,
  ok: readonly (readonly (number | null)[])[],
  mainThread = false,
): { wall: number[][]; main: number[][] | undefined } {
  const runner = join(root, ".tmp/bench/interleave.cjs");
  const preload = join(root, ".tmp/bench/main-thread.cjs");
  mkdirSync(dirname(runner), { recursive: true });
  writeFileSync(
    preload,
    `"use strict";
const { appendFileSync, readFileSync } = require("node:fs");
process.on("exit", () => {
  const stat = readFileSync("/proc/self/task/" + process.pid + "/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  appendFileSync(process.env.FLYCONF_BENCH_MAIN_THREAD, String((Number(f[11]) + Number(f[12])) * 10) + "\\n");
});
`,
  );
  writeFileSync(
    runner,
    `"use strict";
const { spawnSync } = require("node:child_process");
const { readFileSync, rmSync } = require("node:fs");
const [cmds, n, warm, ok, preload] = JSON.parse(process.argv[2]);
const out = preload ? require("node:path").join(require("node:os").tmpdir(), "flyconf-bench-main-" + process.pid) : undefined;
const run = (args, okStatus) => {
  if (out) rmSync(out, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, preload ? ["-r", preload, ...args] : args, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 30, env: out ? { ...process.env, FLYCONF_BENCH_MAIN_THREAD: out } : process.env });
  const t = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!okStatus.includes(r.status)) throw new Error(args.slice(0, 3).join(" ") + " exited " + r.status + ": " + String(r.stderr).trim().split("\\n")[0]);
  return { t, main: out ? Number(readFileSync(out, "utf8").trim()) : undefined };
};
for (let i = 0; i < warm; i++) cmds.forEach((c, j) => run(c, ok[j]));
const res = { wall: cmds.map(() => []), main: cmds.map(() => []) };
for (let i = 0; i < n; i++) cmds.forEach((c, j) => { const r = run(c, ok[j]); res.wall[j].push(r.t); res.main[j].push(r.main); });
if (out) rmSync(out, { force: true });
process.stdout.write(JSON.stringify(res));
`,
  );
  const withMain = mainThread && existsSync(`/proc/self/task/${process.pid}/stat`);
  const r = spawnSync(process.execPath, [runner, JSON.stringify([cmds, n, warm, ok, withMain ? preload : undefined])], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`bench runner failed: ${r.stderr.trim()}`);
  const res = JSON.parse(r.stdout) as { wall: number[][]; main: number[][] };
  return { wall: res.wall, main: withMain ? res.main : undefined };
}

/** Two commands, interleaved (interleavedAll): `a` must exit 0, `b` one of `okB`. */
function interleaved(a: string[], b: string[], n: number, warm: number, okB: readonly (number | null)[] = [0]): { a: number[]; b: number[] } {
  const { wall } = interleavedAll([a, b], n, warm, [[0], okB]);
  return { a: wall[0]!, b: wall[1]! };
}

/** A realistic fly.toml (what `fly launch` writes for a web app, plus a worker and a volume). */
const REALISTIC = `# fly.toml app configuration file generated for bench-app
app = "bench-app"
primary_region = "ams"
kill_signal = "SIGINT"
kill_timeout = "5s"

[build]
  dockerfile = "Dockerfile"

[deploy]
  release_command = "bin/rails db:prepare"
  strategy = "rolling"

[env]
  PORT = "8080"
  RAILS_LOG_TO_STDOUT = "enabled"
  RAILS_SERVE_STATIC_FILES = "enabled"

[processes]
  app = "bin/rails server"
  worker = "bundle exec sidekiq"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 1
  processes = ["app"]

  [http_service.concurrency]
    type = "requests"
    soft_limit = 200
    hard_limit = 250

  [[http_service.checks]]
    grace_period = "10s"
    interval = "30s"
    method = "GET"
    timeout = "5s"
    path = "/up"

[[vm]]
  memory = "1gb"
  cpu_kind = "shared"
  cpus = 1
  processes = ["app"]

[[vm]]
  memory = "512mb"
  cpu_kind = "shared"
  cpus = 1
  processes = ["worker"]

[mounts]
  source = "data"
  destination = "/data"
  processes = ["app"]

[[statics]]
  guest_path = "/rails/public"
  url_prefix = "/"
`;

function corpusTexts(): { texts: string[]; source: string } {
  const texts: string[] = [];
  for (const d of ["corpus/real", "corpus/flyctl-fixtures"]) {
    const p = resolve(root, "../shared", d);
    if (!existsSync(p)) continue;
    for (const f of readdirSync(p).sort()) if (f.endsWith(".toml")) texts.push(readFileSync(join(p, f), "utf8"));
  }
  if (texts.length) return { texts, source: `${texts.length} files from ../shared/corpus` };
  return { texts: [REALISTIC], source: "../shared/corpus absent: the built-in realistic fly.toml only" };
}

// ---------------------------------------------------------------------------------------------------------------
// (a) lint throughput vs parse-only throughput

/**
 * The linter as shipped: dist/ (tsc output) when it is built and newer than src/; else the sources through tsx, whose
 * transform (keepNames wrappers) makes every call a little dearer, with a note.
 */
async function shippedLint(): Promise<{ lint: typeof lintSource; ruleIds: string[]; from: string }> {
  const built = join(root, "dist/index.js");
  if (existsSync(built) && newestMtime(join(root, "src")) <= statSync(join(root, "dist/lint/lint.js")).mtimeMs) {
    const mod = (await import(pathToFileURL(built).href)) as { lint: typeof lintSource; RULES: typeof RULES };
    return { lint: mod.lint, ruleIds: mod.RULES.map((r) => r.meta.id), from: "dist/ (the built library)" };
  }
  // Imported only here: loading both copies would double the model's schemas and the rules in the heap.
  const mod = (await import("../src/index.js")) as { lint: typeof lintSource; RULES: typeof RULES };
  return { lint: mod.lint, ruleIds: mod.RULES.map((r) => r.meta.id), from: "src/ through tsx (dist/ missing or older than src/: run `npm run build` for shipped figures)" };
}

/** Settings that switch every rule off: what a lint costs without its rules (the floor the rules add to). */
const allOff = (ids: readonly string[]): Record<string, "off"> => Object.fromEntries(ids.map((id) => [id, "off" as const]));

async function benchThroughput(): Promise<void> {
  const { lint, ruleIds, from } = await shippedLint();
  const rulesOff = allOff(ruleIds);
  const { texts: base, source } = corpusTexts();
  const target = 10_000;
  const texts: string[] = [];
  // Replicate, with a trailing comment per copy so no layer can cache on identical strings.
  for (let i = 0; texts.length < target; i++) texts.push(`${base[i % base.length]!}\n# copy ${i}\n`);
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  console.log(`(a) ${texts.length} files, ${(bytes / 1e6).toFixed(1)} MB (${source}, replicated); linter from ${from}`);

  const parseAll = () => {
    let ok = 0;
    for (const t of texts)
      try {
        parseTOML(t, { tomlVersion: "1.0.0" });
        ok++;
      } catch {
        /* a corpus file with a syntax error costs what it costs */
      }
    return ok;
  };
  let diagCount = 0;
  const lintAll = () => {
    diagCount = 0;
    for (const t of texts) diagCount += lint(t).diagnostics.length;
  };
  // The same lint with every rule off: read, values, decode, compile, no findings. Reported, to show which part of
  // the linter's time is the rules' and which is the pipeline every rule stands on.
  const floorAll = () => {
    for (const t of texts) lint(t, { rules: rulesOff });
  };
  // Warm both (JIT), then alternate repetitions and take each side's median.
  // Throughput is a steady-state figure: warm both sides (JIT) on a fifth of the files, twice.
  const warm = texts.slice(0, 2000);
  for (let r = 0; r < 2; r++) for (const t of warm) {
    try { parseTOML(t, { tomlVersion: "1.0.0" }); } catch { /* */ }
    lint(t);
    lint(t, { rules: rulesOff });
  }
  const reps = quick ? 2 : 5;
  const parseTimes: number[] = [];
  const lintTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let r = 0; r < reps; r++) {
    let t0 = performance.now();
    parseAll();
    parseTimes.push(performance.now() - t0);
    t0 = performance.now();
    lintAll();
    lintTimes.push(performance.now() - t0);
    t0 = performance.now();
    floorAll();
    floorTimes.push(performance.now() - t0);
  }
  const p = median(parseTimes);
  const l = median(lintTimes);
  const f = median(floorTimes);
  const ratio = p / l;
  const fps = (t: number) => Math.round(texts.length / (t / 1000));
  console.log(`    parse-only: ${ms(p)} (${fps(p)} files/s); lint: ${ms(l)} (${fps(l)} files/s, ${diagCount} diagnostics)`);
  console.log(`    lint with every rule off: ${ms(f)} (${fps(f)} files/s): the rules take ${ms(l - f)} of the lint, the parser ${ms(p)}, the rest ${ms(f - p)}`);
  rows.push({ name: "(a) lint ÷ parse-only throughput", figure: `${fps(l)} vs ${fps(p)} files/s`, ratio, target: "≥ 0.5", pass: ratio >= 0.5 });
  rows.push({ name: "(a-floor) lint, every rule off ÷ parse-only", figure: `${fps(f)} vs ${fps(p)} files/s`, ratio: p / f, target: "reported", pass: undefined });
}

// ---------------------------------------------------------------------------------------------------------------
// (b) CLI start-up: `flyconf lint fly.toml` vs `node -e 0`

function hasLintCommand(bin: string): boolean {
  const r = spawnSync(process.execPath, [bin, "lint", "--help"], { encoding: "utf8" });
  return r.status === 0 && /lint/.test(r.stdout);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function benchStartup(): void {
  const bin = join(root, "bin/flyconf.js");
  const built = join(root, "dist/cli/main.js");
  if (!existsSync(built)) {
    console.log("(b) dist/ is missing: run `npm run build` first");
    rows.push({ name: "(b) CLI wall time ÷ node -e 0", figure: "not built", ratio: undefined, target: "≤ 1.5", pass: undefined });
    return;
  }
  if (newestMtime(join(root, "src")) > statSync(built).mtimeMs) console.log("    note: src/ is newer than dist/: run `npm run build` for current figures");
  const dir = join(root, ".tmp/bench");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "fly.toml");
  writeFileSync(file, REALISTIC);
  const lintExists = hasLintCommand(bin);
  const cmd = lintExists ? "lint" : "compile";
  const args = lintExists ? [bin, "lint", file] : [bin, "compile", file];
  const check = spawnSync(process.execPath, args, { encoding: "utf8" });
  if (check.status !== 0 && check.status !== 1) console.log(`    warning: flyconf ${cmd} exited ${check.status}: ${check.stderr.trim().split("\n")[0]}`);
  const n = quick ? 9 : 25;
  // Warm the file cache, then interleave so load changes hit both sides alike.
  const { a: base, b: cli } = interleaved(["-e", "0"], args, n, 3, [0, 1]);
  const b = median(base);
  const c = median(cli);
  const ratio = c / b;
  console.log(`(b) flyconf ${cmd} (${REALISTIC.length}-byte fly.toml): median ${ms(c)}; node -e 0: median ${ms(b)} (${n} runs each, interleaved)`);
  if (!lintExists) console.log("    note: `flyconf lint` does not exist yet; measured `flyconf compile` instead");
  rows.push({
    name: `(b) \`flyconf ${cmd}\` ÷ \`node -e 0\``,
    figure: `${ms(c)} vs ${ms(b)}`,
    ratio,
    target: "≤ 1.5",
    pass: ratio <= 1.5,
    note: lintExists ? undefined : "lint command missing: compile measured",
  });
}

// ---------------------------------------------------------------------------------------------------------------
// (a-e2e) and (b-e2e): the same targets measured as users meet them, whole processes on real files

const CORPUS = resolve(root, "../shared/corpus/real");
const COPIES = 36;

function benchEndToEndThroughput(): void {
  const name = "(a-e2e) `flyconf lint DIR --format json` ÷ parse-only process";
  if (!existsSync(CORPUS) || !existsSync(join(root, "dist/cli/main.js"))) {
    console.log(`(a-e2e) skipped: needs ${CORPUS} and a build (npm run build)`);
    rows.push({ name, figure: "not measured", ratio: undefined, target: "≥ 0.5", pass: undefined });
    return;
  }
  const files = readdirSync(CORPUS).filter((f) => f.endsWith(".toml")).sort();
  const dir = join(root, ".tmp/bench/e2e");
  if (!existsSync(join(dir, `r${COPIES - 1}`, files[files.length - 1]!.replace(/\.toml$/, ""), "fly.toml"))) {
    for (let r = 0; r < COPIES; r++) {
      for (const f of files) {
        const d = join(dir, `r${r}`, f.replace(/\.toml$/, ""));
        mkdirSync(d, { recursive: true });
        writeFileSync(join(d, "fly.toml"), readFileSync(join(CORPUS, f)));
      }
    }
  }
  // The parse-only side: the same discovery (every fly.toml below DIR), read, parse with the parser lint also runs.
  const parser = join(root, ".tmp/bench/parse-all.mjs");
  writeFileSync(parser, walkingScript(`import { parseTOML } from "toml-eslint-parser";`, "try { parseTOML(text); } catch {}"));
  const lintArgs = [join(root, "bin/flyconf.js"), "lint", dir, "--format", "json"];
  // The same lint with every rule off (a config file that says so): reported beside, as in (a).
  const rulesList = spawnSync(process.execPath, [join(root, "bin/flyconf.js"), "rules", "--format", "json"], { encoding: "utf8" });
  const ids = (JSON.parse(rulesList.stdout) as { id: string }[]).map((r) => r.id);
  const offConfig = join(root, ".tmp/bench/rules-off.json");
  writeFileSync(offConfig, JSON.stringify({ rules: allOff(ids) }));
  const floorArgs = [...lintArgs, "--config", offConfig];
  const parseArgs = [parser, dir];
  // A baseline that also builds what any linter needs of the parse: the values and their spans, with flyconf's own
  // reader (reported, beside the target's parse-only baseline).
  const reader = join(root, ".tmp/bench/read-all.mjs");
  writeFileSync(reader, walkingScript(`import { readToml } from ${JSON.stringify(pathToFileURL(join(root, "dist/reader/toml.js")).href)};`, "readToml(text);"));
  const readArgs = [reader, dir];
  // Five rounds: on this shared machine three gave medians 0.30 and 0.41 for the same build within the hour.
  const runs = quick ? 1 : 5;
  // Warm the file cache once, then interleave.
  const { wall, main } = interleavedAll([parseArgs, lintArgs, floorArgs, readArgs], runs, 1, [[0], [0, 1], [0, 1], [0]], true);
  const [p, l, f, v] = wall.map(median) as [number, number, number, number];
  const n = files.length * COPIES;
  const ratio = p / l;
  console.log(
    `(a-e2e) ${n} files (corpus/real ×${COPIES} as rN/NNNN/fly.toml): flyconf lint --format json ${ms(l)}; parse-only process ${ms(p)}; lint with every rule off ${ms(f)}; parse and build values ${ms(v)} (medians of ${runs})`,
  );
  if (main) {
    const [mp, ml, mf] = main.map(median) as [number, number, number];
    console.log(`    main-thread CPU: lint ${ms(ml)}, parse-only ${ms(mp)} (ratio ${(mp / ml).toFixed(2)}), every rule off ${ms(mf)} (ratio ${(mp / mf).toFixed(2)})`);
  }
  const fps = (t: number) => Math.round(n / (t / 1000));
  rows.push({ name, figure: `${fps(l)} vs ${fps(p)} files/s`, ratio, target: "≥ 0.5", pass: ratio >= 0.5 });
  rows.push({ name: "(a-e2e-floor) the same lint, every rule off ÷ parse-only", figure: `${fps(f)} vs ${fps(p)} files/s`, ratio: p / f, target: "reported", pass: undefined });
  rows.push({ name: "(a-e2e-values) the lint ÷ a process that parses and builds values", figure: `${fps(l)} vs ${fps(v)} files/s`, ratio: v / l, target: "reported", pass: undefined });
  warmUp(dir);
}

/** A script that walks the directory named by its argument for fly.toml files and runs `perFile` on each `text`. */
function walkingScript(imports: string, perFile: string): string {
  return `import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
${imports}
let n = 0;
const walk = (d) => {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) walk(join(d, e.name));
    else if (e.name === "fly.toml") {
      const text = readFileSync(join(d, e.name), "utf8");
      ${perFile}
      n++;
    }
  }
};
walk(process.argv[2]);
process.stdout.write(String(n));
`;
}

/**
 * How long each side takes to reach its steady pace in a fresh process: the library's lint() and parseTOML over the
 * same files in walk order, timed per 1,000 files (one process each). Printed, not a row: it says how much of
 * (a-e2e) is JIT warm-up, a cost of the amount of code that runs, not of the number of files.
 */
function warmUp(dir: string): void {
  const script = join(root, ".tmp/bench/warm-up.mjs");
  writeFileSync(
    script,
    `import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTOML } from "toml-eslint-parser";
const lint = process.argv[3] === "lint" ? (await import(${JSON.stringify(pathToFileURL(join(root, "dist/index.js")).href)})).lint : undefined;
const files = [];
const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) { if (e.isDirectory()) walk(join(d, e.name)); else if (e.name === "fly.toml") files.push(join(d, e.name)); } };
walk(process.argv[2]);
const per = [];
let t0 = performance.now();
for (let i = 0; i < files.length; i++) {
  const bytes = readFileSync(files[i]);
  if (lint) lint(bytes, { filePath: "fly.toml" });
  else try { parseTOML(bytes.toString("utf8"), { tomlVersion: "1.0.0" }); } catch {}
  if ((i + 1) % 1000 === 0) { const t = performance.now(); per.push(t - t0); t0 = t; }
}
process.stdout.write(JSON.stringify(per));
`,
  );
  const curve = (mode: string) => {
    const r = spawnSync(process.execPath, [script, dir, mode], { cwd: root, encoding: "utf8", maxBuffer: 1 << 20 });
    return r.status === 0 ? (JSON.parse(r.stdout) as number[]) : undefined;
  };
  const lintCurve = curve("lint");
  const parseCurve = curve("parse");
  if (!lintCurve || !parseCurve || lintCurve.length < 6) return;
  const show = (c: number[]) => c.map((t) => t.toFixed(0)).join(" ");
  // Steady pace: the median of the last half; the warm-up is what the first three thousand cost beyond it.
  const steady = (c: number[]) => median(c.slice(c.length >> 1));
  const extra = (c: number[]) => c.slice(0, 3).reduce((a, t) => a + t, 0) - 3 * steady(c);
  console.log(`    warm-up, ms per 1,000 files in a fresh process: lint() ${show(lintCurve)}; parseTOML ${show(parseCurve)}`);
  console.log(
    `    steady ratio ${(steady(parseCurve) / steady(lintCurve)).toFixed(2)}; the first 3,000 files cost ${ms(extra(lintCurve))} (lint) and ${ms(extra(parseCurve))} (parse) beyond the steady pace`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// (a-instr) (a) counted in instructions: valgrind's callgrind counts what the CPU executes, the same however busy the
// machine is, where wall-clock ratios here swing by ±0.05. Reported beside (a), not instead of it: time also pays for
// cache misses, and the linter, with far more code and data than the parser, runs at fewer instructions per cycle.

function benchInstructions(): void {
  const name = "(a-instr) lint ÷ parse-only, in instructions (callgrind)";
  const lintJs = join(root, "dist/lint/lint.js");
  const valgrind = spawnSync("valgrind", ["--version"], { encoding: "utf8" });
  if (valgrind.status !== 0 || !existsSync(lintJs)) {
    console.log(`(a-instr) skipped: needs valgrind and a build (npm run build)`);
    rows.push({ name, figure: "not measured", ratio: undefined, target: "reported", pass: undefined });
    return;
  }
  const n = quick ? 300 : 1200;
  const runner = join(root, ".tmp/bench/instr.mjs");
  // Both libraries are imported in every run, so subtracting the n = 0 run leaves only the work on the files.
  writeFileSync(
    runner,
    `import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseTOML } from "toml-eslint-parser";
import { lint } from ${JSON.stringify(pathToFileURL(lintJs).href)};
const [mode, count] = [process.argv[2], Number(process.argv[3])];
const base = [];
for (const d of ["corpus/real", "corpus/flyctl-fixtures"]) {
  const p = join(${JSON.stringify(join(root, "../shared"))}, d);
  if (existsSync(p)) for (const f of readdirSync(p).sort()) if (f.endsWith(".toml")) base.push(readFileSync(join(p, f), "utf8"));
}
const texts = [];
for (let i = 0; texts.length < count; i++) texts.push(base[i % base.length] + "\\n# copy " + i + "\\n");
if (mode === "parse") for (const t of texts) { try { parseTOML(t, { tomlVersion: "1.0.0" }); } catch {} }
else for (const t of texts) lint(t);
`,
  );
  const counts = new Map<string, number>();
  // Three valgrind runs at once (callgrind's counts do not depend on what else runs).
  const jobs = [["none", 0], ["parse", n], ["lint", n]] as const;
  const script = jobs
    .map(([mode, k]) => `valgrind --tool=callgrind --callgrind-out-file=/dev/null ${JSON.stringify(process.execPath)} ${JSON.stringify(runner)} ${mode} ${k} 2>&1 | grep -o 'Collected : [0-9]*' | sed 's/^/${mode} /' &`)
    .join("\n");
  const r = spawnSync("bash", ["-c", `${script}\nwait`], { cwd: root, encoding: "utf8" });
  for (const line of r.stdout.split("\n")) {
    const m = /^(\w+) Collected : (\d+)$/.exec(line);
    if (m) counts.set(m[1]!, Number(m[2]));
  }
  const none = counts.get("none");
  const parse = counts.get("parse");
  const linted = counts.get("lint");
  if (none === undefined || parse === undefined || linted === undefined) {
    console.log(`(a-instr) valgrind gave no counts: ${r.stderr.trim().split("\n")[0] ?? ""}`);
    rows.push({ name, figure: "not measured", ratio: undefined, target: "reported", pass: undefined });
    return;
  }
  const p = parse - none;
  const l = linted - none;
  const g = (x: number) => `${(x / 1e9).toFixed(2)} G`;
  console.log(`(a-instr) ${n} files, cold start included: parse ${g(p)} instructions, lint ${g(l)} (start-up ${g(none)} subtracted)`);
  rows.push({ name, figure: `${g(l)} vs ${g(p)} per ${n} files`, ratio: p / l, target: "reported", pass: undefined });
}

function benchEndToEndStartup(): void {
  const name = "(b-e2e) `flyconf lint corpus/real/0001.toml` ÷ `node -e 0`";
  const file = join(CORPUS, "0001.toml");
  if (!existsSync(file) || !existsSync(join(root, "dist/cli/main.js"))) {
    console.log(`(b-e2e) skipped: needs ${file} and a build (npm run build)`);
    rows.push({ name, figure: "not measured", ratio: undefined, target: "≤ 1.5", pass: undefined });
    return;
  }
  const args = [join(root, "bin/flyconf.js"), "lint", file];
  const n = 11;
  // The same runner and warm-up as (b).
  const { a: base, b: cli } = interleaved(["-e", "0"], args, n, 3, [0, 1]);
  const b = median(base);
  const c = median(cli);
  const ratio = c / b;
  console.log(`(b-e2e) flyconf lint 0001.toml: median ${ms(c)}; node -e 0: median ${ms(b)} (${n} runs each, interleaved)`);
  rows.push({ name, figure: `${ms(c)} vs ${ms(b)}`, ratio, target: "≤ 1.5", pass: ratio <= 1.5 });
}

// ---------------------------------------------------------------------------------------------------------------
// (c) group check scaling (scripts/bench-groups.ts, written separately)

interface GroupsFigure {
  n: number;
  ms: number;
}

async function benchGroups(): Promise<void> {
  const script = join(root, "scripts/bench-groups.ts");
  if (!existsSync(script)) {
    console.log("(c) group check: not available yet (scripts/bench-groups.ts is missing)");
    rows.push({ name: "(c) group check 10k / 20k Machines", figure: "not available yet", ratio: undefined, target: "< 1 s; ≤ 2.2×", pass: undefined });
    return;
  }
  console.log("(c) group check: scripts/bench-groups.ts (its output follows)");
  // Run it in its own process (it measures at top level). Figures come from JSON lines {"n":10000,"ms":123} when it
  // prints them, else from its table rows "<Machines> <x> MB <lint> ms …".
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", cwd: root, env: { ...process.env, BENCH_JSON: "1" } });
  process.stdout.write(r.stdout.replace(/^(?=.)/gm, "    "));
  if (r.stderr.trim()) process.stdout.write(r.stderr.replace(/^(?=.)/gm, "    "));
  const figures: GroupsFigure[] = [];
  for (const line of r.stdout.split("\n")) {
    try {
      const j = JSON.parse(line) as Partial<GroupsFigure>;
      if (typeof j.n === "number" && typeof j.ms === "number") figures.push({ n: j.n, ms: j.ms });
      continue;
    } catch {
      /* not JSON */
    }
    const m = /^\s*(\d+)\s+[\d.]+\s*MB\s+([\d.]+)\s*ms/.exec(line);
    if (m && !figures.some((f) => f.n === Number(m[1]))) figures.push({ n: Number(m[1]), ms: Number(m[2]) });
  }
  const f10 = figures.find((f) => f.n === 10_000);
  const f20 = figures.find((f) => f.n === 20_000);
  if (!f10 || !f20) {
    rows.push({ name: "(c) group check 10k / 20k Machines", figure: "ran; no figures for 10,000 and 20,000 found (see output above)", ratio: undefined, target: "< 1 s; ≤ 2.2×", pass: undefined });
    return;
  }
  const ratio = f20.ms / f10.ms;
  rows.push({ name: "(c) group check 10,000 Machines", figure: ms(f10.ms), ratio: undefined, target: "< 1 s", pass: f10.ms < 1000 });
  rows.push({ name: "(c) group check 20k ÷ 10k Machines", figure: `${ms(f20.ms)} vs ${ms(f10.ms)}`, ratio, target: "≤ 2.2", pass: ratio <= 2.2 });
}

// ---------------------------------------------------------------------------------------------------------------
// (d) and (f): the playground's size and keystroke latency (scripts/bench-playground.ts)

async function benchPlaygroundRows(): Promise<void> {
  const { benchPlayground, describeFigures, TRANSFER_BUDGET } = await import("./bench-playground.js");
  const f = await benchPlayground();
  for (const line of describeFigures(f)) console.log(line);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  rows.push({ name: "(d) playground transfer (gzip)", figure: kb(f.transferBytes), ratio: f.transferBytes / TRANSFER_BUDGET, target: "≤ 300 KB", pass: f.transferBytes <= TRANSFER_BUDGET });
  rows.push(
    f.keystrokeMs === undefined
      ? { name: "(f) keystroke → diagnostics (Chromium)", figure: "no chromium", ratio: undefined, target: "reported", pass: undefined }
      : {
          name: "(f) keystroke → diagnostics (Chromium) ÷ lint() in Node",
          figure: `${ms(f.keystrokeMs)} (next frame ${ms(f.keystrokePaintMs!)}; page work ${ms(f.pageWorkMs!)}) vs ${ms(f.inProcessLintMs)}`,
          ratio: f.keystrokeMs / f.inProcessLintMs,
          target: "reported",
          pass: undefined,
        },
  );
}

// ---------------------------------------------------------------------------------------------------------------

function machineInfo(): string {
  const c = cpus();
  return [
    `node ${process.version} on ${platform()} ${release()} ${arch()}`,
    `${c.length} × ${c[0]?.model.trim() ?? "unknown CPU"}`,
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`,
  ].join("; ");
}

// ---------------------------------------------------------------------------------------------------------------
// (e) the language server: edit → diagnostics latency vs a one-shot CLI lint, and memory over many edits

async function benchLspRows(): Promise<void> {
  if (!existsSync(join(root, "dist/flyconf-lsp.cjs"))) {
    console.log("(e) dist/flyconf-lsp.cjs is missing: run `npm run build` first");
    rows.push({ name: "(e) lsp edit → diagnostics ÷ CLI lint", figure: "not built", ratio: undefined, target: "≤ 0.5", pass: undefined });
    return;
  }
  const { benchLsp } = await import("./bench-lsp.js");
  const f = await benchLsp(REALISTIC, quick);
  const ratio = f.editMedian / f.cliMedian;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`(e) lsp didChange → publishDiagnostics (${REALISTIC.split("\n").length}-line fly.toml, ${f.edits} edits): median ${ms(f.editMedian)}, p95 ${ms(f.editP95)}; flyconf lint one-shot: median ${ms(f.cliMedian)} (${f.cliRuns} runs)`);
  console.log(`    heap after GC: ${kb(f.heapWarm)} after warm-up, ${kb(f.heapEnd)} after ${f.memoryEdits} more edits (${f.bytesPerEdit.toFixed(1)} bytes/edit)`);
  rows.push({ name: "(e) lsp edit → diagnostics ÷ CLI lint (median)", figure: `${ms(f.editMedian)} (p95 ${ms(f.editP95)}) vs ${ms(f.cliMedian)}`, ratio, target: "≤ 0.5", pass: ratio <= 0.5 });
  // Flat: under 64 bytes per edit, i.e. under 640 KB over 10,000 edits (GC noise; a leak of one finding per edit is
  // more).
  rows.push({ name: `(e) lsp heap growth over ${f.memoryEdits} edits`, figure: `${kb(f.heapWarm)} → ${kb(f.heapEnd)}`, ratio: undefined, target: "< 64 B/edit", pass: f.bytesPerEdit < 64 });
}

async function main(): Promise<void> {
  const info = machineInfo();
  console.log(`flyconf bench — ${new Date().toISOString()}\n${info}\n`);
  if (wants("a")) await benchThroughput();
  if (wants("b")) benchStartup();
  if (wants("a-e2e")) benchEndToEndThroughput();
  if (wants("b-e2e")) benchEndToEndStartup();
  if (wants("a-instr")) benchInstructions();
  if (wants("c")) await benchGroups();
  if (wants("d")) await benchPlaygroundRows();
  if (wants("e")) await benchLspRows();

  const cell = (r: Row) => [r.name, r.figure, r.ratio === undefined ? "—" : r.ratio.toFixed(2), r.target, r.pass === undefined ? "n/a" : r.pass ? "PASS" : "MISS"];
  const head = ["measure", "figures", "ratio", "target", "result"];
  const table = [head, ...rows.map(cell)];
  const widths = head.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  console.log("");
  for (const [i, r] of table.entries()) {
    console.log(r.map((c, j) => c.padEnd(widths[j]!)).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
  console.log("\nFor the README's performance section:\n");
  console.log(`Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` (${info}).\n`);
  console.log("| Measure | Figures | Ratio | Target | Result |\n|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${cell(r).join(" | ")} |`);
  const missed = rows.filter((r) => r.pass === false).length;
  if (missed) console.log(`\n${missed} target(s) missed.`);
}

await main();
