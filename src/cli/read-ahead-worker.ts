// The read-ahead thread of a large `flyconf lint` (read-ahead.ts): reads the files in lint order with the one bounded
// reader (readRegularFile), a window ahead of the linting, and posts them in batches. It decides nothing: failures
// travel back as FileReadError said them, and the lint side reports them as it reports its own reads.
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { FileReadError, readRegularFile } from "../reader/file.js";
import { HUNGRY, IN_FLIGHT, NEXT, PUBLISHED, STOP, WINDOW_BYTES, kib, type ReadAheadBatch, type ReadAheadJob, type ReadFailure } from "./read-ahead-shared.js";

/** A batch is posted at this many files or bytes, or at once when the lint side is waiting. */
const BATCH_FILES = 64;
const BATCH_BYTES = 512 * 1024;

function run(port: MessagePort, job: ReadAheadJob): void {
  const ctl = new Int32Array(job.control);
  let files: { index: number; bytes?: Uint8Array; failure?: ReadFailure }[] = [];
  let size = 0;

  const flush = () => {
    if (!files.length) return;
    // One buffer per batch, transferred: the reader's buffers may belong to Node's shared pool, which cannot move.
    const bytes = new ArrayBuffer(size);
    const view = new Uint8Array(bytes);
    const batch: ReadAheadBatch = { index: [], start: [], length: [], failure: [], bytes };
    let at = 0;
    let held = 0;
    for (const f of files) {
      batch.index.push(f.index);
      batch.start.push(at);
      batch.length.push(f.bytes?.length ?? 0);
      batch.failure.push(f.failure ?? null);
      if (f.bytes) {
        view.set(f.bytes, at);
        at += f.bytes.length;
        held += kib(f.bytes.length);
      }
    }
    port.postMessage(batch, [bytes]);
    Atomics.add(ctl, IN_FLIGHT, held);
    Atomics.add(ctl, PUBLISHED, 1);
    Atomics.notify(ctl, PUBLISHED);
    files = [];
    size = 0;
  };

  for (;;) {
    if (Atomics.load(ctl, STOP)) return;
    // The window: wait while the lint side holds enough unread bytes (it wakes this thread as it takes them).
    for (let held = Atomics.load(ctl, IN_FLIGHT); held >= kib(WINDOW_BYTES); held = Atomics.load(ctl, IN_FLIGHT)) {
      if (Atomics.load(ctl, STOP)) return;
      Atomics.wait(ctl, IN_FLIGHT, held, 200);
    }
    const i = Atomics.add(ctl, NEXT, 1);
    if (i >= job.paths.length) break;
    try {
      const bytes = readRegularFile(job.paths[i]!, job.maxBytes[i]!);
      files.push({ index: i, bytes });
      size += bytes.length;
    } catch (err) {
      const e = err instanceof FileReadError ? err : new FileReadError(String((err as Error)?.message ?? err), "EIO");
      files.push({ index: i, failure: { message: e.message, code: e.code, tooBig: e.tooBig } });
    }
    if (files.length >= BATCH_FILES || size >= BATCH_BYTES || Atomics.load(ctl, HUNGRY)) flush();
  }
  flush();
}

if (parentPort) {
  // Defence in depth, as in the lint process: nothing here needs to change Object.prototype.
  Object.freeze(Object.prototype);
  const { port, job } = workerData as { port: MessagePort; job: ReadAheadJob };
  try {
    run(port, job);
  } catch {
    // Whatever went wrong here, the lint side must not wait for files this thread claimed: it reads them itself.
    const ctl = new Int32Array(job.control);
    Atomics.store(ctl, STOP, 1);
    Atomics.add(ctl, PUBLISHED, 1);
    Atomics.notify(ctl, PUBLISHED);
  }
  port.close();
}
