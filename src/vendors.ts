/**
 * The registry of vendor APIs: for each api id, how to build its client from credentials, which environment
 * variables hold those credentials, and its redaction rules. Tooling that works on "any API" (the recorder,
 * the contract tests) goes through here; add an entry when an API lands.
 */
import type { ApiClient, CommonClientOptions, VendorProfile } from './core/http-client.js';
import type { RedactionRules } from './redaction/redact.js';
import { BANK131_STAGE_URL, bank131Profile, createBank131Client } from './bank131/index.js';
import { bank131Redaction } from './bank131/redaction.js';
import { ERD_BASE_URL, createErdClient, erdProfile } from './erd/index.js';
import { erdRedaction } from './erd/redaction.js';
import { brainysoftBaseUrl, brainysoftProfile, createBrainysoftClient } from './brainysoft/index.js';
import { brainysoftRedaction } from './brainysoft/redaction.js';
import { KYCAID_BASE_URL, createKycaidClient, kycaidProfile } from './kycaid/index.js';
import { kycaidRedaction } from './kycaid/redaction.js';

export interface CredentialVariable {
  /** Environment variable name, e.g. `KYCAID_API_TOKEN`. */
  readonly name: string;
  readonly description: string;
  /** A value that is obviously fake, for mocks and tests. */
  readonly fake: string;
  readonly optional?: boolean;
}

export interface VendorEntry {
  readonly api: string;
  readonly title: string;
  readonly credentials: readonly CredentialVariable[];
  /** The vendor's default server (production, or the stage server where a vendor has one). */
  readonly defaultBaseUrl: (credentials: Readonly<Record<string, string>>) => string;
  readonly profile: VendorProfile;
  readonly redaction: RedactionRules;
  /** A client from credentials keyed by variable name; `api` is its untyped-capable core. */
  create(credentials: Readonly<Record<string, string>>, options: CommonClientOptions): { readonly api: ApiClient<{}> };
}

const need = (credentials: Readonly<Record<string, string>>, name: string): string => {
  const value = credentials[name];
  if (!value) throw new Error(`Missing credential ${name}`);
  return value;
};

export const VENDORS: Readonly<Record<string, VendorEntry>> = {
  erd: {
    api: 'erd',
    title: 'Biometric.kz ERD',
    credentials: [
      { name: 'ERD_API_KEY', description: "the organization's Backend API key (personal account, 47+ characters)", fake: 'example-erd-backend-api-key-0000000000000000000000' },
    ],
    defaultBaseUrl: () => ERD_BASE_URL,
    profile: erdProfile,
    redaction: erdRedaction,
    create: (credentials, options) => ({ api: createErdClient({ ...options, apiKey: need(credentials, 'ERD_API_KEY') }).api as unknown as ApiClient<{}> }),
  },
  bank131: {
    api: 'bank131',
    title: 'Bank 131 KYC',
    credentials: [
      { name: 'BANK131_PARTNER_PROJECT', description: 'the partner project id issued by the bank (X-PARTNER-PROJECT)', fake: 'example-partner-project' },
    ],
    defaultBaseUrl: () => BANK131_STAGE_URL,
    profile: bank131Profile,
    redaction: bank131Redaction,
    create: (credentials, options) => ({
      api: createBank131Client({ ...options, partnerProject: need(credentials, 'BANK131_PARTNER_PROJECT') }).api as unknown as ApiClient<{}>,
    }),
  },
  kycaid: {
    api: 'kycaid',
    title: 'KYCAID',
    credentials: [
      { name: 'KYCAID_API_TOKEN', description: 'the API token from the dashboard (a test token for test mode)', fake: 'example0kycaid0api0token000000000000' },
    ],
    defaultBaseUrl: () => KYCAID_BASE_URL,
    profile: kycaidProfile,
    redaction: kycaidRedaction,
    create: (credentials, options) => ({
      api: createKycaidClient({ ...options, apiToken: need(credentials, 'KYCAID_API_TOKEN') }).api as unknown as ApiClient<{}>,
    }),
  },
  brainysoft: {
    api: 'brainysoft',
    title: 'BrainySoft core',
    credentials: [
      { name: 'BRAINYSOFT_TOKEN', description: 'the bsauth access token (OAuth2 client credentials; see fetchBrainysoftToken)', fake: 'example-brainysoft-bsauth-token' },
      { name: 'BRAINYSOFT_CUSTOMER', description: 'your customer key, the first label of https://<customer>-saas.brainysoft.ru', fake: 'demo', optional: true },
    ],
    defaultBaseUrl: (credentials) => {
      const customer = credentials['BRAINYSOFT_CUSTOMER'];
      if (!customer) throw new Error('Set BRAINYSOFT_CUSTOMER, or pass --base-url, to say which BrainySoft installation to call.');
      return brainysoftBaseUrl(customer);
    },
    profile: brainysoftProfile,
    redaction: brainysoftRedaction,
    create: (credentials, options) => ({
      api: createBrainysoftClient({ ...options, baseUrl: options.baseUrl ?? brainysoftBaseUrl(need(credentials, 'BRAINYSOFT_CUSTOMER')), token: need(credentials, 'BRAINYSOFT_TOKEN') })
        .api as unknown as ApiClient<{}>,
    }),
  },
};

/** Obviously fake credentials for an API, keyed by variable name. */
export function fakeCredentials(api: string): Record<string, string> {
  const vendor = VENDORS[api];
  if (!vendor) throw new Error(`Unknown API "${api}"; known: ${Object.keys(VENDORS).join(', ')}`);
  return Object.fromEntries(vendor.credentials.map((c) => [c.name, c.fake]));
}
