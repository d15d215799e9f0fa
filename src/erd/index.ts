/** Biometric.kz backend API, ERD technology: look a citizen up, by IIN, in the registry of debtors. */
import { jsonBodyFieldAuth } from '../core/auth.js';
import { type CallOptions, type CommonClientOptions, createApiClient, type VendorProfile } from '../core/http-client.js';
import type { components, paths } from '../../generated/erd.js';

export type { components as ErdComponents, paths as ErdPaths } from '../../generated/erd.js';
export type ErdRetrieveRequest = components['schemas']['ErdRetrieveRequest'];
export type ErdRetrieveResponse = components['schemas']['ErdRetrieveResponse'];
export type ErdDebtorRecord = components['schemas']['ErdDebtorRecord'];

export const ERD_BASE_URL = 'https://kyc.biometric.kz';

/** ERD answers errors as `{"detail": "<message>"}` (Django REST Framework style; see the spec's ErdError). */
export const erdProfile: VendorProfile = {
  api: 'erd',
  describeError(body) {
    const detail = typeof body === 'object' && body !== null ? (body as { detail?: unknown }).detail : undefined;
    if (typeof detail === 'string') return { vendorMessage: detail };
    return typeof body === 'string' && body.length <= 500 ? { vendorMessage: body } : {};
  },
};

export interface ErdClientOptions extends CommonClientOptions {
  /** The organization's Backend API key (47 or more characters), sent in the JSON body as `api_key`. */
  readonly apiKey: string;
}

export function createErdClient(options: ErdClientOptions) {
  const api = createApiClient<paths>(erdProfile, {
    ...options,
    baseUrl: options.baseUrl ?? ERD_BASE_URL,
    middleware: [jsonBodyFieldAuth('api_key', options.apiKey)],
  });
  return {
    /** The typed client for every path of the spec. `api_key` is added to JSON bodies by the auth middleware. */
    api,
    /**
     * Looks the subject up by IIN. Resolves with the registry's answer; a subject that is not in the registry
     * rejects with ApiError status 404 ("Subject not found in ERD").
     */
    retrieve(input: { readonly iin: string }, init: CallOptions = {}): Promise<ErdRetrieveResponse> {
      // The vendor's table calls the field `personal_number`, its code examples send `iin`: the spec models `iin`.
      const body = { iin: input.iin } as ErdRetrieveRequest; // api_key: added by jsonBodyFieldAuth
      return api.POST('/api/v1/backend/erd/retrieve/', { body, ...init });
    },
  };
}

export type ErdClient = ReturnType<typeof createErdClient>;
