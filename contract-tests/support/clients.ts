/**
 * One factory per API: a client with obviously fake credentials, pointed at a base URL (a Prism mock or a replay
 * server). Tests that walk every API use this registry; add an entry when an API lands.
 */
import type { ApiClient, CommonClientOptions, VendorProfile } from '../../src/core/http-client.js';
import { bank131Profile, createBank131Client } from '../../src/bank131/index.js';
import { createErdClient, erdProfile } from '../../src/erd/index.js';

export const FAKE_CREDENTIALS = {
  erdApiKey: 'example-erd-backend-api-key-0000000000000000000000',
  bank131PartnerProject: 'example-partner-project',
} as const;

export interface ClientUnderTest {
  readonly api: ApiClient<{}>;
  readonly profile: VendorProfile;
}

type Factory = (baseUrl: string, options?: CommonClientOptions) => ClientUnderTest;

export const CLIENT_FACTORIES: Record<string, Factory> = {
  erd: (baseUrl, options) => ({
    api: createErdClient({ ...options, apiKey: FAKE_CREDENTIALS.erdApiKey, baseUrl }).api as unknown as ApiClient<{}>,
    profile: erdProfile,
  }),
  bank131: (baseUrl, options) => ({
    api: createBank131Client({ ...options, partnerProject: FAKE_CREDENTIALS.bank131PartnerProject, baseUrl })
      .api as unknown as ApiClient<{}>,
    profile: bank131Profile,
  }),
};

export function clientFor(api: string, baseUrl: string, options?: CommonClientOptions): ClientUnderTest {
  const factory = CLIENT_FACTORIES[api];
  if (!factory) throw new Error(`No client factory for "${api}" in contract-tests/support/clients.ts`);
  return factory(baseUrl, options);
}
