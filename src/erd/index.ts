/** Biometric.kz backend API, ERD technology: look a citizen up, by IIN, in the registry of debtors. */
import { type BodyCredentialFields, type CommonClientOptions, type VendorClient, createVendorClient } from '../core/client.js';
import type { components, paths } from '../../generated/erd.js';
import { operations } from '../../generated/erd.operations.js';
import { erdManifest } from './manifest.js';

export type { components as ErdComponents, paths as ErdPaths, operations as ErdOperations } from '../../generated/erd.js';
export type ErdRetrieveRequest = components['schemas']['ErdRetrieveRequest'];
export type ErdRetrieveResponse = components['schemas']['ErdRetrieveResponse'];
export type ErdDebtorRecord = components['schemas']['ErdDebtorRecord'];
export { erdManifest } from './manifest.js';

export const ERD_BASE_URL = erdManifest.servers.production;

export interface ErdClientOptions extends CommonClientOptions {
  /** The organization's Backend API key (47 or more characters); the client adds it to JSON bodies as `api_key`. */
  readonly apiKey: string;
}

export type ErdClient = VendorClient<paths, typeof operations, BodyCredentialFields<typeof erdManifest>>;

/**
 * The ERD client: `retrieveErd({ body: { iin } })` looks a subject up (a subject not in the registry rejects with
 * ApiError status 404, "Subject not found in ERD"). `api_key` is added to the body for you.
 */
export function createErdClient(options: ErdClientOptions): ErdClient {
  return createVendorClient<paths, typeof operations, BodyCredentialFields<typeof erdManifest>>({ manifest: erdManifest, operations, loadSpec: () => import('../../generated/erd.spec.js').then((m) => m.default) }, options);
}
