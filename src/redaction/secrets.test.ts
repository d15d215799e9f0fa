import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { credentialEchoes as echoes } from '../testing/echoes.js';
import { MIN_SECRET_LENGTH, findSecret, findSecretIn, maskSecrets, maskSecretsIn, secretSpellings } from './secrets.js';

const secret = 'S3cr3t+/Key with space!';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
describe('maskSecrets', () => {
  it.each(Object.entries(echoes(secret)))('masks the secret %s', (_label, text) => {
    const masked = maskSecrets(text, [secret]);
    expect(masked).toContain('<redacted>');
    expect(findSecret(masked, [secret])).toBeUndefined();
    // Nothing of the secret's verbatim or base64 spellings is left.
    for (const { text: spelling } of secretSpellings(secret)) expect(masked).not.toContain(spelling);
  });

  it('leaves text without the secret as it is, and masks every occurrence', () => {
    expect(maskSecrets('nothing to see', [secret])).toBe('nothing to see');
    expect(maskSecrets(`${secret} and ${secret}`, [secret])).toBe('<redacted> and <redacted>');
  });

  it(`ignores secrets shorter than ${MIN_SECRET_LENGTH} characters (they would mask ordinary words), and empty lists`, () => {
    expect(maskSecrets('an abc in a text', ['abc', '', 'a'])).toBe('an abc in a text');
    expect(maskSecrets('abcdef', [])).toBe('abcdef');
    expect(maskSecrets('abcdef', ['abcdef'])).toBe('<redacted>');
  });

  it('masks several secrets at once, the longest spelling first', () => {
    expect(maskSecrets('k=first-secret t=second-secret', ['first-secret', 'second-secret'])).toBe('k=<redacted> t=<redacted>');
  });

  it('a random secret never survives in any echo (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: MIN_SECRET_LENGTH, maxLength: 40, unit: 'grapheme' }), fc.string({ maxLength: 8 }), (value, prefix) => {
        for (const text of Object.values(echoes(value))) {
          const masked = maskSecrets(prefix + text, [value]);
          if (masked.includes(value)) return false;
          if (masked.includes(b64(value).replace(/=+$/, '').slice(0, -1))) return false;
        }
        return true;
      }),
      { numRuns: 150 },
    );
  });
});

describe('maskSecretsIn, findSecretIn', () => {
  it('masks strings and keys deep in a value, keeps numbers and the shape', () => {
    const value = { a: [{ [secret]: 1, b: `x ${b64(secret)}` }], n: 2, t: true };
    expect(maskSecretsIn(value, [secret])).toEqual({ a: [{ '<redacted>': 1, b: 'x <redacted>' }], n: 2, t: true });
  });

  it('names the field and the encoding where a secret is found, never the secret', () => {
    const recording = { request: { headers: { authorization: `Basic ${b64(`u:${secret}`)}` } }, response: { body: { ok: true } } };
    const found = findSecretIn(recording, [secret]);
    expect(found).toEqual({ path: 'request.headers.authorization', encoding: 'base64' });
    expect(findSecretIn({ list: ['a', encodeURIComponent(secret)] }, [secret])).toEqual({ path: 'list[1]', encoding: 'percent-encoded' });
    const inKey = findSecretIn({ body: { [secret]: 1 } }, [secret]);
    expect(inKey?.path).toBe('body (one of its keys)');
    expect(JSON.stringify(inKey)).not.toContain(secret);
    expect(findSecretIn({ clean: 'yes' }, [secret])).toBeUndefined();
  });
});
