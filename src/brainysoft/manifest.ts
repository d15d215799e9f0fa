/** BrainySoft core: everything about the API that is not in its spec. */
import type { VendorErrorDetails } from '../core/interpret.js';
import { defineManifest } from '../core/manifest.js';
import { brainysoftRedaction } from './redaction.js';

/** Every answer is `{status: "ok" | "error", timestamp, data}`; on error the details (shape undocumented) are in `data`. */
function envelopeError(body: unknown): VendorErrorDetails | undefined {
  if (!body || typeof body !== 'object' || (body as { status?: unknown }).status !== 'error') return undefined;
  const data = (body as { data?: unknown }).data;
  if (typeof data === 'string') return { vendorMessage: data };
  if (data && typeof data === 'object') {
    const { code, message } = data as { code?: unknown; message?: unknown };
    return {
      vendorCode: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
      vendorMessage: typeof message === 'string' ? message : undefined,
    };
  }
  return {};
}

export const brainysoftManifest = defineManifest({
  id: 'brainysoft',
  title: 'BrainySoft core',
  summary: 'loan-management core: clients (two-stage creation), leads and their checks, loan applications, contracts',
  docsUrl: 'https://docs.brainysoft.ru/en/developers/core/operations/createClientUsingPOST.html',
  // `{customer}` is the installation's customer key, from the client option `customer`.
  servers: { production: 'https://{customer}-saas.brainysoft.ru/bs-core' },
  mockPort: 4013,
  credentials: [
    {
      option: 'token',
      env: 'BRAINYSOFT_TOKEN',
      description: 'the bsauth access token (OAuth2 client credentials; see fetchBrainysoftToken)',
      placement: { in: 'header', name: 'bsauth' },
      fake: 'example-brainysoft-bsauth-token',
    },
    {
      option: 'customer',
      env: 'BRAINYSOFT_CUSTOMER',
      description: 'your customer key, the first label of https://<customer>-saas.brainysoft.ru',
      fake: 'demo',
      public: true,
    },
  ],
  errorDialect: { describeError: (body) => envelopeError(body) ?? {}, envelopeError },
  redaction: brainysoftRedaction,
});
