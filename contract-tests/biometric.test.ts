/**
 * Biometric.kz specifics: the choices the spec makes on thin evidence (pinned), the chain order it documents,
 * and how the two keys travel, against its Prism mock.
 */
import { describe, expect, inject, it } from 'vitest';
import { createBiometricClient } from '../src/biometric/index.js';
import { RequestValidationError } from '../src/core/errors.js';
import type { Exchange } from '../src/core/exchange.js';
import { registeredApi } from '../src/registry.js';
import { committedValidator } from '../scripts/lib/drift.js';
import { fakeCredential } from './support/clients.js';

const mockUrls = inject('mockUrls');
const document = registeredApi('biometric').spec;
const schemas = (document.components as { schemas: Record<string, any> }).schemas;
const BACKEND_KEY = fakeCredential('biometric', 'apiKey');
const FLOW_KEY = fakeCredential('biometric', 'flowApiKey');

/** Schemas whose own evidence is only inferred. */
const inferredSchemas = Object.entries(schemas).filter(([, schema]) => {
  const marks = Array.isArray(schema['x-evidence']) ? (schema['x-evidence'] as Array<{ mark: string }>).map((e) => e.mark) : [];
  return marks.length > 0 && !marks.includes('C');
});

describe('biometric spec choices (pinned)', () => {
  it("names the subject's IIN `iin` (the GBDFL table), not `personal_number` (the ERD table), and says so", () => {
    expect(schemas['GbdflRequest'].required).toEqual(['api_key', 'iin']);
    expect(schemas['GbdflRequest'].properties).not.toHaveProperty('personal_number');
    expect(schemas['GbdflRequest'].description).toContain('**Contradiction on the vendor');
    expect(schemas['EDocumentRequest'].properties).toHaveProperty('iin');
    expect(schemas['EDocumentRequest'].properties).not.toHaveProperty('personal_number');
  });

  it('types the liveness probability as the string the vendor sends ("0.9980"), not a number', () => {
    const validator = committedValidator('biometric');
    const liveness = { result: true, prediction: '0.9980', failure_reason: null };
    expect(validator.validateAt('/components/schemas/LivenessResult', liveness)).toEqual([]);
    expect(validator.validateAt('/components/schemas/LivenessResult', { ...liveness, prediction: 0.998 })).not.toEqual([]);
    expect(schemas['LivenessResult'].description).toContain('**Contradiction on the vendor');
  });

  it('requires nothing and closes nothing on inference alone: inferred schemas are open and require no field but api_key', () => {
    expect(inferredSchemas.map(([name]) => name)).toEqual(expect.arrayContaining(['FlowSessionResult', 'EDocument', 'GbdflResult', 'LivenessShortResult', 'FaceCompareResult', 'EDocumentApproveRequest']));
    for (const [name, schema] of inferredSchemas) {
      expect(schema.additionalProperties, name).not.toBe(false);
      expect((schema.required ?? []).filter((field: string) => field !== 'api_key'), name).toEqual([]);
      expect(schema.description, name).toMatch(/inferred/i);
    }
  });

  it('leaves failure types and session statuses open (the public lists are cut)', () => {
    expect(schemas['FailureReason'].properties.type.enum).toBeUndefined();
    expect(schemas['FlowSessionResult'].properties.status.enum).toBeUndefined();
  });

  it("states the GBDFL page's chain order, and has no address operation (its fields are not public)", () => {
    const description = String((document.info as { description: string }).description);
    const text = description.slice(description.indexOf('**Backend chain**'));
    const order = ['checkLivenessShort', 'requestEDocument', 'approveEDocument', 'compareFaces', 'retrieveGbdfl', 'address', 'ERD'].map((step) => text.indexOf(step));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('within 3 hours');
    expect(Object.keys(document.paths!).filter((path) => path.includes('address'))).toEqual([]);
    expect((document.tags as Array<{ name: string; description: string }>).find((t) => t.name === 'Address')?.description).toMatch(/not documented publicly/);
  });

  it('documents both technology webhooks, with the failure reason structure', () => {
    expect(Object.keys((document as unknown as { webhooks: object }).webhooks)).toEqual(['technology.start', 'technology.end']);
    expect(schemas['FailureReason'].required).toEqual(['type']);
  });
});

describe('biometric client against the mock', () => {
  const exchanges: Exchange[] = [];
  const client = createBiometricClient({ apiKey: BACKEND_KEY, flowApiKey: FLOW_KEY, baseUrl: mockUrls['biometric']!, validateResponses: true, onExchange: (e) => void exchanges.push(e) });

  it('creates a session with the flow key and reads its result with it', async () => {
    const session = await client.createFlowSession();
    expect(session.technologies.length).toBeGreaterThan(0);
    expect(JSON.parse(exchanges.at(-1)!.request.bodyText!)).toEqual({ api_key: FLOW_KEY });
    await client.getSessionResult(session.session_id).catch(() => undefined);
    expect(new URL(exchanges.at(-1)!.request.url).searchParams.get('flow_api_key')).toBe(FLOW_KEY);
  });

  it('rejects a GBDFL body without `iin` as a typed error naming it', async () => {
    const error = await client.request('post', '/api/v1/backend/gbdfl/', { body: { personal_number: '010203040506' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).fields).toContain('body.iin');
  });

});
