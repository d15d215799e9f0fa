/** What in a Biometric.kz backend or flow exchange is a credential or personal data (syntax: src/redaction/redact.ts). */
import type { RedactionRules } from '../redaction/redact.js';

export const biometricRedaction: RedactionRules = {
  api: 'biometric',
  credentialHeaders: [],
  credentialQuery: ['flow_api_key'],
  credentialFields: ['api_key'],
  personalData: [
    // `**.iin` also covers `metadata.iin`, session results and GBDFL answers.
    { path: '**.iin', kind: 'digits' },
    { path: '**.phone', kind: 'phone' },
    { path: 'code', kind: 'digits' },
    { path: '**.docOwner.lastName', kind: 'surname' },
    { path: '**.docOwner.firstName', kind: 'given-name' },
    { path: '**.docOwner.middleName', kind: 'patronymic' },
    { path: '**.docNumber', kind: 'digits' },
    { path: '**.date_of_birth', kind: 'date' },
    { path: '**.birthDate', kind: 'date' },
    { path: 'result_json.lastName', kind: 'surname' },
    { path: 'result_json.firstName', kind: 'given-name' },
    { path: 'result_json.middleName', kind: 'patronymic' },
  ],
  // The spec's own obviously fake values.
  documentedPlaceholders: ['010203040506', 'ТЕСТОВ', 'ТЕСТ', 'ТЕСТОВИЧ', '+77000000000'],
};
