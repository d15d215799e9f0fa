import { describe, expect, it } from 'vitest';
import { bank131Redaction } from '../bank131/redaction.js';
import { brainysoftRedaction } from '../brainysoft/redaction.js';
import { erdRedaction } from '../erd/redaction.js';
import { kycaidRedaction } from '../kycaid/redaction.js';
import { type FakeKind, fakeValue, isFake } from './fakes.js';
import { type RedactableExchange, REDACTED, Redactor, extendRedactionRules, matchesPath, redactExchange, scanExchange } from './redact.js';

describe('matchesPath', () => {
  it.each([
    ['api_key', ['api_key'], true],
    ['api_key', ['data', 'api_key'], false],
    ['result_json[].debtor_iin', ['result_json', '[]', 'debtor_iin'], true],
    ['**.email', ['applicant', 'email'], true],
    ['**.email', ['email'], true],
    ['data.*.id', ['data', 'x', 'id'], true],
    ['data.*.id', ['data', 'id'], false],
  ] as const)('%s ~ %j → %s', (pattern, path, expected) => {
    expect(matchesPath(pattern, path)).toBe(expected);
  });
});

describe('fakes', () => {
  const cases: Array<[FakeKind, string, RegExp]> = [
    ['digits', '870412300123', /^0{8}\d{4}$/],
    ['digits', '123-456', /^000-0\d{2}$/],
    ['phone', '+77011234567', /^\+70{6}\d{4}$/],
    ['date', '1987-04-12', /^1900-\d{2}-\d{2}$/],
    ['date', '1987-04-12+06:00', /^1900-\d{2}-\d{2}\+06:00$/],
    ['date', '12.04.1987', /^\d{2}\.\d{2}\.1900$/],
    ['email', 'aigerim.n@mail.kz', /^user\d{6}@example\.com$/],
    ['surname', 'НУРЛАНОВА', /^[А-ЯЁ]+$/],
    ['given-name', 'Aigerim', /^[A-Z][a-z]+$/],
    ['card-number', '5375411422962063', /^40{11}\d{4}$/],
  ];
  it.each(cases)('%s %s keeps its shape', (kind, real, shape) => {
    const fake = fakeValue(kind, real);
    expect(fake).toMatch(shape);
    expect(fake).not.toBe(real);
    expect(fake.length === real.length || !['digits', 'phone', 'date', 'card-number'].includes(kind)).toBe(true);
    expect(isFake(kind, fake)).toBe(true);
    expect(isFake(kind, real)).toBe(false);
    expect(fakeValue(kind, real)).toBe(fake); // deterministic
  });
});

const planted = (): RedactableExchange & { response: { status: number } } => ({
  request: {
    path: '/api/v1/backend/erd/retrieve/',
    headers: { 'content-type': 'application/json', authorization: 'Token 0123456789abcdef0123456789abcdef0123' },
    body: { api_key: 'REAL-KEY-f3a9c1d7e5b2a4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e', iin: '870412300123' },
  },
  response: {
    status: 200,
    headers: { 'content-type': 'application/json', 'set-cookie': 'session=abcdef123456' },
    body: {
      backend_session: '5b3c2a10-0000-4000-8000-000000000000',
      status: 'RECEIVED',
      personal_number: '870412300123',
      echo: 'key was REAL-KEY-f3a9c1d7e5b2a4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e',
      result_json: [{ debtor_iin: '870412300123', debtor_surname: 'НУРЛАНОВА', debtor_birth_data: '1987-04-12+00:00', executor_contacts: '+77011234567' }],
    },
  },
});

describe('Redactor', () => {
  const rules = { ...erdRedaction, credentialHeaders: ['authorization'] };

  it('removes credentials wherever they appear and fakes personal data consistently', () => {
    const out = redactExchange(planted(), rules);
    const text = JSON.stringify(out);
    expect(text).not.toContain('REAL-KEY');
    expect(text).not.toContain('0123456789abcdef0123456789abcdef0123');
    expect(text).not.toContain('870412300123');
    expect(text).not.toContain('НУРЛАНОВА');
    expect(text).not.toContain('abcdef123456');
    expect(out.request.headers!['authorization']).toBe(`Token ${REDACTED}`);
    expect((out.request.body as any).api_key).toBe(REDACTED);
    const body = out.response.body as any;
    expect(body.echo).toBe(`key was ${REDACTED}`);
    // The same IIN maps to the same fake in the request and in both places of the response.
    expect(body.personal_number).toBe((out.request.body as any).iin);
    expect(body.result_json[0].debtor_iin).toBe(body.personal_number);
    expect(body.result_json[0].debtor_birth_data).toMatch(/^1900-\d{2}-\d{2}\+00:00$/);
    expect(scanExchange(out, rules)).toEqual([]);
  });

  it('is idempotent', () => {
    const once = redactExchange(planted(), rules);
    expect(redactExchange(once, rules)).toEqual(once);
  });

  it('leaves the vendor documentation placeholders alone', () => {
    const exchange: RedactableExchange = { request: { path: '/', body: { iin: '010203040506' } }, response: { body: { result_json: [{ debtor_surname: 'ФАМИЛИЯ' }] } } };
    expect(redactExchange(exchange, rules)).toEqual(exchange);
  });

  it('removes secrets the caller knows even from non-JSON bodies', () => {
    const exchange: RedactableExchange = { request: { path: '/' }, response: { bodyText: '<html>bad key sk-live-123456789</html>' } };
    expect(new Redactor(rules, ['sk-live-123456789']).redact(exchange).response.bodyText).toBe(`<html>bad key ${REDACTED}</html>`);
  });
});

describe('scanExchange', () => {
  it('flags what is not redacted', () => {
    const problems = scanExchange(planted(), { ...erdRedaction, credentialHeaders: ['authorization'] });
    expect(problems).toEqual(
      expect.arrayContaining([
        'request header authorization is not redacted',
        'response header set-cookie is not redacted',
        'request body api_key is a credential and is not redacted',
        'request body iin looks like real digits: "870412300123"',
        'response body result_json[].debtor_surname looks like real surname: "НУРЛАНОВА"',
        expect.stringMatching(/^an Authorization token: Token 012345/),
      ]),
    );
  });
  it('flags e-mail addresses outside example domains anywhere', () => {
    const problems = scanExchange({ request: { path: '/' }, response: { bodyText: 'contact ivan@mail.ru' } }, erdRedaction);
    expect(problems).toEqual(['an e-mail address outside example domains: ivan@mail.ru…']);
  });
});

describe('Redactor regressions found by redact.property.test.ts', () => {
  const body = (exchange: RedactableExchange, where: 'request' | 'response' = 'request') => exchange[where].body as Record<string, any>;

  it('never rewrites part of a fake or placeholder (the Bank 131 example address stays whole)', () => {
    // Was "г. Тестовый, ул. Тестовая, д. 1, ул. Тестовая, д. 0, кв. 0": the sweep replaced the real birthplace
    // `г. Москва` inside the address, which is already a fake and was kept as such.
    const exchange: RedactableExchange = { request: { path: '/api/v1.1/check', body: { birthplace: 'г. Москва', address: 'г. Москва, ул. Тестовая, д. 0, кв. 0' } }, response: {} };
    const out = redactExchange(exchange, bank131Redaction);
    expect(body(out).address).toBe('г. Москва, ул. Тестовая, д. 0, кв. 0');
    expect(body(out).birthplace).toMatch(/Тестов|Примерн/);
    expect(redactExchange(out, bank131Redaction)).toEqual(out);
  });

  it('keeps a personal number a number with as many digits, recognised as a fake the next time', () => {
    // Was 870412300123 → 1234 (the fake "000000001234" lost its zeros as a number), then 1234 → 4 on the next run.
    const out = redactExchange({ request: { path: '/', body: { iin: 870412300123 } }, response: {} }, erdRedaction);
    expect(body(out).iin).toEqual(expect.any(Number));
    expect(String(body(out).iin)).toMatch(/^8\d{11}$/);
    expect(body(out).iin).not.toBe(870412300123);
    expect(redactExchange(out, erdRedaction)).toEqual(out);
    expect(scanExchange(out, erdRedaction)).toEqual([]);
  });

  it('replaces values echoed percent-encoded (URLs) and as object keys', () => {
    // Was: `/clients/1931-09-13%2B06%3A00` and `{"index": {"1931-09-13+06:00": …}}` kept a real date of birth.
    const exchange: RedactableExchange = {
      request: { path: `/clients/${encodeURIComponent('1931-09-13+06:00')}/${encodeURIComponent('НУРЛАНОВА')}`, body: { iin: '870412300123' } },
      response: {
        headers: { location: `/find?surname=${encodeURIComponent('НУРЛАНОВА')}` },
        body: { result_json: [{ debtor_surname: 'НУРЛАНОВА', debtor_birth_data: '1931-09-13+06:00' }], index: { '870412300123': 'found', '1931-09-13+06:00': 'found' } },
      },
    };
    const text = JSON.stringify(redactExchange(exchange, erdRedaction));
    for (const value of ['870412300123', '1931-09-13', 'НУРЛАНОВА', encodeURIComponent('НУРЛАНОВА'), encodeURIComponent('1931-09-13+06:00')]) expect(text).not.toContain(value);
  });

  it('keeps a number a number when it echoes a real text value whose fake has leading zeros', () => {
    // Was: passport seria "3692" faked to "0009", and the client id 3692 (an echo) became the string "0009":
    // the redacted body no longer matched the spec (found by the property test, seed -1480784888).
    const exchange: RedactableExchange = { request: { path: '/main/clients' }, response: { body: { data: { id: 3692, passport: { seria: '3692' } } } } };
    const out = redactExchange(exchange, brainysoftRedaction);
    const data = (out.response.body as { data: { id: unknown; passport: { seria: string } } }).data;
    expect(data.passport.seria).toMatch(/^0\d{3}$/);
    expect(typeof data.id).toBe('number');
    expect(String(data.id)).toHaveLength(4);
    expect(JSON.stringify(out)).not.toContain('3692');
    expect(redactExchange(out, brainysoftRedaction)).toEqual(out);
    expect(scanExchange(out, brainysoftRedaction)).toEqual([]);
  });

  it('learns the secrets inside Basic credentials and cookies, so their echoes go too', () => {
    // Was: only whole header values were known secrets; the password or session id echoed elsewhere stayed.
    const exchange: RedactableExchange = {
      request: {
        path: '/',
        headers: { authorization: `Basic ${Buffer.from('app:s3cr3t-passw0rd').toString('base64')}`, cookie: 'csrftoken=abcdefabcdef12; sessionid=sess-0123456789abcdef' },
      },
      response: {
        headers: { 'set-cookie': 'sessionid=sess-fedcba9876543210; Path=/; HttpOnly' },
        bodyText: 'bad password s3cr3t-passw0rd for session sess-0123456789abcdef; new session sess-fedcba9876543210',
      },
    };
    const out = redactExchange(exchange, brainysoftRedaction);
    expect(out.response.bodyText).toBe(`bad password ${REDACTED} for session ${REDACTED}; new session ${REDACTED}`);
    expect(scanExchange(out, brainysoftRedaction)).toEqual([]);
  });

  it('holds query parameters against the rules like top-level body fields', () => {
    // Was: `?iin=870412300123&api_key=…` kept as they were (the rules only looked at bodies).
    const exchange: RedactableExchange = { request: { path: '/', query: { iin: '870412300123', api_key: 'REAL-KEY-f3a9c1d7e5b2a4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e', page: 2 } }, response: {} };
    const out = redactExchange(exchange, erdRedaction);
    expect(out.request.query).toEqual({ iin: expect.stringMatching(/^0{8}\d{4}$/), api_key: REDACTED, page: 2 });
  });

  it('gives a value whose fake is taken another fake of the same shape', () => {
    // +77011234526 and +77011234553 share a fake (+70000000030); the second one's fake was made from
    // "+77011234553#1" and kept the "#1": "+70000000813#1", which broke digits-only patterns.
    expect(fakeValue('phone', '+77011234526')).toBe(fakeValue('phone', '+77011234553'));
    const exchange: RedactableExchange = { request: { path: '/' }, response: { body: { result_json: [{ executor_contacts: '+77011234526' }, { executor_contacts: '+77011234553' }] } } };
    const [first, second] = body(redactExchange(exchange, erdRedaction), 'response').result_json;
    expect(first.executor_contacts).toMatch(/^\+7\d{10}$/);
    expect(second.executor_contacts).toMatch(/^\+7\d{10}$/);
    expect(second.executor_contacts).not.toBe(first.executor_contacts);
  });
});

describe('rules that follow the specs', () => {
  it("fakes Bank 131 v2.0's `e-mail` as well as v1.1's `email`", () => {
    for (const field of ['e-mail', 'email']) {
      const out = redactExchange({ request: { path: '/api/v2.0/check', body: { [field]: 'aigerim@mail.kz' } }, response: {} }, bank131Redaction);
      expect(out.request.body).toEqual({ [field]: expect.stringMatching(/@example\.com$/) });
    }
  });

  it("fakes BrainySoft's `addressData.oldAddressText` (the name public integration code uses)", () => {
    const real = 'г. Алматы, ул. Абая, д. 10, кв. 5';
    const out = redactExchange({ request: { path: '/main/clients', body: { addressData: { oldAddressText: real } } }, response: {} }, brainysoftRedaction);
    expect(JSON.stringify(out)).not.toContain(real);
  });
});

describe('value detectors in every Redactor', () => {
  const IIN = '870412300129'; // a made-up IIN with a valid check digit
  const INN = '500100732259';

  it("fakes an IIN the rules do not name (KYCAID's external_applicant_id), and its echoes", () => {
    const exchange: RedactableExchange = {
      request: { path: `/applicants/${IIN}`, query: { ref: `iin:${IIN}` }, body: { external_applicant_id: IIN, note: `client ${IIN}` } },
      response: { body: { applicant: { external_applicant_id: Number(IIN) } } },
    };
    const out = redactExchange(exchange, kycaidRedaction);
    expect(JSON.stringify(out)).not.toContain(IIN);
    const fake = (out.request.body as { external_applicant_id: string }).external_applicant_id;
    expect(fake).toMatch(/^0{8}\d{4}$/);
    expect(out.request.path).toBe(`/applicants/${fake}`);
    expect(out.request.query).toEqual({ ref: `iin:${fake}` });
    expect((out.request.body as { note: string }).note).toBe(`client ${fake}`);
    const number = (out.response.body as { applicant: { external_applicant_id: unknown } }).applicant.external_applicant_id;
    expect(number).toEqual(expect.any(Number));
    expect(String(number)).toMatch(/^8\d{11}$/);
    expect(redactExchange(out, kycaidRedaction)).toEqual(out);
    expect(scanExchange(out, kycaidRedaction)).toEqual([]);
  });

  it('fakes phones, e-mails, INNs and passports in free text, headers and text bodies, keeping the rest of the text', () => {
    const exchange: RedactableExchange = {
      request: { path: '/', headers: { 'x-note': 'call +7 (701) 123-45-67' } },
      response: { bodyText: `<p>ivan.petrov@mail.ru, ИНН ${INN}, паспорт 4510 123456, тел. 8 916 123 45 67</p>` },
    };
    const out = redactExchange(exchange, erdRedaction);
    expect(out.request.headers!['x-note']).toMatch(/^call \+7 \(000\) 000-0\d-\d\d$/);
    expect(out.response.bodyText).toMatch(/^<p>user\d{6}@example\.com, ИНН 0{8}\d{4}, паспорт 0000 00\d{4}, тел\. 8 000 000 0\d \d\d<\/p>$/);
    expect(scanExchange(out, erdRedaction)).toEqual([]);
  });

  it('keeps documented placeholders and fakes wherever they are', () => {
    // ERD's page uses +77001234567 as a placeholder; 000000001234 is a digits fake.
    const exchange: RedactableExchange = { request: { path: '/' }, response: { body: { contact: '+77001234567', id: '000000001234', mail: 'user123456@example.com' } } };
    expect(redactExchange(exchange, erdRedaction)).toEqual(exchange);
  });

  it('the scanner names what the detectors still find, outside the fields the rules name', () => {
    const exchange: RedactableExchange = { request: { path: `/x/${IIN}` }, response: { body: { note: `ИНН ${INN}`, n: 77011234567 } } };
    expect(scanExchange(exchange, erdRedaction)).toEqual([
      'a value that looks like iin-bin left in the recording: 8704…',
      'a value that looks like inn left in the recording: 5001…',
      'a number that looks like phone left in the recording: 7701…',
    ]);
  });
});

describe('extendRedactionRules', () => {
  it('adds credentials, personal fields (first, so they win) and value patterns to an API’s rules', () => {
    const rules = extendRedactionRules(kycaidRedaction, {
      credentialHeaders: ['X-Api-Secret'],
      credentialQuery: ['sig'],
      credentialFields: ['**.webhook_secret'],
      personalData: [{ path: '**.external_applicant_id', kind: 'text' }, { path: '**.phone', kind: 'digits' }],
      patterns: [{ pattern: 'CL-[0-9]{6}', kind: 'digits' }],
    });
    expect(rules.credentialHeaders).toEqual([...kycaidRedaction.credentialHeaders, 'x-api-secret']);
    expect(rules.personalData.slice(0, 2)).toEqual([{ path: '**.external_applicant_id', kind: 'text' }, { path: '**.phone', kind: 'digits' }]);
    expect(rules.personalData.slice(2)).toEqual(kycaidRedaction.personalData);
    const exchange: RedactableExchange = {
      request: { path: '/', query: { sig: 'query-signature-1' }, headers: { 'x-api-secret': 'header-secret-1' }, body: { external_applicant_id: 'Айгерим', client: 'CL-123456', hooks: { webhook_secret: 'whsec-123456' } } },
      response: { body: { phone: '+77011234567', text: 'client CL-123456' } },
    };
    const out = redactExchange(exchange, rules);
    expect(out.request.query).toEqual({ sig: REDACTED });
    expect(out.request.headers).toEqual({ 'x-api-secret': REDACTED });
    expect(out.request.body).toEqual({ external_applicant_id: expect.stringMatching(/ЗНАЧЕНИЕ/), client: expect.stringMatching(/^CL-0{4}\d{2}$/), hooks: { webhook_secret: REDACTED } });
    const client = (out.request.body as { client: string }).client;
    // The pattern matches whole values only; the sweep then replaces the value's echoes.
    expect(out.response.body).toEqual({ phone: expect.stringMatching(/^\+0{8}\d{3}$/), text: `client ${client}` });
    expect(redactExchange(out, rules)).toEqual(out);
    expect(scanExchange(out, rules)).toEqual([]);
    expect(scanExchange(exchange, rules)).toContain('a value matching "^(?:CL-[0-9]{6})$" left in the recording: CL-1…');
    // The base rules are not changed.
    expect(kycaidRedaction.credentialHeaders).not.toContain('x-api-secret');
  });

  it('throws a TypeError naming the entry for a regular expression that does not compile, a wrong kind or a wrong type', () => {
    expect(() => extendRedactionRules(kycaidRedaction, { patterns: [{ pattern: 'ok', kind: 'digits' }, { pattern: '([0-9]', kind: 'digits' }] })).toThrow(
      new TypeError('redaction.kycaid.patterns[1].pattern "([0-9]" is not a valid regular expression: Invalid regular expression: /([0-9]/: Unterminated group'),
    );
    expect(() => extendRedactionRules(kycaidRedaction, { personalData: [{ path: 'x', kind: 'name' as never }] })).toThrow(/^redaction\.kycaid\.personalData\[0\]\.kind must be one of surname, .*, got "name"$/);
    expect(() => extendRedactionRules(kycaidRedaction, { credentialFields: [42 as never] })).toThrow(/^redaction\.kycaid\.credentialFields\[0\] must be a non-empty string, got 42$/);
    expect(() => extendRedactionRules(kycaidRedaction, { credentialHeader: ['x'] } as never)).toThrow(/^redaction\.kycaid\.credentialHeader is not a redaction rule/);
    expect(() => extendRedactionRules(kycaidRedaction, { patterns: [{ pattern: 'x', kind: 'digits' }] }, 'kyc-contracts.config.json: redaction.kycaid')).not.toThrow();
    expect(() => extendRedactionRules(kycaidRedaction, { patterns: 'x' as never }, 'cfg.redaction.kycaid')).toThrow(new TypeError('cfg.redaction.kycaid.patterns must be an array'));
    expect(() => new Redactor({ ...kycaidRedaction, patterns: [{ pattern: '(', kind: 'digits' }] })).toThrow(TypeError);
  });
});

describe('patterns and detectors leave the recording metadata alone', () => {
  it('fakes a date pattern in the exchange and the description, not in recordedAt', () => {
    const rules = extendRedactionRules(erdRedaction, { patterns: [{ pattern: '[0-9]{4}-[0-9]{2}-[0-9]{2}', kind: 'date' }] });
    const recording = { operationId: 'retrieveErd', recordedAt: '2026-11-22', description: 'born 1987-04-12', request: { path: '/' }, response: { body: { born: '1987-04-12' } } };
    const out = redactExchange(recording, rules);
    expect(out.recordedAt).toBe('2026-11-22');
    expect(out.response.body).toEqual({ born: expect.stringMatching(/^1900-/) });
    expect(out.description).toBe(`born ${(out.response.body as { born: string }).born}`);
  });
});
