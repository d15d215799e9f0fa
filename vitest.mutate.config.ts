/**
 * Vitest configuration for mutation testing only (`npm run mutate`, stryker.config.mjs): the in-process unit
 * tests of the mutated modules. Left out: the contract tests (they need the mock host), and unit tests that
 * exercise the code in child processes (scripts/diff.test.ts, cli, mock, generate, docs, lint: a mutant is
 * switched on inside the test process only, so they could never kill one and would only slow each run).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^kyc-contracts\/testing$/, replacement: here('./scripts/testing/index.ts') },
      { find: /^kyc-contracts\/(erd|kycaid|bank131|brainysoft)$/, replacement: here('./src/$1/index.ts') },
      { find: /^kyc-contracts$/, replacement: here('./src/index.ts') },
    ],
  },
  test: {
    name: 'unit',
    testTimeout: 30_000,
    hookTimeout: 90_000,
    include: ['src/**/*.test.ts', 'scripts/lib/**/*.test.ts', 'scripts/drift.test.ts'],
  },
});
