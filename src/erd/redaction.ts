/** What in an ERD exchange is a credential or personal data (see src/redaction/redact.ts for the syntax). */
import type { RedactionRules } from '../redaction/redact.js';

export const erdRedaction: RedactionRules = {
  api: 'erd',
  credentialHeaders: [],
  credentialFields: ['api_key'],
  personalData: [
    { path: 'iin', kind: 'digits' },
    { path: 'personal_number', kind: 'digits' },
    { path: 'result_json[].debtor_iin', kind: 'digits' },
    { path: 'result_json[].debtor_surname', kind: 'surname' },
    { path: 'result_json[].debtor_name', kind: 'given-name' },
    { path: 'result_json[].debtor_patronymic', kind: 'patronymic' },
    { path: 'result_json[].debtor_birth_data', kind: 'date' },
    { path: 'result_json[].debtor_doc_number', kind: 'digits' },
    { path: 'result_json[].executor_surname', kind: 'surname' },
    { path: 'result_json[].executor_name', kind: 'given-name' },
    { path: 'result_json[].executor_patronymic', kind: 'patronymic' },
    { path: 'result_json[].executor_contacts', kind: 'phone' },
    { path: 'result_json[].executor_address', kind: 'address' },
  ],
  // The vendor page's own placeholders (https://guide.biometric.kz/en/integrations/backend_api/erd).
  documentedPlaceholders: ['010203040506', 'ФАМИЛИЯ', 'ИМЯ', 'ОТЧЕСТВО', '1970-01-01+00:00', '12345678', '+77001234567', 'г. Алматы, --- район, ул. --- д. 0, офис 0.'],
};
