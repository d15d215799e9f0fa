// Jest (or any runner with beforeAll / afterEach / afterAll): one mock per test file, everything reset after each test.
import { type MockHost, type MockHostOptions, startMock } from 'kyc-contracts/testing';

interface Hooks {
  beforeAll(fn: () => Promise<void>, timeout?: number): void;
  afterEach(fn: () => void): void;
  afterAll(fn: () => Promise<void>): void;
}

/** In a jest test file: `const mock = useMock({ beforeAll, afterEach, afterAll });`, then `mock().override(…)`. */
export function useMock(hooks: Hooks, options: MockHostOptions = {}): () => MockHost {
  let mock: MockHost | undefined;
  hooks.beforeAll(async () => {
    mock = await startMock(options);
  }, 60_000);
  hooks.afterEach(() => mock?.reset()); // overrides, state, the request journal and callbacks
  hooks.afterAll(async () => mock?.stop());
  return () => {
    if (!mock) throw new Error('the mock is not started yet: call mock() inside a test');
    return mock;
  };
}
