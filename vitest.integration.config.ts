import { defineConfig } from "vitest/config";

// `npm run test:integration`: suites that drive real external programs (pre-commit, npm pack/install, Chromium,
// Neovim). .ci/run installs those programs and runs this after `npm test`.
export default defineConfig({
  test: {
    include: ["test/integration/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
