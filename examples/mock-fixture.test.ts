// A vitest fixture: one mock per worker, reset between tests, so that every test starts from nothing.
import { test as base, describe, expect } from 'vitest';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ApiError, createErdClient } from 'kyc-contracts';
import { type MockHost, startMock } from 'kyc-contracts/testing';
import { useMock } from './mock-hooks.js';

export const test = base.extend<{ $worker: { workerMock: MockHost }; $test: { mock: MockHost } }>({
  workerMock: [
    async ({}, use) => {
      const mock = await startMock({ quiet: true });
      await use(mock);
      await mock.stop();
    },
    { scope: 'worker' },
  ],
  mock: async ({ workerMock }, use) => {
    await use(workerMock);
    workerMock.reset(); // overrides, state, the request journal and callbacks
  },
});

const API_KEY = 'example-erd-backend-api-key-0000000000000000000000';

test('ERD is down once: the service sees the documented 503, then the lookup works', async ({ mock }) => {
  mock.override({ api: 'erd', operationId: 'retrieveErd', respond: { status: 503 }, times: 1 });
  const erd = createErdClient({ apiKey: API_KEY, baseUrl: mock.urls['erd']!, retry: false });
  await expect(erd.retrieveErd({ body: { iin: '900101300123' } })).rejects.toMatchObject({ status: 503 });
  await expect(erd.retrieveErd({ body: { iin: '900101300123' } })).resolves.toMatchObject({ status: 'RECEIVED' });
  const calls = mock.requests({ api: 'erd', operationId: 'retrieveErd' }).requests;
  expect(calls.map((call) => [call.answeredBy, call.status])).toEqual([['override', 503], ['workflow', 200]]);
  expect(calls.every((call) => call.valid)).toBe(true);
});

test('the next test starts from nothing', ({ mock }) => {
  expect(mock.overrides()).toEqual([]);
  expect(mock.requests().requests).toEqual([]);
});

describe('the jest recipe, run here with vitest’s hooks', () => {
  const mock = useMock({ beforeAll, afterEach, afterAll }, { quiet: true, apis: ['erd'] });

  test('overrides a lookup with an error inside the vendor’s shape', async () => {
    mock().override({ api: 'erd', operationId: 'retrieveErd', match: { body: { iin: '900101300123' } }, respond: { status: 400, example: 'no_subscription' } });
    const erd = createErdClient({ apiKey: API_KEY, baseUrl: mock().urls['erd']! });
    const error = await erd.retrieveErd({ body: { iin: '900101300123' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).body).toEqual({ detail: 'Client does not have subscription' });
  });

  test('and resets after each test', () => {
    expect(mock().overrides()).toEqual([]);
  });
});
