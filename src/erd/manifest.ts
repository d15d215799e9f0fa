/** Biometric.kz backend API, ERD technology: everything about the API that is not in its spec. */
import { defineManifest } from '../core/manifest.js';
import { erdRedaction } from './redaction.js';

export const erdManifest = defineManifest({
  id: 'erd',
  title: 'Biometric.kz ERD',
  summary: 'looks a citizen up (by IIN) in the registry of debtors in enforcement proceedings',
  docsUrl: 'https://guide.biometric.kz/en/integrations/backend_api/erd',
  servers: { production: 'https://kyc.biometric.kz' },
  mockPort: 4010,
  credentials: [
    {
      option: 'apiKey',
      env: 'ERD_API_KEY',
      description: "the organization's Backend API key from the personal account (47 or more characters)",
      placement: { in: 'body', name: 'api_key' },
      fake: 'example-erd-backend-api-key-0000000000000000000000',
    },
  ],
  // ERD answers errors as `{"detail": "<message>"}` (Django REST Framework style; the spec marks the shape inferred).
  errorDialect: {
    describeError(body) {
      const detail = typeof body === 'object' && body !== null ? (body as { detail?: unknown }).detail : undefined;
      if (typeof detail === 'string') return { vendorMessage: detail };
      return typeof body === 'string' && body.length <= 500 ? { vendorMessage: body } : {};
    },
  },
  redaction: erdRedaction,
});
