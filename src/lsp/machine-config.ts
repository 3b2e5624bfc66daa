// workspace/executeCommand flyconf.showMachineConfig: the Machine config `flyconf compile` would print for one
// process group (the one the cursor is in, or the one asked for), for editors to show beside fly.toml.
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Position } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { stringifyJson } from "../compile/canonical.js";
import { compile } from "../pipeline.js";
import { namedFileReader } from "../reader/file.js";
import type { ConfigFormat } from "../reader/app-config.js";
import { isTable } from "../reader/values.js";
import { readDocument } from "./app-doc.js";
import { pathAt } from "./toml-context.js";

export interface MachineConfigAnswer {
  group: string;
  /** Every process group the file defines. */
  groups: string[];
  /** The config as JSON text, exactly as `flyconf compile --group` prints it (integers beyond 2^53 kept). */
  json: string;
  /** The same, parsed (for clients that want an object). */
  config: unknown;
}

export type Answer<T> = { ok: true; value: T } | { ok: false; message: string };

/** The group the cursor's section applies to: a `[processes]` entry, or the first of a section's `processes`. */
export function groupAtCursor(doc: TextDocument, pos: Position, format: ConfigFormat = "toml"): string | undefined {
  const at = pathAt(doc, pos, format);
  if (!at || at.path.length === 0) return undefined;
  if (at.path[0] === "processes" && typeof at.path[1] === "string") return at.path[1];
  const read = readDocument(doc, format);
  if (!read) return undefined;
  // The innermost table on the path that names its groups.
  let v: unknown = read.pdoc.value;
  let found: string | undefined;
  for (const seg of at.path) {
    if (isTable(v) && Array.isArray(v.processes) && typeof v.processes[0] === "string") found = v.processes[0];
    v = isTable(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[seg] : undefined;
  }
  return found;
}

/** Files fly.toml names (machine_config, [[files]] local_path): read as `flyconf compile` reads them (inside the
 * project root, regular files, bounded). */
export function namedFilesOf(uri: string): ((p: string) => Uint8Array) | undefined {
  if (!uri.startsWith("file:")) return undefined;
  return namedFileReader(dirname(fileURLToPath(uri)));
}

export function showMachineConfig(doc: TextDocument, o: { group?: string; position?: Position; format?: ConfigFormat }): Answer<MachineConfigAnswer> {
  const text = doc.getText();
  const format = o.format ?? "toml";
  const name = format === "toml" ? "fly.toml" : `fly.${format}`;
  const all = compile(text, { readFile: namedFilesOf(doc.uri), format });
  const errors = all.diagnostics.filter((d) => d.severity === "error");
  if (errors.length || !all.groups.length) {
    const list = errors.slice(0, 5).map((d) => `${d.line}:${d.column} ${d.message} [${d.ruleId}]`);
    return { ok: false, message: `${name} does not compile${list.length ? `:\n${list.join("\n")}` : ""}` };
  }
  let group = o.group ?? (o.position ? groupAtCursor(doc, o.position, format) : undefined);
  if (group !== undefined && !all.groups.includes(group)) {
    if (o.group !== undefined) return { ok: false, message: `process group ${JSON.stringify(group)} is not defined; ${name} defines ${all.groups.map((g) => JSON.stringify(g)).join(", ")}` };
    group = undefined;
  }
  group ??= all.groups[0]!;
  const config = all.configs[group]!;
  const json = stringifyJson(config);
  return { ok: true, value: { group, groups: all.groups, json, config: JSON.parse(json) } };
}
