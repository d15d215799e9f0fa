/** What in a Bank 131 exchange is a credential or personal data (see src/redaction/redact.ts for the syntax). */
import type { RedactionRules } from '../redaction/redact.js';

export const bank131Redaction: RedactionRules = {
  api: 'bank131',
  credentialHeaders: ['x-partner-project'],
  credentialFields: ['signature'],
  personalData: [
    { path: 'first_name', kind: 'surname' }, // the surname, despite the name (see the spec)
    { path: 'last_name', kind: 'given-name' },
    { path: 'patronymic', kind: 'patronymic' },
    { path: 'birthday', kind: 'date' },
    { path: 'birthplace', kind: 'address' },
    { path: 'inn', kind: 'digits' },
    { path: 'passport_number', kind: 'digits' },
    { path: 'issuer', kind: 'text' },
    { path: 'issuer_code', kind: 'digits' },
    { path: 'issuer_date', kind: 'date' },
    { path: 'postcode', kind: 'digits' },
    { path: 'address', kind: 'address' },
    { path: 'email', kind: 'email' },
    { path: 'phone_number', kind: 'phone' },
  ],
  documentedPlaceholders: [],
};
