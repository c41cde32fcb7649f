import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests share one Postgres and one Redis; each test app gets its own
    // schema and key prefix (test/helpers), so files may run in parallel.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
  },
});

// vitest needs a default export for its config file.
export default config;
