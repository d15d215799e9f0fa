/** Reading bodies by Content-Type, each rule named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { decodeBodyLeniently, isJsonContentType, mediaTypeOf, parseJson, pickMediaType, recordedBody } from './body.js';

describe('content types', () => {
  it('takes the media type alone, trimmed and lower case', () => {
    expect(mediaTypeOf(' Application/JSON ; charset=utf-8')).toBe('application/json');
    expect(mediaTypeOf(null)).toBe('');
    expect(mediaTypeOf(undefined)).toBe('');
  });

  it('calls application/json, any +json and text/json JSON, and nothing else', () => {
    for (const type of ['application/json', 'application/problem+json; charset=utf-8', 'text/json']) expect(isJsonContentType(type), type).toBe(true);
    for (const type of ['text/plain', 'application/jsonp', 'application/json-seq', '', 'json']) expect(isJsonContentType(type), type).toBe(false);
  });

  it('picks the only documented type, or a JSON one, when the answer names none', () => {
    expect(pickMediaType(['text/plain'], '')).toBe('text/plain');
    expect(pickMediaType(['text/plain', 'application/problem+json'], '')).toBe('application/problem+json');
    expect(pickMediaType(['text/plain', 'text/html'], '')).toBeUndefined();
  });

  it('matches exact types case-insensitively, then families, then */*', () => {
    expect(pickMediaType(['Application/JSON'], 'application/json')).toBe('Application/JSON');
    expect(pickMediaType(['IMAGE/*'], 'image/png')).toBe('IMAGE/*');
    expect(pickMediaType(['image/*', '*/*'], 'text/plain')).toBe('*/*');
    expect(pickMediaType(['text/*'], 'texture/x')).toBeUndefined();
  });
});

describe('decoding', () => {
  it('parses JSON or says why not', () => {
    expect(parseJson('[1]')).toEqual({ ok: true, value: [1] });
    const failed = parseJson('{');
    expect(failed.ok).toBe(false);
    expect(!failed.ok && failed.error).toBeInstanceOf(SyntaxError);
  });

  it('decodes leniently: undefined for nothing, JSON when it parses, else the text', () => {
    expect(decodeBodyLeniently('')).toBeUndefined();
    expect(decodeBodyLeniently('{"a":1}')).toEqual({ a: 1 });
    expect(decodeBodyLeniently('<html>')).toBe('<html>');
  });

  it('records JSON (or untyped) bodies that parse as values, and everything else as text', () => {
    expect(recordedBody('{"a":1}', 'application/json')).toEqual({ body: { a: 1 } });
    expect(recordedBody('{"a":1}', undefined)).toEqual({ body: { a: 1 } });
    expect(recordedBody('{"a":1}', 'text/plain')).toEqual({ bodyText: '{"a":1}' });
    expect(recordedBody('{oops', 'application/json')).toEqual({ bodyText: '{oops' });
  });
});
