/** BrainySoft specifics: the two-stage create, the error envelope in a 200, the token helper, spec choices. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CreateClientRequest, createBrainysoftClient, fetchBrainysoftToken } from '../src/brainysoft/index.js';
import { ApiError, RequestValidationError, ResponseValidationError } from '../src/core/errors.js';
import { registeredApi } from '../src/registry.js';
import { type LoopbackServer, json, startLoopbackServer } from '../src/testing/loopback-server.js';
import { committedValidator } from '../scripts/lib/drift.js';
import { namedExamples } from '../scripts/lib/spec-walker.js';
import { MINIMAL_BRAINYSOFT_CLIENT } from './support/fixtures.js';

const mockUrls = inject('mockUrls');
const document = registeredApi('brainysoft').spec;
const schemas = (document.components as { schemas: Record<string, any> }).schemas;
const initExample = namedExamples(document, (document.paths!['/main/clients/init'] as any).get.responses['200'].content['application/json'])[0]![1] as {
  data: Record<string, unknown>;
};
const minimal = MINIMAL_BRAINYSOFT_CLIENT;

describe('brainysoft spec choices (pinned)', () => {
  it('requires exactly the page’s minimum set for create, and no more', () => {
    const validator = committedValidator('brainysoft');
    const pointer = '/components/schemas/CreateClientRequest';
    expect(validator.validateAt(pointer, minimal)).toEqual([]);
    const without = (path: string[]) => {
      const copy = structuredClone(minimal) as any;
      const last = path.pop()!;
      delete path.reduce((node, key) => node[key], copy)[last];
      return copy;
    };
    for (const path of [['firstName'], ['lastName'], ['sexId'], ['birthDate'], ['mobilePhone'], ['passport', 'seria'], ['passport', 'no'], ['passport', 'issueDate'], ['addressData', 'fias'], ['addressData', 'fullAddressText']]) {
      const issues = validator.validateAt(pointer, without([...path]));
      expect(issues.map((i) => i.field), path.join('.')).toContain(`/${path.join('/')}`);
    }
    // The page says the body is the whole init template: unknown fields must pass.
    expect(validator.validateAt(pointer, { ...minimal, someFieldThisSpecDoesNotList: 1 })).toEqual([]);
  });

  it('accepts an empty passport series: the seed requires seria, the newer guide does not list it', () => {
    const validator = committedValidator('brainysoft');
    expect(validator.validateAt('/components/schemas/CreateClientRequest', { ...minimal, passport: { ...minimal.passport, seria: '' } })).toEqual([]);
    expect(JSON.stringify(schemas)).toContain('Contradiction');
  });

  it('keeps every code list of the page', () => {
    const text = JSON.stringify(schemas);
    for (const code of [101251, 101252, 101151, 101152, 101153, 101154, 101155, 102121, 102122, 102123, 102126, 102127, 102128, 102141, 102149, 1021410, 1021415]) {
      expect(text).toContain(String(code));
    }
    for (const value of ['BENEFICIAL_OWNER', 'BENEFICIARY', 'BORROWER', 'COBORROWER', 'DEPOSITOR', 'GUARANTOR', 'PLEDGER', 'REPRESENTATIVE', 'APPROVE', 'DENY', 'GOOD', 'MEDIUM', 'TECH_FAULT', 'UNDEFINED', 'VALIDATION_ERROR']) {
      expect(text).toContain(`"${value}"`);
    }
  });

  it('gives complementaryDoc the page’s own, shorter field list (not the passport’s)', () => {
    expect(JSON.stringify(schemas['Client'].properties.complementaryDoc)).toContain('#/components/schemas/ComplementaryDoc');
    expect(Object.keys(schemas['ComplementaryDoc'].properties).sort()).toEqual(['closeDate', 'complementaryDocTypeId', 'id', 'issueDate', 'manager', 'no']);
  });

  it('serves both host forms with a customer variable', () => {
    expect((document['servers'] as Array<{ url: string }>).map((s) => s.url)).toEqual([
      'https://{customer}-saas.brainysoft.ru/bs-core',
      'https://{customer}-api.brainysoft.ru/core',
    ]);
  });
});

describe('createClient (two stages)', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer();
  });
  afterAll(() => server.close());
  const client = () => createBrainysoftClient({ baseUrl: `${server.url}/bs-core`, token: 'example-bsauth-token' });
  const scripted = (createAnswer = json(200, { status: 'ok', timestamp: 1550653059521, data: 3692 })) =>
    server.handle((req) => (req.method === 'GET' ? json(200, initExample) : createAnswer));

  it("sends the init template's defaults (managerId, consent dates) back unchanged", async () => {
    scripted();
    await expect(client().createClient(minimal)).resolves.toBe(3692);
    expect(server.received.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /bs-core/main/clients/init', 'POST /bs-core/main/clients']);
    expect(server.received.every((r) => r.headers['bsauth'] === 'example-bsauth-token')).toBe(true);
    const sent = JSON.parse(server.received[1]!.bodyText);
    for (const key of ['managerId', 'bureauConsent', 'bureauConsentDate', 'personalDataConsent', 'personalDataConsentDate']) {
      expect(sent[key], key).toEqual(initExample.data[key]);
    }
    expect(initExample.data['managerId']).not.toBeNull();
    // Every template field travels back, with the caller's fields over it.
    expect(Object.keys(sent).sort()).toEqual([...new Set([...Object.keys(initExample.data), ...Object.keys(minimal)])].sort());
    expect(sent.passport).toMatchObject(minimal.passport);
    expect(sent.addressData).toMatchObject(minimal.addressData);
  });

  it('lets the caller override a default', async () => {
    scripted();
    await client().createClient({ ...minimal, managerId: 777, bureauConsentDate: '1900-03-01' });
    const sent = JSON.parse(server.received[1]!.bodyText);
    expect(sent.managerId).toBe(777);
    expect(sent.bureauConsentDate).toBe('1900-03-01');
    expect(sent.personalDataConsentDate).toEqual(initExample.data['personalDataConsentDate']);
  });

  it('returns the new id whether the answer carries the id (API description page) or the client object (Swagger page)', async () => {
    for (const data of [3692, { ...initExample.data, id: 3692 }]) {
      server.handle((request) => (request.url.endsWith('/init') ? json(200, initExample) : json(200, { status: 'ok', timestamp: 1550653059521, data })));
      await expect(client().createClient(minimal)).resolves.toBe(3692);
    }
    server.handle((request) => (request.url.endsWith('/init') ? json(200, initExample) : json(200, { status: 'ok', timestamp: 1, data: { name: 'no id' } })));
    const error = await client().createClient(minimal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]).toMatchObject({ field: '/data' });
  });

  it('turns status "error" with HTTP 200 into ApiError', async () => {
    scripted(json(200, { status: 'error', timestamp: 1550653059521, data: { code: 'VALIDATION', message: 'Passport is invalid' } }));
    const error = (await client().createClient(minimal).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, vendorCode: 'VALIDATION', vendorMessage: 'Passport is invalid' });
  });

  it('needs a customer or a base URL', () => {
    expect(() => createBrainysoftClient({ baseUrl: undefined as never, token: 'x' })).toThrow(/customer/);
    expect(createBrainysoftClient({ customer: 'demo', token: 'x' }).baseUrl).toBe('https://demo-saas.brainysoft.ru/bs-core');
    expect(() => createBrainysoftClient({ customer: 'demo.evil.example/x', token: 'x' })).toThrow(/needs `customer` \(letters, digits and dashes\)/);
  });

  it('asks a token function for the current token on every call', async () => {
    scripted();
    let n = 0;
    const refreshing = createBrainysoftClient({ baseUrl: server.url, token: async () => `token-${++n}` });
    await refreshing.initClientUsingGET();
    await refreshing.initClientUsingGET();
    expect(server.received.map((r) => r.headers['bsauth'])).toEqual(['token-1', 'token-2']);
  });
});

describe('createClient against the mock', () => {
  it('creates through Prism, which validates the merged body against CreateClientRequest', async () => {
    const client = createBrainysoftClient({ baseUrl: mockUrls['brainysoft']!, token: 'example-bsauth-token', validateResponses: true });
    await expect(client.createClient(minimal)).resolves.toBe(3692);
    await expect(client.getClientUsingGET({ params: { path: { id: 3692 } } })).resolves.toMatchObject({ status: 'ok', data: { id: expect.any(Number) } });
  });
});

describe('brainysoft invalid requests against the mock', () => {
  it('names the missing field of the minimum set', async () => {
    const client = createBrainysoftClient({ baseUrl: mockUrls['brainysoft']!, token: 'example-bsauth-token' });
    const { firstName: _omitted, ...withoutName } = minimal;
    const error = (await client.createClient(withoutName as CreateClientRequest).catch((e: unknown) => e)) as RequestValidationError;
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(error.fields).toContain('body.firstName');
  });
});

describe('fetchBrainysoftToken', () => {
  let auth: LoopbackServer;
  beforeAll(async () => {
    auth = await startLoopbackServer();
  });
  afterAll(() => auth.close());

  it('uses the client-credentials grant and returns the access token', async () => {
    auth.handle(() => json(200, { access_token: 'example-access-token', token_type: 'bearer', expires_in: 3600 }));
    const token = await fetchBrainysoftToken({ tokenUrl: `${auth.url}/oauth/token`, clientId: 'example-client', clientSecret: 'example-secret' });
    expect(token.accessToken).toBe('example-access-token');
    expect(token.expiresAt).toBeGreaterThan(Date.now());
    const sent = auth.received[0]!;
    expect(sent.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(sent.bodyText))).toEqual({ grant_type: 'client_credentials', client_id: 'example-client', client_secret: 'example-secret' });
  });

  it('reports a refusal as ApiError without echoing the secret', async () => {
    auth.handle(() => json(401, { error: 'invalid_client', error_description: 'Bad client credentials' }));
    const error = (await fetchBrainysoftToken({ tokenUrl: `${auth.url}/oauth/token`, clientId: 'c', clientSecret: 'example-secret-value' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 401, vendorCode: 'invalid_client', vendorMessage: 'Bad client credentials' });
    expect(JSON.stringify(error) + error.message).not.toContain('example-secret-value');
  });

  it('builds the documented token URL from the customer key', async () => {
    const { tokenUrlFor } = await import('../src/brainysoft/index.js');
    expect(tokenUrlFor({ customer: 'demo' })).toBe('https://demo-auth.brainysoft.ru/oauth/token');
  });
});

describe('findClientsUsingGET', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer(() => json(200, { status: 'ok', timestamp: 1, data: [] }));
  });
  afterAll(() => server.close());

  it('sends the id list with plain commas, as the vendor page shows', async () => {
    const client = createBrainysoftClient({ baseUrl: server.url, token: 'example-bsauth-token' });
    await expect(client.findClientsUsingGET({ params: { path: { ids: '101322792,101322783' }, query: { preserveOrder: true } } })).resolves.toMatchObject({ data: [] });
    expect(server.received[0]!.url).toBe('/main/clients/find/101322792,101322783?preserveOrder=true');
  });
});

describe('brainysoft lead, loan and contract spec choices (pinned)', () => {
  const validator = committedValidator('brainysoft');
  const at = (name: string) => `/components/schemas/${name}`;
  const operation = (path: string, method: string) => (document.paths![path] as Record<string, any>)[method];

  it('requires only firstName and mobilePhone for a lead (the basic script), recording the stricter scenario page', () => {
    expect(validator.validateAt(at('CreateLeadRequest'), { firstName: 'Тест', mobilePhone: '70000000001' })).toEqual([]);
    expect(validator.validateAt(at('CreateLeadRequest'), { firstName: 'Тест', mobilePhone: '70000000001', someFieldThisSpecDoesNotList: 1 })).toEqual([]);
    expect(validator.validateAt(at('CreateLeadRequest'), { firstName: 'Тест' }).map((i) => i.field)).toContain('/mobilePhone');
    expect(validator.validateAt(at('CreateLeadRequest'), { mobilePhone: '70000000001' }).map((i) => i.field)).toContain('/firstName');
    expect(schemas['CreateLeadRequest'].description).toMatch(/Contradiction on the vendor's pages/);
  });

  it('keeps the lead status open: the page’s list is cut short', () => {
    for (const currentStatus of ['WAITING', 'APPROVED', 'SOME_STATUS_ADDED_LATER']) {
      expect(validator.validateAt(at('Lead'), { currentStatus }), currentStatus).toEqual([]);
    }
    expect(JSON.stringify(document)).not.toMatch(/"enum":\["WAITING"/);
  });

  it('requires nothing and closes nothing where the evidence is inferred', () => {
    expect(validator.validateAt(at('LeadStatusRecord'), {})).toEqual([]);
    expect(validator.validateAt(at('LeadStatusRecord'), { anything: true, status: 'NEW_ONE' })).toEqual([]);
    expect(validator.validateAt(at('TokenResponse'), {})).toEqual([]);
    expect(validator.validateAt(at('CreateContractRequest'), {})).toEqual([]);
    expect(validator.validateAt(at('ErrorDetails'), { code: 'NO_MOBILE_PHONE_ERROR', message: 'phone number not specified', type: 'VALIDATION', extra: [1] })).toEqual([]);
    expect(validator.validateAt(at('ErrorDetails'), {})).toEqual([]);
    // Neither the names nor the types of the details are documented: no type is imposed on them.
    expect(validator.validateAt(at('ErrorDetails'), { code: null, message: { ru: 'Ошибка' }, type: 7 })).toEqual([]);
    // The check's answer is undocumented: any data.
    for (const data of [null, 3692, { id: 3692 }, 'started']) expect(validator.validateAt(at('CheckStartedResult'), { status: 'ok', timestamp: 1, data })).toEqual([]);
    // A create's answer may be the id or the entity, for leads, applications and contracts alike.
    for (const result of ['LeadIdResult', 'LoanApplicationIdResult', 'ContractIdResult']) {
      expect(validator.validateAt(at(result), { status: 'ok', timestamp: 1, data: 3692 }), result).toEqual([]);
      expect(validator.validateAt(at(result), { status: 'ok', timestamp: 1, data: { id: 3692 } }), result).toEqual([]);
    }
  });

  it('requires the four fields the application page says to fill, and nothing else', () => {
    const filled = { clientId: 3692, creationDate: 1550653059521, currencyId: 101011, loanAmount: 30000 };
    expect(validator.validateAt(at('CreateLoanApplicationRequest'), filled)).toEqual([]);
    for (const field of Object.keys(filled)) {
      const { [field as keyof typeof filled]: _dropped, ...rest } = filled;
      expect(validator.validateAt(at('CreateLoanApplicationRequest'), rest).map((i) => i.field), field).toContain(`/${field}`);
    }
  });

  it('reads the error envelope as public client code does: status "error", details in data', () => {
    const body = { status: 'error', timestamp: 1, data: { code: 'NO_MOBILE_PHONE_ERROR', message: 'phone number not specified', type: 'VALIDATION' } };
    expect(validator.validateAt(at('LeadIdResult'), body)).toEqual([]);
    expect(registeredApi('brainysoft').manifest.errorDialect.envelopeError!(body)).toEqual({ vendorCode: 'NO_MOBILE_PHONE_ERROR', vendorMessage: 'phone number not specified' });
  });

  it('puts the token endpoint on the auth host, without bsauth, next to fetchBrainysoftToken', () => {
    const token = document.paths!['/oauth/token'] as Record<string, any>;
    expect(token['servers'].map((s: { url: string }) => s.url)).toEqual(['https://{customer}-auth.brainysoft.ru']);
    expect(token['post'].security).toEqual([]);
    expect(token['post'].requestBody.content).toHaveProperty(['application/x-www-form-urlencoded']);
  });

  it('marks the methods no page documents as inferred, where users read them', () => {
    const find = operation('/main/contracts/find/{ids}', 'get');
    expect(find['x-evidence'].map((e: { mark: string }) => e.mark)).toEqual(['I']);
    expect(find.description).toMatch(/Inferred method/);
    for (const path of ['/dicts/countries', '/dicts/branches']) expect(operation(path, 'get').description, path).toMatch(/Inferred path/);
    expect(operation('/main/leads/{id}/statuses', 'get').description).toMatch(/Seen in client code, not on the vendor's page/);
  });
});
