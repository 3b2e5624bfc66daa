// Per-document settings for the language server: the `.flyconf.json` (or flyconf.config.json) found upward from the
// document, read the way every input is (a regular file, bounded), validated like the CLI does. A bad config is one
// diagnostic on the config file, and its documents are linted with the defaults meanwhile: never a crash.
import { basename, dirname, relative, sep } from "node:path";
import { CONFIG_FILE_NAMES, ConfigError, MAX_CONFIG_BYTES, findConfigFile, isIgnoredPath, parseConfig, type LintConfig } from "../lint/config.js";
import { compileGlob, type Glob } from "../lint/glob.js";
import type { RuleSetting } from "../lint/lint.js";
import { isFlyTomlName } from "../cli/files.js";
import { configFormatOf, isAppConfigName, type ConfigFormat } from "../reader/app-config.js";
import { FileReadError, readRegularFile } from "../reader/file.js";

export { isFlyTomlName };

/** "fly.toml": an app config (fly.toml, fly.yaml or fly.json, by `format`); "machine-json": opted-in Machine JSON. */
export type DocumentKind = "fly.toml" | "machine-json";

export interface DocumentSettings {
  /** The config file governing the document, if any. */
  configPath?: string;
  rules: Readonly<Record<string, RuleSetting>>;
  /** Set when the config file could not be used: the message for its diagnostic. */
  configError?: string;
  /** The document is excluded by the config's `ignore`. */
  ignored: boolean;
  /** What the server lints the document as; undefined: not a flyconf document. */
  kind?: DocumentKind;
  /** An app config's format, by its name as flyctl picks it (fly.yaml → yaml, fly.json → json, else toml). */
  format?: ConfigFormat;
}

/** The app config names `flyconf lint` reads in a directory walk: fly.toml, fly.yaml, fly.json, their fly.*.X variants
 * (and fly.yml, which flyctl reads as TOML: linted, to say so). */
export function appConfigKind(name: string): { kind: DocumentKind; format: ConfigFormat } | undefined {
  return isFlyTomlName(name) || isAppConfigName(name) ? { kind: "fly.toml", format: configFormatOf(name) } : undefined;
}

export function isConfigFileName(name: string): boolean {
  return (CONFIG_FILE_NAMES as readonly string[]).includes(name);
}

/** The config file's text, read as the CLI reads it (regular file, bounded); else a ConfigError naming it. */
export function readConfigText(path: string): string {
  try {
    return new TextDecoder().decode(readRegularFile(path, MAX_CONFIG_BYTES, path));
  } catch (e) {
    if (e instanceof FileReadError) throw new ConfigError(e.message);
    throw e;
  }
}

interface Loaded {
  config?: LintConfig;
  /** Opted-in Machine JSON patterns (`"machines"`), compiled. */
  machines: Glob[];
  error?: string;
}

/**
 * `"machines": ["deploy/*.json", …]` in `.flyconf.json` opts Machine JSON files in (globs relative to the config
 * file, as `ignore` is). The CLI's config schema is strict, so the key is taken out before validating the rest.
 */
function loadConfig(path: string): Loaded {
  try {
    const text = readConfigText(path);
    let machines: Glob[] = [];
    let rest = text;
    let raw: unknown;
    try {
      raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch {
      raw = undefined; // parseConfig reports it
    }
    if (raw && typeof raw === "object" && !Array.isArray(raw) && Object.hasOwn(raw, "machines")) {
      const m = (raw as Record<string, unknown>).machines;
      if (!Array.isArray(m) || !m.every((x) => typeof x === "string" && x.trim() !== "")) {
        throw new ConfigError(`${path}: invalid configuration:\n  machines: expected an array of glob patterns (strings)`);
      }
      machines = (m as string[]).map((g) => {
        try {
          return compileGlob(g.replace(/^(\.\/)+/, "").replace(/^\/+/, ""));
        } catch (e) {
          throw new ConfigError(`${path}: invalid configuration:\n  machines: ${(e as Error).message}`);
        }
      });
      const { machines: _m, ...others } = raw as Record<string, unknown>;
      rest = JSON.stringify(others);
    }
    return { config: parseConfig(rest, path), machines };
  } catch (e) {
    if (e instanceof ConfigError) return { machines: [], error: e.message };
    return { machines: [], error: `${path}: ${(e as Error).message}` };
  }
}

/** Caches config files by path; `invalidate()` when the client reports a change. */
export class SettingsStore {
  private readonly files = new Map<string, Loaded>();
  private readonly dirs = new Map<string, string | undefined>();

  invalidate(): void {
    this.files.clear();
    this.dirs.clear();
  }

  /** Config files seen so far, with their error (if any): the server publishes one diagnostic per bad file. */
  configFiles(): { path: string; error?: string }[] {
    return [...this.files].map(([path, l]) => ({ path, error: l.error }));
  }

  private configFor(dir: string): string | undefined {
    if (this.dirs.has(dir)) return this.dirs.get(dir);
    let found: string | undefined;
    try {
      found = findConfigFile(dir);
    } catch (e) {
      // Both names in one directory: the message names the directory; report it on the first name.
      found = `${dir}${sep}${CONFIG_FILE_NAMES[0]}`;
      this.files.set(found, { machines: [], error: (e as Error).message });
    }
    this.dirs.set(dir, found);
    return found;
  }

  forFile(fsPath: string): DocumentSettings {
    const name = basename(fsPath);
    const configPath = this.configFor(dirname(fsPath));
    let loaded: Loaded = { machines: [] };
    if (configPath) {
      loaded = this.files.get(configPath) ?? loadConfig(configPath);
      this.files.set(configPath, loaded);
    }
    const rel = loaded.config ? relative(loaded.config.dir, fsPath).split(sep).join("/") : undefined;
    let kind: DocumentKind | undefined;
    let format: ConfigFormat | undefined;
    const app = appConfigKind(name);
    if (app) ({ kind, format } = app);
    else if (rel !== undefined && !rel.startsWith("../") && loaded.machines.some((re) => re.test(rel))) kind = "machine-json";
    const ignored = rel !== undefined && !rel.startsWith("../") && isIgnoredPath(rel, loaded.config!.ignoreMatchers) !== undefined;
    return { configPath, rules: loaded.config?.rules ?? {}, configError: loaded.error, ignored, kind, ...(format ? { format } : {}) };
  }
}
