import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 90_000,
    // The JSON report is what .ci/run reads for its "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    projects: [
      // Unit tests of the library and the tools: no mock is started for them.
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] } },
      // Contract tests: one mock host for the whole run, started once (contract-tests/support/global-setup.ts).
      {
        extends: true,
        test: { name: 'contract', include: ['contract-tests/**/*.test.ts'], globalSetup: ['contract-tests/support/global-setup.ts'] },
      },
    ],
  },
});
