export * from './core/errors.js';
export type { Exchange, ExchangeRequest, ExchangeResponse } from './core/exchange.js';
export { type CallOptions, type CommonClientOptions, DEFAULT_TIMEOUT_MS } from './core/http-client.js';
export type { RetryPolicy } from './core/retry.js';
export { createErdClient, type ErdClient, type ErdClientOptions, ERD_BASE_URL } from './erd/index.js';
export {
  BANK131_LIVE_URL,
  BANK131_STAGE_URL,
  type Bank131Client,
  type Bank131ClientOptions,
  type Bank131Signer,
  canonicalCheckPayload,
  createBank131Client,
} from './bank131/index.js';
