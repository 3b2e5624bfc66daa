// `flyconf compile`: fly.toml → Machine configs as JSON on stdout; diagnostics on stderr as FILE:LINE:COL.
import { dirname, resolve } from "node:path";
import { stringifyJson } from "../compile/canonical.js";
import type { CompiledMachineConfig, Int } from "../compile/machine-types.js";
import type { Diagnostic } from "../diagnostic.js";
import { compile, toConsoleMachineConfig, toReleaseMachineConfig } from "../pipeline.js";
import { processNames } from "../compile/groups.js";
import { lint } from "../lint/lint.js";
import type { FlyToml } from "../model/schema.js";
import { RULES, RULES_BY_ID } from "../rules/index.js";
import { escapeJsonText, escapePath } from "../escape.js";
import { EMPTY_CONFIG_MESSAGE, isEmptyConfig } from "../rules/empty-config.js";
import invalidMachine from "../rules/invalid-machine.js";
import { DEFAULT_MAX_BYTES } from "../reader/source.js";
import { CliError, localFileReader, printLine, readBytes, readStdin } from "./io.js";

export interface CompileCliOptions {
  group?: string;
  services?: boolean;
  wrap?: boolean;
  merge?: string;
  maxBytes?: number;
  flyctlVersion?: string;
  allowGroupChange?: boolean;
  attach?: boolean;
  image?: string;
  /** Print the release_command Machine's config (toReleaseMachineConfig) instead of the process groups'. */
  release?: boolean;
  /** Print the `fly console` Machine's config (toConsoleMachineConfig). */
  console?: boolean;
  /** The config's format when its name does not say (stdin); else from the suffix, as flyctl's LoadConfig. */
  inputFormat?: "toml" | "yaml" | "json";
  /** Directories besides the project root that files fly.toml names may be read from. */
  allowRead?: string[];
}

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Where relative paths start (default: the process's cwd). */
  cwd?: string;
}

export async function runCompile(file: string | undefined, opts: CompileCliOptions, io: CliIO): Promise<number> {
  const path = file ?? "fly.toml";
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const shown = path === "-" ? "<stdin>" : path;
  const cwd = io.cwd ?? process.cwd();
  const bytes = path === "-" ? await readStdin(maxBytes) : readBytes(resolve(cwd, path), maxBytes);
  let machine: unknown;
  if (opts.merge !== undefined) {
    const text = new TextDecoder().decode(readBytes(resolve(cwd, opts.merge), 64 * maxBytes));
    try {
      machine = JSON.parse(text);
    } catch (e) {
      throw new CliError(`${opts.merge}: not valid JSON (${(e as Error).message})`);
    }
    if (typeof machine !== "object" || machine === null || Array.isArray(machine)) throw new CliError(`${opts.merge}: must hold one Machine object (a GET response or a config)`);
  }
  const special = opts.release ? "--release" : opts.console ? "--console" : undefined;
  usageChecks(opts, machine !== undefined, special);

  const base = path === "-" ? cwd : dirname(resolve(cwd, path));
  const result = compile(bytes, {
    ...(path !== "-" ? { filePath: path } : {}),
    ...(opts.inputFormat ? { format: opts.inputFormat } : {}),
    group: opts.group,
    machine,
    maxBytes,
    flyctlVersion: opts.flyctlVersion,
    // The CLI prints integers past 2^53 exactly.
    bigint: true,
    onGroupChange: opts.allowGroupChange ? "allow" : "refuse",
    detached: opts.attach ? "attach" : "refuse",
    image: opts.image,
    readFile: localFileReader(base, { allowRead: opts.allowRead?.map((d) => resolve(d)) }),
  });
  // Valid TOML that sets nothing compiles (flyctl reads it as an empty config), but nobody means to deploy it.
  const doc = result.analysis.doc;
  if (doc && isEmptyConfig(doc.value)) {
    printLine(io, `${shown}:1:1: ${EMPTY_CONFIG_MESSAGE} [empty-config]`);
    return 1;
  }
  // A --group the file does not define is a usage mistake (exit 2), with the groups it does define.
  const model = result.analysis.model;
  if (opts.group !== undefined && model && !processNames(model).includes(opts.group)) {
    throw new CliError(`--group ${JSON.stringify(opts.group)}: ${shown} defines no such process group; its groups: ${processNames(model).map((g) => JSON.stringify(g)).join(", ")}`);
  }
  // What flyctl's own validation refuses (fly deploy would stop there): the compiler does not see it, the linter does.
  const seen = new Set(result.diagnostics.map((d) => `${d.line}:${d.column}:${d.ruleId}`));
  const refused = doc && model ? refusedByFlyctl(bytes, maxBytes, base, opts.allowRead?.map((d) => resolve(d))).filter((d) => !seen.has(`${d.line}:${d.column}:${d.ruleId}`)) : [];
  const errors = [...result.diagnostics.filter((d) => d.severity === "error"), ...refused];
  for (const d of [...result.diagnostics, ...refused].sort((a, b) => a.line - b.line || a.column - b.column)) {
    // A Machine the update path refuses is about the --merge file, not a finding in fly.toml: no position, no rule id.
    if (d.ruleId === invalidMachine.meta.id && opts.merge !== undefined) printLine(io, `flyconf: ${escapePath(opts.merge)}: ${d.message}`);
    else printLine(io, formatLocation(shown, d));
  }
  if (refused.length && result.ok && errors.length === refused.length) {
    io.stderr("flyconf: fly deploy refuses this file (flyctl's validation fails), so no config is printed; `flyconf lint` shows every finding\n");
  }
  if (special && model && result.ok && !errors.length) return printSpecial(special, model, opts, base, shown, io);
  if (!result.ok || errors.length) {
    if (result.diagnostics.some((d) => d.ruleId === invalidMachine.meta.id && /onGroupChange/.test(d.message))) io.stderr("flyconf: pass --allow-group-change to move the Machine\n");
    if (result.diagnostics.some((d) => d.ruleId === invalidMachine.meta.id && /detached: "attach"/.test(d.message))) io.stderr("flyconf: pass --attach to attach the detached Machine\n");
    return 1;
  }

  const single = result.groups.length === 1 && (opts.group !== undefined || machine !== undefined);
  let out: unknown;
  const servicesOf = (c: CompiledMachineConfig<Int>) => c.services ?? [];
  if (single) {
    const cfg = result.configs[result.groups[0]!]!;
    out = opts.services ? servicesOf(cfg) : opts.wrap ? { config: cfg } : cfg;
    // A body without an image is refused by the API on create: say so (the output is still what was asked for).
    if (opts.wrap && !cfg.image) io.stderr(`flyconf: note: the body has no config.image (fly.toml's conversion leaves it to fly deploy); set it with --image\n`);
  } else {
    const sorted: Record<string, unknown> = {};
    // defineProperty: a group may be named "__proto__", and assignment would set the prototype instead.
    for (const g of Object.keys(result.configs).sort())
      Object.defineProperty(sorted, g, { value: opts.services ? servicesOf(result.configs[g]!) : result.configs[g], enumerable: true, writable: true, configurable: true });
    out = sorted;
  }
  io.stdout(`${escapeJsonText(stringifyJson(out))}\n`);
  return 0;
}

/** Option combinations that cannot mean anything: exit 2 instead of silently ignoring one of them. */
function usageChecks(opts: CompileCliOptions, merging: boolean, special: string | undefined): void {
  if (opts.services && opts.wrap) throw new CliError("--services and --wrap cannot be used together: --services prints services arrays, --wrap a Machines API body");
  if (special !== undefined) {
    if (opts.release && opts.console) throw new CliError("--release and --console cannot be used together: each prints one Machine's config");
    for (const [flag, set] of [["--group", opts.group !== undefined], ["--services", opts.services], ["--merge", merging], ["--image", opts.image !== undefined]] as const) {
      if (set) throw new CliError(`${special} cannot be used with ${flag}: ${special} prints a one-off Machine of its own`);
    }
    return;
  }
  if (opts.wrap && opts.group === undefined && !merging) throw new CliError("--wrap needs --group (or --merge, whose Machine names its group)");
}

/** Lint findings of rules whose findings flyctl's validation refuses, at error severity. */
function refusedByFlyctl(bytes: Uint8Array, maxBytes: number, base: string, allowRead: readonly string[] | undefined): Diagnostic[] {
  const rules: Record<string, "off"> = {};
  for (const r of RULES) if (!r.meta.flyctlRefuses) rules[r.meta.id] = "off";
  const found = lint(bytes, { maxBytes, rules, readFile: localFileReader(base, { allowRead }) }).diagnostics;
  return found.filter((d) => {
    const refuses = RULES_BY_ID.get(d.ruleId)?.meta.flyctlRefuses;
    return d.severity === "error" && (refuses === true || (typeof refuses === "function" && refuses(d)));
  });
}

/** `--release` / `--console`: the one-off Machines flyctl builds from fly.toml (spec §4.15). */
function printSpecial(flag: string, model: FlyToml, opts: CompileCliOptions, base: string, shown: string, io: CliIO): number {
  if (flag === "--release" && !model.deploy?.release_command) {
    printLine(io, `${escapePath(shown)}: no [deploy] release_command: fly deploy starts no release Machine`);
    return 1;
  }
  const options = { flyctlVersion: opts.flyctlVersion, readFile: localFileReader(base, { allowRead: opts.allowRead?.map((d) => resolve(d)) }) };
  const r = flag === "--release" ? toReleaseMachineConfig(model, options) : toConsoleMachineConfig(model, options);
  if (!r.ok) {
    for (const e of r.errors) printLine(io, `${escapePath(shown)}: ${e.message} [invalid-type]`);
    return 1;
  }
  io.stdout(`${escapeJsonText(stringifyJson(opts.wrap ? { config: r.config } : r.config))}\n`);
  return 0;
}

/** `FILE:LINE:COL: message [rule]`, with the path made safe to start a line (printLine escapes the rest). */
export function formatLocation(file: string, d: Diagnostic): string {
  return `${escapePath(file)}:${d.line}:${d.column}: ${d.message} [${d.ruleId}]`;
}
