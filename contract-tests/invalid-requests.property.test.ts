/**
 * Property: for every operation with a JSON request body, a body made invalid at a random field (a required field
 * removed, a value of the wrong type, an unknown field where the body is closed) is answered by the mock as a
 * RequestValidationError that names that field as `body.<path>`: one convention for every vendor.
 */
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { RequestValidationError } from '../src/core/errors.js';
import { type JsonObject, type OpenApiDocument, isObject, listOperations, resolveLocal } from '../src/core/spec.js';
import { REGISTRY } from '../src/registry.js';
import { exampleRequest } from '../scripts/lib/spec-walker.js';
import { clientFor } from './support/clients.js';

const mockUrls = inject('mockUrls');

interface Breakage {
  readonly path: string[];
  readonly kind: 'drop-required' | 'wrong-type' | 'unknown-field';
}

/** The object schema at a JSON body's top level, `$ref`s followed and `allOf` parts merged; undefined for a union. */
function objectSchema(document: OpenApiDocument, node: unknown): JsonObject | undefined {
  const schema = resolveLocal(document, node, '').node;
  if (!isObject(schema) || schema['oneOf'] || schema['anyOf']) return undefined;
  const parts = Array.isArray(schema['allOf']) ? schema['allOf'].map((part) => objectSchema(document, part)) : [];
  if (parts.some((part) => part === undefined)) return undefined;
  const merged: JsonObject = { ...schema, required: [...((schema['required'] as string[]) ?? [])], properties: { ...(isObject(schema['properties']) ? schema['properties'] : {}) } };
  for (const part of parts as JsonObject[]) {
    (merged['required'] as string[]).push(...((part['required'] as string[]) ?? []));
    Object.assign(merged['properties'] as JsonObject, part['properties']);
    if (part['additionalProperties'] === false) merged['additionalProperties'] = false;
  }
  return schema['type'] === 'object' || Object.keys(merged['properties'] as JsonObject).length ? merged : undefined;
}

/** Ways to break `body` that its schema must reject, each at a named top-level field. */
function breakages(document: OpenApiDocument, schema: JsonObject, body: Record<string, unknown>, credentialFields: readonly string[]): Breakage[] {
  const out: Breakage[] = [];
  const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  // A credential the client adds itself (ERD's api_key) cannot go missing.
  for (const name of required) if (name in body && !credentialFields.includes(name)) out.push({ path: [name], kind: 'drop-required' });
  for (const [name, raw] of Object.entries(properties)) {
    const property = resolveLocal(document, raw, '').node;
    if (!(name in body) || !isObject(property)) continue;
    const types = ([] as unknown[]).concat(property['type'] ?? []);
    // Only plain string or integer fields: a number is never a string, a string never an integer.
    if (types.length === 1 && (types[0] === 'string' || types[0] === 'integer') && !property['oneOf'] && !property['anyOf']) out.push({ path: [name], kind: 'wrong-type' });
  }
  if (schema['additionalProperties'] === false) out.push({ path: ['unexpected_field_for_test'], kind: 'unknown-field' });
  return out;
}

function apply(body: Record<string, unknown>, breakage: Breakage): Record<string, unknown> {
  const copy = structuredClone(body);
  const [name] = breakage.path as [string];
  if (breakage.kind === 'drop-required') delete copy[name];
  else if (breakage.kind === 'wrong-type') copy[name] = typeof copy[name] === 'string' ? 12345 : 'not-a-number';
  else copy[name] = 'x';
  return copy;
}

for (const { manifest, spec } of REGISTRY) {
  describe(`${manifest.id}: invalid request bodies`, () => {
    const cases = listOperations(spec).flatMap((operation) => {
      const request = exampleRequest(spec, operation);
      if (request.contentType !== 'application/json' || !isObject(request.body)) return [];
      const requestBody = resolveLocal(spec, operation.operation['requestBody'], '').node as JsonObject;
      const media = (requestBody['content'] as JsonObject)['application/json'] as JsonObject;
      const schema = objectSchema(spec, media['schema']);
      if (!schema) return [];
      const credentialFields = manifest.credentials.flatMap((c) => (c.placement?.in === 'body' ? [c.placement.name] : []));
      const options = breakages(spec, schema, request.body, credentialFields);
      return options.length ? [{ operation, request, options }] : [];
    });

    it('has operations with JSON bodies to break', () => {
      expect(cases.length).toBeGreaterThan(0);
    });

    it.each(cases.map((c) => [c.operation.operationId!, c] as const))('%s names the broken field as body.<field>', async (_id, testCase) => {
      const { client } = clientFor(manifest.id, mockUrls[manifest.id]!, { timeoutMs: 10_000 });
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...testCase.options), async (breakage) => {
          const body = apply(testCase.request.body as Record<string, unknown>, breakage);
          const error = await client
            .request(testCase.operation.method, testCase.operation.path, { ...testCase.request, body })
            .then(() => undefined, (e: unknown) => e);
          expect(error, `${breakage.kind} ${breakage.path.join('.')}`).toBeInstanceOf(RequestValidationError);
          expect((error as RequestValidationError).fields).toContain(`body.${breakage.path.join('.')}`);
        }),
        { numRuns: Math.min(8, testCase.options.length * 2) },
      );
    });
  });
}
