import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// `npm test`: the fast suite. Slow suites that drive real external programs (pre-commit, npm, a browser, an
// editor) live in test/integration/ and run with `npm run test:integration` (vitest.integration.config.ts).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/integration/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One worker per core, not vitest's default of cores - 1: on this 2-core machine that default ran one file at a
    // time (vitest 55 s; with 2 workers 36 s on a quiet machine). The static checks have finished before vitest starts.
    maxWorkers: Math.max(1, availableParallelism()),
  },
});
