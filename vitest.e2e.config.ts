import { defineConfig } from "vitest/config";

// End-to-end tests: Debian's Chromium (playwright-core) on the built renderer (renderer/dist), bridged to the
// real IPC router over a real vault. Run after `npm run build` (npm test does); one file at a time.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ["default"],
  },
});
