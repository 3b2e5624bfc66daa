// `flyconf plan [FILE] (--machines MACHINES.json | --app NAME)`: what `fly deploy` would create, update and destroy.
// Exit codes: 0 nothing would change, 1 something would, 2 usage, I/O, API or config errors (config diagnostics go to
// stderr as FILE:LINE:COL). `flyconf diff` is the same command under its old name.
import { dirname, resolve } from "node:path";
import { formatPlanJson, formatPlanMarkdown, formatPlanText } from "../format/plan.js";
import { DEFAULT_MAX_JSON_BYTES } from "../lint/machine-lint.js";
import { problemMessage } from "../lint/report.js";
import { plan, planHasChanges } from "../plan/plan.js";
import type { Problem } from "../diagnostic.js";
import { readJson } from "../reader/json.js";
import { decodeSource, DEFAULT_MAX_BYTES } from "../reader/source.js";
import { formatLocation, type CliIO } from "./compile.js";
import { CliError, localFileReader, printError, printLine, readBytes } from "./io.js";
import { fetchMachines } from "./live.js";

export interface PlanCliOptions {
  machines?: string;
  format?: "text" | "json" | "markdown";
  app?: string;
  apiUrl?: string;
  insecure?: boolean;
  /** Seconds. */
  timeout?: number;
  maxBytes?: number;
  /** commander's --no-ha. */
  ha?: boolean;
  /** Directories besides the project root that files fly.toml names may be read from. */
  allowRead?: string[];
}

export interface PlanIO extends CliIO {
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
}

export async function runPlan(file: string | undefined, opts: PlanCliOptions, io: PlanIO): Promise<number> {
  const configPath = file ?? "fly.toml";
  if (opts.app !== undefined && opts.machines !== undefined) throw new CliError("give either --machines FILE or --app NAME, not both");
  if (opts.app === undefined && opts.machines === undefined) throw new CliError("nothing to plan against: give --machines FILE (fly machines list --json) or --app NAME");
  const configBytes = readBytes(configPath, opts.maxBytes ?? DEFAULT_MAX_BYTES);

  let text: string;
  let source: string;
  if (opts.app !== undefined) {
    const timeoutMs = opts.timeout !== undefined ? opts.timeout * 1000 : undefined;
    const r = await fetchMachines({ app: opts.app, apiUrl: opts.apiUrl, insecure: opts.insecure, timeoutMs, env: io.env, fetch: io.fetch });
    text = r.text;
    source = r.source;
  } else {
    const limit = opts.maxBytes ?? DEFAULT_MAX_JSON_BYTES;
    const d = decodeSource(readBytes(opts.machines!, limit), limit);
    if (!d.ok) throw new CliError(`${opts.machines}:${d.line}:${d.column}: ${problemMessage({ kind: "syntax", messageId: d.messageId, data: d.data } as Problem, "machine-json")}`);
    text = d.text;
    source = opts.machines!;
  }
  const read = readJson(text);
  if (!read.ok) throw new CliError(`${source}:${read.problem.position!.line}:${read.problem.position!.column}: ${problemMessage(read.problem, "machine-json")}`);
  const v = read.doc.value;
  if (typeof v !== "object" || v === null) throw new CliError(`${source}: expected a list of Machines (GET /v1/apps/APP/machines, fly machines list --json)`);

  const result = plan(configBytes, v, {
    maxBytes: opts.maxBytes,
    readFile: localFileReader(dirname(resolve(configPath)), { allowRead: opts.allowRead?.map((d) => resolve(d)) }),
    highAvailability: opts.ha !== false,
    filePath: configPath,
  });
  if (result.diagnostics) {
    for (const d of result.diagnostics) printLine(io, formatLocation(configPath, d));
    printError(io, `${configPath} does not compile; nothing planned`);
    return 2;
  }
  io.stdout(opts.format === "json" ? formatPlanJson(result) : opts.format === "markdown" ? formatPlanMarkdown(result) : formatPlanText(result));
  return planHasChanges(result) ? 1 : 0;
}
