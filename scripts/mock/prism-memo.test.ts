import { describe, expect, it } from 'vitest';
import { memoizeUriTemplates, prismHttpRequire } from './prism-memo.js';

describe('memoizeUriTemplates', () => {
  it('hands prism-http one compiled matcher per template, matching as before', () => {
    const prismRequire = prismHttpRequire();
    const { URI } = prismRequire('uri-template-lite') as { URI: { Template: new (t: string) => { match(u: string): unknown } } };
    memoizeUriTemplates(prismRequire);
    memoizeUriTemplates(prismRequire);

    const first = new URI.Template('/api/v1.1/check/{id}');
    expect(new URI.Template('/api/v1.1/check/{id}')).toBe(first);
    expect(new URI.Template('/applicants/{applicant_id}')).not.toBe(first);
    expect(first.match('/api/v1.1/check/42')).toEqual({ id: '42' });
    expect(first.match('/api/v1.1/check/a%20b')).toEqual({ id: 'a b' });
    expect(first.match('/elsewhere')).toBeNull();
  });
});
