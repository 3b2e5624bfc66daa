import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// `npm test`: the fast suite. Slow suites that drive real external programs (pre-commit, npm, a browser, an
// editor) live in test/integration/ and run with `npm run test:integration` (vitest.integration.config.ts).
/** Suites that mock a module (vi.mock): each in a module graph of its own. */
const ISOLATED = ["test/fix.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One worker per core, not vitest's default of cores - 1: on this 2-core machine that default ran one file at a
    // time (vitest 55 s; with 2 workers 36 s on a quiet machine). The static checks have finished before vitest starts.
    maxWorkers: Math.max(1, availableParallelism()),
    // Test files share each worker's module graph (isolate: false): importing the sources once per worker rather
    // than once per file took vitest from 46 s to 31 s here. The suites that replace a module (vi.mock) run apart.
    projects: [
      { extends: true, test: { name: "shared", isolate: false, include: ["test/**/*.test.ts"], exclude: [...ISOLATED, "test/integration/**", "**/node_modules/**"] } },
      { extends: true, test: { name: "isolated", include: ISOLATED } },
    ],
  },
});
