// Read-ahead for a large `flyconf lint`: a second thread opens and reads the files while this one lints, so a
// directory of thousands of fly.toml files does not wait on a system call between every two of them.
// Why a thread and not async fs: a file is four system calls (open, fstat, read, close), and as promises they cost
// the lint thread more than the reads themselves (10,296 files: 320-590 ms of its CPU through fs/promises, 16 at a
// time, against 120-140 ms read synchronously); the thread posts files 64 at a time.
// Measured (10,296 corpus files, whole processes): the reads are ~10% of a directory lint's time on one thread.
//
// Both threads claim files from one shared counter in lint order, so neither waits for the other to start: until
// the thread has booted (~20 ms) the lint side reads for itself, and a thread that never boots (its file missing,
// or a runtime without workers) leaves it reading everything, exactly as without read-ahead. Every read, on either
// side, is readRegularFile's (regular files only, bounded). Memory is bounded too: the thread stops WINDOW_BYTES ahead.
// Not used when fixing: a file is read after the one before it was written, as without read-ahead (two hard links to
// one file then see each other's fixes).
import type { MessagePort, Worker } from "node:worker_threads";
import { FileReadError, readRegularFile } from "../reader/file.js";
import { readAheadWorkerFile } from "./read-ahead-location.js";
import { HUNGRY, IN_FLIGHT, NEXT, PUBLISHED, SLOTS, STOP, kib, type ReadAheadBatch, type ReadAheadJob } from "./read-ahead-shared.js";

/** Below this many files a thread costs more to start than it saves. */
export const READ_AHEAD_FROM = 32;

/** How long the lint side waits for a file the thread claimed before it reads the file itself. */
const PATIENCE_MS = 5000;

type Read = Uint8Array | FileReadError;

const threads = () => process.getBuiltinModule("node:worker_threads");

export interface ReadAheadOptions {
  /** The thread's script (default: the built one beside this module). */
  workerFile?: string;
  /** How long to wait for a file the thread claimed before reading it here (default PATIENCE_MS). */
  patienceMs?: number;
}

export class ReadAhead {
  private readonly ctl: Int32Array;
  private readonly port: MessagePort | undefined;
  private readonly worker: Worker | undefined;
  private readonly got = new Map<number, Read>();
  private closed = false;
  private readonly patienceMs: number;
  /** Files read by each side, for tests and the bench. */
  readonly counts = { thread: 0, here: 0 };

  constructor(
    private readonly paths: readonly string[],
    private readonly maxBytes: readonly number[],
    options: ReadAheadOptions = {},
  ) {
    this.patienceMs = options.patienceMs ?? PATIENCE_MS;
    const control = new SharedArrayBuffer(SLOTS * 4);
    this.ctl = new Int32Array(control);
    let worker: Worker | undefined;
    let port: MessagePort | undefined;
    try {
      // Loaded here, not at import: node:worker_threads costs a lint of one file ~4 ms of start-up.
      const { MessageChannel, Worker } = threads();
      const channel = new MessageChannel();
      const job: ReadAheadJob = { control, paths: paths.slice(), maxBytes: maxBytes.slice() };
      worker = new Worker(options.workerFile ?? readAheadWorkerFile(), { workerData: { port: channel.port1, job }, transferList: [channel.port1], stdout: true, stderr: true });
      // A thread that fails (its script missing, say) claims nothing: this side reads on. Never an unhandled error.
      worker.on("error", () => this.stopThread());
      worker.unref();
      port = channel.port2;
      port.unref();
    } catch {
      worker = undefined;
      port = undefined;
    }
    this.worker = worker;
    this.port = port;
  }

  /** File `i`'s bytes; throws FileReadError as readRegularFile does. Call for 0, 1, 2, … in order. */
  take(i: number): Uint8Array {
    const r = this.next(i);
    if (r instanceof FileReadError) throw r;
    return r;
  }

  private next(i: number): Read {
    let waited = 0;
    for (;;) {
      const published = Atomics.load(this.ctl, PUBLISHED);
      this.receive();
      const r = this.got.get(i);
      if (r !== undefined) {
        this.got.delete(i);
        if (!(r instanceof FileReadError)) {
          // Taken: the thread may read that much further ahead.
          Atomics.sub(this.ctl, IN_FLIGHT, kib(r.length));
          Atomics.notify(this.ctl, IN_FLIGHT);
        }
        this.counts.thread++;
        return r;
      }
      // Unclaimed (the thread is not there yet, or never will be): this side claims it and reads it. Also when the
      // thread has stopped (STOP, set by a thread that failed part-way).
      if (this.closed || Atomics.load(this.ctl, STOP) === 1 || Atomics.compareExchange(this.ctl, NEXT, i, i + 1) === i) return this.readHere(i);
      if (waited >= this.patienceMs) {
        // The thread claimed it and went quiet: stop it and read the rest here (reads are repeatable).
        this.stopThread();
        return this.readHere(i);
      }
      Atomics.store(this.ctl, HUNGRY, 1);
      const t = Date.now();
      Atomics.wait(this.ctl, PUBLISHED, published, 100);
      Atomics.store(this.ctl, HUNGRY, 0);
      waited += Date.now() - t;
    }
  }

  private readHere(i: number): Read {
    this.counts.here++;
    try {
      return readRegularFile(this.paths[i]!, this.maxBytes[i]!);
    } catch (err) {
      if (err instanceof FileReadError) return err;
      throw err;
    }
  }

  /** Every batch already posted, unpacked into `got` (views on the batch's buffer, no copies). */
  private receive(): void {
    if (!this.port || this.closed) return;
    const { receiveMessageOnPort } = threads();
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const b = m.message as ReadAheadBatch;
      for (let k = 0; k < b.index.length; k++) {
        const f = b.failure[k];
        this.got.set(b.index[k]!, f ? new FileReadError(f.message, f.code, f.tooBig) : Buffer.from(b.bytes, b.start[k], b.length[k]));
      }
    }
  }

  private stopThread(): void {
    this.closed = true;
    Atomics.store(this.ctl, STOP, 1);
    Atomics.notify(this.ctl, IN_FLIGHT);
    this.got.clear();
  }

  /** Files claimed so far by either side (how far the thread has read ahead, for tests). */
  claimed(): number {
    return Math.min(Atomics.load(this.ctl, NEXT), this.paths.length);
  }

  /** Ends the thread (also after an error part-way). */
  close(): void {
    this.stopThread();
    this.port?.close();
    void this.worker?.terminate();
  }
}
