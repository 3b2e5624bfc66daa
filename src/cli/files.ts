// Which files `flyconf lint` reads: explicit files, directories searched for app configs — fly.toml, fly.yaml,
// fly.json and their fly.*.X variants, and fly.yml to explain it (see isAppConfigName) — (skipping .git and
// node_modules, not following symlinked directories), `-` for stdin. The result is deduplicated (by real path) and
// sorted, so output order never depends on the file system; config `ignore` globs drop files.
import { readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from "node:path";
import { isIgnoredPath, type ConfigResolver, type LintConfig } from "../lint/config.js";
import { isAppConfigName } from "../reader/app-config.js";
import { isInside } from "../reader/file.js";
import { CliError, ioMessage } from "./io.js";

export const SKIPPED_DIRS: ReadonlySet<string> = new Set([".git", "node_modules"]);

export type InputFile =
  | { kind: "file"; /** As shown to the user. */ path: string; abs: string; config: LintConfig }
  | { kind: "stdin"; path: string; /** Where --stdin-filename points (config lookup, ignore), if given. */ abs?: string; config: LintConfig };

export interface Discovery {
  files: InputFile[];
  /** Entries the directory walk found but does not read (links leaving the walked root, non-regular files), and why. */
  skipped: { path: string; reason: string }[];
  /** Files dropped by an `ignore` glob, with the pattern and config that dropped them. */
  ignored: { path: string; pattern: string; config: string }[];
}

/** fly.toml, and per-environment variants such as fly.staging.toml (the directory walk takes isAppConfigName's). */
export function isFlyTomlName(name: string): boolean {
  // Not a regex: `.` would skip names holding a line break, which must be linted (and shown escaped) like any other.
  return name === "fly.toml" || (name.length > 9 && name.startsWith("fly.") && name.endsWith(".toml"));
}

export interface DiscoverOptions {
  cwd: string;
  configs: ConfigResolver;
  stdinFilename?: string;
}

export function discoverFiles(args: readonly string[], opts: DiscoverOptions): Discovery {
  const paths = args.length ? args : ["fly.toml"];
  const found: InputFile[] = [];
  const ignored: Discovery["ignored"] = [];
  const skipped: Discovery["skipped"] = [];
  const seen = new Set<string>();
  let stdinSeen = false;

  // `dir`: the file's directory, absolute and normalized, when the walk knows it (no path arithmetic per file).
  const consider = (shown: string, abs: string, real?: string, dir?: string) => {
    const key = real ?? realOr(abs);
    if (seen.has(key)) return;
    seen.add(key);
    const config = dir !== undefined ? opts.configs.forNormalizedDirectory(dir) : opts.configs.forDirectory(dirname(abs));
    const hit = ignoredBy(config, abs);
    if (hit) ignored.push({ path: shown, pattern: hit, config: config.path ?? "" });
    else found.push({ kind: "file", path: shown, abs, config });
  };

  for (const arg of paths) {
    if (arg === "-") {
      if (stdinSeen) throw new CliError("`-` (stdin) can be given only once");
      stdinSeen = true;
      const abs = opts.stdinFilename !== undefined ? resolve(opts.cwd, opts.stdinFilename) : undefined;
      const config = opts.configs.forDirectory(abs !== undefined ? dirname(abs) : opts.cwd);
      const hit = abs !== undefined ? ignoredBy(config, abs) : undefined;
      const shown = opts.stdinFilename ?? "<stdin>";
      if (hit) ignored.push({ path: shown, pattern: hit, config: config.path ?? "" });
      else found.push({ kind: "stdin", path: shown, ...(abs !== undefined ? { abs } : {}), config });
      continue;
    }
    const abs = resolve(opts.cwd, arg);
    let st;
    try {
      st = statSync(abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") {
        throw new CliError(args.length ? `${arg}: no such file or directory` : `fly.toml: no such file in ${opts.cwd} (run flyconf lint in the app's directory or pass a path)`);
      }
      throw new CliError(ioMessage(arg, err));
    }
    if (st.isDirectory()) {
      const here: Discovery["skipped"] = [];
      const rels = walk(abs, (rel, reason) => here.push({ path: displayJoin(arg, rel), reason }), (dir, names) => opts.configs.noteListing(dir, names));
      skipped.push(...here);
      if (!rels.length && here.length) throw new CliError(`${arg}: nothing to lint: ${here.map((s) => `skipped ${s.path}: ${s.reason}`).join("; ")}`);
      if (!rels.length) throw new CliError(`${arg}: no fly.toml, fly.yaml or fly.json (or fly.*.toml, fly.*.yaml, fly.*.json) found in this directory or below (.git and node_modules are skipped)`);
      const shownPrefix = displayPrefix(arg);
      for (const { rel, abs: fileAbs, dir, real } of rels) consider(shownPrefix + rel, fileAbs, real, dir);
    } else {
      consider(normalize(arg), abs);
    }
  }

  const byPath = (a: InputFile, b: InputFile) => (a.kind === "stdin" ? -1 : b.kind === "stdin" ? 1 : a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files: found.sort(byPath), ignored, skipped };
}

function ignoredBy(config: LintConfig, abs: string): string | undefined {
  if (!config.ignoreMatchers.length) return undefined;
  const rel = relative(config.dir, abs).split(sep).join("/");
  if (isAbsolute(rel)) return undefined;
  return isIgnoredPath(rel, config.ignoreMatchers)?.source;
}

function realOr(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

function displayJoin(arg: string, rel: string): string {
  return normalize(join(arg, rel));
}

/**
 * What displayJoin(arg, rel) puts before a normalized relative path `rel` (no `.` or `..` segments, as the walk
 * makes them): computed once per argument instead of a join and a normalize per file.
 */
function displayPrefix(arg: string): string {
  const n = normalize(arg);
  if (n === "." || n === `.${sep}`) return "";
  return n.endsWith(sep) ? n : n + sep;
}

/** `parent` (absolute, normalized) joined with one entry name: what join() gives, without normalizing again. */
function childOf(parent: string, name: string): string {
  return parent.endsWith(sep) ? parent + name : parent + sep + name;
}

/**
 * Relative paths (native separators) of fly.toml files under `root`, sorted, each with its real path (for
 * deduplication: below the real root, through real directories, a regular file's real path is known without asking
 * the file system again). Unreadable subdirectories are errors.
 * Symlinked directories are not entered (no cycles, no escape); a symlinked fly.toml is linted only when its real
 * path stays inside the walked root: a link to ../../.env would otherwise print another file's lines in code frames.
 * Anything else that is not a regular file (a FIFO would block, a device never ends) is skipped. Each skip is
 * reported through `skip`, never silently.
 */
interface Walked {
  /** Relative to the walked root, native separators. */
  rel: string;
  /** Absolute (the root as given, resolved), and its directory. */
  abs: string;
  dir: string;
  real: string;
}

function walk(root: string, skip: (rel: string, reason: string) => void, listed: (dir: string, names: string[]) => void): Walked[] {
  const out: Walked[] = [];
  const realRoot = realOr(root);
  const visit = (dir: string, rel: string, realDir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw new CliError(ioMessage(dir, err));
    }
    listed(dir, entries.map((e) => e.name));
    // Paths by concatenation: `dir` and `realDir` are absolute and normalized, and an entry name holds no separator.
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const childRel = rel ? rel + sep + e.name : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) visit(childOf(dir, e.name), childRel, childOf(realDir, e.name));
      } else if (isAppConfigName(e.name)) {
        if (e.isFile()) out.push({ rel: childRel, abs: childOf(dir, e.name), dir, real: childOf(realDir, e.name) });
        else if (e.isSymbolicLink()) {
          let real: string;
          try {
            real = realpathSync(childOf(dir, e.name));
          } catch {
            skip(childRel, "a dangling symbolic link");
            continue;
          }
          if (!isInside(real, realRoot)) skip(childRel, `a symbolic link to a file outside ${root} (name it on the command line to lint it)`);
          else if (!isRegular(real)) skip(childRel, "a symbolic link to something that is not a regular file");
          else out.push({ rel: childRel, abs: childOf(dir, e.name), dir, real });
        } else skip(childRel, "not a regular file");
      }
    }
  };
  visit(root, "", realRoot);
  return out;
}

function isRegular(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
