// File and stream I/O for the CLI: clear messages for every failure, atomic writes, nothing half-written.
import { closeSync, constants, fchmodSync, fchownSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { ProblemData } from "../diagnostic.js";
import { escapeControl, escapeLine } from "../escape.js";
import { FileReadError, ioMessage, namedFileReader, readRegularFile, type NamedFileReaderOptions } from "../reader/file.js";

/** A failure the CLI reports as a one-line message with exit code 2 (usage, I/O, configuration). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
    /** Further lines (a config file's problems, one each), printed indented under the message. */
    readonly details: readonly string[] = [],
    /** An input over the byte cap (exit 1), as data: `flyconf lint` reports it as an input-size finding. */
    readonly tooLarge?: ProblemData["too-large"],
  ) {
    super(message);
  }
}

/** Where the CLI writes text for people. */
export interface ErrorSink {
  stderr: (s: string) => void;
}

/**
 * The CLI's one way to say something on stderr: `flyconf: MESSAGE` and its detail lines, each escaped on its own
 * (escape.ts), so a file name or an API error can neither add a line, drive the terminal nor start a CI command.
 */
export function printError(io: ErrorSink, message: string, details: readonly string[] = []): void {
  let out = `flyconf: ${escapeControl(message)}\n`;
  for (const d of details) out += `  ${escapeControl(d)}\n`;
  io.stderr(out);
}

/** A line that starts with input (a `FILE:LINE:COL: message [rule]` diagnostic): escaped, never a CI command. */
export function printLine(io: ErrorSink, line: string): void {
  io.stderr(`${escapeLine(line)}\n`);
}

export { ioMessage };

/**
 * Read a regular file's bytes (symlinks followed), at most `maxBytes`: devices, FIFOs and sockets are refused
 * without blocking or reading (reader/file.ts). Too big is exit 1 (the input's fault), anything else exit 2.
 */
export function readBytes(path: string, maxBytes: number): Uint8Array {
  try {
    return readRegularFile(path, maxBytes);
  } catch (err) {
    if (err instanceof FileReadError) throw new CliError(err.message, err.tooBig ? 1 : 2, [], err.tooBig ? { subject: "file", ...err.tooBig, hint: true } : undefined);
    throw new CliError(ioMessage(path, err));
  }
}

/**
 * The reader for files a fly.toml in `base` names ([[files]] local_path, a machine_config file): relative to it,
 * confined to its project root and the --allow-read directories, regular files only, bounded.
 */
export function localFileReader(base: string, options: NamedFileReaderOptions = {}): (path: string) => Uint8Array {
  return namedFileReader(base, options);
}

export async function readStdin(maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > maxBytes) throw new CliError(`<stdin>: input is over the ${maxBytes}-byte limit (raise it with --max-bytes)`, 1, [], { subject: "input", max: maxBytes, hint: true });
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export interface WriteOptions {
  /**
   * The bytes the caller read and edited: the write is abandoned, with a clear message, when the file no longer
   * holds them (someone saved an edit meanwhile), so an edit flyconf did not see is never overwritten.
   */
  expected?: Uint8Array;
  /** The name messages give the file (the path as the user wrote it); default `path`. */
  shown?: string;
}

/**
 * Write the file that is there. A symlink's target is written (the link stays a link); a file with other hard
 * links is written in place (a rename would split the link: see writeInPlace); any other regular file goes
 * through a temp file beside it (mode and owner copied, fsync), a last content check, then a rename, so the
 * original is intact on any failure. Something that is not a regular file (`-o /dev/stdout`, a FIFO) is written
 * into, never replaced. Every failure is one CliError line.
 */
export function writeFileAtomic(path: string, data: string, options: WriteOptions = {}): void {
  const buf = Buffer.from(data, "utf8");
  const shown = options.shown ?? path;
  let target = path;
  let st: Stats | undefined;
  try {
    target = realpathSync(path);
    st = statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new CliError(ioMessage(shown, err));
    if (options.expected) throw new CliError(`${shown}: removed while flyconf was fixing it; nothing written`);
  }
  const unchanged = () => {
    if (!options.expected) return;
    let now: Uint8Array;
    try {
      now = readRegularFile(target, options.expected.length + 1, shown);
    } catch {
      now = new Uint8Array(0);
    }
    if (!Buffer.from(now.buffer, now.byteOffset, now.byteLength).equals(options.expected)) {
      throw new CliError(`${shown}: changed on disk while flyconf was fixing it; nothing written (run flyconf again)`);
    }
  };
  if (st && !st.isFile()) return writeInto(target, buf, shown);
  if (st && st.nlink > 1) return writeInPlace(target, buf, shown, st, options.expected);
  const tmp = join(dirname(target), `.${basename(target)}.flyconf-${process.pid}-${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "wx", 0o600);
    writeAll(fd, buf);
    if (st) {
      // The umask applied at open; set the exact mode, and the owner (root fixing a user's file keeps it theirs).
      fchmodSync(fd, st.mode & 0o7777);
      if (st.uid !== process.getuid?.() || st.gid !== process.getgid?.()) {
        try {
          fchownSync(fd, st.uid, st.gid);
        } catch {
          // Not allowed to give the file away: write in place instead, which keeps owner and mode as they are.
          closeSync(fd);
          fd = undefined;
          unlinkSync(tmp);
          return writeInPlace(target, buf, shown, st, options.expected);
        }
      }
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    unchanged();
    renameSync(tmp, target);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* the temp file may not exist */
    }
    if (err instanceof CliError) throw err;
    throw new CliError(`${ioMessage(shown, err)}; nothing written`);
  }
}

/**
 * Write all of `buf`, at `position` when given (a descriptor that was read from), else at the file offset;
 * `progress.written` says how far it got when a write fails.
 */
function writeAll(fd: number, buf: Uint8Array, position?: number, progress: { written: number } = { written: 0 }): void {
  while (progress.written < buf.length) {
    const off = progress.written;
    progress.written += writeSync(fd, buf, off, buf.length - off, position === undefined ? null : position + off);
  }
}

/** Stream into something that is not a regular file (`-o /dev/stdout`, a FIFO): nothing to keep or restore. */
function writeInto(target: string, buf: Buffer, shown: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(target, "w");
    writeAll(fd, buf);
  } catch (err) {
    throw new CliError(ioMessage(shown, err));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Everything a descriptor's file holds, read from offset 0 (at most `max` bytes: the caller sets the bound). */
function readAllFrom(fd: number, max: number): Buffer {
  const buf = Buffer.alloc(max);
  let n = 0;
  for (let r; n < max && (r = readSync(fd, buf, n, max - n, n)) > 0; ) n += r;
  return buf.subarray(0, n);
}

/**
 * Overwrite a regular file in place: the way to keep a hard link one file (a temp file and a rename would leave the
 * other names on the old text), and a file whose owner a new file could not be given. Not atomic, so as close as
 * it gets: one descriptor (no symlink followed, the same inode that was stat'ed) is read back and compared with
 * what was fixed just before writing, the whole buffer is written, the rest truncated, then fsync. A write that
 * fails partway (ENOSPC, EIO, EFBIG under a file-size limit) puts back the original bytes it overwrote and the
 * original length, so the file is never left half-written; only if that fails too does the message say so.
 */
function writeInPlace(target: string, buf: Buffer, shown: string, st: Stats, expected: Uint8Array | undefined): void {
  let fd: number;
  try {
    fd = openSync(target, constants.O_RDWR | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    throw new CliError(ioMessage(shown, err));
  }
  try {
    let original: Buffer;
    try {
      const now = fstatSync(fd);
      if (!now.isFile() || now.ino !== st.ino || now.dev !== st.dev) throw new CliError(`${shown}: replaced on disk while flyconf was fixing it; nothing written (run flyconf again)`);
      original = readAllFrom(fd, expected ? expected.length + 1 : now.size);
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(ioMessage(shown, err));
    }
    if (expected && !original.equals(expected)) throw new CliError(`${shown}: changed on disk while flyconf was fixing it; nothing written (run flyconf again)`);
    const progress = { written: 0 };
    try {
      writeAll(fd, buf, 0, progress);
      ftruncateSync(fd, buf.length);
      fsyncSync(fd);
    } catch (err) {
      const why = ioMessage(shown, err);
      try {
        // Only what was overwritten goes back: the bytes past it are still the original's.
        writeAll(fd, original.subarray(0, Math.min(progress.written, original.length)), 0);
        ftruncateSync(fd, original.length);
        fsyncSync(fd);
      } catch (err2) {
        throw new CliError(`${why}; restoring the original failed too (${ioMessage("", err2).slice(2)}): the file may be incomplete`);
      }
      throw new CliError(`${why}; nothing written: the original text is back in place`);
    }
  } finally {
    closeSync(fd);
  }
}
