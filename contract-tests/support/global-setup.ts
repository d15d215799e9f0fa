/** Starts one Prism per spec on free loopback ports, once per test run, and hands the URLs to the tests. */
import type { TestProject } from 'vitest/node';
import { listApis } from '../../scripts/lib/apis.js';
import { type PrismInstance, freePort, startPrism } from '../../scripts/lib/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** api id → base URL of its Prism mock. */
    mockUrls: Record<string, string>;
  }
}

let running: PrismInstance[] = [];

export async function setup(project: TestProject): Promise<void> {
  const apis = listApis();
  running = await Promise.all(
    apis.map(async (api) => startPrism({ api: api.id, spec: api.root, port: await freePort(), verbosity: 'error' })),
  );
  project.provide('mockUrls', Object.fromEntries(running.map((p) => [p.api, p.url])));
}

export async function teardown(): Promise<void> {
  await Promise.all(running.map((p) => p.stop()));
  running = [];
}
