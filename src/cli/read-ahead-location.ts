// Where the read-ahead thread's script is. Here: beside this module once tsc has built it (dist/cli/). The CLI
// bundle replaces this module (scripts/bundle.mjs) with dist/flyconf-read-ahead.cjs, the thread's own bundle.
import { fileURLToPath } from "node:url";

export function readAheadWorkerFile(): string {
  return fileURLToPath(new URL("./read-ahead-worker.js", import.meta.url));
}
