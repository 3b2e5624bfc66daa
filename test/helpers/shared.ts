// Access to ../shared (spec, conformance vectors, corpus). A clone elsewhere has none: suites skip with a note.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedDir = resolve(projectRoot, "../shared");
export const hasShared = existsSync(join(sharedDir, "conformance/flyctl/INDEX.md"));

export function noteSkip(suite: string): void {
  if (!hasShared) console.warn(`[flyconf tests] ${suite}: skipped, ${sharedDir} is absent (only the project's own fixtures run)`);
}

export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}

export function readShared(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), "utf8");
}

export function listShared(...parts: string[]): string[] {
  return hasShared ? readdirSync(sharedPath(...parts)).sort() : [];
}
