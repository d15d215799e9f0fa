/**
 * `kyc-contracts/testing`: what an application's own test suite needs, and what this project's contract tests
 * use themselves. `startMock` runs the one-process mock in-process on free loopback ports; `replay` serves
 * recordings over loopback HTTP and reports requests that match none.
 */
import { MANIFESTS } from '../../src/manifests.js';
import { MOCK_NEEDS, MissingDependencyError, missingPackages } from '../lib/command.js';
import { currentProject, openProject, overlaidMockSpecs } from '../lib/project.js';
import type { MockHost, MockHostOptions } from '../mock/host.js';

export { REPLAY_HEADER, type ReplayCandidate, type ReplayServer, UNMATCHED_STATUS, type UnmatchedRequest, loadRecordingsFrom, replay } from './replay.js';
export type { Recording } from '../lib/recordings.js';
export { type CannedResponse, type LoopbackServer, type ReceivedRequest, json, startLoopbackServer } from '../../src/testing/loopback-server.js';
export type { MockHost, MockHostOptions } from '../mock/host.js';
export type * from '../mock/control/types.js';
export { ControlError } from '../mock/control/problems.js';

/**
 * startMock's options: those of MockHostOptions, every one optional (`ports` default to free ones) and each may be
 * `undefined`, meaning its default, so that an app compiled with `exactOptionalPropertyTypes` can pass its own
 * possibly-unset settings.
 */
export type StartMockOptions = { readonly [Key in keyof MockHostOptions]?: MockHostOptions[Key] | undefined } & {
  /** Your kyc-contracts.config.json (default: the one in the working directory, if any): its overlays are served. */
  readonly config?: string | undefined;
};

/**
 * Starts the mock (every API, with its vendor workflows unless `stateless`) on free loopback ports. Resolves with
 * `urls` keyed by api id (`urls.kycaid` is a KYCAID base URL), `allUrl` (every API under `/<api>`), `stop()`, and
 * the control methods (`override`, `requests`, `callbacks`, `callbackRule`, `reset`, …: docs/mock.md). It prints one
 * line per request that failed validation and per failed callback delivery on stderr unless `quiet: true`.
 * Prism (an optional peer) is loaded here, not on import: without it this rejects with a MissingDependencyError
 * naming the `npm install` that adds it. With a kyc-contracts.config.json in the working directory (or `config`),
 * it serves the specs with the project's overlays.
 */
export async function startMock(options: StartMockOptions = {}): Promise<MockHost> {
  const { config, ...rest } = options;
  const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)) as Partial<MockHostOptions>;
  const freePorts = Object.fromEntries([...MANIFESTS.map((m) => [m.id, 0] as const), ['all', 0] as const]);
  // The project's overlaid specs (its kyc-contracts.config.json); `specs` given here win.
  const overlaid = await overlaidMockSpecs(config === undefined ? currentProject() : openProject(process.cwd(), config));
  const specs = Object.keys(overlaid).length ? { specs: { ...overlaid, ...given.specs } } : {};
  // Checked before the host loads: a missing peer is one MissingDependencyError naming the install, never a raw
  // ERR_MODULE_NOT_FOUND from deep in an import chain.
  const missing = missingPackages(MOCK_NEEDS);
  if (missing.length) throw new MissingDependencyError(missing, 'The mock');
  const { startMockHost } = await import('../mock/host.js');
  return startMockHost({ ...given, ...specs, ports: { ...freePorts, ...given.ports } });
}
