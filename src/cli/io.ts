// File and stream I/O for the CLI: clear messages for every failure, atomic writes, nothing half-written.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
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

/** Write via a temp file in the same directory, fsync, then rename: the original is intact on any failure. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.flyconf-${process.pid}-${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    let mode: number | undefined;
    try {
      mode = statSync(path).mode & 0o777;
    } catch {
      mode = undefined;
    }
    fd = openSync(tmp, "wx", mode ?? 0o644);
    const buf = Buffer.from(data, "utf8");
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* the temp file may not exist */
    }
    throw new CliError(ioMessage(path, err));
  }
}
