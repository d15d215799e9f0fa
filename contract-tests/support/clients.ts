/**
 * Clients under test: every API in the vendor registry (src/vendors.ts), with its obviously fake credentials,
 * pointed at a base URL (a Prism mock or a replay server).
 */
import type { ApiClient, CommonClientOptions, VendorProfile } from '../../src/core/http-client.js';
import { VENDORS, fakeCredentials } from '../../src/vendors.js';

export const FAKE_CREDENTIALS = {
  erdApiKey: fakeCredentials('erd')['ERD_API_KEY']!,
  bank131PartnerProject: fakeCredentials('bank131')['BANK131_PARTNER_PROJECT']!,
} as const;

export interface ClientUnderTest {
  readonly api: ApiClient<{}>;
  readonly profile: VendorProfile;
}

/** API ids that have a client (a spec may land before its client). */
export const CLIENT_APIS = Object.keys(VENDORS);

export function clientFor(api: string, baseUrl: string, options: CommonClientOptions = {}): ClientUnderTest {
  const vendor = VENDORS[api];
  if (!vendor) throw new Error(`No client for "${api}": add it to src/vendors.ts`);
  return { api: vendor.create(fakeCredentials(api), { ...options, baseUrl }).api, profile: vendor.profile };
}
