// File and stream I/O for the CLI: clear messages for every failure, atomic writes, nothing half-written.
import { closeSync, fchmodSync, fchownSync, fsyncSync, ftruncateSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import { escapeControl, escapeLine } from "../escape.js";
import { FileReadError, ioMessage, namedFileReader, readRegularFile, type NamedFileReaderOptions } from "../reader/file.js";

/** A failure the CLI reports as a one-line message with exit code 2 (usage, I/O, configuration). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
    /** Further lines (a config file's problems, one each), printed indented under the message. */
    readonly details: readonly string[] = [],
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
    if (err instanceof FileReadError) throw new CliError(err.message, err.tooBig ? 1 : 2);
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
    if (size > maxBytes) throw new CliError(`<stdin>: input is over the ${maxBytes}-byte limit (raise it with --max-bytes)`, 1);
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
}

/**
 * Write the file that is there. A symlink's target is written (the link stays a link); a file with other hard
 * links is written in place after the content check (a rename would split the link); any other regular file goes
 * through a temp file beside it (mode and owner copied, fsync), a last content check, then a rename, so the
 * original is intact on any failure. Something that is not a regular file (`-o /dev/stdout`, a FIFO) is written
 * into, never replaced. Every failure is one CliError line.
 */
export function writeFileAtomic(path: string, data: string, options: WriteOptions = {}): void {
  const buf = Buffer.from(data, "utf8");
  let target = path;
  let st: Stats | undefined;
  try {
    target = realpathSync(path);
    st = statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw new CliError(ioMessage(path, err));
    if (options.expected) throw new CliError(`${path}: removed while flyconf was fixing it; nothing written`);
  }
  const unchanged = () => {
    if (!options.expected) return;
    let now: Uint8Array;
    try {
      now = readRegularFile(target, options.expected.length + 1, path);
    } catch {
      now = new Uint8Array(0);
    }
    if (!Buffer.from(now.buffer, now.byteOffset, now.byteLength).equals(options.expected)) {
      throw new CliError(`${path}: changed on disk while flyconf was fixing it; nothing written (run flyconf again)`);
    }
  };
  if (st && !st.isFile()) return writeInto(target, buf, path, "w");
  if (st && st.nlink > 1) {
    unchanged();
    return writeInto(target, buf, path, "r+");
  }
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
          unchanged();
          return writeInto(target, buf, path, "r+");
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
    throw new CliError(ioMessage(path, err));
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/** Write into an existing file or device: "r+" overwrites then truncates (hard links, other owners), "w" streams. */
function writeInto(target: string, buf: Buffer, shown: string, flags: "r+" | "w"): void {
  let fd: number | undefined;
  try {
    fd = openSync(target, flags);
    writeAll(fd, buf);
    if (flags === "r+") {
      ftruncateSync(fd, buf.length);
      fsyncSync(fd);
    }
  } catch (err) {
    throw new CliError(ioMessage(shown, err));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
