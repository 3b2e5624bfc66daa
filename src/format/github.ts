// GitHub Actions workflow commands, escaped as @actions/core does so messages cannot inject commands. Every line
// this format prints is one of its own annotations: input can neither end a line (\r, \n are escaped) nor put a
// legacy `##[` command in it; other control characters are shown visibly (escape.ts) before the command escaping.
import type { Diagnostic } from "../diagnostic.js";
import { escapeControl } from "../escape.js";
import { annotationTitle } from "./messages.js";
import type { FileResult, FormatOptions } from "./types.js";
import { repoPath } from "./util.js";

export function escapeData(text: string): string {
  return escapeControl(text, true).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

export function formatGithub(results: readonly FileResult[], options: Pick<FormatOptions, "cwd" | "root">): string {
  const cwd = options.cwd;
  let out = "";
  for (const file of results) {
    // Annotations attach to files by repo-relative path; fall back to the given path outside cwd.
    const path = repoPath(file.path, cwd, options.root).relative ?? file.path;
    for (const d of file.diagnostics) out += annotation(path, d);
  }
  return out;
}

function annotation(path: string, d: Diagnostic): string {
  const props: [string, string | number][] = [
    ["file", path],
    ["line", d.line],
  ];
  // GitHub rejects col/endColumn on annotations that span several lines.
  if (d.endLine === d.line) props.push(["col", d.column]);
  props.push(["endLine", d.endLine]);
  if (d.endLine === d.line) props.push(["endColumn", d.endColumn]);
  props.push(["title", annotationTitle(d.ruleId)]);
  const rendered = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
  return `::${COMMAND[d.severity]} ${rendered}::${escapeData(d.message)}\n`;
}
