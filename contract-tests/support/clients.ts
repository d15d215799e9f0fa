/**
 * Clients under test: every API in the registry (src/registry.ts), with its manifest's obviously fake
 * credentials, pointed at a base URL (the mock or a replay server).
 */
import type { CommonClientOptions, CoreClient } from '../../src/core/client.js';
import type { VendorManifest } from '../../src/core/manifest.js';
import { REGISTRY, fakeCredentialOptions, registeredApi } from '../../src/registry.js';

export interface ClientUnderTest {
  readonly client: CoreClient<{}>;
  readonly manifest: VendorManifest;
}

/** API ids that have a client. */
export const CLIENT_APIS = REGISTRY.map((api) => api.manifest.id);

export function clientFor(api: string, baseUrl: string, options: CommonClientOptions = {}): ClientUnderTest {
  const { manifest, createClient } = registeredApi(api);
  return { client: createClient({ ...fakeCredentialOptions(manifest), ...options, baseUrl }), manifest };
}

/** The fake credential a manifest declares for a client option (`apiKey`, `partnerProject`, …). */
export function fakeCredential(api: string, option: string): string {
  const value = fakeCredentialOptions(registeredApi(api).manifest)[option];
  if (value === undefined) throw new Error(`${api} declares no credential option ${option}`);
  return value;
}
