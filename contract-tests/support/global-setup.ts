/**
 * Starts the one mock host (scripts/mock/host.ts) on free loopback ports, once per test run, and hands the URLs to
 * the tests. It runs stateless (`--stateless`): every answer is Prism's, from the spec's examples, which is what
 * these contract tests pin. The workflow tests (contract-tests/workflows.test.ts) start their own stateful host.
 */
import type { TestProject } from 'vitest/node';
import { MANIFESTS } from '../../src/manifests.js';
import { type MockHost, startMockHost } from '../../scripts/mock/host.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** api id → base URL of its mock, on its own port. */
    mockUrls: Record<string, string>;
    /** The host's one port: `${mockAllUrl}/<api>` serves each API too. */
    mockAllUrl: string;
  }
}

let host: MockHost | undefined;

export async function setup(project: TestProject): Promise<void> {
  const ports = Object.fromEntries([...MANIFESTS.map((m) => [m.id, 0] as const), ['all', 0] as const]);
  host = await startMockHost({ ports, stateless: true, quiet: true });
  project.provide('mockUrls', host.urls);
  project.provide('mockAllUrl', host.allUrl);
}

export async function teardown(): Promise<void> {
  await host?.stop();
  host = undefined;
}
