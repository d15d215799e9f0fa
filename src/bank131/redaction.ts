/** What in a Bank 131 exchange is a credential or personal data (see src/redaction/redact.ts for the syntax). */
import type { RedactionRules } from '../redaction/redact.js';

export const bank131Redaction: RedactionRules = {
  api: 'bank131',
  credentialHeaders: ['x-partner-project'],
  credentialFields: ['signature'],
  personalData: [
    // v1.1's first_name is the surname and last_name the given name; v2.0 swaps them back. Either way both are
    // replaced by a fake name: which pool it comes from does not matter for the contract.
    { path: 'first_name', kind: 'surname' },
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
    { path: 'e-mail', kind: 'email' }, // v2.0's name for it
    { path: 'phone_number', kind: 'phone' },
  ],
  documentedPlaceholders: [],
};
