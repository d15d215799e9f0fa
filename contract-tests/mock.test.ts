/**
 * Every operation × every documented status × every named example, against Prism over loopback HTTP:
 * the client must resolve with exactly the example (2xx) or reject with a typed error carrying it, and
 * whatever came back must validate against the spec for that status.
 */
import { describe, expect, inject, it } from 'vitest';
import { ApiError, KycContractsError } from '../src/core/errors.js';
import { registeredApi } from '../src/registry.js';
import { committedValidator } from '../scripts/lib/drift.js';
import { exampleRequest, responseCases } from '../scripts/lib/spec-walker.js';
import { CLIENT_APIS, clientFor } from './support/clients.js';

const mockUrls = inject('mockUrls');

for (const api of CLIENT_APIS) {
  describe(`${api} against its Prism mock`, () => {
    const document = registeredApi(api).spec;
    const validator = committedValidator(api);
    const cases = responseCases(document);

    it('has a case for every operation', () => {
      const operations = new Set(cases.map((c) => `${c.operation.method} ${c.operation.path}`));
      const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
        Object.keys(item).filter((k) => ['get', 'post', 'put', 'patch', 'delete'].includes(k)).map((m) => `${m} ${path}`),
      );
      expect([...operations].sort()).toEqual(documented.sort());
    });

    it.each(cases.map((c) => [c.title, c] as const))('%s', async (_title, testCase) => {
      const { operation, status, exampleName, example, mediaType } = testCase;
      const { client, manifest } = clientFor(api, mockUrls[api]!, { validateResponses: true, timeoutMs: 10_000 });
      const request = exampleRequest(document, operation);
      const prefer = [`code=${status}`, exampleName ? `example=${exampleName}` : ''].filter(Boolean).join(', ');
      const outcome = await client
        .request(operation.method, operation.path, { ...request, headers: { ...request.headers, Prefer: prefer } })
        .then((data) => ({ data }), (error: unknown) => ({ error }));

      const envelopeError = status < 300 && example !== undefined ? manifest.errorDialect.envelopeError?.(example) : undefined;
      if (status < 300 && !envelopeError) {
        if ('error' in outcome) throw outcome.error;
        expect(outcome.data).toEqual(example);
        expect(validator.validateResponse({ method: operation.method, path: operation.path, status, contentType: mediaType ?? '', body: outcome.data })).toMatchObject({ kind: 'valid' });
        return;
      }
      expect('error' in outcome, 'the call should have failed').toBe(true);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(KycContractsError);
      expect(error).toBeInstanceOf(ApiError);
      const apiError = error as ApiError;
      expect(apiError.status).toBe(status);
      expect(apiError.operation).toMatchObject({ api, method: operation.method.toUpperCase(), path: operation.path });
      if (envelopeError?.vendorCode) expect(apiError.vendorCode).toBe(envelopeError.vendorCode);
      if (example !== undefined) {
        expect(apiError.body).toEqual(example);
        const check = validator.validateResponse({ method: operation.method, path: operation.path, status, contentType: mediaType ?? '', body: apiError.body });
        expect(check).toMatchObject({ kind: 'valid' });
      } else {
        expect(apiError.rawBody).toBe('');
      }
    });
  });
}
