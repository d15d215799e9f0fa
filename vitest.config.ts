import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'contract-tests/**/*.test.ts'],
    // One Prism per spec for the whole run: starting them costs seconds, so never per file.
    globalSetup: ['contract-tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    // The JSON report is what .ci/run reads for its "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
