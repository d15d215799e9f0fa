/**
 * `kyc-contracts/testing`: what an application's own test suite needs, and what this project's contract tests
 * use themselves. `startMock` runs the one-process mock in-process on free loopback ports; `replay` serves
 * recordings over loopback HTTP and reports requests that match none.
 */
import { MANIFESTS } from '../../src/manifests.js';
import { currentProject, openProject, overlaidMockSpecs } from '../lib/project.js';
import { type MockHost, type MockHostOptions, startMockHost } from '../mock/host.js';

export { type ReplayServer, type UnmatchedRequest, loadRecordingsFrom, replay } from './replay.js';
export type { Recording } from '../lib/recordings.js';
export { type CannedResponse, type LoopbackServer, type ReceivedRequest, json, startLoopbackServer } from '../../src/testing/loopback-server.js';
export type { MockHost, MockHostOptions } from '../mock/host.js';

/**
 * Starts the mock (every API, with its vendor workflows unless `stateless`) on free loopback ports. Resolves with
 * `urls` keyed by api id (`urls.kycaid` is a KYCAID base URL), `allUrl` (every API under `/<api>`), and `stop()`.
 * With a kyc-contracts.config.json in the working directory, it serves the specs with the project's overlays.
 */
export async function startMock(options: StartMockOptions = {}): Promise<MockHost> {
  const freePorts = Object.fromEntries([...MANIFESTS.map((m) => [m.id, 0] as const), ['all', 0] as const]);
  const { config, ...hostOptions } = options;
  // The project's overlaid specs (its kyc-contracts.config.json); `specs` given here win.
  const overlaid = await overlaidMockSpecs(config === undefined ? currentProject() : openProject(process.cwd(), config));
  const specs = Object.keys(overlaid).length ? { specs: { ...overlaid, ...hostOptions.specs } } : {};
  return startMockHost({ quiet: true, ...hostOptions, ...specs, ports: { ...freePorts, ...hostOptions.ports } });
}

export type StartMockOptions = Omit<MockHostOptions, 'ports'> & {
  readonly ports?: MockHostOptions['ports'];
  /** Your kyc-contracts.config.json (default: the one in the working directory, if any): its overlays are served. */
  readonly config?: string;
};
