/** KYCAID API 2.0: applicants, documents, files, forms, verifications and the risk-check services. */
import { headerAuth } from '../core/auth.js';
import { type CallOptions, type CommonClientOptions, createApiClient, type VendorProfile } from '../core/http-client.js';
import type { FieldIssue } from '../core/errors.js';
import type { components, paths } from '../../generated/kycaid.js';
import { type FileInput, type FileOptions, fileForm } from './files.js';

export type { components as KycaidComponents, paths as KycaidPaths, webhooks as KycaidWebhooks } from '../../generated/kycaid.js';
export { CALLBACK_SIGNATURE_HEADER, callbackSignature, verifyCallback } from './callbacks.js';
export type { FileInput, FileOptions } from './files.js';

type Schemas = components['schemas'];
type Body<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

export const KYCAID_BASE_URL = 'https://api.kycaid.com';
/** The vendor's own Redocly mock of the API. */
export const KYCAID_DOCS_MOCK_URL = 'https://docs.kycaid.com/_mock/api';

/**
 * KYCAID errors are `{"type": "validation", "errors": [{"parameter": "dob", "message": "…"}]}`; `type` is the
 * vendor code, each `errors[]` item a per-parameter issue. `validation` means the request's fields were rejected.
 * A 502 from the gateway is HTML and carries neither.
 */
export const kycaidProfile: VendorProfile = {
  api: 'kycaid',
  describeError(body) {
    if (!body || typeof body !== 'object') return {};
    const { type, errors } = body as { type?: unknown; errors?: unknown };
    const issues: FieldIssue[] = Array.isArray(errors)
      ? errors.map((e: { parameter?: unknown; message?: unknown } | unknown) => {
          const item = (e && typeof e === 'object' ? e : {}) as { parameter?: unknown; message?: unknown };
          return { field: typeof item.parameter === 'string' ? item.parameter : '', message: typeof item.message === 'string' ? item.message : JSON.stringify(e) };
        })
      : [];
    return {
      vendorCode: typeof type === 'string' ? type : undefined,
      vendorMessage: issues.length ? issues.map((i) => i.message).join('; ') : undefined,
      issues,
      requestInvalid: type === 'validation',
    };
  },
};

export interface KycaidClientOptions extends CommonClientOptions {
  /** The API token from the dashboard (a test token for test mode); sent as `Authorization: Token …`. */
  readonly apiToken: string;
}

export function createKycaidClient(options: KycaidClientOptions) {
  const api = createApiClient<paths>(kycaidProfile, {
    ...options,
    baseUrl: options.baseUrl ?? KYCAID_BASE_URL,
    middleware: [headerAuth('Authorization', options.apiToken, (token) => `Token ${token}`)],
  });
  const documentId = (id: string) => ({ params: { path: { document_id: id } } });
  const applicantId = (id: string) => ({ params: { path: { applicant_id: id } } });
  const verificationId = (id: string) => ({ params: { path: { verification_id: id } } });

  return {
    /** The typed client for every path of the spec. */
    api,

    createApplicant: (body: Body<'/applicants', 'post'>, init: CallOptions = {}) => api.POST('/applicants', { body, ...init }),
    getApplicant: (id: string, init: CallOptions = {}) => api.GET('/applicants/{applicant_id}', { ...applicantId(id), ...init }),
    updateApplicant: (id: string, body: Body<'/applicants/{applicant_id}', 'patch'>, init: CallOptions = {}) =>
      api.PATCH('/applicants/{applicant_id}', { ...applicantId(id), body, ...init }),

    createDocument: (body: Body<'/documents', 'post'>, init: CallOptions = {}) => api.POST('/documents', { body, ...init }),
    getDocument: (id: string, init: CallOptions = {}) => api.GET('/documents/{document_id}', { ...documentId(id), ...init }),
    updateDocument: (id: string, body: Body<'/documents/{document_id}', 'patch'>, init: CallOptions = {}) =>
      api.PATCH('/documents/{document_id}', { ...documentId(id), body, ...init }),
    deleteDocument: (id: string, init: CallOptions = {}) => api.DELETE('/documents/{document_id}', { ...documentId(id), ...init }),

    /** Uploads one side or page of a document from a Buffer, Blob or stream; resolves with `{ file_id }`. */
    async uploadFile(file: FileInput, fileOptions: FileOptions = {}, init: CallOptions = {}): Promise<Schemas['FileIdResponse']> {
      const form = await fileForm(file, fileOptions);
      return api.POST('/files', { body: {} as never, bodySerializer: () => form, ...init });
    },

    /** A one-time hosted form link for a user (pass `applicant_id` when re-verifying an existing applicant). */
    getFormUrl: (formId: string, body: Body<'/forms/{form_id}/urls', 'post'> = {}, init: CallOptions = {}) =>
      api.POST('/forms/{form_id}/urls', { params: { path: { form_id: formId } }, body, ...init }),

    createVerification: (body: Body<'/verifications', 'post'>, init: CallOptions = {}) => api.POST('/verifications', { body, ...init }),
    getVerification: (id: string, init: CallOptions = {}) => api.GET('/verifications/{verification_id}', { ...verificationId(id), ...init }),
    updateVerificationStatus: (id: string, body: Body<'/verifications/{verification_id}/status', 'post'>, init: CallOptions = {}) =>
      api.POST('/verifications/{verification_id}/status', { ...verificationId(id), body, ...init }),
  };
}

export type KycaidClient = ReturnType<typeof createKycaidClient>;
