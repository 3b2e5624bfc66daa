// Formatter entry points. Formatters are pure: they return text and never write or exit.
import { checkOptions, showValue, type OptionKeys } from "../options.js";
import { formatCompact } from "./compact.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { unknownFormat } from "./messages.js";
import { formatSarif } from "./sarif.js";
import { formatStylish } from "./stylish.js";
import { FORMAT_NAMES, type FileResult, type FormatName, type FormatOptions } from "./types.js";

export type { FileResult, FormatName, FormatOptions, RuleDoc } from "./types.js";
export { FORMAT_NAMES } from "./types.js";
export { formatCompact } from "./compact.js";
export { formatGithub, escapeData, escapeProperty } from "./github.js";
export { formatJson, toJsonReport, JSON_FORMAT_VERSION, type JsonReport, type JsonDiagnostic } from "./json.js";
export { formatSarif, toSarif, pascalCase, type SarifLog } from "./sarif.js";
export { formatStylish } from "./stylish.js";

export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

/** Every option formatResults takes, as checkOptions checks them. */
const FORMAT_OPTION_KEYS = { color: "boolean", rules: (_fn: string, _key: string, v: unknown) => (Array.isArray(v) ? undefined : "an array of rule docs (RULES' meta)"), cwd: "string", root: "string", toolVersion: "string" } as const satisfies OptionKeys;

/** Whether a format shows source lines (stylish's code frames): the others need no file's text kept for them. */
export function formatUsesSource(name: FormatName): boolean {
  return name === "stylish";
}

export function formatResults(name: FormatName, results: readonly FileResult[], options: FormatOptions): string {
  checkOptions("formatResults", options, FORMAT_OPTION_KEYS);
  switch (name) {
    case "stylish":
      return formatStylish(results, options);
    case "compact":
      return formatCompact(results);
    case "json":
      return formatJson(results);
    case "sarif":
      return formatSarif(results, options);
    case "github":
      return formatGithub(results, options);
    default:
      // Reachable from untyped callers (a CLI string); fail loudly rather than print nothing.
      throw new TypeError(unknownFormat(showValue(name satisfies never), FORMAT_NAMES));
  }
}

type Env = Record<string, string | undefined>;

/** GitHub annotations inside Actions (as yamllint does), stylish elsewhere. */
export function pickDefaultFormat(env: Env): FormatName {
  return env.GITHUB_ACTIONS === "true" ? "github" : "stylish";
}

/**
 * FORCE_COLOR wins (as in Node and supports-color; "0"/"false" force off), then NO_COLOR
 * (no-color.org: any non-empty value), then a dumb terminal, then whether the stream is a TTY.
 */
export function shouldColor(stream: { isTTY?: boolean }, env: Env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}
