// `flyconf compile`: fly.toml → Machine configs as JSON on stdout; diagnostics on stderr as FILE:LINE:COL.
import { dirname, resolve } from "node:path";
import { stringifyJson } from "../compile/canonical.js";
import type { CompiledMachineConfig, Int } from "../compile/machine-types.js";
import type { Diagnostic } from "../diagnostic.js";
import { compile } from "../pipeline.js";
import { escapePath } from "../escape.js";
import { EMPTY_CONFIG_MESSAGE, isEmptyConfig } from "../rules/empty-config.js";
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
  /** Directories besides the project root that files fly.toml names may be read from. */
  allowRead?: string[];
}

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export async function runCompile(file: string | undefined, opts: CompileCliOptions, io: CliIO): Promise<number> {
  const path = file ?? "fly.toml";
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const shown = path === "-" ? "<stdin>" : path;
  const bytes = path === "-" ? await readStdin(maxBytes) : readBytes(path, maxBytes);
  let machine: unknown;
  if (opts.merge !== undefined) {
    const text = new TextDecoder().decode(readBytes(opts.merge, 64 * maxBytes));
    try {
      machine = JSON.parse(text);
    } catch (e) {
      throw new CliError(`${opts.merge}: not valid JSON (${(e as Error).message})`);
    }
    if (typeof machine !== "object" || machine === null || Array.isArray(machine)) throw new CliError(`${opts.merge}: must hold one Machine object (a GET response or a config)`);
  }
  if (opts.wrap && opts.group === undefined && machine === undefined) throw new CliError("--wrap needs --group (or --merge, whose Machine names its group)");

  const base = path === "-" ? process.cwd() : dirname(resolve(path));
  const result = compile(bytes, {
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
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  for (const d of result.diagnostics) printLine(io, formatLocation(shown, d));
  if (!result.ok || errors.length) {
    if (result.diagnostics.some((d) => d.ruleId === "invalid-machine" && /onGroupChange/.test(d.message))) io.stderr("flyconf: pass --allow-group-change to move the Machine\n");
    if (result.diagnostics.some((d) => d.ruleId === "invalid-machine" && /detached: "attach"/.test(d.message))) io.stderr("flyconf: pass --attach to attach the detached Machine\n");
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
  io.stdout(`${stringifyJson(out)}\n`);
  return 0;
}

/** `FILE:LINE:COL: message [rule]`, with the path made safe to start a line (printLine escapes the rest). */
export function formatLocation(file: string, d: Diagnostic): string {
  return `${escapePath(file)}:${d.line}:${d.column}: ${d.message} [${d.ruleId}]`;
}
