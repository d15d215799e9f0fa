/**
 * kyc-contracts: typed clients for the ERD, KYCAID, Bank 131, BrainySoft and Biometric.kz (backend and flow) APIs on one shared core.
 * Each vendor also has its own entry point (`kyc-contracts/erd`, …) with its types and helpers.
 */
export * from './core/errors.js';
export { ApiPromise, type ResponseInfo, type WithResponse } from './core/api-promise.js';
export type { CallOptions, CommonClientOptions, OperationInit, OperationData, CredentialSource } from './core/client.js';
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from './core/client.js';
export type { Exchange, ExchangeRequest, ExchangeResponse } from './core/exchange.js';
export type { FieldIssue, OperationRef } from './core/errors.js';
export type { RetryPolicy } from './core/retry.js';
export type { VendorManifest } from './core/manifest.js';
export { type ErdClient, type ErdClientOptions, createErdClient } from './erd/index.js';
export { type KycaidCallback, type KycaidClient, type KycaidClientOptions, createKycaidClient, verifyCallback } from './kycaid/index.js';
export { type Bank131Client, type Bank131ClientOptions, type Bank131Signer, createBank131Client } from './bank131/index.js';
export { type BrainysoftClient, type BrainysoftClientOptions, createBrainysoftClient, fetchBrainysoftToken } from './brainysoft/index.js';
export {
  type BiometricClient,
  type BiometricClientOptions,
  type TechnologyEvent,
  InvalidWebhookEventError,
  createBiometricClient,
  parseTechnologyEvent,
} from './biometric/index.js';
