/** Redaction rules one by one, named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { type RedactableExchange, type RedactionRules, REDACTED, Redactor, matchesPath, redactExchange, scanExchange } from './redact.js';

const rules: RedactionRules = {
  api: 'unit',
  credentialHeaders: ['authorization', 'x-key'],
  credentialQuery: ['token'],
  credentialFields: ['secret', '**.password'],
  personalData: [
    { path: 'iin', kind: 'digits' },
    { path: 'surname', kind: 'surname' },
    { path: 'people[].phone', kind: 'phone' },
  ],
  documentedPlaceholders: ['010203040506'],
};
const exchange = (request: Partial<RedactableExchange['request']>, response: RedactableExchange['response'] = {}): RedactableExchange => ({ request: { path: '/', ...request }, response });

describe('matchesPath rules', () => {
  it.each([
    ['data.**', ['data'], true],
    ['data.**', ['data', 'a', 'b'], true],
    ['a.**.z', ['a', 'z'], true],
    ['a.**.z', ['a', 'b', 'c', 'z'], true],
    ['a.**.z', ['a', 'b', 'c'], false],
    ['data.*', ['data'], false],
    ['a.b', ['a'], false],
    ['a', ['a', 'b'], false],
    ['list[]', ['list', '[]'], true],
    ['list[].x', ['list', 'x'], false],
  ] as const)('%s ~ %j → %s', (pattern, path, expected) => {
    expect(matchesPath(pattern, path)).toBe(expected);
  });
});

describe('headers', () => {
  it('keeps the scheme of Bearer, Token and Basic credentials, in any case, and lower-cases header names', () => {
    const out = redactExchange(exchange({ headers: { Authorization: 'bearer abcdefghijkl', 'X-Key': 'plainsecretvalue', Accept: 'application/json' } }), rules);
    expect(out.request.headers).toEqual({ authorization: `bearer ${REDACTED}`, 'x-key': REDACTED, accept: 'application/json' });
  });

  it('leaves a header that is already redacted as it is', () => {
    const headers = { authorization: `Token ${REDACTED}`, 'x-key': REDACTED };
    expect(redactExchange(exchange({ headers }), rules).request.headers).toEqual(headers);
  });

  it('redacts cookies even when the rules do not list them', () => {
    const out = redactExchange(exchange({ headers: { cookie: 'a=1234567890' } }, { headers: { 'set-cookie': 'b=0987654321; Path=/' } }), { ...rules, credentialHeaders: [] });
    expect(out.request.headers).toEqual({ cookie: REDACTED });
    expect(out.response.headers).toEqual({ 'set-cookie': REDACTED });
  });

  it("takes only a Set-Cookie's first pair for the secret, not its attributes", () => {
    const out = redactExchange(exchange({}, { headers: { 'set-cookie': 'sid=abcdef123456; Domain=shared-domain.test' }, bodyText: 'sid abcdef123456 on shared-domain.test' }), rules);
    expect(out.response.bodyText).toBe(`sid ${REDACTED} on shared-domain.test`);
  });

  it('learns the password of Basic credentials only', () => {
    const basic = Buffer.from('user-name:pass-word-1').toString('base64');
    const out = redactExchange(exchange({ headers: { authorization: `Basic ${basic}` } }, { bodyText: 'user-name / pass-word-1' }), rules);
    expect(out.response.bodyText).toBe(`user-name / ${REDACTED}`);
    const token = redactExchange(exchange({ headers: { authorization: `Token ${basic}` } }, { bodyText: 'user-name / pass-word-1' }), rules);
    expect(token.response.bodyText).toBe('user-name / pass-word-1');
  });
});

describe('secrets', () => {
  it('does not hunt for secrets shorter than 6 characters elsewhere, but still redacts their field', () => {
    const out = redactExchange(exchange({ body: { secret: 'abcde' } }, { bodyText: 'abcde' }), rules);
    expect(out.request.body).toEqual({ secret: REDACTED });
    expect(out.response.bodyText).toBe('abcde');
    const six = redactExchange(exchange({ body: { secret: 'abcdef' } }, { bodyText: 'abcdef' }), rules);
    expect(six.response.bodyText).toBe(REDACTED);
  });

  it('redacts a secret echoed as a number', () => {
    const out = redactExchange(exchange({ body: { secret: 12345678 } }, { body: { echo: 12345678 } }), rules);
    expect(out.response.body).toEqual({ echo: REDACTED });
  });

  it('redacts credential query parameters and learns them; leaves booleans alone', () => {
    const out = redactExchange(exchange({ query: { token: 'query-secret-1', flag: true, iin: '870412300123' } }, { bodyText: 'echo query-secret-1' }), rules);
    expect(out.request.query).toEqual({ token: REDACTED, flag: true, iin: expect.stringMatching(/^0{8}\d{4}$/) });
    expect(out.response.bodyText).toBe(`echo ${REDACTED}`);
  });

  it('redacts credential fields at any depth the rules say, and nothing that only looks similar', () => {
    const out = redactExchange(exchange({ body: { a: { b: { password: 'p-123456' } }, secrets: 'keep-me' } }), rules);
    expect(out.request.body).toEqual({ a: { b: { password: REDACTED } }, secrets: 'keep-me' });
  });
});

describe('personal data', () => {
  it('replaces a personal value echoed as a number with a number fake of the same length', () => {
    const out = redactExchange(exchange({ body: { iin: '870412300123' } }, { body: { echo: 870412300123, again: 870412300123, text: '870412300123' } }), rules);
    const fake = (out.request.body as { iin: string }).iin;
    expect(fake).toMatch(/^0{8}\d{4}$/);
    const body = out.response.body as { echo: unknown; again: unknown; text: unknown };
    // The text fake `0000…` is no number: the echo keeps its type (and its first digit, as number fakes do).
    expect(body.echo).toEqual(expect.any(Number));
    expect(String(body.echo)).toMatch(/^80{7}\d{4}$/);
    expect(body.again).toBe(body.echo);
    expect(body.text).toBe(fake);
  });

  it('replaces a personal value echoed as a number with its fake when the fake is a number too', () => {
    const out = redactExchange(exchange({ body: { iin: '870412300123' } }, { body: { iin: 970412300123, echo: 970412300123 } }), rules);
    const body = out.response.body as { iin: unknown; echo: unknown };
    expect(body.iin).toEqual(expect.any(Number));
    expect(body.echo).toBe(body.iin);
  });

  it('hides a personal value echoed as a fraction, which no number fake can stand for, with its text fake', () => {
    const out = redactExchange(exchange({ body: { iin: '8704.5' } }, { body: { echo: 8704.5 } }), rules);
    const fake = (out.request.body as { iin: string }).iin;
    expect(fake).toMatch(/^0{3}\d\.\d$/);
    expect((out.response.body as { echo: unknown }).echo).toBe(fake);
  });

  it('does not sweep values shorter than 4 characters out of other text', () => {
    const out = redactExchange(exchange({ body: { surname: 'Ли' } }, { bodyText: 'Ли Ли' }), rules);
    expect((out.request.body as { surname: string }).surname).not.toBe('Ли');
    expect(out.response.bodyText).toBe('Ли Ли');
  });

  it('replaces a whole string that is a personal value, even inside text fields the rules do not name', () => {
    const out = redactExchange(exchange({ body: { surname: 'Нурланова' } }, { body: { note: 'Нурланова', line: 'dear Нурланова,' } }), rules);
    const fake = (out.request.body as { surname: string }).surname;
    expect(out.response.body).toEqual({ note: fake, line: `dear ${fake},` });
  });

  it('keeps documented placeholders and fakes as they are, and never maps another value onto them', () => {
    const out = redactExchange(exchange({ body: { iin: '010203040506', surname: 'Testov' } }), rules);
    expect(out.request.body).toEqual({ iin: '010203040506', surname: 'Testov' });
  });

  it('gives two numbers that would share a fake two fakes', () => {
    const redactor = new Redactor(rules);
    const seen = new Set<number>();
    for (let n = 0; n < 300; n++) {
      const out = redactor.redact(exchange({ body: { iin: 870412300000 + n } }));
      seen.add((out.request.body as { iin: number }).iin);
    }
    expect(seen.size).toBe(300);
  });

  it('leaves values of other types alone', () => {
    const body = { iin: null, surname: true, people: [{ phone: false }] };
    expect(redactExchange(exchange({ body }), rules).request.body).toEqual(body);
  });
});

describe('scanExchange messages', () => {
  it('names a credential query parameter left in', () => {
    expect(scanExchange(exchange({ query: { token: 'abc' } }), rules)).toEqual(['query parameter token is not redacted']);
    expect(scanExchange(exchange({ query: { token: REDACTED } }), rules)).toEqual([]);
  });

  it('flags a personal number that is not a fake, but not one that is', () => {
    expect(scanExchange(exchange({ body: { iin: 870412300123 } }), rules)).toEqual(['request body iin looks like real digits: "870412300123"']);
    expect(scanExchange(exchange({ body: { iin: 800000000043 } }), rules)).toEqual([]);
    expect(scanExchange(exchange({ body: { people: [{ phone: '+77001234567' }] } }), rules)).toEqual(['request body people[].phone looks like real phone: "+77001234567"']);
  });

  it('finds tokens, JWTs and private keys anywhere, but not redacted ones or example e-mails', () => {
    const text = `Bearer abcdefghijklmnopqrstu eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig -----BEGIN RSA PRIVATE KEY----- a@example.org Token ${REDACTED}`;
    expect(scanExchange(exchange({}, { bodyText: text }), rules)).toEqual([
      'an Authorization token: Bearer abcde…',
      'a JSON Web Token: eyJhbGciOiJI…',
      'a private key: -----BEGIN R…',
    ]);
  });

  it('checks credential headers of both sides, only by their own names', () => {
    expect(scanExchange(exchange({ headers: { 'x-key': 'v', other: 'v' } }, { headers: { authorization: `Token ${REDACTED}` } }), rules)).toEqual(['request header x-key is not redacted']);
  });
});
