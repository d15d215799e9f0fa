/** BrainySoft core (loan-management platform): two-stage client creation, reading clients. */
import { type CredentialSource, headerAuth } from '../core/auth.js';
import type { CallOptions, CommonClientOptions, VendorErrorDetails, VendorProfile } from '../core/http-client.js';
import { createApiClient } from '../core/http-client.js';
import { defaultPathSerializer } from 'openapi-fetch';
import type { components, paths } from '../../generated/brainysoft.js';
import { type DeepPartial, mergeOverTemplate } from './merge.js';

export type { components as BrainysoftComponents, paths as BrainysoftPaths } from '../../generated/brainysoft.js';
export { type BrainysoftToken, type TokenRequest, fetchBrainysoftToken, tokenUrlFor } from './token.js';
export { type DeepPartial, mergeOverTemplate } from './merge.js';

type Schemas = components['schemas'];
export type BrainysoftClientRecord = Schemas['Client'];
export type CreateClientRequest = Schemas['CreateClientRequest'];

/** The `/bs-core` host form used in the vendor's examples; the newer docs also list https://{customer}-api.brainysoft.ru/core. */
export const brainysoftBaseUrl = (customer: string) => `https://${customer}-saas.brainysoft.ru/bs-core`;

function envelopeDetails(body: unknown): VendorErrorDetails | undefined {
  if (!body || typeof body !== 'object' || (body as { status?: unknown }).status !== 'error') return undefined;
  const data = (body as { data?: unknown }).data;
  if (typeof data === 'string') return { vendorMessage: data };
  if (data && typeof data === 'object') {
    const { code, message } = data as { code?: unknown; message?: unknown };
    return {
      vendorCode: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
      vendorMessage: typeof message === 'string' ? message : undefined,
    };
  }
  return {};
}

/**
 * Every BrainySoft answer is `{status: "ok" | "error", timestamp, data}`; `status: "error"` is an error whatever
 * the HTTP status, with the details (shape undocumented) in `data`.
 */
export const brainysoftProfile: VendorProfile = {
  api: 'brainysoft',
  describeError: (body) => envelopeDetails(body) ?? {},
  envelopeError: envelopeDetails,
};

export type BrainysoftClientOptions = CommonClientOptions & {
  /** The `bsauth` access token, or a function returning the current one (see fetchBrainysoftToken). */
  readonly token: CredentialSource;
} & ({ readonly customer: string; readonly baseUrl?: string } | { readonly customer?: undefined; readonly baseUrl: string });

export function createBrainysoftClient(options: BrainysoftClientOptions) {
  const baseUrl = options.baseUrl ?? (options.customer ? brainysoftBaseUrl(options.customer) : undefined);
  if (!baseUrl) throw new TypeError('createBrainysoftClient needs `customer` (e.g. "demo") or `baseUrl`.');
  if (options.customer !== undefined && !/^[a-z0-9-]+$/i.test(options.customer)) throw new TypeError(`Invalid customer key ${JSON.stringify(options.customer)}.`);
  const api = createApiClient<paths>(brainysoftProfile, { ...options, baseUrl, middleware: [headerAuth('bsauth', options.token)] });

  async function initClient(init: CallOptions = {}): Promise<BrainysoftClientRecord> {
    return (await api.GET('/main/clients/init', init)).data as BrainysoftClientRecord;
  }

  return {
    /** The typed client for every path of the spec (answers are whole envelopes). */
    api,

    /** Stage 1: the new-client template with the installation's defaults (managerId, consent dates, …). */
    initClient,

    /**
     * Both stages: fetches the init template, merges `fields` over it (nested objects key by key; the template's
     * defaults stay unless overridden), and creates the client. `fields` must hold the page's minimum set
     * (firstName, lastName, sexId, birthDate, passport.seria/no/issueDate, mobilePhone, addressData.fias and
     * fullAddressText): the type requires it. Resolves with the new client's id.
     */
    async createClient(fields: CreateClientRequest, init: CallOptions = {}): Promise<number> {
      const template = await initClient(init);
      // The template fills everything the caller leaves out; the caller's fields satisfy the required set.
      const body = mergeOverTemplate<CreateClientRequest>(template as CreateClientRequest, fields as DeepPartial<CreateClientRequest>);
      return (await api.POST('/main/clients', { body, ...init })).data as number;
    },

    getClient: async (id: number, init: CallOptions = {}): Promise<BrainysoftClientRecord> =>
      (await api.GET('/main/clients/{id}', { params: { path: { id } }, ...init })).data as BrainysoftClientRecord,

    /** Several clients by id (`GET /main/clients/find/1,2`); `preserveOrder` keeps the order of `ids`. */
    findClients: async (ids: readonly number[], options: { preserveOrder?: boolean } = {}, init: CallOptions = {}): Promise<BrainysoftClientRecord[]> => {
      if (ids.length === 0) return [];
      const query = options.preserveOrder === undefined ? {} : { query: { preserveOrder: options.preserveOrder } };
      const envelope = await api.GET('/main/clients/find/{ids}', {
        params: { path: { ids: ids.join(',') }, ...query },
        // The vendor's page sends the list with plain commas; openapi-fetch would percent-encode them.
        pathSerializer: (pathname, values) => defaultPathSerializer(pathname, values).replace(/%2C/gi, ','),
        ...init,
      });
      return envelope.data as BrainysoftClientRecord[];
    },
  };
}

export type BrainysoftClient = ReturnType<typeof createBrainysoftClient>;
