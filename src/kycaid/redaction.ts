/** What in a KYCAID exchange is a credential or personal data (see src/redaction/redact.ts for the syntax). */
import type { RedactionRules } from '../redaction/redact.js';

export const kycaidRedaction: RedactionRules = {
  api: 'kycaid',
  credentialHeaders: ['authorization', 'x-data-integrity'],
  credentialFields: [],
  personalData: [
    { path: '**.first_name', kind: 'given-name' },
    { path: '**.origin_first_name', kind: 'given-name' },
    { path: '**.middle_name', kind: 'patronymic' },
    { path: '**.origin_middle_name', kind: 'patronymic' },
    { path: '**.last_name', kind: 'surname' },
    { path: '**.origin_last_name', kind: 'surname' },
    { path: '**.full_name', kind: 'full-name' },
    { path: '**.origin_full_name', kind: 'full-name' },
    { path: '**.dob', kind: 'date' },
    { path: '**.email', kind: 'email' },
    { path: '**.phone', kind: 'phone' },
    { path: '**.telegram_username', kind: 'text' },
    { path: '**.card_number', kind: 'card-number' },
    { path: '**.account_number', kind: 'account-number' },
    { path: '**.document_number', kind: 'digits' },
    { path: '**.additional_number', kind: 'digits' },
    { path: '**.tax_id', kind: 'digits' },
    { path: '**.full_address', kind: 'address' },
    { path: '**.street_name', kind: 'address' },
    { path: '**.building_number', kind: 'digits' },
    { path: '**.unit_number', kind: 'digits' },
    { path: '**.postal_code', kind: 'digits' },
  ],
  // Values from KYCAID's own documentation examples (https://docs.kycaid.com/api/documents), kept verbatim.
  documentedPlaceholders: ['5375411422962063', 'UA383220010000026200330646508', 'TH703318A', 'E2100007T-5'],
};
