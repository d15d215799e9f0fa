/** Biometric.kz exchanges keep no credential and no personal value once redacted. */
import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from '../redaction/redact.js';
import { biometricRedaction } from './redaction.js';

const FLOW_KEY = 'real-flow-key-1234567890-abcdefghijklmnopqrstuvwxyz';
const BACKEND_KEY = 'real-backend-key-1234567890-abcdefghijklmnopqrstuv';
const IIN = '870412300123';

describe('biometricRedaction', () => {
  it('masks the flow key in the result query and every IIN, name and date of a session result', () => {
    const out = new Redactor(biometricRedaction).redact({
      request: { path: '/api/v1/flows/session/result/', query: { session_id: 's-1', flow_api_key: FLOW_KEY } },
      response: {
        status: 200,
        body: {
          status: 'FINISHED',
          edocument_result: { result_json: { common: { docNumber: '043212345', docOwner: { iin: IIN, lastName: 'АХМЕТОВ', firstName: 'ЕРЛАН', middleName: 'СЕРИКОВИЧ' } } }, extra: { date_of_birth: '1987-04-12' } },
        },
      },
    } as never);
    const text = JSON.stringify(out);
    expect((out as { request: { query: Record<string, string> } }).request.query['flow_api_key']).toBe(REDACTED);
    for (const real of [FLOW_KEY, IIN, 'АХМЕТОВ', 'ЕРЛАН', 'СЕРИКОВИЧ', '043212345', '1987-04-12']) expect(text).not.toContain(real);
    expect(text).toContain('"status":"FINISHED"');
  });

  it('masks the Backend key and the subject in backend requests, metadata included', () => {
    const out = new Redactor(biometricRedaction).redact({
      request: { path: '/api/v1/flows/session/create/', body: { api_key: BACKEND_KEY, metadata: { iin: IIN }, phone: '+77012345678', code: '482913' } },
      response: { status: 200, body: { iin: IIN, result_json: { lastName: 'АХМЕТОВ', birthDate: '1987-04-12' } } },
    } as never);
    const text = JSON.stringify(out);
    for (const real of [BACKEND_KEY, IIN, '+77012345678', '482913', 'АХМЕТОВ', '1987-04-12']) expect(text).not.toContain(real);
  });
});
