// flyctl's own test vectors, transcribed into the repository (fixtures/flyctl, INDEX.md explains the kinds and how to
// compare): every clone checks fidelity, with or without ../shared beside it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "./shared.js";

export const vectorsDir = join(projectRoot, "fixtures/flyctl");

export function vectorPath(file: string): string {
  return join(vectorsDir, file);
}

export function hasVectorFile(file: string): boolean {
  return existsSync(vectorPath(file));
}

export function readVector(file: string): string {
  return readFileSync(vectorPath(file), "utf8");
}

/** Every file of the vectors folder, sorted. */
export function listVectors(): string[] {
  return readdirSync(vectorsDir).sort();
}
