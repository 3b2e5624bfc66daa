// flyconf/node: the Node-only part of the library. The main entry ("flyconf") runs in any JavaScript runtime (a
// browser, a worker, Deno) and takes text or bytes; reading files and finding configuration files lives here.
import { dirname, resolve } from "node:path";
import { localFileReader, readBytes } from "./cli/io.js";
import { lint, LINT_OPTION_KEYS, type LintOptions, type LintResult } from "./lint/lint.js";
import { ConfigResolver } from "./lint/config.js";
import { compile, COMPILE_OPTION_KEYS, type CompileOptions, type CompileResult } from "./pipeline.js";
import { checkOptions } from "./options.js";
import { DEFAULT_MAX_BYTES } from "./reader/source.js";

export { ConfigError, ConfigResolver, findConfigFile, loadConfigFile, parseConfig, CONFIG_FILE_NAMES } from "./lint/config.js";
export type { LintConfig } from "./lint/config.js";

export interface LintFileOptions extends LintOptions {
  /** Skip the nearest .flyconf.json / flyconf.config.json (default: use it; `rules` here override it). */
  noConfig?: boolean;
}

/**
 * Lint a fly.toml on disk with the nearest configuration file's rule settings. Throws an Error with a one-line
 * message when the file or the configuration cannot be read; findings in the file are diagnostics, never throws.
 */
export function lintFile(path: string, options: LintFileOptions = {}): LintResult {
  checkOptions("lintFile", options, { ...LINT_OPTION_KEYS, noConfig: "boolean" });
  const { noConfig, ...rest } = options;
  const bytes = readBytes(path, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const rules = noConfig ? options.rules : { ...new ConfigResolver().forDirectory(dirname(resolve(path))).rules, ...options.rules };
  return lint(bytes, { ...rest, filePath: options.filePath ?? path, ...(rules !== undefined ? { rules } : {}) });
}

/** Compile a fly.toml on disk; `[[files]] local_path` entries are read relative to its directory. */
export function compileFile(path: string, options: CompileOptions = {}): CompileResult {
  checkOptions("compileFile", options, COMPILE_OPTION_KEYS);
  const bytes = readBytes(path, options.maxBytes ?? DEFAULT_MAX_BYTES);
  return compile(bytes, { readFile: localFileReader(dirname(resolve(path))), filePath: path, ...options });
}

// The Machines API client: list, get, create and update (fresh GET → change → validate → POST, optional lease),
// retries with backoff on 429/5xx, timeouts, typed results, the token never in an error message.
export { createMachinesClient, MachinesApiError, resolveApiUrl, isLoopbackHost, LEASE_NONCE_HEADER } from "./api/machines.js";
export type { MachinesClient, MachinesClientOptions, MachineChange, UpdateOptions, CreateOptions, UpdateResult, MachinesApiErrorKind } from "./api/machines.js";
