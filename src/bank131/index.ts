/** Bank 131 KYC API (v1.1 and v2.0): passport + INN verification checks, polled until `ok` or `error`. */
import { ApiPromise } from '../core/api-promise.js';
import { type CallOptions, type CommonClientOptions, type VendorClient, createVendorClient, withinDeadline } from '../core/client.js';
import type { components, paths } from '../../generated/bank131.js';
import { operations } from '../../generated/bank131.operations.js';
import { bank131Manifest } from './manifest.js';
import { checkCommonOptions, checkKind } from '../core/options.js';
import { canonicalCheckPayload } from './signing.js';
import { type WaitOptions, waitForCheck } from './wait.js';

export type { components as Bank131Components, paths as Bank131Paths, operations as Bank131Operations } from '../../generated/bank131.js';
export { canonicalCheckPayload, pythonJsonDumps } from './signing.js';
export type { WaitOptions } from './wait.js';
export { bank131Manifest } from './manifest.js';
type Schemas = components['schemas'];
export type CheckRequest = Schemas['CheckRequest'];
export type CheckRequestV2 = Schemas['CheckRequestV2'];
export type CheckDocumentV2 = Schemas['CheckDocumentV2'];
export type CheckOk = Schemas['CheckOk'];
export type CheckPending = Schemas['CheckPending'];
export type CheckErrorCode = Schemas['CheckErrorCode'];

export const BANK131_STAGE_URL = bank131Manifest.servers.stage;
export const BANK131_LIVE_URL = bank131Manifest.servers.production;

/** Produces the `signature` for a check request from the canonical payload bytes (see canonicalCheckPayload). */
export type Bank131Signer = (canonicalPayload: string) => string | Promise<string>;

export interface Bank131ClientOptions extends CommonClientOptions {
  /** The partner project id issued by the bank's manager; sent as `X-PARTNER-PROJECT`. */
  readonly partnerProject: string;
  /** Signs check requests for `submitCheck`. */
  readonly sign?: Bank131Signer | undefined;
  /** `GET` (confirmed, default) or `POST` (the v1.1 page's form for live) for v1.1 status requests of `waitForCheck`. */
  readonly statusMethod?: 'GET' | 'POST' | undefined;
  /**
   * Which API version `submitCheck` and `waitForCheck` use: `1.1` (default; the vendor no longer updates it) or
   * `2.0` (`/api/v2.0/check`, `type` and `documents[]`). Every operation of both versions is also a method.
   */
  readonly version?: '1.1' | '2.0' | undefined;
}

export type CheckFields = Omit<CheckRequest, 'signature'> & { readonly signature?: string };
export type CheckFieldsV2 = Omit<CheckRequestV2, 'signature'> & { readonly signature?: string };

export type Bank131Client = VendorClient<paths, typeof operations> & {
  /**
   * Signs (with the client's `sign`, over the canonical payload) and submits a check: `createCheck` with the
   * signature filled in. Without `sign`, `fields.signature` must be given. Resolves with the envelope.
   */
  submitCheck(fields: CheckFields | CheckFieldsV2, init?: CallOptions): ApiPromise<CheckOk | CheckPending>;
  /**
   * Polls a check until it leaves `pending`, within a hard `timeout` whatever the retry policy, riding out
   * transient failures (5xx, network, time-outs) with backoff. Resolves with the `ok` envelope; an `error` outcome
   * rejects with ApiError (vendorCode `passport_validation_failure`, …); the deadline rejects with TimeoutError
   * naming the last failure.
   */
  waitForCheck(id: string | number, wait?: WaitOptions): Promise<CheckOk>;
};

export function createBank131Client(options: Bank131ClientOptions): Bank131Client {
  checkCommonOptions('bank131', options);
  checkKind('bank131', 'sign', options.sign, ['function']);
  checkKind('bank131', 'statusMethod', options.statusMethod, [], ['GET', 'POST']);
  checkKind('bank131', 'version', options.version, [], ['1.1', '2.0']);
  const client = createVendorClient<paths, typeof operations>(
    { manifest: bank131Manifest, operations, loadSpec: () => import('../../generated/bank131.spec.js').then((m) => m.default) },
    { ...options, baseUrl: options.baseUrl ?? bank131Manifest.servers.stage },
  );
  const v2 = options.version === '2.0';
  // An ApiPromise: waitForCheck reads the answer's Retry-After through withResponse().
  const getStatus = (id: string, init: CallOptions): Promise<CheckOk | CheckPending> => {
    const params = { params: { path: { id } }, ...init };
    if (v2) return client.getCheckV2(params) as Promise<CheckOk | CheckPending>;
    return (options.statusMethod === 'POST' ? client.getCheckByPost(params) : client.getCheck(params)) as Promise<CheckOk | CheckPending>;
  };
  return Object.assign(client, {
    submitCheck(fields: CheckFields | CheckFieldsV2, init: CallOptions = {}) {
      const { signature: given, ...payload } = fields;
      const operation = { api: bank131Manifest.id, method: 'POST', path: v2 ? '/api/v2.0/check' : '/api/v1.1/check' };
      // Signing is part of the call: the same deadline covers the signer.
      const signed = withinDeadline(operation, options.timeoutMs, init, async (scope) => {
        const signature = options.sign ? await scope.step(options.sign(canonicalCheckPayload(payload))) : given;
        if (!signature) throw new TypeError('submitCheck needs a signature: pass `sign` to createBank131Client or `signature` in the fields.');
        const body = { ...payload, signature };
        const callOptions = scope.callOptions();
        return (v2 ? client.createCheckV2({ body: body as CheckRequestV2, ...callOptions }) : client.createCheck({ body: body as CheckRequest, ...callOptions })).withResponse();
      });
      return new ApiPromise(signed) as ApiPromise<CheckOk | CheckPending>;
    },
    waitForCheck: (id: string | number, wait: WaitOptions = {}) => {
      if (!(typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id))) || wait === null || typeof wait !== 'object') {
        return Promise.reject(new TypeError('bank131 waitForCheck: pass the check id (a string or a whole number) and, optionally, an options object.'));
      }
      return waitForCheck(String(id), getStatus, {
        ...wait,
        callTimeoutMs: options.timeoutMs,
        method: v2 ? 'GET' : (options.statusMethod ?? 'GET'),
        path: v2 ? '/api/v2.0/check/{id}' : '/api/v1.1/check/{id}',
      });
    },
  });
}
