// Replaying your own recordings (`<dir>/<api>/*.json`) through your code: each request gets the recording that
// matches its method, path, query and body; one that matches none gets HTTP 599 (x-kyc-replay: unmatched).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createErdClient } from 'kyc-contracts/erd';
import { type ReplayServer, loadRecordingsFrom, replay } from 'kyc-contracts/testing';

let server: ReplayServer;
beforeAll(async () => {
  server = await replay(loadRecordingsFrom('contract-tests/recordings', 'erd'));
});
afterAll(() => server.close());

it('my ERD lookup reads the recorded answer', async () => {
  const erd = createErdClient({ apiKey: 'example-erd-backend-api-key-0000000000000000000000', baseUrl: server.url });
  const answer = await erd.retrieveErd({ body: { iin: '010203040506' } });
  expect(answer.status).toBe('RECEIVED');
  server.assertAllMatched(); // throws listing every request no recording matched, with the nearest recordings
});
