/**
 * `kyc-contracts/core`: the public core the vendor clients are made of, for clients generated from your own
 * (overlaid) specs by `kyc-contracts generate` (docs/own-specs.md). A client is a manifest (from
 * `kyc-contracts/<api>`), a generated operation table and a spec loader, composed by `createVendorClient`.
 */
export * from './errors.js';
export { ApiPromise, type ResponseInfo, type WithResponse } from './api-promise.js';
export {
  type BodyCredentialFields,
  type CallOptions,
  type ClientDefinition,
  type CommonClientOptions,
  type CoreClient,
  type CredentialSource,
  type OperationData,
  type OperationEntry,
  type OperationInit,
  type OperationMethods,
  type OperationTable,
  type VendorClient,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  createVendorClient,
} from './client.js';
export type { Exchange, ExchangeRequest, ExchangeResponse } from './exchange.js';
export type { VendorErrorDialect } from './interpret.js';
export { type CredentialDeclaration, type CredentialPlacement, type VendorManifest, defineManifest, resolveServerUrl } from './manifest.js';
export type { RetryPolicy } from './retry.js';
export type { OpenApiDocument } from './spec.js';
