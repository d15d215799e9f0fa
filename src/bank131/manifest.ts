/** Bank 131 KYC API: everything about the API that is not in its spec. */
import type { VendorErrorDetails } from '../core/interpret.js';
import { defineManifest } from '../core/manifest.js';
import { bank131Redaction } from './redaction.js';

/** `{status: "error", error: {code, description}}`, the envelope every outcome travels in, even with HTTP 200. */
function envelopeError(body: unknown): VendorErrorDetails | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { status, error } = body as { status?: unknown; error?: { code?: unknown; description?: unknown } };
  if (status !== 'error') return undefined;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const description = typeof error?.description === 'string' ? error.description : undefined;
  return {
    // A 422 carries its reason in `description` only (request_body_validation_error, …): use it as the code.
    vendorCode: code ?? description,
    vendorMessage: description,
    requestInvalid: /_validation_error$/.test(code ?? description ?? ''),
  };
}

export const bank131Manifest = defineManifest({
  id: 'bank131',
  title: 'Bank 131 KYC',
  summary: 'passport + INN verification checks (v1.1 and v2.0), polled until `ok` or `error`',
  docsUrl: 'https://developer.131.ru/en/verification/verification-status',
  servers: { production: 'https://kyc.bank131.ru', stage: 'https://kyc-stage.bank131.ru' },
  mockPort: 4012,
  credentials: [
    {
      option: 'partnerProject',
      env: 'BANK131_PARTNER_PROJECT',
      description: 'the partner project id issued by the bank (sent as X-PARTNER-PROJECT)',
      placement: { in: 'header', name: 'X-PARTNER-PROJECT' },
      fake: 'example-partner-project',
    },
  ],
  errorDialect: { describeError: (body) => envelopeError(body) ?? {}, envelopeError },
  redaction: bank131Redaction,
});
