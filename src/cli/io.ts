// File and stream I/O for the CLI: clear messages for every failure, atomic writes, nothing half-written.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { escapeControl, escapeLine } from "../escape.js";

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

export function ioMessage(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "ENOENT":
      return `${path}: no such file`;
    case "EISDIR":
      return `${path}: is a directory, not a file`;
    case "EACCES":
    case "EPERM":
      return `${path}: permission denied`;
    case "ENOSPC":
      return `${path}: no space left on device`;
    case "EROFS":
      return `${path}: read-only file system`;
    default:
      return `${path}: ${(err as Error | undefined)?.message ?? String(err)}`;
  }
}

/** Read a file's bytes, refusing directories and oversized files before reading them whole. */
export function readBytes(path: string, maxBytes: number): Uint8Array {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error("directory"), { code: "EISDIR" });
    if (st.size > maxBytes) throw new CliError(`${path}: file is ${st.size} bytes, over the ${maxBytes}-byte limit (raise it with --max-bytes)`, 1);
    return readFileSync(path);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(ioMessage(path, err));
  }
}

/** The `[[files]] local_path` reader for a fly.toml in `base`: paths relative to it; unreadable means undefined. */
export function localFileReader(base: string): (path: string) => Uint8Array | undefined {
  return (p) => {
    try {
      return readFileSync(resolve(base, p));
    } catch {
      return undefined;
    }
  };
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
