/**
 * `kyc-contracts/testing`: what an application's own test suite needs, and what this project's contract tests
 * use themselves. `startMock` runs the one-process mock in-process on free loopback ports; `replay` serves
 * recordings over loopback HTTP and reports requests that match none.
 */
import { MANIFESTS } from '../../src/manifests.js';
import { type MockHost, type MockHostOptions, startMockHost } from '../mock/host.js';

export { type ReplayServer, type UnmatchedRequest, loadRecordingsFrom, replay } from './replay.js';
export type { Recording } from '../lib/recordings.js';
export { type CannedResponse, type LoopbackServer, type ReceivedRequest, json, startLoopbackServer } from '../../src/testing/loopback-server.js';
export type { MockHost, MockHostOptions } from '../mock/host.js';
export type * from '../mock/control/types.js';
export { ControlError } from '../mock/control/problems.js';

/**
 * Starts the mock (every API, with its vendor workflows unless `stateless`) on free loopback ports. Resolves with
 * `urls` keyed by api id (`urls.kycaid` is a KYCAID base URL), `allUrl` (every API under `/<api>`), `stop()`, and
 * the control methods (`override`, `requests`, `callbacks`, `callbackRule`, `reset`, …: docs/mock.md). It prints one
 * line per request that failed validation and per failed callback delivery on stderr unless `quiet: true`.
 */
export function startMock(options: Omit<MockHostOptions, 'ports'> & { readonly ports?: MockHostOptions['ports'] } = {}): Promise<MockHost> {
  const freePorts = Object.fromEntries([...MANIFESTS.map((m) => [m.id, 0] as const), ['all', 0] as const]);
  return startMockHost({ ...options, ports: { ...freePorts, ...options.ports } });
}
