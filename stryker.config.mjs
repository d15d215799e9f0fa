// Mutation testing: `npm run mutate` (slow; not part of `npm test` or CI).
// Scope a run while working: `npm run mutate -- --mutate 'src/core/retry.ts'`.
// Incremental: results are reused from reports/stryker-incremental.json for unchanged code and tests;
// `npm run mutate -- --force` re-runs every mutant.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // The unit tests only: the contract tests need a mock host (see vitest.config.ts).
  vitest: { configFile: 'vitest.mutate.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/core/**/*.ts',
    'src/erd/**/*.ts',
    'src/kycaid/**/*.ts',
    'src/bank131/**/*.ts',
    'src/brainysoft/**/*.ts',
    'src/redaction/**/*.ts',
    '!src/**/*.test.ts',
    '!src/testing/**',
    'scripts/lib/drift.ts',
    'scripts/lib/spec-diff.ts',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants: DEFAULT_RETRY_POLICY, redaction rule tables, manifests) each need the
  // whole suite re-run (~1 min here; ~800 of them: hours). They are left out of the score by default; named tests
  // pin the important ones anyway. Measure them too with `npm run mutate -- --ignoreStatic false --mutate <file>`.
  ignoreStatic: true,
  concurrency: 2,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, reportTests: false, reportMutants: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 10_000,
  tempDirName: '.stryker-tmp',
  // Not needed by the tests; kept out of the sandbox copy.
  ignorePatterns: ['dist', 'build', '.tmp', 'coverage', 'reports'],
  cleanTempDir: 'always',
};
