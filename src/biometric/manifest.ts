/** Biometric.kz Backend and Flow API (everything but ERD, which is `../erd`): what is not in its spec. */
import { defineManifest } from '../core/manifest.js';
import { erdManifest } from '../erd/manifest.js';
import { biometricRedaction } from './redaction.js';

export const biometricManifest = defineManifest({
  id: 'biometric',
  title: 'Biometric.kz Backend and Flow API',
  summary: 'hosted verification sessions with technology webhooks, and the backend chain before ERD: liveness, e-document (1414 code), face compare, GBDFL',
  docsUrl: 'https://guide.biometric.kz/en/integrations/flow_remote',
  servers: { production: 'https://kyc.biometric.kz' },
  mockPort: 4014,
  credentials: [
    {
      option: 'apiKey',
      env: 'BIOMETRIC_API_KEY',
      description: "the organization's Backend API key from the personal account (47 or more characters); the backend technologies take it as `api_key`",
      placement: { in: 'body', name: 'api_key' },
      fake: 'example-biometric-backend-api-key-00000000000000000',
    },
    {
      // Placed per operation by src/biometric/index.ts: `api_key` in createFlowSession's body, `flow_api_key` in
      // getFlowSessionResult's query. The core places a credential the same way on every call, so it has none here;
      // it still masks this key in every failure (declared, non-public credentials all are).
      option: 'flowApiKey',
      env: 'BIOMETRIC_FLOW_API_KEY',
      description: "a flow's own API key from the personal account's flows table (47 or more characters), for the hosted-flow sessions",
      fake: 'example-biometric-flow-api-key-000000000000000000000',
      optional: true,
    },
  ],
  // The same `{"detail": …}` dialect as ERD (inferred there and here).
  errorDialect: erdManifest.errorDialect,
  redaction: biometricRedaction,
});
