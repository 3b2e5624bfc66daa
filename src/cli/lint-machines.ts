// `flyconf lint` on Machines API JSON: a `.json` file (a Machine, a list of Machines, a create/update body, a
// config), or with --app the app's Machines fetched from the Machines API. --app-config names the fly.toml whose
// process groups the Machines must belong to; --body says the file is a create/update request body.
import { processNames } from "../compile/groups.js";
import type { Diagnostic } from "../diagnostic.js";
import type { RuleSetting } from "../lint/lint.js";
import { DEFAULT_MAX_JSON_BYTES, lintMachineJson } from "../lint/machine-lint.js";
import { analyze } from "../pipeline.js";
import { DEFAULT_MAX_BYTES } from "../reader/source.js";
import { CliError, readBytes } from "./io.js";
import { fetchMachines } from "./live.js";

export { DEFAULT_MAX_JSON_BYTES };

export interface MachineLintCliOptions {
  rules: Readonly<Record<string, RuleSetting>>;
  maxBytes?: number;
  appGroups?: readonly string[];
  expectBody?: boolean;
}

export interface MachineFileResult {
  path: string;
  source: string;
  diagnostics: Diagnostic[];
}

/** Lint one Machine JSON input (bytes from a file or stdin). */
export function lintMachineFile(path: string, bytes: Uint8Array, o: MachineLintCliOptions): MachineFileResult {
  const r = lintMachineJson(bytes, { rules: o.rules, maxBytes: o.maxBytes ?? DEFAULT_MAX_JSON_BYTES, appGroups: o.appGroups, expectBody: o.expectBody });
  return { path, source: r.source, diagnostics: r.diagnostics };
}

/** `--app-config fly.toml`: the process groups it defines. A fly.toml that does not load is a usage error. */
export function loadAppGroups(path: string): string[] {
  let bytes: Uint8Array;
  try {
    bytes = readBytes(path, DEFAULT_MAX_BYTES);
  } catch (e) {
    throw new CliError(`--app-config ${(e as Error).message}`);
  }
  const a = analyze(bytes);
  if (!a.model) {
    const d = a.diagnostics.find((x) => x.severity === "error") ?? a.diagnostics[0];
    throw new CliError(`--app-config ${path}${d ? `:${d.line}:${d.column}: ${d.message}` : ": cannot be read as fly.toml"} (run flyconf lint on it)`);
  }
  return processNames(a.model);
}

export interface LiveLintOptions extends MachineLintCliOptions {
  app: string;
  apiUrl?: string;
  insecure?: boolean;
  /** Seconds. */
  timeout?: number;
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
}

/** `flyconf lint --app NAME`: fetch the Machines (GET only) and lint them; the result is named `app NAME`. */
export async function lintLiveApp(o: LiveLintOptions): Promise<MachineFileResult> {
  const timeoutMs = o.timeout !== undefined ? o.timeout * 1000 : undefined;
  const live = await fetchMachines({ app: o.app, apiUrl: o.apiUrl, insecure: o.insecure, timeoutMs, env: o.env, fetch: o.fetch });
  const r = lintMachineJson(live.text, { rules: o.rules, maxBytes: o.maxBytes ?? 4 * DEFAULT_MAX_JSON_BYTES, appGroups: o.appGroups, expectBody: o.expectBody });
  return { path: live.source, source: r.source, diagnostics: r.diagnostics };
}
