import { defineConfig } from 'vitest/config';

// Vitest loads the default export of its config file.
// eslint-disable-next-line no-restricted-syntax
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'] } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000 } },
    ],
  },
});
