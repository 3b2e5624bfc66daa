// `flyconf lint [PATHS...]`: find the files, lint each through one function (lintFile), optionally fix, print.
// Exit codes: 0 no errors (warnings allowed up to --max-warnings), 1 errors or too many warnings,
// 2 usage, I/O or configuration errors (one clear line each, never a stack trace).
import { escapeJsonText } from "../escape.js";
import { dirname, resolve } from "node:path";
import type { Diagnostic, ProblemData } from "../diagnostic.js";
import { formatResults, formatUsesSource, pickDefaultFormat, shouldColor, type FileResult as FormatFileResult, type FormatName, type RuleDoc } from "../format/index.js";
import { ConfigError, ConfigResolver, emptyConfig, loadConfigFile, parseRuleOption, type LintConfig } from "../lint/config.js";
import { fixText } from "../lint/fix.js";
import { problemDiagnostics } from "../lint/report.js";
import { lint, severityFor, type RuleSetting } from "../lint/lint.js";
import type * as MachineLint from "../lint/machine-lint.js";
import { configFormatOf, isAppConfigName } from "../reader/app-config.js";
import { readJson } from "../reader/json.js";
import { unifiedDiff } from "../lint/unified-diff.js";
import { DEFAULT_MAX_BYTES } from "../reader/source.js";
import { RULES, RULES_BY_ID } from "../rules/index.js";
import type { CliIO } from "./compile.js";
import { discoverFiles, type InputFile } from "./files.js";
import { CliError, localFileReader, printError, readBytes, readStdin, writeFileAtomic } from "./io.js";
import type * as LintMachines from "./lint-machines.js";
import { optimizeFromHere, willLint, willLintFiles } from "./tiering.js";

// Machine JSON support (ajv validators, the JSON scanner, the Machines API client) loads only when a run needs it:
// a pre-commit hook linting fly.toml pays start-up on every commit.
let machineLint: typeof MachineLint | undefined;
let lintMachines: typeof LintMachines | undefined;
async function loadMachineSupport(): Promise<void> {
  machineLint ??= await import("../lint/machine-lint.js");
  lintMachines ??= await import("./lint-machines.js");
}
/** Must match DEFAULT_MAX_JSON_BYTES in lint/machine-lint.ts (checked by a test), kept here so it loads lazily. */
export const DEFAULT_MAX_JSON_BYTES = 64 * 1024 * 1024;

/** The CLI's view of the process; everything optional defaults to the real process (tests inject their own). */
export interface LintIO extends CliIO {
  /** Whether stdout / stderr are terminals (colour in `stylish`). */
  isTTY?: boolean;
  stderrIsTTY?: boolean;
  env?: Record<string, string | undefined>;
  cwd?: string;
  readStdin?: (maxBytes: number) => Promise<Uint8Array>;
  /** Test seam: runs between fixing a file and writing it (a test saves a concurrent edit there). */
  beforeFixWrite?: (path: string) => void;
  /** Test seam: how --fix writes a file (default: writeFileAtomic, temp file + fsync + rename). */
  writeFile?: (path: string, data: string) => void;
}

export interface LintCliOptions {
  format?: FormatName;
  outputFile?: string;
  rule?: string[];
  config?: string;
  /** commander's --no-config-lookup: false means no .flyconf.json is looked up (only -c FILE or the defaults). */
  configLookup?: boolean;
  /** commander's --no-inline-config: false means suppression comments are ignored (and reported as info). */
  inlineConfig?: boolean;
  maxWarnings?: number;
  fix?: boolean;
  fixDryRun?: boolean;
  /** Also apply suggestions (meaning-changing edits): alone it writes like --fix, with --fix-dry-run it only shows. */
  fixUnsafe?: boolean;
  stdinFilename?: string;
  /** Report errors only (warnings and infos are neither shown nor counted against --max-warnings). */
  quiet?: boolean;
  /** Print the effective rule settings for this file (config file + --rule) as JSON, and lint nothing. */
  printConfig?: string;
  /** SARIF: the repository root URIs are relative to (default $GITHUB_WORKSPACE, else the cwd). */
  sarifRoot?: string;
  maxBytes?: number;
  /** Machine JSON: lint this app's Machines from the Machines API (--app), with --api-url and --timeout (seconds). */
  app?: string;
  apiUrl?: string;
  insecure?: boolean;
  timeout?: number;
  /** Machine JSON: the fly.toml whose process groups Machines must belong to (unknown-group). */
  appConfig?: string;
  /** Machine JSON: the input is a create/update request body (config-wrapper). */
  body?: boolean;
}

/** What linting one input produced. */
export interface LintedFile extends FormatFileResult {
  /** Set when fixing was asked for: the text before and after (a BOM kept as it was), and how many fixes applied. */
  fix?: { before: string; after: string; applied: number };
}

export interface LintFileOptions {
  rules: Readonly<Record<string, RuleSetting>>;
  /** Byte cap; undefined means each input kind's default (1 MiB for fly.toml, 64 MiB for Machine JSON). */
  maxBytes?: number;
  fix: boolean;
  /** Reads files fly.toml names (relative to it), so lint reports a missing one as compile does. */
  readFile?: (path: string) => Uint8Array | undefined;
  /** With `fix`: also apply each finding's first suggestion. */
  unsafe?: boolean;
  /** Machine JSON: process groups fly.toml defines (--app-config), and whether the input is a request body (--body). */
  appGroups?: readonly string[];
  expectBody?: boolean;
  /** False: suppression comments are ignored and reported (--no-inline-config). */
  inlineConfig?: boolean;
}

/** The byte cap for reading an input of this kind. */
export function maxBytesFor(kind: InputKind, override: number | undefined): number {
  return override ?? (kind === "machine-json" ? DEFAULT_MAX_JSON_BYTES : DEFAULT_MAX_BYTES);
}

/** The kinds of input lintFile understands, by file name (stdin: by --stdin-filename). */
export type InputKind = "fly.toml" | "machine-json";

/**
 * By name, as flyctl would be given the file: a `.json` file named fly.json or fly.<env>.json is an app config
 * (flyctl's LoadConfig reads it); any other `.json` is Machines API JSON. (lintFile then checks the shape: an
 * app-config-named file holding a Machine, a list of Machines or a `{"config": …}` body is linted as Machine JSON.)
 */
export function inputKindOf(path: string): InputKind {
  if (!/\.json$/i.test(path)) return "fly.toml";
  return isAppConfigName(baseName(path)) && path.endsWith(".json") ? "fly.toml" : "machine-json";
}

function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return path.slice(i + 1);
}

/** A fly.json whose content is Machines API JSON (a list, or an object with a `config` object): linted as such. */
function looksLikeMachineJson(bytes: Uint8Array): boolean {
  const r = readJson(new TextDecoder().decode(bytes));
  if (!r.ok) return false;
  const v = r.doc.value;
  return Array.isArray(v) || (typeof v === "object" && v !== null && typeof v.config === "object" && v.config !== null && !Array.isArray(v.config));
}

/**
 * Lint one input. Every input goes through here, so this is where a new input kind branches.
 * Throws CliError only for inputs it cannot lint at all.
 */
export { loadMachineSupport };

export function lintFile(path: string, bytes: Uint8Array, options: LintFileOptions): LintedFile {
  willLint(bytes.length);
  switch (inputKindOf(path)) {
    case "machine-json": {
      // Machine JSON (a Machine, a list, a create/update body or a config): its own engine; no fixes, so --fix
      // leaves such files alone.
      if (!machineLint) throw new Error("Machine JSON support is not loaded (call runLint, or loadMachineSupport first)");
      const maxBytes = options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {};
      const r = machineLint.lintMachineJson(bytes, { rules: options.rules, ...maxBytes, appGroups: options.appGroups, expectBody: options.expectBody });
      return { path, source: r.source, diagnostics: r.diagnostics };
    }
    case "fly.toml":
      if (path.endsWith(".json") && machineLint && looksLikeMachineJson(bytes)) {
        const maxBytes = options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {};
        const r = machineLint.lintMachineJson(bytes, { rules: options.rules, ...maxBytes, appGroups: options.appGroups, expectBody: options.expectBody });
        return { path, source: r.source, diagnostics: r.diagnostics };
      }
      return lintToml(path, bytes, options);
  }
}

function lintToml(path: string, bytes: Uint8Array, options: LintFileOptions): LintedFile {
  const lintOptions = { rules: options.rules, maxBytes: maxBytesFor("fly.toml", options.maxBytes), filePath: path, readFile: options.readFile, inlineConfig: options.inlineConfig !== false };
  if (!options.fix) {
    const r = lint(bytes, lintOptions);
    return { path, source: r.source, diagnostics: r.diagnostics };
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const f = fixText(bytes, lintOptions, { unsafe: options.unsafe === true });
  // The original text with its BOM (ignoreBOM keeps it). Only a file that decoded and parsed can have fixes.
  const before = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  const after = f.applied > 0 ? (bom ? "\uFEFF" : "") + f.text : before;
  return { path, source: f.result.source, diagnostics: f.result.diagnostics, fix: { before, after, applied: f.applied } };
}

/** A file over the byte cap, unread: one input-size finding, at the severity its settings give (none when off). */
function tooBig(path: string, data: ProblemData["too-large"], rules: Readonly<Record<string, RuleSetting>>): LintedFile {
  // The read stopped at the cap: the problem the readers report, under the rule that claims it.
  const [found] = problemDiagnostics(undefined, [{ kind: "too-large", messageId: "too-large", data }], "fly.toml") as [Diagnostic];
  const severity = severityFor(RULES_BY_ID.get(found.ruleId), found.ruleId, rules);
  if (!severity) return { path, diagnostics: [] };
  const d: Diagnostic = { ...found, severity };
  return { path, diagnostics: [d] };
}

export function ruleDocs(): RuleDoc[] {
  return RULES.map((r) => ({ id: r.meta.id, severity: r.meta.severity, description: r.meta.description, docs: r.meta.docs, fixable: r.meta.fixable }));
}

function toCliError(e: unknown): unknown {
  return e instanceof ConfigError ? new CliError(e.lines[0]!, 2, e.lines.slice(1)) : e;
}

export async function runLint(paths: readonly string[], opts: LintCliOptions, io: LintIO, toolVersion: string): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  if (opts.sarifRoot !== undefined && (opts.format ?? pickDefaultFormat(env)) !== "sarif") throw new CliError("--sarif-root applies to --format sarif only");
  if (opts.fix && opts.fixDryRun) throw new CliError("--fix and --fix-dry-run cannot be used together");
  if (opts.stdinFilename !== undefined && !paths.includes("-")) throw new CliError("--stdin-filename names stdin: pass `-` as the path too");

  let explicit: LintConfig | undefined;
  const cliRules: Record<string, RuleSetting> = {};
  let configs: ConfigResolver;
  try {
    if (opts.config !== undefined) explicit = loadConfigFile(resolve(cwd, opts.config));
    for (const spec of opts.rule ?? []) {
      const [id, setting] = parseRuleOption(spec);
      cliRules[id] = setting;
    }
    // --no-config-lookup: only -c FILE or the defaults; no file the repository commits changes the rules.
    configs = new ConfigResolver(explicit ?? (opts.configLookup === false ? emptyConfig(cwd) : undefined));
    if (opts.printConfig !== undefined) return printConfig(opts.printConfig, configs, cliRules, cwd, io);
  } catch (e) {
    throw toCliError(e);
  }

  const needsMachines = opts.app !== undefined || opts.appConfig !== undefined || paths.some((p) => inputKindOf(p) === "machine-json") || (opts.stdinFilename !== undefined && inputKindOf(opts.stdinFilename) === "machine-json");
  if (needsMachines) await loadMachineSupport();
  const appGroups = opts.appConfig !== undefined ? lintMachines!.loadAppGroups(resolve(cwd, opts.appConfig)) : undefined;
  const machineOptions = { appGroups, expectBody: opts.body };
  let discovery;
  try {
    const stdinFilename = opts.stdinFilename !== undefined ? { stdinFilename: opts.stdinFilename } : {};
    discovery = opts.app !== undefined && paths.length === 0 ? { files: [], ignored: [], skipped: [] } : discoverFiles(paths, { cwd, configs, ...stdinFilename });
  } catch (e) {
    throw toCliError(e);
  }

  willLintFiles(discovery.files.length);
  const fixing = Boolean(opts.fix || opts.fixDryRun || opts.fixUnsafe);
  const results: LintedFile[] = [];
  let ioFailed = false;
  let fixedStdin: string | undefined;
  const diffs: string[] = [];
  // A file that cannot be read or written, or that crashes a rule, is reported and skipped; the others are
  // still linted and reported, and the exit code is 2.
  const fail = (e: unknown, path: string) => {
    ioFailed = true;
    if (e instanceof CliError) printError(io, e.message, e.details);
    else printError(io, `internal error while linting ${path}: ${(e as Error)?.message ?? String(e)}`);
  };

  if (opts.app !== undefined) {
    try {
      const live = { app: opts.app, apiUrl: opts.apiUrl, insecure: opts.insecure, timeout: opts.timeout, env, rules: cliRules, maxBytes: opts.maxBytes };
      optimizeFromHere();
      results.push(await lintMachines!.lintLiveApp({ ...live, ...machineOptions }));
    } catch (e) {
      fail(e, `--app ${opts.app}`);
    }
  }

  if (discovery.files.some((f) => inputKindOf(f.path) === "machine-json" || f.path.endsWith(".json"))) await loadMachineSupport();
  const format = opts.format ?? pickDefaultFormat(env);
  // A report that shows no source lines keeps no file's text: a lint of 10,000 files holds 10,000 texts otherwise.
  const keepSource = formatUsesSource(format);
  for (const input of discovery.files) {
    let bytes: Uint8Array;
    try {
      const max = maxBytesFor(inputKindOf(input.path), opts.maxBytes);
      bytes = input.kind === "stdin" ? await readStdinInput(max, io) : readFileInput(input, max);
    } catch (e) {
      if (e instanceof CliError && e.tooLarge) {
        results.push(tooBig(input.path, e.tooLarge, { ...input.config.rules, ...cliRules }));
        continue;
      }
      fail(e, input.path);
      continue;
    }
    let r: LintedFile;
    // Files fly.toml names are relative to it (stdin: to the directory of --stdin-filename, or the cwd).
    const readFile = localFileReader(input.abs !== undefined ? dirname(input.abs) : cwd);
    const rules = { ...input.config.rules, ...cliRules };
    const base = { rules, maxBytes: opts.maxBytes, readFile, inlineConfig: opts.inlineConfig !== false, ...machineOptions };
    try {
      r = lintFile(input.path, bytes, { ...base, fix: fixing, unsafe: opts.fixUnsafe === true });
    } catch (e) {
      fail(e, input.path);
      continue;
    }
    if (fixing && configFormatOf(input.path) !== "toml" && inputKindOf(input.path) === "fly.toml" && r.diagnostics.length) {
      printError(io, `${input.path}: not fixed: --fix edits TOML only (fly.toml); fly.yaml and fly.json are linted, and their findings fixed by hand`);
    }
    if (r.fix) {
      const after = r.fix.after;
      const changed = r.fix.applied > 0 && after !== r.fix.before;
      if (opts.fixDryRun) {
        if (changed) diffs.push(unifiedDiff(diffPath(input, cwd), r.fix.before, after));
      } else if (input.kind === "stdin") {
        fixedStdin = after;
      } else if (changed) {
        try {
          // The bytes read are the check: an edit saved since then is never overwritten.
          io.beforeFixWrite?.(input.abs);
          if (io.writeFile) io.writeFile(input.abs, after);
          else writeFileAtomic(input.abs, after, { expected: bytes, shown: input.path });
        } catch (e) {
          // The write failed; the file on disk is untouched. Report the findings of the original text instead.
          fail(e instanceof CliError ? e : new CliError(`${input.path}: ${(e as Error).message}`), input.path);
          try {
            const orig = lintFile(input.path, bytes, { ...base, fix: false });
            results.push(orig);
          } catch (e2) {
            fail(e2, input.path);
          }
          continue;
        }
      }
    }
    // Assigned, not deleted: a deleted property turns each result into a slow dictionary-mode object.
    if (!keepSource) r.source = undefined;
    results.push(r);
  }

  for (const s of discovery.skipped) printError(io, `skipped ${s.path}: ${s.reason}`);
  if (!discovery.files.length && discovery.ignored.length) {
    printError(io, `nothing to lint: every input is ignored (${discovery.ignored.map((i) => `${i.path} by "${i.pattern}"`).join(", ")})`);
  }

  // Where the report goes: a file, or stdout, unless stdout carries the fixed stdin text or the diff.
  const reportToStderr = fixedStdin !== undefined || Boolean(opts.fixDryRun);
  // --quiet: errors only, in the report and in the counts (as ESLint's --quiet: warnings are not even counted).
  if (opts.quiet) for (const r of results) r.diagnostics = r.diagnostics.filter((d) => d.severity === "error");
  // Asking a stream whether it is a TTY initializes it (~2 ms); a clean run prints nothing and need not ask.
  const anyFinding = results.some((r) => r.diagnostics.length > 0);
  const color = anyFinding && opts.outputFile === undefined && shouldColor({ isTTY: reportToStderr ? io.stderrIsTTY : io.isTTY }, env);
  // GitHub annotations and SARIF name files from the repository root: --sarif-root, else $GITHUB_WORKSPACE (a step
  // with working-directory still points at apps/api/fly.toml), else the cwd.
  const workspace = env.GITHUB_WORKSPACE !== undefined && env.GITHUB_WORKSPACE !== "" ? env.GITHUB_WORKSPACE : undefined;
  const root = format === "sarif" ? (opts.sarifRoot ?? workspace) : format === "github" ? workspace : undefined;
  const report = formatResults(format, results, { color, rules: ruleDocs(), cwd, ...(root !== undefined ? { root } : {}), toolVersion });

  if (opts.fixDryRun) io.stdout(diffs.join(""));
  if (fixedStdin !== undefined) io.stdout(fixedStdin);
  if (opts.outputFile !== undefined) (io.writeFile ?? writeFileAtomic)(resolve(cwd, opts.outputFile), report);
  else if (report) (reportToStderr ? io.stderr : io.stdout)(report);

  const errors = results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === "error").length, 0);
  const warnings = results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === "warning").length, 0);
  if (ioFailed) return 2;
  if (errors > 0) return 1;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) {
    printError(io, `too many warnings (${warnings}; --max-warnings allows ${opts.maxWarnings})`);
    return 1;
  }
  return 0;
}

/** `--print-config FILE`: every rule's effective setting for FILE, and where it comes from. */
function printConfig(file: string, configs: ConfigResolver, cliRules: Record<string, RuleSetting>, cwd: string, io: LintIO): number {
  const abs = resolve(cwd, file);
  const cfg = configs.forDirectory(dirname(abs));
  const rules: Record<string, string> = {};
  for (const r of RULES) {
    const setting = Object.hasOwn(cliRules, r.meta.id) ? cliRules[r.meta.id]! : Object.hasOwn(cfg.rules, r.meta.id) ? cfg.rules[r.meta.id]! : undefined;
    rules[r.meta.id] = setting === undefined ? r.meta.severity : setting === "off" ? "off" : setting === "warn" ? "warning" : setting;
  }
  const out = { file, configFile: cfg.path ?? null, ignore: cfg.ignore, rules };
  io.stdout(`${escapeJsonText(JSON.stringify(out, null, 2))}\n`);
  return 0;
}

async function readStdinInput(maxBytes: number, io: LintIO): Promise<Uint8Array> {
  try {
    return await (io.readStdin ?? readStdin)(maxBytes);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`<stdin>: cannot read (${(e as Error).message})`);
  }
}

/** A file's bytes, synchronously: a lint of 10,000 files awaits nothing per file. */
function readFileInput(input: Extract<InputFile, { kind: "file" }>, maxBytes: number): Uint8Array {
  try {
    return readBytes(input.abs, maxBytes);
  } catch (e) {
    // readBytes names the absolute path; show the path as the user gave it.
    if (e instanceof CliError && e.message.startsWith(input.abs)) throw new CliError(input.path + e.message.slice(input.abs.length), e.exitCode, e.details, e.tooLarge);
    throw e;
  }
}

/** The path in `--- a/…` headers: relative to the cwd with `/`, as git shows it. */
function diffPath(input: InputFile, cwd: string): string {
  if (input.kind === "stdin") return input.abs !== undefined ? relPosix(input.abs, cwd) : "stdin";
  return relPosix(input.abs, cwd);
}

function relPosix(abs: string, cwd: string): string {
  const r = abs.startsWith(cwd.endsWith("/") ? cwd : `${cwd}/`) ? abs.slice(cwd.length).replace(/^\/+/, "") : abs.replace(/^\/+/, "");
  return r.split("\\").join("/");
}
