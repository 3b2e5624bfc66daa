// The linter's configuration file: `.flyconf.json` (or `flyconf.config.json`), found upward from each linted
// file's directory to the filesystem root, or named with --config. Shape:
//   { "$schema"?: string, "rules"?: { "<rule-id>": "off" | "warn" | "error" | "info" }, "ignore"?: ["glob", …] }
// ("warning" is accepted as another name for "warn").
// Everything is validated; a bad file is a ConfigError (the CLI reports it and exits 2), never a silent default.
import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import * as z from "../model/zod.js";
import { RULES_BY_ID } from "../rules/index.js";
import { FileReadError, readRegularFile } from "../reader/file.js";
import { compileGlob, type Glob } from "./glob.js";
import type { RuleSetting } from "./lint.js";
import { closest } from "../rules/utils/words.js";
import { trimTrailingSlashes } from "../portable/paths.js";

export const CONFIG_FILE_NAMES = [".flyconf.json", "flyconf.config.json"] as const;
/** A config file is a few hundred bytes; anything over this is refused unread. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
export const RULE_SETTINGS: readonly RuleSetting[] = ["off", "warn", "warning", "error", "info"];

/** A configuration problem: reported as one clear message, exit code 2. */
export class ConfigError extends Error {
  readonly exitCode = 2;
  /** The headline and one line per problem: the CLI escapes each line on its own (input cannot add lines). */
  readonly lines: readonly string[];
  constructor(headline: string, details: readonly string[] = []) {
    super(details.length ? `${headline}\n  ${details.join("\n  ")}` : headline);
    this.lines = [headline, ...details];
  }
}

export interface LintConfig {
  /** The file it came from (absolute), or undefined for the empty default. */
  path?: string;
  /** The directory ignore globs are relative to. */
  dir: string;
  rules: Record<string, RuleSetting>;
  ignore: string[];
  /** The compiled ignore patterns, in `ignore` order. */
  ignoreMatchers: IgnorePattern[];
}

/** Built on first use: most runs read no config file, and zod schemas cost start-up time to build. */
let schema: ReturnType<typeof configSchema> | undefined;
const configSchema = () =>
  z.strictObject({
    $schema: z.string().optional(),
    rules: z.record(z.string(), z.enum(["off", "warn", "warning", "error", "info"])).optional(),
    ignore: z.array(z.string()).optional(),
    // Machine JSON files the language server lints (globs, like ignore); `flyconf lint` takes files by argument.
    machines: z.array(z.string()).optional(),
  });

export type IsKnownRule = (id: string) => boolean;
const defaultKnown: IsKnownRule = (id) => RULES_BY_ID.has(id);

/** The nearest rule id, by the one suggestion policy every "did you mean" uses (src/rules/utils/words.ts). */
export const didYouMean = closest;

export function unknownRuleMessage(id: string, known: Iterable<string> = RULES_BY_ID.keys()): string {
  const s = didYouMean(id, known);
  return `unknown rule ${JSON.stringify(id)}${s ? ` (did you mean ${JSON.stringify(s)}?)` : ""}; \`flyconf rules\` lists them`;
}

export function emptyConfig(dir: string): LintConfig {
  return { dir, rules: {}, ignore: [], ignoreMatchers: [] };
}

/** Validate a config file's text. `shown` names the file in messages. */
export function parseConfig(text: string, absPath: string, shown = absPath, isKnownRule: IsKnownRule = defaultKnown): LintConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new ConfigError(`${shown}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = (schema ??= configSchema()).safeParse(raw);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length ? issue.path.map(String).join(".") : "top level";
      let msg = issue.message;
      if (issue.code === "invalid_value" && issue.path[0] === "rules") {
        const got = (raw as { rules: Record<string, unknown> }).rules[String(issue.path[1])];
        msg = `expected "off", "warn" (or "warning"), "error" or "info", got ${JSON.stringify(got)}`;
      } else if (issue.code === "unrecognized_keys") {
        msg = `${issue.message}; allowed keys are "rules", "ignore", "machines" and "$schema"`;
      }
      problems.push(`${where}: ${msg}`);
    }
  }
  // Rule ids and globs are checked even when the shape is off elsewhere, so one run shows every problem.
  const r = raw as { rules?: unknown; ignore?: unknown } | null;
  if (r && typeof r === "object" && r.rules && typeof r.rules === "object" && !Array.isArray(r.rules)) {
    for (const id of Object.keys(r.rules)) if (!isKnownRule(id)) problems.push(`rules.${id}: ${unknownRuleMessage(id)}`);
  }
  if (r && typeof r === "object" && Array.isArray(r.ignore)) {
    r.ignore.forEach((g: unknown, i: number) => {
      if (typeof g !== "string") return;
      try {
        compileIgnorePattern(g);
      } catch (e) {
        problems.push(`ignore.${i}: ${(e as Error).message}`);
      }
    });
  }
  if (problems.length || !parsed.success) {
    problems.sort();
    throw new ConfigError(`${shown}: invalid configuration:`, problems);
  }
  const ignore = parsed.data.ignore ?? [];
  return { path: absPath, dir: dirname(absPath), rules: { ...(parsed.data.rules ?? {}) }, ignore, ignoreMatchers: ignore.map(compileIgnorePattern) };
}

/** Read and validate one config file (for --config). */
export function loadConfigFile(path: string, isKnownRule: IsKnownRule = defaultKnown): LintConfig {
  const abs = resolve(path);
  let text: string;
  try {
    // Regular files only, bounded: a committed .flyconf.json can be a link to /dev/zero or a FIFO.
    text = new TextDecoder().decode(readRegularFile(abs, MAX_CONFIG_BYTES, path));
  } catch (e) {
    if (!(e instanceof FileReadError)) throw e;
    if (e.code === "EISDIR") throw new ConfigError(`${path}: is a directory, not a config file`);
    throw new ConfigError(e.code === "ENOENT" ? `${path}: config file not found` : `${path}: cannot read config file (${e.message.startsWith(`${path}: `) ? e.message.slice(path.length + 2) : e.message})`);
  }
  return parseConfig(text, abs, path, isKnownRule);
}

/**
 * The config file governing `dir`: the nearest one in it or an ancestor, or undefined. Two names in one directory is
 * an error.
 */
export function findConfigFile(dir: string): string | undefined {
  let d = resolve(dir);
  for (;;) {
    const here = configFileIn(d);
    if (here !== undefined) return here;
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** The config file in `dir` itself (not its ancestors), or undefined. Two names in one directory is an error. */
function configFileIn(d: string): string | undefined {
  const here = CONFIG_FILE_NAMES.map((n) => join(d, n)).filter((p) => isFile(p));
  if (here.length > 1) throw new ConfigError(`${d}: both ${CONFIG_FILE_NAMES.join(" and ")} exist; keep one`);
  return here[0];
}

function isFile(p: string): boolean {
  try {
    // One stat (following links, as existsSync did); a missing file is no error.
    return statSync(p, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/** Finds and caches configs per directory; `explicit` (from --config) governs every file instead. */
export class ConfigResolver {
  private readonly byDir = new Map<string, LintConfig>();
  private readonly byFile = new Map<string, LintConfig>();
  /** The config file governing each directory looked at so far (null: none), ancestors included. */
  private readonly fileByDir = new Map<string, string | null>();
  /** Directories whose listing showed no config file name (noteListing): not asked of the file system again. */
  private readonly listedWithout = new Set<string>();
  constructor(
    private readonly explicit?: LintConfig,
    private readonly isKnownRule: IsKnownRule = defaultKnown,
  ) {}

  /** The config for files in `dir` (absolute or relative to the cwd). */
  forDirectory(dir: string): LintConfig {
    return this.forNormalizedDirectory(resolve(dir));
  }

  /** forDirectory for a directory already absolute and normalized (as a directory walk builds them). */
  forNormalizedDirectory(abs: string): LintConfig {
    if (this.explicit) return this.explicit;
    const cached = this.byDir.get(abs);
    if (cached) return cached;
    const file = this.configFileFor(abs);
    let cfg: LintConfig;
    if (file === undefined) cfg = emptyConfig(abs);
    else {
      cfg = this.byFile.get(file) ?? loadConfigFile(file, this.isKnownRule);
      this.byFile.set(file, cfg);
    }
    this.byDir.set(abs, cfg);
    return cfg;
  }

  /**
   * A directory walk read `dir` (absolute and normalized) and found `names` in it: with neither config file name
   * among them, the lookup need not stat them (a tree of 10,000 fly.toml directories is 20,000 stats fewer).
   */
  noteListing(dir: string, names: readonly string[]): void {
    if (!names.some((n) => (CONFIG_FILE_NAMES as readonly string[]).includes(n))) this.listedWithout.add(dir);
  }

  /**
   * findConfigFile with every directory's answer remembered: the files of a tree share their ancestors, so each
   * directory is looked at once per run, not once per file below it.
   */
  private configFileFor(abs: string): string | undefined {
    const walked: string[] = [];
    let found: string | null = null;
    for (let d = abs; ; ) {
      const known = this.fileByDir.get(d);
      if (known !== undefined) {
        found = known;
        break;
      }
      walked.push(d);
      const here = this.listedWithout.has(d) ? undefined : configFileIn(d);
      if (here !== undefined) {
        found = here;
        break;
      }
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
    for (const d of walked) this.fileByDir.set(d, found);
    return found ?? undefined;
  }
}

/** `ID=off|warn|error|info` from `--rule`. */
export function parseRuleOption(spec: string, isKnownRule: IsKnownRule = defaultKnown): [string, RuleSetting] {
  const m = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(spec);
  if (!m) throw new ConfigError(`--rule ${JSON.stringify(spec)}: expected ID=off|warn|error|info, e.g. --rule unknown-key=warn`);
  const [, id, setting] = m as unknown as [string, string, string];
  if (!isKnownRule(id)) throw new ConfigError(`--rule ${spec}: ${unknownRuleMessage(id)}`);
  if (!(RULE_SETTINGS as readonly string[]).includes(setting)) throw new ConfigError(`--rule ${spec}: expected "off", "warn" (or "warning"), "error" or "info", got ${JSON.stringify(setting)}`);
  return [id, setting as RuleSetting];
}

// ---------------------------------------------------------------------------------------------------------------
// Ignore globs. Semantics (gitignore-like, relative to the config file's directory):
//   * `*` any characters but `/`, `?` one, `[a-z]` / `[!a-z]` a class, `{a,b}` alternatives, `\x` a literal x;
//   * `**` as a whole path segment: any number of segments (including none);
//   * a pattern without `/` matches a file or directory name at any depth (`fly.*.toml`, `legacy`);
//   * a pattern with `/` matches the path from the config's directory (`apps/old`, `apps/**/fly.toml`); a leading
//     `/` or `./` is dropped;
//   * matching a directory ignores everything in it; a trailing `/` matches directories only;
//   * negation (`!pattern`) is not supported (rejected, not silently misread).

export interface IgnorePattern {
  source: string;
  /** The compiled glob (glob.ts: no regex, no backtracking). */
  glob: Glob;
  /** No `/` in the pattern: tested against each path segment. */
  anySegment: boolean;
  dirOnly: boolean;
}

export function compileIgnorePattern(pattern: string): IgnorePattern {
  if (pattern.trim() === "") throw new Error("an empty pattern would match nothing");
  if (pattern.startsWith("!")) throw new Error(`${JSON.stringify(pattern)}: negated patterns are not supported`);
  let p = pattern;
  let dirOnly = false;
  if (p.endsWith("/")) {
    dirOnly = true;
    p = trimTrailingSlashes(p);
  }
  p = p.replace(/^(\.\/)+/, "");
  const anchored = p.startsWith("/");
  p = p.replace(/^\/+/, "");
  if (p === "") throw new Error(`${JSON.stringify(pattern)}: matches no path`);
  return { source: pattern, glob: compileGlob(p, pattern), anySegment: !anchored && !p.includes("/"), dirOnly };
}

/**
 * Whether `rel` (a file path relative to the config's directory, `/`-separated, not starting with `..`) is
 * ignored by any pattern: the pattern matches the file or one of its ancestor directories.
 */
export function isIgnoredPath(rel: string, patterns: readonly IgnorePattern[]): IgnorePattern | undefined {
  if (rel === "" || rel === ".." || rel.startsWith("../") || rel.startsWith("/")) return undefined;
  const segs = rel.split("/");
  for (const p of patterns) {
    for (let i = 0; i < segs.length; i++) {
      const isDir = i < segs.length - 1;
      if (p.dirOnly && !isDir) continue;
      const candidate = p.anySegment ? segs[i]! : segs.slice(0, i + 1).join("/");
      if (p.glob.test(candidate)) return p;
    }
  }
  return undefined;
}
