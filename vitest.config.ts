import { defineConfig } from "vitest/config";

// `npm test`: the fast suite. Slow suites that drive real external programs (pre-commit, npm, a browser, an
// editor) live in test/integration/ and run with `npm run test:integration` (vitest.integration.config.ts).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/integration/**", "**/node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
