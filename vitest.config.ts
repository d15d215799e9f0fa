import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The examples import the package by name, as an application does; here the name resolves to the sources. */
export const packageAliases = [
  { find: /^kyc-contracts\/testing$/, replacement: here('./scripts/testing/index.ts') },
  { find: /^kyc-contracts\/core$/, replacement: here('./src/core/index.ts') },
  { find: /^kyc-contracts\/(erd|kycaid|bank131|brainysoft|biometric)$/, replacement: here('./src/$1/index.ts') },
  { find: /^kyc-contracts$/, replacement: here('./src/index.ts') },
];

export default defineConfig({
  resolve: { alias: packageAliases },
  test: {
    testTimeout: 30_000,
    // Every answer a mock workflow builds is validated against the spec in tests (at run time, the first of each
    // shape is: scripts/mock/output-check.ts).
    env: { KYC_MOCK_CHECK_EVERY_ANSWER: '1' },
    hookTimeout: 90_000,
    // The JSON report is what .ci/run reads for its "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
    projects: [
      // Unit tests of the library and the tools: no mock is started for them.
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'examples/**/*.test.ts'] } },
      // Contract tests: one mock host for the whole run, started once (contract-tests/support/global-setup.ts).
      {
        extends: true,
        test: { name: 'contract', include: ['contract-tests/**/*.test.ts'], globalSetup: ['contract-tests/support/global-setup.ts'] },
      },
    ],
  },
});
