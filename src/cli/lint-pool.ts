// Lint many files on worker threads (`flyconf lint DIR` over a monorepo or a fleet of apps). Linting one file never
// depends on another, so the files are handed out in chunks to one worker per core and the outcomes come back by
// index: the report is byte-identical to a run on one thread, in the same order. Each worker runs the same script
// as the CLI (bin/flyconf.js, with its V8 code cache), reads its files itself (bounded, regular files only, exactly
// as the main thread would) and returns plain data. --fix and stdin stay on the main thread: writes are checked
// against the bytes read, one file at a time.
import type { Diagnostic } from "../diagnostic.js";
import type { RuleSetting } from "../lint/lint.js";

/** argv[0] that makes main() a lint worker. It holds a NUL, which no command line can: a user cannot ask for it. */
export const LINT_WORKER_ARG = "\0flyconf-lint-worker";

/** Files per message: large enough that messaging costs little, small enough to keep every worker busy to the end. */
const CHUNK = 32;
/** `--concurrency auto` starts workers only for this many files: below it, thread start-up costs more than it saves. */
export const AUTO_MIN_FILES = 256;
/** …and about one thread per this many files, at most one per core (and at most MAX_THREADS). */
const FILES_PER_THREAD = 128;
const MAX_THREADS = 8;

/** One file for a worker: the index in the run, the path as shown, its absolute path, its rules (by table index). */
export interface PoolFile {
  index: number;
  path: string;
  abs: string;
  rules: number;
}

/** What stays the same for every file of a run. */
export interface PoolShared {
  rules: Readonly<Record<string, RuleSetting>>[];
  maxBytes?: number;
  inlineConfig?: boolean;
  appGroups?: readonly string[];
  expectBody?: boolean;
  machineSupport: boolean;
}

/** What linting one file came to, as runLint handles it on either thread. */
export type Outcome = { kind: "linted"; file: { path: string; source?: string; diagnostics: Diagnostic[] } } | { kind: "failed"; message: string; details: readonly string[] };

/** How many threads a run of `files` files lints on (this one included): 1 means no workers. */
export function threadCount(setting: "auto" | "off" | number, files: number, cores: number): number {
  if (setting === "off") return 1;
  if (setting === "auto") {
    if (files < AUTO_MIN_FILES || cores < 2) return 1;
    return Math.min(cores, MAX_THREADS, Math.ceil(files / FILES_PER_THREAD));
  }
  // An explicit count is taken as asked, but never more threads than chunks of files.
  return Math.max(1, Math.min(setting, Math.ceil(files / CHUNK)));
}

/**
 * node:worker_threads, loaded when a run uses it (~2 ms a start-up would pay otherwise). Not import(): the bundle
 * runs in a vm.Script (bin/flyconf.js), where a dynamic import of a built-in has no loader to go to.
 */
function workerThreads(): typeof import("node:worker_threads") {
  return process.getBuiltinModule("node:worker_threads");
}

type ToWorker = { kind: "files"; files: PoolFile[] };
type FromWorker = { kind: "outcomes"; outcomes: { index: number; outcome: Outcome }[] } | { kind: "ready" };

/**
 * Lint `files` on `threads` threads: this one (with `lintHere`) and threads - 1 workers running `entry`; the
 * outcomes by file index. This thread takes a chunk at a time and lets the workers' messages in between, so every
 * thread stays busy to the end. Should a worker fail to start or die, this thread lints what is left: a run never
 * ends half-done, and the outcomes are the same.
 */
export async function lintOnThreads(entry: string, threads: number, files: readonly PoolFile[], shared: PoolShared, lintHere: (f: PoolFile) => Outcome): Promise<Outcome[]> {
  const { Worker } = workerThreads();
  const outcomes: (Outcome | undefined)[] = new Array<Outcome | undefined>(files.length);
  let next = 0;
  let done = 0;
  const take = () => {
    const chunk = files.slice(next, next + CHUNK);
    next += chunk.length;
    return chunk;
  };
  // What a worker was given and has not answered: taken back if it fails.
  const pending = new Map<InstanceType<typeof Worker>, PoolFile[][]>();
  const workers: InstanceType<typeof Worker>[] = [];
  let wake: (() => void) | undefined;
  const give = (w: InstanceType<typeof Worker>) => {
    if (next >= files.length) return;
    const chunk = take();
    pending.get(w)!.push(chunk);
    w.postMessage({ kind: "files", files: chunk } satisfies ToWorker);
  };
  const orphaned: PoolFile[] = [];
  const lost = (w: InstanceType<typeof Worker>) => {
    const chunks = pending.get(w);
    if (!chunks) return;
    pending.delete(w);
    for (const c of chunks) for (const f of c) if (outcomes[f.index] === undefined) orphaned.push(f);
    void w.terminate();
    wake?.();
  };
  for (let i = 0; i < threads - 1; i++) {
    const w = new Worker(entry, { argv: [LINT_WORKER_ARG], workerData: shared, stdout: false, stderr: false });
    workers.push(w);
    pending.set(w, []);
    w.on("message", (m: FromWorker) => {
      if (!pending.has(w)) return;
      if (m.kind === "ready") {
        // Two chunks in flight: a worker never waits for this thread between chunks.
        give(w);
        give(w);
        return;
      }
      const chunks = pending.get(w)!;
      const chunk = chunks.shift();
      // A worker answers its chunks in order, each whole; anything else is a broken worker.
      if (!chunk || chunk.length !== m.outcomes.length || chunk.some((f, j) => m.outcomes[j]!.index !== f.index)) {
        if (chunk) chunks.unshift(chunk);
        return lost(w);
      }
      for (const { index, outcome } of m.outcomes) {
        outcomes[index] = outcome;
        done++;
      }
      give(w);
      wake?.();
    });
    w.on("error", () => lost(w));
    w.on("exit", () => lost(w));
  }
  try {
    const here = (f: PoolFile) => {
      outcomes[f.index] = lintHere(f);
      done++;
    };
    while (done < files.length) {
      if (orphaned.length) here(orphaned.pop()!);
      else if (next < files.length) {
        for (const f of take()) here(f);
        // Let the workers' answers (and requests for more) in before the next chunk.
        await new Promise<void>((r) => setImmediate(r));
      } else await new Promise<void>((r) => (wake = r));
      wake = undefined;
    }
  } finally {
    for (const w of workers) pending.delete(w);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return outcomes as Outcome[];
}

/** The worker's side: lint each file handed over with the shared settings, answer with the outcomes. */
export async function runLintWorker(): Promise<number> {
  const { parentPort, workerData } = workerThreads();
  if (!parentPort) return 2;
  const { rules, machineSupport, ...shared } = workerData as PoolShared;
  const { lintOne, loadMachineSupport } = await import("./lint.js");
  if (machineSupport) await loadMachineSupport();
  const port = parentPort;
  port.on("message", (m: ToWorker) => {
    const outcomes = m.files.map((f) => ({ index: f.index, outcome: lintOne({ path: f.path, abs: f.abs }, rules[f.rules]!, shared) }));
    port.postMessage({ kind: "outcomes", outcomes } satisfies FromWorker);
  });
  port.postMessage({ kind: "ready" } satisfies FromWorker);
  return 0;
}
