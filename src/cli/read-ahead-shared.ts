// What the lint process and its read-ahead thread share (read-ahead.ts, read-ahead-worker.ts): the layout of the
// control array both see, and the shape of a batch of files read.

/** Slots of the shared Int32Array. */
export const NEXT = 0; // the next file index nobody has claimed; each side claims one with an atomic step
export const PUBLISHED = 1; // batches the thread has posted (the lint side waits on it)
export const IN_FLIGHT = 2; // KiB posted and not yet taken (the thread stops reading ahead past the window)
export const STOP = 3; // 1: the lint side needs nothing more
export const HUNGRY = 4; // 1: the lint side waits for a file the thread claimed: post what is read now
export const SLOTS = 5;

/** Bytes read ahead and not yet linted before the thread waits: memory stays bounded whatever the tree holds. */
export const WINDOW_BYTES = 8 * 1024 * 1024;

/** A file's share of IN_FLIGHT, in KiB: an Int32 of bytes would wrap past 2 GiB (a --max-bytes that large). */
export const kib = (bytes: number): number => Math.ceil(bytes / 1024);

/** What the thread is given. */
export interface ReadAheadJob {
  control: SharedArrayBuffer;
  /** Absolute paths, in lint order. */
  paths: string[];
  /** Each file's byte cap. */
  maxBytes: number[];
}

/** A file that could not be read, as readRegularFile's FileReadError said it. */
export interface ReadFailure {
  message: string;
  code: string;
  tooBig: false | { size?: number; max: number };
}

/** One message: files `index[k]`, each either `bytes` [start[k], start[k] + length[k]) or `failure[k]`. */
export interface ReadAheadBatch {
  index: number[];
  start: number[];
  length: number[];
  failure: (ReadFailure | null)[];
  /** All the batch's bytes, transferred (not copied) to the lint side. */
  bytes: ArrayBuffer;
}
