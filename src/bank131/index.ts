/** Bank 131 KYC API v1.1: passport + INN verification checks, polled until `ok` or `error`. */
import { headerAuth } from '../core/auth.js';
import { TimeoutError } from '../core/errors.js';
import { type CallOptions, type CommonClientOptions, createApiClient, type VendorProfile } from '../core/http-client.js';
import { backoffDelays, sleep } from '../core/retry.js';
import type { components, paths } from '../../generated/bank131.js';
import { canonicalCheckPayload } from './signing.js';

export type { components as Bank131Components, paths as Bank131Paths } from '../../generated/bank131.js';
export { canonicalCheckPayload, pythonJsonDumps } from './signing.js';
type Schemas = components['schemas'];
export type CheckRequest = Schemas['CheckRequest'];
export type CheckOk = Schemas['CheckOk'];
export type CheckPending = Schemas['CheckPending'];
export type CheckErrorCode = Schemas['CheckErrorCode'];

export const BANK131_STAGE_URL = 'https://kyc-stage.bank131.ru';
export const BANK131_LIVE_URL = 'https://kyc.bank131.ru';

interface ErrorEnvelope {
  status?: unknown;
  error?: { code?: unknown; description?: unknown };
}

function envelopeDetails(body: unknown) {
  if (!body || typeof body !== 'object') return undefined;
  const { status, error } = body as ErrorEnvelope;
  if (status !== 'error') return undefined;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const description = typeof error?.description === 'string' ? error.description : undefined;
  return {
    // A 422 carries its reason in `description` only (request_body_validation_error, …): use it as the code.
    vendorCode: code ?? description,
    vendorMessage: description,
    requestInvalid: /_validation_error$/.test(description ?? ''),
  };
}

/**
 * Bank 131 answers outcomes in a `{status, data, error}` envelope: `status: "error"` is an error even with HTTP 200
 * (`invalid_sign`, `passport_validation_failure`, `already_exists`, …).
 */
export const bank131Profile: VendorProfile = {
  api: 'bank131',
  describeError: (body) => envelopeDetails(body) ?? {},
  envelopeError: envelopeDetails,
};

/** Produces the `signature` for a check request from the canonical payload bytes (see canonicalCheckPayload). */
export type Bank131Signer = (canonicalPayload: string) => string | Promise<string>;

export interface Bank131ClientOptions extends CommonClientOptions {
  /** The partner project id issued by the bank's manager; sent as `X-PARTNER-PROJECT`. */
  readonly partnerProject: string;
  /** Signs check requests. Without it, `createCheck` needs an explicit `signature`. */
  readonly sign?: Bank131Signer | undefined;
  /** `GET` (confirmed, default) or `POST` (the v1.1 page's form for live) for status requests. */
  readonly statusMethod?: 'GET' | 'POST' | undefined;
}

export interface WaitOptions {
  /** First delay between status requests, in ms (default 2 000). */
  readonly interval?: number;
  /** Longest delay between status requests, in ms (default 60 000). */
  readonly maxInterval?: number;
  /** Each delay is the previous one times this (default 1.5). */
  readonly factor?: number;
  /** Give up after this many ms (default 10 minutes). Live checks can take up to two days: poll from a job. */
  readonly timeout?: number;
  readonly signal?: AbortSignal;
}

export type CheckFields = Omit<CheckRequest, 'signature'> & { readonly signature?: string };

export function createBank131Client(options: Bank131ClientOptions) {
  const api = createApiClient<paths>(bank131Profile, {
    ...options,
    baseUrl: options.baseUrl ?? BANK131_STAGE_URL,
    middleware: [headerAuth('X-PARTNER-PROJECT', options.partnerProject)],
  });

  async function getCheck(id: string | number, init: CallOptions = {}): Promise<CheckOk | CheckPending> {
    const params = { path: { id: String(id) } };
    const envelope =
      options.statusMethod === 'POST'
        ? await api.POST('/api/v1.1/check/{id}', { params, ...init })
        : await api.GET('/api/v1.1/check/{id}', { params, ...init });
    // `status: "error"` envelopes were already turned into ApiError by the profile.
    return envelope as CheckOk | CheckPending;
  }

  return {
    /** The typed client for every path of the spec. */
    api,

    /**
     * Submits a check. With a `sign` function the signature is computed over the canonical payload; otherwise
     * `fields.signature` must be given. Resolves with the envelope (usually `pending` with `data.id`).
     */
    async createCheck(fields: CheckFields, init: CallOptions = {}): Promise<CheckOk | CheckPending> {
      const { signature: given, ...payload } = fields;
      const signature = options.sign ? await options.sign(canonicalCheckPayload(payload)) : given;
      if (!signature) throw new TypeError('createCheck needs a signature: pass `sign` to createBank131Client or `signature` in the fields.');
      const body = { ...payload, signature } as CheckRequest;
      return (await api.POST('/api/v1.1/check', { body, ...init })) as CheckOk | CheckPending;
    },

    getCheck,

    /**
     * Polls a check until it leaves `pending`. Resolves with the `ok` envelope; an `error` outcome rejects with
     * ApiError (vendorCode: `passport_validation_failure`, …); running out of time rejects with TimeoutError.
     * Delays grow from `interval` by `factor` up to `maxInterval`.
     */
    async waitForCheck(id: string | number, wait: WaitOptions = {}): Promise<CheckOk> {
      const timeout = wait.timeout ?? 10 * 60_000;
      const deadline = Date.now() + timeout;
      const delays = backoffDelays({
        initialMs: wait.interval ?? 2_000,
        factor: wait.factor ?? 1.5,
        maxMs: Math.max(wait.maxInterval ?? 60_000, wait.interval ?? 2_000),
        jitter: 0.1,
      });
      for (;;) {
        const remaining = deadline - Date.now();
        const callInit: CallOptions = { ...(wait.signal ? { signal: wait.signal } : {}), timeoutMs: Math.max(1, Math.min(remaining, options.timeoutMs ?? 30_000)) };
        const envelope = await getCheck(id, callInit);
        if (envelope.status === 'ok') return envelope;
        const delay = delays.next().value as number;
        if (Date.now() + delay >= deadline) {
          throw new TimeoutError({ api: 'bank131', method: options.statusMethod ?? 'GET', path: '/api/v1.1/check/{id}' }, timeout, `check ${id} still pending`);
        }
        await sleep(delay, wait.signal);
      }
    },
  };
}

export type Bank131Client = ReturnType<typeof createBank131Client>;
