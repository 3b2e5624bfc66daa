// `npm test`: the static checks (two typechecks and ESLint, single-threaded each) side by side, then vitest (which
// fills the cores itself: run beside the others it only slowed everything down). Each one's output is printed whole,
// with its time. Fails when any fails. Typecheck and ESLint keep caches in node_modules/.cache/flyconf, so a re-run
// checks what changed (a clean checkout, as in CI, runs them in full).
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cache = join(root, "node_modules/.cache/flyconf");
mkdirSync(cache, { recursive: true });
const bin = (name) => join(root, "node_modules/.bin", name);

const tasks = [
  // Node, tests and scripts; then the core without Node's types, with the browser playground that bundles it.
  ["typecheck", bin("tsc"), ["-p", "tsconfig.json", "--noEmit", "--incremental", "--tsBuildInfoFile", join(cache, "node.tsbuildinfo")]],
  ["typecheck (portable core + playground)", bin("tsc"), ["-p", "tsconfig.portable.json", "--incremental", "--tsBuildInfoFile", join(cache, "portable.tsbuildinfo")]],
  ["eslint", bin("eslint"), [".", "--cache", "--cache-strategy", "content", "--cache-location", join(cache, "eslint")]],
  ["vitest", bin("vitest"), ["run", ...process.argv.slice(2)]],
];

/** Runs a task with its output collected (`inherit`: streamed to the terminal instead). */
function run([name, cmd, args], inherit = false) {
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: root, stdio: inherit ? "inherit" : "pipe" });
  const chunks = [];
  child.stdout?.on("data", (c) => chunks.push(c));
  child.stderr?.on("data", (c) => chunks.push(c));
  return new Promise((done) => {
    child.on("error", (e) => done({ name, code: 1, output: `${e.message}\n`, ms: performance.now() - t0 }));
    child.on("close", (code, signal) => done({ name, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString(), ms: performance.now() - t0 }));
  });
}

const summary = (r) => `${r.code === 0 ? "ok" : `FAILED (exit ${r.code})`}: ${r.name} in ${(r.ms / 1000).toFixed(1)} s\n`;
const started = performance.now();
const results = await Promise.all(tasks.slice(0, 3).map((t) => run(t)));
for (const r of results) process.stdout.write(`> ${r.name}\n${r.output}${summary(r)}\n`);
const vitest = await run(tasks[3], true);
results.push(vitest);
process.stdout.write(`\n${results.map(summary).join("")}`);
const failed = results.filter((r) => r.code !== 0).length;
process.stdout.write(`npm test: ${failed ? `${failed} of ${results.length} failed` : "all passed"} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
process.exitCode = failed ? 1 : 0;
