/** KYCAID API 2.0: applicants, documents, files, forms, verifications, the risk-check services, callbacks. */
import { ApiPromise } from '../core/api-promise.js';
import { type CallOptions, type CommonClientOptions, type VendorClient, createVendorClient, withinDeadline } from '../core/client.js';
import type { components, paths, webhooks } from '../../generated/kycaid.js';
import { operations } from '../../generated/kycaid.operations.js';
import { type FileInput, type FileOptions, fileForm } from './files.js';
import { kycaidManifest } from './manifest.js';

export type { components as KycaidComponents, paths as KycaidPaths, operations as KycaidOperations, webhooks as KycaidWebhooks } from '../../generated/kycaid.js';
export { CALLBACK_SIGNATURE_HEADER, callbackSignature, verifyCallback } from './callbacks.js';
export type { FileInput, FileOptions } from './files.js';
export { kycaidManifest } from './manifest.js';

/**
 * The body of any callback KYCAID sends (the spec's `webhooks`), discriminated by `type`: after `verifyCallback`,
 * `switch (event.type)` narrows it to one callback's fields. Generated from the spec, so a new webhook there is a
 * new member here.
 */
export type KycaidCallback = {
  [Name in keyof webhooks]: NonNullable<webhooks[Name]['post']['requestBody']>['content']['application/json'];
}[keyof webhooks];

export const KYCAID_BASE_URL = kycaidManifest.servers.production;
/** The vendor's own Redocly mock of the API. */
export const KYCAID_DOCS_MOCK_URL = kycaidManifest.servers.test;

export interface KycaidClientOptions extends CommonClientOptions {
  /** The API token from the dashboard (a test token for test mode); sent as `Authorization: Token …`. */
  readonly apiToken: string;
}

export type KycaidClient = VendorClient<paths, typeof operations> & {
  /** Uploads one side or page of a document from a Buffer, Blob or stream (`createFile` as multipart); resolves with `{ file_id }`. */
  uploadFile(file: FileInput, options?: FileOptions, init?: CallOptions): ApiPromise<components['schemas']['FileIdResponse']>;
};

export function createKycaidClient(options: KycaidClientOptions): KycaidClient {
  const client = createVendorClient<paths, typeof operations>(
    { manifest: kycaidManifest, operations, loadSpec: () => import('../../generated/kycaid.spec.js').then((m) => m.default) },
    options,
  );
  return Object.assign(client, {
    uploadFile(file: FileInput, fileOptions: FileOptions = {}, init: CallOptions = {}) {
      // Reading the file is part of the call: the same deadline covers it.
      const upload = withinDeadline({ api: kycaidManifest.id, method: 'POST', path: '/files' }, options.timeoutMs, init, async (scope) => {
        const form = await scope.step(fileForm(file, fileOptions));
        return client.createFile({ body: {} as never, bodySerializer: () => form, ...scope.callOptions() }).withResponse();
      });
      return new ApiPromise(upload);
    },
  });
}
