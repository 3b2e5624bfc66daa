// Access to ../shared (the real-world corpus, the specs). A clone elsewhere has none: suites that need it skip with a
// visible line (a warning on stderr and a skipped test named after the suite). flyctl's vectors are in fixtures/flyctl.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { it } from "vitest";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const sharedDir = resolve(projectRoot, "../shared");
export const hasShared = existsSync(join(sharedDir, "corpus/real"));

/** Call at a suite file's top level: without ../shared, says so on stderr and in the test report. */
export function noteSkip(suite: string): void {
  if (hasShared) return;
  const line = `${suite}: skipped, ${sharedDir} is absent (only the project's own fixtures run)`;
  console.warn(`[flyconf tests] ${line}`);
  it.skip(line, () => undefined);
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
