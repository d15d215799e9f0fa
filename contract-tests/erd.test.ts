/** ERD specifics against its Prism mock: the contradictions the spec resolves, and how auth travels. */
import { describe, expect, inject, it } from 'vitest';
import { createErdClient } from '../src/erd/index.js';
import { ApiError, RequestValidationError } from '../src/core/errors.js';
import type { Exchange } from '../src/core/exchange.js';
import { isObject } from '../src/core/spec.js';
import { registeredApi } from '../src/registry.js';
import { fakeCredential } from './support/clients.js';

const mockUrls = inject('mockUrls');
const ERD_KEY = fakeCredential('erd', 'apiKey');
const schemas = (registeredApi('erd').spec.components as { schemas: Record<string, any> }).schemas;

describe('erd spec choices (pinned)', () => {
  it('models the IIN field as `iin` (the code examples), not `personal_number` (the table)', () => {
    const request = schemas['ErdRetrieveRequest'];
    expect(request.required).toEqual(['api_key', 'iin']);
    expect(Object.keys(request.properties)).toEqual(['api_key', 'iin']);
    expect(request.additionalProperties).toBe(false);
    expect(request.description).toContain('Contradiction on the vendor');
  });

  it('models `exec_proc_date` (the example), not `exec_proc_data` (the field list)', () => {
    const record = schemas['ErdDebtorRecord'];
    expect(record.required).toContain('exec_proc_date');
    expect(record.properties).not.toHaveProperty('exec_proc_data');
    expect(record.description).toContain('exec_proc_data');
  });

  it('does not claim format: date for `1970-01-01+00:00` dates', () => {
    const date = schemas['ErdDate'];
    expect(date.format).toBeUndefined();
    expect(new RegExp(date.pattern).test('1970-01-01+00:00')).toBe(true);
  });
});

describe('erd client against the mock', () => {
  const exchanges: Exchange[] = [];
  const erd = createErdClient({
    apiKey: ERD_KEY,
    baseUrl: mockUrls['erd']!,
    validateResponses: true,
    onExchange: (e) => void exchanges.push(e),
  });

  it('sends api_key in the body next to iin and gets the registry answer', async () => {
    const result = await erd.retrieveErd({ body: { iin: '010203040506' } });
    expect(result.status).toBe('RECEIVED');
    expect(result.result_json[0]!.exec_proc_date).toBe('1970-01-01+00:00');
    const sent = JSON.parse(exchanges.at(-1)!.request.bodyText!);
    expect(sent).toEqual({ iin: '010203040506', api_key: ERD_KEY });
    expect(exchanges.at(-1)!.request.headers).not.toHaveProperty('authorization');
  });

  it('rejects a table-style `personal_number` body as a typed error naming both fields', async () => {
    const error = await erd
      .request('post', '/api/v1/backend/erd/retrieve/', { body: { personal_number: '010203040506' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).fields).toEqual(expect.arrayContaining(['body.iin', 'body.personal_number']));
  });

  it('rejects an IIN that is not 12 digits, naming the field', async () => {
    const error = (await erd.retrieveErd({ body: { iin: '12345' } }).catch((e: unknown) => e)) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.fields).toContain('body.iin');
  });

  it('surfaces the documented 404 as ApiError with the vendor message, never the key', async () => {
    const error = (await erd.retrieveErd({ body: { iin: '010203040506' }, headers: { Prefer: 'code=404' } }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(404);
    expect(error.vendorMessage).toBe('Subject not found in ERD');
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(ERD_KEY);
  });

  it('refuses to start without a key', () => {
    expect(() => createErdClient({ apiKey: '' })).toThrow(/Missing credential `apiKey`/);
  });

  it('every documented 400 message is a named example', () => {
    const examples = (registeredApi('erd').spec.paths!['/api/v1/backend/erd/retrieve/'] as any).post.responses['400'].content['application/json'].examples;
    expect(Object.values(examples).map((e: any) => (isObject(e.value) ? e.value['detail'] : undefined))).toEqual([
      'Subscription has not started',
      'No active or future subscription for technology',
      'Client does not have subscription',
      'Client does not have access to ERD technology',
    ]);
  });
});
