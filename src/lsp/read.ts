// Reading files the editor did not hand over (config files, files fly.toml names) the way flyconf reads every
// input: regular files only, bounded, through one descriptor (no check-then-read race).
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

export class ReadError extends Error {}

export function readRegularFileBounded(path: string, max: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new ReadError(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ReadError("not a regular file");
    if (st.size > max) throw new ReadError(`${st.size} bytes, over the ${max}-byte limit`);
    // One byte more than allowed: a file that grew since fstat is caught too.
    const buf = Buffer.alloc(Math.min(st.size, max) + 1);
    let n = 0;
    for (let r; n < buf.length && (r = readSync(fd, buf, n, buf.length - n, null)) > 0; ) n += r;
    if (n > max) throw new ReadError(`over the ${max}-byte limit`);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
