/**
 * Vitest configuration for mutation testing only (`npm run mutate`, stryker.config.mjs): the in-process unit
 * tests of the mutated modules. Left out: the contract tests (they need the mock host), and unit tests that
 * exercise the code in child processes (scripts/diff.test.ts, cli, mock, generate, docs, lint: a mutant is
 * switched on inside the test process only, so they could never kill one and would only slow each run).
 * Also left out: src/core/faults.test.ts, the end-to-end fault suite (32 s of real time-outs and 1 MB uploads);
 * with it every core mutant costs up to half a minute. The *.mutation.test.ts files pin those rules instead.
 */
import { defineConfig } from 'vitest/config';
import { packageAliases } from './vitest.config.js';

export default defineConfig({
  resolve: { alias: packageAliases },
  test: {
    name: 'unit',
    testTimeout: 30_000,
    hookTimeout: 90_000,
    include: ['src/**/*.test.ts', 'scripts/lib/**/*.test.ts', 'scripts/drift.test.ts'],
    exclude: ['**/node_modules/**', 'src/core/faults.test.ts'],
  },
});
