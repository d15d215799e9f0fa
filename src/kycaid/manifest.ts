/** KYCAID API 2.0: everything about the API that is not in its spec. */
import type { FieldIssue } from '../core/errors.js';
import { defineManifest } from '../core/manifest.js';
import { kycaidRedaction } from './redaction.js';

export const kycaidManifest = defineManifest({
  id: 'kycaid',
  title: 'KYCAID',
  summary: 'applicants, documents, files, forms, verifications, blacklist and risk checks, callbacks',
  docsUrl: 'https://docs.kycaid.com/api/documents',
  // No separate sandbox: a test API token makes calls test-mode on the production host.
  servers: { production: 'https://api.kycaid.com', test: 'https://docs.kycaid.com/_mock/api' },
  mockPort: 4011,
  credentials: [
    {
      option: 'apiToken',
      env: 'KYCAID_API_TOKEN',
      description: 'the API token from the dashboard (a test token for test mode), sent as `Authorization: Token …`',
      placement: { in: 'header', name: 'Authorization', format: (token: string) => `Token ${token}` },
      fake: 'example0kycaid0api0token000000000000',
    },
  ],
  /**
   * `{"type": "validation", "errors": [{"parameter": "dob", "message": "…"}]}`: `type` is the vendor code, each
   * item a per-parameter issue. A 502 from the gateway is HTML and carries neither.
   */
  errorDialect: {
    describeError(body) {
      if (!body || typeof body !== 'object') return {};
      const { type, errors } = body as { type?: unknown; errors?: unknown };
      const issues: FieldIssue[] = Array.isArray(errors)
        ? errors.map((item: unknown) => {
            const { parameter, message } = (item && typeof item === 'object' ? item : {}) as { parameter?: unknown; message?: unknown };
            return {
              // Request fields are named as the mock names them (`body.<path>`); `limit_exceeded` is no field.
              field: typeof parameter === 'string' && type === 'validation' ? `body.${parameter}` : '',
              message: typeof message === 'string' ? message : JSON.stringify(item),
              ...(typeof parameter === 'string' && type !== 'validation' ? { code: parameter } : {}),
            };
          })
        : [];
      return {
        vendorCode: typeof type === 'string' ? type : undefined,
        vendorMessage: issues.length ? issues.map((i) => i.message).join('; ') : undefined,
        issues,
        requestInvalid: type === 'validation',
      };
    },
  },
  redaction: kycaidRedaction,
});
