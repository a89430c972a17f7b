import { defineConfig } from 'vitest/config';

/**
 * End-to-end suites: the built app against the provider simulators. Run them
 * with `npm run test:e2e` (tests/e2e/run.ts), which builds the throwaway
 * keyring they need. Files run one after another because each starts a
 * browser and a hub.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Native modules (better-sqlite3, keytar) are safest in forked processes.
    pool: 'forks',
  },
});
