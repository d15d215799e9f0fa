// Your own specs (docs/own-specs.md): clients generated into your project from the package's specs with your
// overlays (examples/own-specs/: the config, the overlays and what `kyc-contracts generate` wrote into kyc/).
import { startMock } from 'kyc-contracts/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BRAINYSOFT_BASE_URL, type BrainysoftComponents, createBrainysoftClient } from './own-specs/kyc/brainysoft.js';
import { type ErdClient, createErdClient } from './own-specs/kyc/erd.js';

// The overlay's request field is part of the body's type, its response field part of the answer's.
export async function riskScoreOf(erd: ErdClient, iin: string): Promise<number | undefined> {
  const answer = await erd.retrieveErd({ body: { iin, purpose: 'onboarding' } });
  return answer.risk_score;
}

// The deployment's server is the generated client's default; its extra fields have the overlay's `section`.
export function acmeExtraField(value: string): BrainysoftComponents['schemas']['ExtraField'] {
  return { key: 'client.source', value, section: 'contacts' };
}
export const acme = createBrainysoftClient({ token: process.env['BRAINYSOFT_TOKEN'] ?? 'example-brainysoft-bsauth-token' });

let mock: Awaited<ReturnType<typeof startMock>>;
beforeAll(async () => {
  // In your project startMock() reads kyc-contracts.config.json from the working directory; here it is named.
  mock = await startMock({ apis: ['erd', 'brainysoft'], config: 'examples/own-specs/kyc-contracts.config.json' });
});
afterAll(() => mock.stop());

it('calls the mock of the overlaid spec with the added request field, validating against the overlaid spec', async () => {
  const erd = createErdClient({ apiKey: 'example-erd-backend-api-key-0000000000000000000000', baseUrl: mock.urls['erd']!, validateResponses: true });
  expect(await riskScoreOf(erd, '010203040506')).toBeUndefined();
});

it('validates answers against the overlaid spec: risk_score must be a number', async () => {
  const answering = (riskScore: unknown) =>
    createErdClient({
      apiKey: 'example-erd-backend-api-key-0000000000000000000000',
      validateResponses: true,
      fetch: async () =>
        new Response(JSON.stringify({ backend_session: '00000000-0000-0000-0000-000000000000', status: 'RECEIVED', personal_number: '010203040506', result_json: [], risk_score: riskScore }), {
          headers: { 'content-type': 'application/json' },
        }),
    });
  expect(await riskScoreOf(answering(42), '010203040506')).toBe(42);
  await expect(riskScoreOf(answering('high'), '010203040506')).rejects.toThrow(/risk_score/);
});

it('gives the BrainySoft deployment its own server', () => {
  expect(acme.baseUrl).toBe(BRAINYSOFT_BASE_URL);
  expect(acmeExtraField('web').section).toBe('contacts');
});
