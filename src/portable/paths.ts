// Paths as plain strings, for the formatters' repo-relative paths and file URIs, in any JavaScript runtime.
// Follows node:path (posix, or win32 when the base looks like a Windows path) for the few operations needed;
// the tests hold both equal.

interface Parsed {
  /** "/" for POSIX, "C:/" for a drive, "//server/share/" for UNC; "" when relative. */
  root: string;
  segments: string[];
}

/** A drive-letter or UNC path: the CLI on Windows hands the formatters those. */
export function isWindowsPath(p: string): boolean {
  const c = p.charCodeAt(0);
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return (letter && p[1] === ":") || p.startsWith("\\\\");
}

/** `p` without trailing slashes, by a scan: `/\/+$/` is quadratic on a run of slashes before another character. */
export function trimTrailingSlashes(p: string): string {
  let end = p.length;
  while (end > 0 && p.charCodeAt(end - 1) === 47) end--;
  return p.slice(0, end);
}

function parse(p: string, win: boolean): Parsed {
  let s = win ? p.replaceAll("\\", "/") : p;
  let root = "";
  if (win && s.length >= 2 && s[1] === ":" && isWindowsPath(s)) {
    root = `${s[0]!.toUpperCase()}:/`;
    s = s.slice(2);
    if (!s.startsWith("/")) root = root.slice(0, 2); // "C:foo": drive-relative
  } else if (win && s.startsWith("//")) {
    const parts = s.slice(2).split("/");
    root = `//${parts[0] ?? ""}/${parts[1] ?? ""}/`;
    s = parts.slice(2).join("/");
  } else if (s.startsWith("/")) root = "/";
  const segments: string[] = [];
  for (const seg of s.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (segments.length && segments[segments.length - 1] !== "..") segments.pop();
      else if (!root) segments.push("..");
    } else segments.push(seg);
  }
  return { root, segments };
}

function isAbsoluteRoot(root: string): boolean {
  return root === "/" || root.endsWith("/");
}

/** `path` resolved against the absolute `base` (node's path.resolve(base, path)), as a forward-slash path. */
function resolveParsed(base: string, path: string, win: boolean): Parsed {
  const p = parse(path, win);
  const b = parse(base, win);
  if (isAbsoluteRoot(p.root)) {
    // "/x" on Windows is the root of the base's drive.
    if (win && p.root === "/") return { root: b.root, segments: p.segments };
    return p;
  }
  if (win && p.root !== "" && p.root.toUpperCase() !== b.root.slice(0, 2).toUpperCase()) return { root: `${p.root}/`, segments: p.segments };
  return parse(`${b.root}${[...b.segments, ...p.segments].join("/")}`, win);
}

export interface ResolvedPath {
  /** Forward-slash path relative to the base, or undefined when the file lies outside it (or is the base). */
  relative: string | undefined;
  /**
   * The absolute path, in the platform's own form (backslashes on Windows); undefined for a relative path without a
   * base.
   */
  absolute: string | undefined;
}

/**
 * Places `path` relative to the absolute directory `base`: CI tools (code scanning, annotations) want repo-relative
 * paths. Without a base, relative paths count as relative to it. Windows paths compare case-insensitively, as node's
 * path.win32.relative does.
 */
export function resolvePath(path: string, base: string | undefined): ResolvedPath {
  if (base === undefined) {
    // No base directory known (a library caller outside Node): a relative path is taken as repo-relative.
    const win = isWindowsPath(path);
    const p = parse(path, win);
    if (isAbsoluteRoot(p.root)) return { absolute: path, relative: undefined };
    const inside = p.root === "" && p.segments.length > 0 && p.segments[0] !== "..";
    return { absolute: undefined, relative: inside ? p.segments.join("/") : undefined };
  }
  const win = isWindowsPath(base);
  const abs = resolveParsed(base, path, win);
  const b = parse(base, win);
  const same = (x: string, y: string) => (win ? x.toLowerCase() === y.toLowerCase() : x === y);
  let inside = same(abs.root, b.root) && abs.segments.length > b.segments.length;
  for (let i = 0; inside && i < b.segments.length; i++) inside = same(abs.segments[i]!, b.segments[i]!);
  const absText = `${abs.root}${abs.segments.join("/")}`;
  return {
    absolute: win ? absText.replaceAll("/", "\\") : absText,
    relative: inside ? abs.segments.slice(b.segments.length).join("/") : undefined,
  };
}

/** A relative URI reference: each segment percent-encoded so spaces, `#` and `%` survive. */
export function relativeUri(relativePath: string): string {
  return relativePath.split("/").map(encodeURIComponent).join("/");
}

/** A `file:` URI for an absolute path, encoded as node's url.pathToFileURL does. */
export function fileUri(absolutePath: string, directory = false): string {
  const win = isWindowsPath(absolutePath);
  let s = win ? absolutePath.replaceAll("\\", "/") : absolutePath;
  let host = "";
  if (win && s.startsWith("//")) {
    const slash = s.indexOf("/", 2);
    host = slash < 0 ? s.slice(2) : s.slice(2, slash);
    s = slash < 0 ? "/" : s.slice(slash);
  } else if (win) s = `/${s}`;
  if (directory && !s.endsWith("/")) s += "/";
  return `file://${host.toLowerCase()}${encodePath(s, win)}`;
}

// The ASCII characters node's pathToFileURL (Node 20) leaves as they are; everything else is percent-encoded UTF-8
// (a lone surrogate as U+FFFD). On Windows `\` has become `/` before this.
const KEEP = new Set("!$&'()*+,-./0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

function encodePath(s: string, win: boolean): string {
  let out = "";
  for (const ch of s) {
    if (KEEP.has(ch) || (win && ch === "\\")) out += ch;
    else for (const byte of new TextEncoder().encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}
