// `flyconf diff fly.toml MACHINES.json` (or `--app NAME`): what `fly deploy` would change on each Machine.
// Exit codes: 0 nothing drifted, 1 something drifted (or a Machine cannot be compared), 2 usage, I/O, API or
// fly.toml errors (fly.toml diagnostics go to stderr as FILE:LINE:COL).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { computeDrift, formatDriftJson, formatDriftText } from "../lint/drift.js";
import { DEFAULT_MAX_JSON_BYTES } from "../lint/machine-lint.js";
import { readMachineInput } from "../model/machine-input.js";
import { readJson } from "../reader/json.js";
import { decodeSource, DEFAULT_MAX_BYTES } from "../reader/source.js";
import { formatLocation, type CliIO } from "./compile.js";
import { CliError, printError, printLine, readBytes } from "./io.js";
import { fetchMachines } from "./live.js";

export interface DiffCliOptions {
  format?: "text" | "json";
  app?: string;
  apiUrl?: string;
  insecure?: boolean;
  /** Seconds. */
  timeout?: number;
  maxBytes?: number;
}

export interface DiffIO extends CliIO {
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
}

export async function runDiff(flyTomlPath: string, machinesPath: string | undefined, opts: DiffCliOptions, io: DiffIO): Promise<number> {
  if (opts.app !== undefined && machinesPath !== undefined) throw new CliError("give either a Machines JSON file or --app, not both");
  if (opts.app === undefined && machinesPath === undefined) throw new CliError("nothing to compare with: give a Machines JSON file (fly machines list --json) or --app NAME");
  const tomlBytes = readBytes(flyTomlPath, opts.maxBytes ?? DEFAULT_MAX_BYTES);

  let text: string;
  let source: string;
  if (opts.app !== undefined) {
    const r = await fetchMachines({ app: opts.app, apiUrl: opts.apiUrl, insecure: opts.insecure, timeoutMs: opts.timeout !== undefined ? opts.timeout * 1000 : undefined, env: io.env, fetch: io.fetch });
    text = r.text;
    source = r.source;
  } else {
    const d = decodeSource(readBytes(machinesPath!, opts.maxBytes ?? DEFAULT_MAX_JSON_BYTES), opts.maxBytes ?? DEFAULT_MAX_JSON_BYTES);
    if (!d.ok) throw new CliError(`${machinesPath}:${d.line}:${d.column}: ${d.message.replace("fly.toml", "JSON")}`);
    text = d.text;
    source = machinesPath!;
  }
  const read = readJson(text);
  if (!read.ok) throw new CliError(`${source}:${read.problem.position!.line}:${read.problem.position!.column}: ${read.problem.message}`);
  const input = readMachineInput(read.doc.value);
  if (input.shape === "other") throw new CliError(`${source}: expected a Machine, a list of Machines, a create/update body or a config object`);

  const base = dirname(resolve(flyTomlPath));
  const result = computeDrift(tomlBytes, input, {
    maxBytes: opts.maxBytes,
    readFile: (p) => {
      try {
        return readFileSync(resolve(base, p));
      } catch {
        return undefined;
      }
    },
  });
  if (result.diagnostics.length) {
    for (const d of result.diagnostics) printLine(io, formatLocation(flyTomlPath, d));
    printError(io, `${flyTomlPath} does not compile; nothing compared`);
    return 2;
  }
  const render = { source, doc: read.doc };
  io.stdout(opts.format === "json" ? formatDriftJson(result, render) : formatDriftText(result, render));
  return result.drifted > 0 ? 1 : 0;
}
