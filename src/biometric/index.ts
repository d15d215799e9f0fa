/**
 * Biometric.kz Backend and Flow API: hosted verification sessions and their technology webhooks, and the backend
 * chain before ERD (liveness → e-document with the 1414 code → face compare → GBDFL). ERD itself is
 * `kyc-contracts/erd`.
 */
import { ApiPromise } from '../core/api-promise.js';
import { type BodyCredentialFields, type CallOptions, type CommonClientOptions, type VendorClient, createVendorClient } from '../core/client.js';
import type { components, paths } from '../../generated/biometric.js';
import { operations } from '../../generated/biometric.operations.js';
import { checkCommonOptions, checkKind } from '../core/options.js';
import { biometricManifest } from './manifest.js';
import { type SessionWaitOptions, type SettledSessionResult, waitForSessionResult } from './wait.js';
import { type TechnologyEvent, parseTechnologyEvent } from './webhooks.js';

export type { components as BiometricComponents, paths as BiometricPaths, operations as BiometricOperations, webhooks as BiometricWebhooks } from '../../generated/biometric.js';
export { InvalidWebhookEventError, failureReasonOf, parseTechnologyEvent } from './webhooks.js';
export type { FailureReason, TechnologyEndEvent, TechnologyEvent, TechnologyStartEvent } from './webhooks.js';
export { isSettled } from './wait.js';
export type { SessionWaitOptions, SettledSessionResult } from './wait.js';
export { biometricManifest } from './manifest.js';

type Schemas = components['schemas'];
export type FlowSession = Schemas['FlowSession'];
export type FlowSessionResult = Schemas['FlowSessionResult'];
export type EDocument = Schemas['EDocument'];

export const BIOMETRIC_BASE_URL = biometricManifest.servers.production;
/**
 * Where the user goes to pass a hosted-flow session. **Inferred:** the URL public client code opens; the public copy of
 * https://guide.biometric.kz/en/integrations/flow_remote stops before its redirect step.
 */
export const flowUrl = (sessionId: string): string => `https://remote.biometric.kz/flow/${encodeURIComponent(sessionId)}`;

export interface BiometricClientOptions extends CommonClientOptions {
  /** The organization's Backend API key (47 or more characters); the client adds it to backend bodies as `api_key`. */
  readonly apiKey: string;
  /**
   * The flow's own API key (from the flows table), needed by the hosted-flow calls: sent as `api_key` to
   * `createFlowSession` and as `flow_api_key` to `getFlowSessionResult`.
   */
  readonly flowApiKey?: string | undefined;
}

type Base = VendorClient<paths, typeof operations, BodyCredentialFields<typeof biometricManifest>>;
type CreateInit = Omit<Parameters<Base['createFlowSession']>[0], 'body'> & { readonly body?: Omit<Schemas['FlowSessionCreateRequest'], 'api_key'> };
type ResultInit = Parameters<Base['getFlowSessionResult']>[0];

export type BiometricClient = Omit<Base, 'createFlowSession'> & {
  /** Creates a hosted-flow session with the client's `flowApiKey` (not the Backend key); send the user to `flowUrl(session_id)`. */
  createFlowSession(init?: CreateInit): ApiPromise<FlowSession>;
  /** Reads a session's result with the client's `flowApiKey` as `flow_api_key`. */
  getSessionResult(sessionId: string, init?: CallOptions): ApiPromise<FlowSessionResult>;
  /**
   * Polls a session's result until it is `FINISHED` with a boolean `flow_session_result` (passed or failed: read
   * it), within a hard `timeout`, riding out transient failures with backoff and `Retry-After`. A 4xx (an unknown
   * session) rejects at once with ApiError; the deadline rejects with TimeoutError naming the last failure.
   */
  waitForSessionResult(sessionId: string, wait?: SessionWaitOptions): Promise<SettledSessionResult<FlowSessionResult>>;
  /**
   * Narrows a webhook body (`parseTechnologyEvent`: raw text, bytes or a parsed object) and, since the vendor
   * documents no signature, confirms it by reading the session's result with your flow key: a forged event for a
   * session that is not yours rejects (ApiError 404). Resolves with the event and the result it was checked against.
   */
  verifyWebhook(body: unknown, init?: CallOptions): Promise<{ event: TechnologyEvent; result: FlowSessionResult }>;
};

/**
 * The Biometric.kz client. Backend calls (`checkLivenessShort`, `requestEDocument`, `approveEDocument`,
 * `compareFaces`, `retrieveGbdfl`) get `apiKey` as `api_key`; the hosted-flow calls use `flowApiKey`.
 */
export function createBiometricClient(options: BiometricClientOptions): BiometricClient {
  // Checked before anything reads it: a missing options object is the same TypeError as on every other factory.
  checkCommonOptions('biometric', options);
  checkKind('biometric', 'flowApiKey', options.flowApiKey, ['string']);
  const { flowApiKey } = options;
  // The core gets `flowApiKey` too: it places only `apiKey`, but masks every credential the manifest declares in
  // whatever a call's failure carries (the vendor may echo the flow key of createFlowSession or of the result query).
  const client = createVendorClient<paths, typeof operations, BodyCredentialFields<typeof biometricManifest>>(
    { manifest: biometricManifest, operations, loadSpec: () => import('../../generated/biometric.spec.js').then((m) => m.default) },
    options,
  );
  const flowKey = (caller: string): string => {
    if (typeof flowApiKey !== 'string' || flowApiKey.trim() === '') {
      throw new TypeError(`biometric: ${caller} needs \`flowApiKey\` (a flow's own API key from the flows table; the Backend API key is not accepted there).`);
    }
    return flowApiKey;
  };
  const createFlowSession = client.createFlowSession.bind(client);
  const getFlowSessionResult = client.getFlowSessionResult.bind(client);
  const getSessionResult = (sessionId: string, init: CallOptions = {}): ApiPromise<FlowSessionResult> => {
    const query = { session_id: sessionId, flow_api_key: flowKey('getSessionResult') };
    return getFlowSessionResult({ params: { query }, ...init } as ResultInit) as ApiPromise<FlowSessionResult>;
  };
  return Object.assign(client, {
    createFlowSession(init: CreateInit = {}) {
      // An explicit key in the body wins; otherwise the flow key (the core would put the Backend key there).
      const body = { api_key: flowKey('createFlowSession'), ...(init.body ?? {}) };
      return createFlowSession({ ...init, body } as Parameters<Base['createFlowSession']>[0]) as ApiPromise<FlowSession>;
    },
    getSessionResult,
    waitForSessionResult(sessionId: string, wait: SessionWaitOptions = {}) {
      flowKey('waitForSessionResult');
      return waitForSessionResult(sessionId, (id, init) => getSessionResult(id, init), { ...wait, callTimeoutMs: options.timeoutMs });
    },
    async verifyWebhook(body: unknown, init: CallOptions = {}) {
      const event = parseTechnologyEvent(body);
      const result = await getSessionResult(event.session_id, init);
      return { event, result };
    },
  }) as unknown as BiometricClient;
}
