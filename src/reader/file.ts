// Node-only: reading the files a repository names, the one bounded way. (Not part of the portable main entry: only
// the CLI and flyconf/node import it.)
// - Regular files only. The file is opened non-blocking and checked with fstat on the open descriptor, so a FIFO
//   cannot block the run, and /dev/zero, /dev/urandom or a socket (whose stat size says nothing) are refused
//   before a byte is read; checking the descriptor, not the path, leaves no window to swap the file.
// - A byte cap that holds whatever stat says: reading stops at cap + 1 bytes.
// - Files a fly.toml names ([[files]] local_path, a machine_config file) are read only inside the project root
//   (the nearest ancestor holding .git, else the fly.toml's directory) or a directory allowed with --allow-read,
//   after resolving symlinks, so `local_path = "../../.ssh/id_rsa"` or a link to /etc/passwd is refused.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync, type Stats } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** A file that cannot be read; `tooBig` (its size when known, and the cap) when only the byte cap stood in the way. */
export class FileReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly tooBig: false | { size?: number; max: number } = false,
  ) {
    super(message);
  }
}

/** The message for a failed file operation, naming the path as given. */
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
    case "ELOOP":
      return `${path}: too many levels of symbolic links`;
    case "EFBIG":
      return `${path}: file too large (over the file-size limit)`;
    case "EIO":
      return `${path}: I/O error`;
    default:
      return `${path}: ${(err as Error | undefined)?.message ?? String(err)}`;
  }
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return "named pipe";
  if (st.isCharacterDevice()) return "character device";
  if (st.isBlockDevice()) return "block device";
  if (st.isSocket()) return "socket";
  return "special file";
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * Read a regular file (symlinks followed) of at most `maxBytes` bytes. Throws FileReadError with a one-line message.
 */
export function readRegularFile(path: string, maxBytes: number, shown = path): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    throw new FileReadError(ioMessage(shown, err), (err as NodeJS.ErrnoException).code ?? "EIO");
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new FileReadError(`${shown}: is a directory, not a file`, "EISDIR");
    if (!st.isFile()) throw new FileReadError(`${shown}: is a ${kindOf(st)}, not a regular file; flyconf reads regular files only`, "ENOTREG");
    if (st.size > maxBytes) throw new FileReadError(`${shown}: file is ${st.size} bytes, over the ${maxBytes}-byte limit (raise it with --max-bytes)`, "EFBIG", { size: st.size, max: maxBytes });
    // Read until EOF but never past cap + 1 bytes: a file that grows, or a /proc file whose size says 0.
    // Sized to the file (one byte over, to see EOF in the second read): a directory lint reads thousands of 1 KB
    // files, and a 16 KB buffer apiece is allocation the collector pays for. A size of 0 says nothing (/proc).
    let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, st.size > 0 ? st.size + 1 : 16 * 1024));
    let len = 0;
    for (;;) {
      if (len === buf.length) {
        if (len > maxBytes) break;
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      }
      const n = readSync(fd, buf, len, buf.length - len, null);
      if (n === 0) break;
      len += n;
    }
    if (len > maxBytes) throw new FileReadError(`${shown}: file is over the ${maxBytes}-byte limit (raise it with --max-bytes)`, "EFBIG", { max: maxBytes });
    return buf.subarray(0, len);
  } catch (err) {
    if (err instanceof FileReadError) throw err;
    throw new FileReadError(ioMessage(shown, err), (err as NodeJS.ErrnoException).code ?? "EIO");
  } finally {
    closeSync(fd);
  }
}

/** The project a fly.toml belongs to: the nearest ancestor of `dir` holding `.git`, else `dir` itself. */
export function projectRootOf(dir: string): string {
  const start = resolve(dir);
  for (let d = start; ; ) {
    if (existsSync(join(d, ".git"))) return d;
    const up = dirname(d);
    if (up === d) return start;
    d = up;
  }
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Whether the real path `p` is `dir` or inside it. */
export function isInside(p: string, dir: string): boolean {
  const rel = relative(dir, p);
  return rel === "" || (!isAbsolute(rel) && rel !== ".." && !rel.startsWith(`..${sep}`));
}

/** Default cap for a file fly.toml names (a [[files]] entry or a machine_config file). */
export const DEFAULT_MAX_NAMED_FILE_BYTES = 16 * 1024 * 1024;

export interface NamedFileReaderOptions {
  /** Directories (besides the project root) files may be read from: --allow-read. */
  allowRead?: readonly string[];
  /** The project root; default projectRootOf(base). */
  root?: string;
  maxBytes?: number;
}

/**
 * A reader for files fly.toml names, relative to `base` (the fly.toml's directory). It throws a FileReadError that
 * says why (outside the project root, not a regular file, too big); the compiler turns it into a diagnostic.
 */
export function namedFileReader(base: string, options: NamedFileReaderOptions = {}): (path: string) => Uint8Array {
  // The root and the allowed directories are found on the first read: most fly.toml files name no file, and a
  // directory lint creates one reader per file (the walk up for .git would cost a stat per ancestor each time).
  let root: string | undefined;
  let allowed: string[] | undefined;
  const max = options.maxBytes ?? DEFAULT_MAX_NAMED_FILE_BYTES;
  return (p) => {
    if (root === undefined || allowed === undefined) {
      root = realOrSelf(options.root ?? projectRootOf(base));
      allowed = [root, ...(options.allowRead ?? []).map((d) => realOrSelf(d))];
    }
    const abs = resolve(base, p);
    let real: string;
    try {
      real = realpathSync(abs);
    } catch (err) {
      throw new FileReadError(ioMessage(p, err), (err as NodeJS.ErrnoException).code ?? "EIO");
    }
    if (!allowed.some((d) => isInside(real, d))) {
      const where = real === abs ? "" : ` (it resolves to ${real})`;
      throw new FileReadError(`${p} is outside the project root ${root}${where}; flyconf reads only files inside it (widen with --allow-read DIR)`, "EOUTSIDE");
    }
    return readRegularFile(real, max, p);
  };
}
