/** BrainySoft core (loan-management platform): clients, leads and their checks, loan applications, contracts, tokens. */
import { defaultPathSerializer } from 'openapi-fetch';
import { ApiPromise } from '../core/api-promise.js';
import type { CredentialSource } from '../core/auth.js';
import { type CallOptions, type CommonClientOptions, type VendorClient, createVendorClient, withinDeadline } from '../core/client.js';
import { ResponseValidationError } from '../core/errors.js';
import type { components, paths } from '../../generated/brainysoft.js';
import { operations } from '../../generated/brainysoft.operations.js';
import { brainysoftManifest } from './manifest.js';
import { type DeepPartial, mergeOverTemplate } from './merge.js';
import { type BrainysoftLead, type LeadCheckOptions, waitForLeadCheck } from './lead-check.js';

export type { components as BrainysoftComponents, paths as BrainysoftPaths, operations as BrainysoftOperations } from '../../generated/brainysoft.js';
export { type BrainysoftToken, type TokenRequest, fetchBrainysoftToken, tokenUrlFor } from './token.js';
export { type DeepPartial, mergeOverTemplate } from './merge.js';
export { brainysoftManifest } from './manifest.js';
export { type BrainysoftLead, type LeadCheckOptions, SETTLED_LEAD_STATUSES, isLeadCheckSettled } from './lead-check.js';

type Schemas = components['schemas'];
export type BrainysoftClientRecord = Schemas['Client'];
export type CreateClientRequest = Schemas['CreateClientRequest'];

/** The `/bs-core` host form used in the vendor's examples; the newer docs also list https://{customer}-api.brainysoft.ru/core. */
export const brainysoftBaseUrl = (customer: string) => brainysoftManifest.servers.production.replace('{customer}', customer);

export type BrainysoftClientOptions = CommonClientOptions & {
  /** The `bsauth` access token, or a function returning the current one (see fetchBrainysoftToken). */
  readonly token: CredentialSource;
} & ({ readonly customer: string; readonly baseUrl?: string | undefined } | { readonly customer?: undefined; readonly baseUrl: string });

export type BrainysoftClient = VendorClient<paths, typeof operations> & {
  /**
   * Both stages: fetches the init template, merges `fields` over it (nested objects key by key; the template's
   * defaults stay unless overridden), and creates the client. `fields` must hold the page's minimum set (the type
   * requires it). Resolves with the new client's id, whether the answer's `data` is the id or the client object.
   */
  createClient(fields: CreateClientRequest, init?: CallOptions): ApiPromise<number>;
  /**
   * After `checkLeadUsingPOST`: polls `getLeadUsingGET` until the lead's `currentStatus` is `APPROVED` (with its
   * `loanApplicationId`), `DENIED` or `TIMEOUT`, riding out 5xx, 429, network failures and time-outs (honouring
   * `Retry-After`) until `timeout` (default 10 minutes). Resolves with the lead; an error answer rejects at once.
   */
  waitForLeadCheck(id: number, wait?: LeadCheckOptions): Promise<BrainysoftLead>;
};

/**
 * The id in a create answer's `data`: the API description page shows the id, the Swagger page the client object.
 * Undefined when it is neither.
 */
export function createdClientId(data: unknown): number | undefined {
  if (typeof data === 'number') return data;
  const id = data && typeof data === 'object' ? (data as { id?: unknown }).id : undefined;
  return typeof id === 'number' ? id : undefined;
}

export function createBrainysoftClient(options: BrainysoftClientOptions): BrainysoftClient {
  const client = createVendorClient<paths, typeof operations>(
    {
      manifest: brainysoftManifest,
      operations,
      loadSpec: () => import('../../generated/brainysoft.spec.js').then((m) => m.default),
      // The vendor's page sends id lists (`find/1,2`) with plain commas; openapi-fetch would percent-encode them.
      pathSerializer: (pathname, values) => defaultPathSerializer(pathname, values).replace(/%2C/gi, ','),
    },
    options,
  );
  return Object.assign(client, {
    createClient(fields: CreateClientRequest, init: CallOptions = {}) {
      const operation = { api: brainysoftManifest.id, method: 'POST', path: '/main/clients' };
      // Both stages share one deadline: the caller's timeoutMs is for the whole creation.
      const created = withinDeadline(operation, options.timeoutMs, init, async (scope) => {
        const initAnswer = await client.initClientUsingGET(scope.callOptions()).withResponse();
        const template = (initAnswer.data as { data?: unknown } | null)?.data;
        if (!template || typeof template !== 'object') {
          throw new ResponseValidationError(
            { api: brainysoftManifest.id, method: 'GET', path: '/main/clients/init' },
            { status: initAnswer.response.status, issues: [{ field: '/data', message: 'is not the new-client template (an object)' }], body: initAnswer.data },
          );
        }
        // The template fills everything the caller leaves out; the caller's fields satisfy the required set.
        const body = mergeOverTemplate<CreateClientRequest>(template as CreateClientRequest, fields as DeepPartial<CreateClientRequest>);
        const { data, response } = await client.createClientUsingPOST({ body, ...scope.callOptions() }).withResponse();
        const id = createdClientId(data.data);
        if (id === undefined) {
          throw new ResponseValidationError(operation, {
            status: response.status,
            issues: [{ field: '/data', message: "is neither the new client's id nor a client object with an id" }],
            body: data,
          });
        }
        return { data: id, response };
      });
      return new ApiPromise(created);
    },
    waitForLeadCheck: (id: number, wait: LeadCheckOptions = {}) =>
      waitForLeadCheck(id, (leadId, init) => client.getLeadUsingGET({ params: { path: { id: leadId } }, ...init }), { ...wait, callTimeoutMs: options.timeoutMs }),
  });
}
