/**
 * The mock host: options, ports, the one port's `/<api>` prefix, Prism's stateless behaviour (Prefer, __code,
 * validation answers), the workflows' control routes, bad input (exit code 2, one line, nothing left listening)
 * and signals. Real HTTP on loopback, free ports. Answers of the workflows are checked against the spec by Prism's
 * own response validation: a violation would show in the `sl-violations` header.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from './lib/command.js';
import { mockOptionsFrom } from './mock.js';
import { type MockHost, startMockHost } from './mock/host.js';
import { REPO_ROOT, bundlePath } from './mock/spec.js';

const FREE = { erd: 0, kycaid: 0, bank131: 0, brainysoft: 0, biometric: 0, all: 0 };
const BANK = { 'x-partner-project': 'example-partner-project', 'content-type': 'application/json' };
const CHECK = {
  first_name: 'Тестов', last_name: 'Тест', birthday: '01.01.1990', birthplace: 'г. Москва', inn: '000000000000',
  identity_document: 'Паспорт гражданина РФ', passport_number: '0000000000', issuer: 'ОТДЕЛОМ УФМС', issuer_code: '000-000',
  issuer_date: '01.01.2010', citizenship: 'РФ', postcode: '000000', address: 'г. Москва', email: 'test@example.com',
  phone_number: '+70000000000', agent_contract_number: 'TEST-0001', agent_contract_date: '01.01.2024',
  beneficial_owners: 'ВБ отсутствует', public_officials: 'Нет', migration_card: '-', right_to_stay_in_rf: '-', signature: 'EXAMPLE',
};

async function call(url: string, init: RequestInit = {}) {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body: body as any };
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

async function blockPort(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

const parsed = (argv: { port?: string[]; polls?: string; state?: string; stateless?: boolean; spec?: string[]; latency?: string[]; 'journal-size'?: string }, positionals: string[] = []) => ({ values: argv, positionals });

describe('mock command options', () => {
  it('takes ports from --port and KYC_MOCK_PORT_<API> (the flag wins), `all` for the one port', () => {
    const options = mockOptionsFrom(parsed({ port: ['erd=5010', 'all=5000'] }, ['erd', 'bank131']), { KYC_MOCK_PORT_ERD: '6010', KYC_MOCK_PORT_KYCAID: '6011', KYC_MOCK_PORT_ALL: '6000' });
    expect(options.ports).toEqual({ erd: 5010, kycaid: 6011, all: 5000 });
    expect(options.apis).toEqual(['erd', 'bank131']);
  });

  it('rejects bad values with a usage error', () => {
    expect(() => mockOptionsFrom(parsed({ port: ['erd=99999'] }), {})).toThrow(UsageError);
    expect(() => mockOptionsFrom(parsed({ port: ['erd'] }), {})).toThrow(/API=PORT/);
    expect(() => mockOptionsFrom(parsed({ port: ['nosuch=5000'] }), {})).toThrow(/unknown API nosuch/);
    expect(() => mockOptionsFrom(parsed({ polls: 'two' }), {})).toThrow(/--polls/);
    expect(() => mockOptionsFrom(parsed({}), { KYC_MOCK_PORT_ERD: 'x' })).toThrow(/KYC_MOCK_PORT_ERD/);
  });

  it('takes --latency API=MS per API, refusing an unknown API, a bad number and a missing =', () => {
    expect(mockOptionsFrom(parsed({ latency: ['erd=300', 'kycaid=0'] }), {}).latency).toEqual({ erd: 300, kycaid: 0 });
    expect(mockOptionsFrom(parsed({}), {}).latency).toBeUndefined();
    expect(() => mockOptionsFrom(parsed({ latency: ['erd=-5'] }), {})).toThrow(UsageError);
    expect(() => mockOptionsFrom(parsed({ latency: ['erd=1.5'] }), {})).toThrow(/--latency erd: "1.5"/);
    expect(() => mockOptionsFrom(parsed({ latency: ['erd=600001'] }), {})).toThrow(/from 0 to 600000/);
    expect(() => mockOptionsFrom(parsed({ latency: ['all=5'] }), {})).toThrow(/unknown API all/);
    expect(() => mockOptionsFrom(parsed({ latency: ['erd'] }), {})).toThrow(/API=MS/);
    expect(mockOptionsFrom(parsed({ 'journal-size': '0' }), {}).journalSize).toBe(0);
    expect(() => mockOptionsFrom(parsed({ 'journal-size': 'many' }), {})).toThrow(/--journal-size/);
  });

  it('reads --state from a JSON file, naming the file when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-state-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ bank131: { checks: [] } }));
    writeFileSync(join(dir, 'bad.json'), '{nope');
    expect(mockOptionsFrom(parsed({ state: join(dir, 'ok.json') }), {}).state).toEqual({ bank131: { checks: [] } });
    expect(() => mockOptionsFrom(parsed({ state: join(dir, 'bad.json') }), {})).toThrow(InputError);
    expect(() => mockOptionsFrom(parsed({ state: join(dir, 'missing.json') }), {})).toThrow(/missing\.json: file not found/);
  });
});

describe('the mock host', () => {
  let host: MockHost;
  beforeAll(async () => {
    host = await startMockHost({ ports: FREE, quiet: true, polls: 1 });
  });
  afterAll(() => host.stop());

  it('serves each API on its own port and all of them under /<api> on the one port', async () => {
    expect(Object.keys(host.urls)).toEqual(['erd', 'kycaid', 'bank131', 'brainysoft', 'biometric']);
    const own = await call(`${host.urls['bank131']}/api/v1.1/check/7`, { headers: { ...BANK, Prefer: 'example=ok' } });
    const shared = await call(`${host.allUrl}/bank131/api/v1.1/check/7`, { headers: { ...BANK, Prefer: 'example=ok' } });
    expect(own).toMatchObject({ status: 200, body: { status: 'ok', data: { id: '7' } } });
    expect(shared.body).toEqual(own.body);
    const index = await call(`${host.allUrl}/`);
    expect(index.status).toBe(404);
    expect(index.body.apis).toEqual(Object.fromEntries(Object.keys(host.urls).map((api) => [api, `${host.allUrl}/${api}`])));
  });

  it('answers a request with a Prefer header (or ?__code) from the examples, statelessly', async () => {
    const pending = await call(`${host.urls['bank131']}/api/v1.1/check/7`, { headers: { ...BANK, Prefer: 'example=pending' } });
    expect(pending.body).toEqual({ status: 'pending', data: { id: '7', description: 'Check in progress' } });
    const created = await call(`${host.urls['bank131']}/api/v1.1/check`, { method: 'POST', headers: { ...BANK, Prefer: 'code=200' }, body: JSON.stringify(CHECK) });
    expect(created.body.data.id).toBe('7');
    const byQuery = await call(`${host.allUrl}/erd/api/v1/backend/erd/retrieve/?__code=503`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: 'example-erd-backend-api-key-0000000000000000000000', iin: '010203040506' }),
    });
    expect(byQuery).toMatchObject({ status: 503, body: { detail: 'ERD service not available now' } });
    expect(host.state()).toMatchObject({ bank131: { checks: [] } });
  });

  it('answers an invalid request as Prism does: the documented 4xx example and sl-violations, else 422 problem+json', async () => {
    const invalid = await call(`${host.urls['bank131']}/api/v1.1/check`, { method: 'POST', headers: BANK, body: JSON.stringify({ ...CHECK, passport_number: '12 34' }) });
    expect(invalid.status).toBe(422);
    // The vendor's documented 4xx, marked as the mock's answer to an invalid request (header and body field).
    const mark = [{ location: ['request', 'body', 'passport_number'], message: expect.stringContaining('must match pattern') }];
    expect(invalid.body).toEqual({ status: 'error', error: { description: 'request_body_validation_error' }, 'x-kyc-mock-violations': mark });
    expect(JSON.parse(invalid.headers.get('x-kyc-mock-violations')!)).toEqual([expect.objectContaining(mark[0])]);
    expect(JSON.parse(invalid.headers.get('sl-violations')!)[0]).toMatchObject({ location: ['request', 'body', 'passport_number'], severity: 'Error' });
    const undocumented = await call(`${host.urls['brainysoft']}/main/clients/find/1,x`, { headers: { bsauth: 't' } });
    expect(undocumented.status).toBe(422);
    expect(undocumented.headers.get('content-type')).toBe('application/problem+json');
    expect(undocumented.body).toMatchObject({ type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY', status: 422 });
    const unauthorized = await call(`${host.urls['kycaid']}/applicants/723f46ab04feb64f442946f2953a67eaecf7`);
    expect(unauthorized).toMatchObject({ status: 401, body: { type: 'unauthorized' } });
    const badJson = await call(`${host.urls['erd']}/api/v1/backend/erd/retrieve/`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{' });
    expect(badJson).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it('plays Bank 131: pending for --polls requests, then the outcome; duplicates and unknown ids', async () => {
    host.reset();
    const post = (body: object) => call(`${host.allUrl}/bank131/api/v1.1/check`, { method: 'POST', headers: BANK, body: JSON.stringify(body) });
    const status = (id: string, method = 'GET') => call(`${host.allUrl}/bank131/api/v1.1/check/${id}`, { method, headers: BANK });
    const first = await post(CHECK);
    expect(first.body).toEqual({ status: 'pending', data: { id: '1', description: 'Check in progress' } });
    expect((await status('1')).body.status).toBe('pending');
    expect((await status('1', 'POST')).body).toEqual({ status: 'ok', data: { id: '1', description: 'valid' } });
    expect((await post(CHECK)).body).toMatchObject({ status: 'error', error: { code: 'already_exists' }, data: { id: '1' } });
    const failing = await post({ ...CHECK, passport_number: '0000000013', agent_contract_number: 'TEST-0002' });
    await status(failing.body.data.id);
    const failed = await status(failing.body.data.id);
    expect(failed.body).toMatchObject({ status: 'error', error: { code: 'passport_validation_failure' } });
    expect((await status('999')).body).toMatchObject({ status: 'error', error: { code: 'request_not_found' } });
    for (const answer of [first, failed]) expect(answer.headers.get('sl-violations')).toBeNull();
  });

  it('plays Bank 131 v2.0 alongside v1.1, each version with its own checks', async () => {
    const v2 = {
      type: 'FL_RESIDENT', last_name: 'Тестов', first_name: 'Тест', birthday: '01.01.1990', birthplace: 'г. Москва', citizenship: 'RU',
      inn: '000000000000', phone_number: '+70000000000', 'e-mail': 'test@example.com', documents: [{ number: '0000000013' }], signature: 'EXAMPLE',
    };
    const created = await call(`${host.urls['bank131']}/api/v2.0/check`, { method: 'POST', headers: BANK, body: JSON.stringify(v2) });
    expect(created.body.status).toBe('pending');
    const id = created.body.data.id as string;
    await call(`${host.urls['bank131']}/api/v2.0/check/${id}`, { headers: BANK });
    const outcome = await call(`${host.urls['bank131']}/api/v2.0/check/${id}`, { headers: BANK });
    expect(outcome.body).toMatchObject({ status: 'error', error: { code: 'passport_validation_failure' }, data: { id } });
    expect(outcome.headers.get('sl-violations')).toBeNull();
    expect((await call(`${host.urls['bank131']}/api/v1.1/check/${id}`, { headers: BANK })).body.error.code).toBe('request_not_found');
    expect((await call(`${host.urls['bank131']}/api/v2.0/check`, { method: 'POST', headers: BANK, body: JSON.stringify(v2) })).body).toMatchObject({ error: { code: 'already_exists' }, data: { id } });
  });

  it('plays ERD by the IIN rule', async () => {
    const lookup = (iin: string) =>
      call(`${host.urls['erd']}/api/v1/backend/erd/retrieve/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ api_key: 'example-erd-backend-api-key-0000000000000000000000', iin }),
      });
    const found = await lookup('900101300123');
    expect(found.body).toMatchObject({ status: 'RECEIVED', personal_number: '900101300123', result_json: [{ debtor_iin: '900101300123' }] });
    expect((await lookup('900101300000')).body.result_json).toEqual([]);
    expect(await lookup('900101300404')).toMatchObject({ status: 404, body: { detail: 'Subject not found in ERD' } });
    expect(await lookup('900101300403')).toMatchObject({ status: 400, body: { detail: 'Client does not have access to ERD technology' } });
    const unavailable = await lookup('900101300503');
    expect(unavailable.status).toBe(503);
    for (const answer of [found, unavailable]) expect(answer.headers.get('sl-violations')).toBeNull();
  });

  it('inspects and resets the state on every port, outside the vendors’ paths', async () => {
    await call(`${host.urls['bank131']}/api/v1.1/check`, { method: 'POST', headers: BANK, body: JSON.stringify({ ...CHECK, agent_contract_number: 'STATE-1' }) });
    const own = await call(`${host.urls['bank131']}/__mock/state`);
    expect(Object.keys(own.body)).toEqual(['bank131']);
    expect(own.body.bank131.checks.length).toBeGreaterThan(0);
    const all = await call(`${host.allUrl}/__mock/state`);
    expect(Object.keys(all.body)).toEqual(['erd', 'kycaid', 'bank131', 'brainysoft', 'biometric']);
    expect((await call(`${host.allUrl}/bank131/__mock/reset`, { method: 'POST' })).body).toEqual({ reset: ['bank131'] });
    expect((await call(`${host.allUrl}/bank131/__mock/state`)).body).toEqual({ bank131: { nextId: 1, checks: [] } });
  });
});

describe('KYCAID callbacks', () => {
  it('retries a failed delivery with backoff, logging each failure, and signs with the caller’s token', async () => {
    const seen: Array<{ status: number; type: string; signature: string | undefined }> = [];
    let failures = 2;
    const receiver = (await import('node:http')).createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const status = failures-- > 0 ? 500 : 200;
        seen.push({ status, type: JSON.parse(raw).type, signature: req.headers['x-data-integrity'] as string | undefined });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const logged: string[] = [];
    const callbackUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    const host = await startMockHost({ ports: FREE, apis: ['kycaid'], quiet: true, log: (m) => logged.push(m), callbackUrl });
    try {
      const headers = { authorization: 'Token 0123456789abcdef0123456789abcdef0123', 'content-type': 'application/json' };
      const applicant = await call(`${host.urls['kycaid']}/applicants`, { method: 'POST', headers, body: JSON.stringify({ type: 'PERSON', first_name: 'John', last_name: 'Snow' }) });
      await call(`${host.urls['kycaid']}/verifications`, { method: 'POST', headers, body: JSON.stringify({ applicant_id: applicant.body.applicant_id, form_id: 'f'.repeat(36) }) });
      await host.idle();
      expect(seen.map((s) => [s.type, s.status])).toEqual([
        ['VERIFICATION_STATUS_CHANGED', 500],
        ['VERIFICATION_STATUS_CHANGED', 500],
        ['VERIFICATION_STATUS_CHANGED', 200],
        ['VERIFICATION_COMPLETED', 200],
      ]);
      expect(seen.every((s) => /^[0-9a-f]{128}$/.test(s.signature ?? ''))).toBe(true);
      expect(logged).toEqual([
        expect.stringMatching(/VERIFICATION_STATUS_CHANGED .* attempt 1\/4 failed \(HTTP 500\); retrying in 250 ms/),
        expect.stringMatching(/attempt 2\/4 failed \(HTTP 500\); retrying in 500 ms/),
      ]);
    } finally {
      await host.stop();
      receiver.close();
    }
  });
});

describe('host options', () => {
  it('preloads state, and --stateless answers every request from the examples', async () => {
    const preloaded = await startMockHost({ ports: FREE, quiet: true, apis: ['brainysoft'], state: { brainysoft: { clients: [{ id: 5, firstName: 'Анна' }] } } });
    const stateless = await startMockHost({ ports: FREE, quiet: true, apis: ['bank131'], stateless: true });
    try {
      expect(Object.keys(preloaded.urls)).toEqual(['brainysoft']);
      const found = await call(`${preloaded.urls['brainysoft']}/main/clients/find/5,6`, { headers: { bsauth: 't' } });
      expect(found.body).toMatchObject({ status: 'ok', data: [{ id: 5, firstName: 'Анна' }] });
      expect(found.headers.get('sl-violations')).toBeNull();
      const answer = await call(`${stateless.urls['bank131']}/api/v1.1/check/1`, { headers: BANK });
      expect(answer.body.data.id).toBe('7');
      expect(stateless.state()).toEqual({});
    } finally {
      await Promise.all([preloaded.stop(), stateless.stop()]);
    }
  });

  it('refuses two listeners on one port and a taken port, leaving nothing listening', async () => {
    await expect(startMockHost({ ports: { ...FREE, erd: 4999, kycaid: 4999 }, quiet: true })).rejects.toThrow(/erd and kycaid are both set to port 4999/);
    const { server, port } = await blockPort();
    try {
      const error = (await startMockHost({ ports: { ...FREE, bank131: port }, quiet: true }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(`port ${port} (bank131) is already in use on 127.0.0.1: stop what holds it or pass --port bank131=<port>`);
    } finally {
      server.close();
    }
  });

  it('names the file, line and column of a spec that does not parse', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mock-spec-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{\n  "openapi": "3.1.0",\n  "paths": {,\n}\n');
    const error = (await startMockHost({ ports: FREE, quiet: true, apis: ['erd'], specs: { erd: file } }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/broken\.json:3:13: not valid JSON/);
  });
});

describe('the mock command, as a process', () => {
  // The program as users run it: `kyc-contracts mock …` (the repository's npm scripts call the same entry).
  const tsxArgs = (args: string[]) => ['--import', 'tsx', 'scripts/bin.ts', 'mock', ...args];

  function run(args: string[]) {
    return spawnSync(process.execPath, tsxArgs(args), { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  }
  const errorLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('error:'));

  it('stops start-up on bad input with one line and exit code 2', async () => {
    const { server, port } = await blockPort();
    const dir = mkdtempSync(join(tmpdir(), 'mock-cli-'));
    const broken = join(dir, 'erd.json');
    writeFileSync(broken, readFileSync(bundlePath('erd'), 'utf8').replace('"paths"', '"paths" "oops"'));
    try {
      const taken = run(['--port', `erd=${port}`, '--port', 'all=0', '--port', 'kycaid=0', '--port', 'bank131=0', '--port', 'brainysoft=0', '--port', 'biometric=0']);
      expect(taken.status).toBe(2);
      expect(errorLines(taken.stderr)).toEqual([`error: port ${port} (erd) is already in use on 127.0.0.1: stop what holds it or pass --port erd=<port>`]);
      const badSpec = run(['--spec', `erd=${broken}`, 'erd']);
      expect(badSpec.status).toBe(2);
      expect(errorLines(badSpec.stderr)).toHaveLength(1);
      expect(errorLines(badSpec.stderr)[0]).toMatch(/erd\.json:\d+:\d+: not valid JSON/);
      const clash = run(['--port', 'erd=5555', '--port', 'all=5555']);
      expect(clash.status).toBe(2);
      expect(errorLines(clash.stderr)).toEqual(['error: erd and all are both set to port 5555: give one of them another (--port all=<port>)']);
      const unknown = run(['--verbose']);
      expect(unknown.status).toBe(2);
      const latency = run(['--latency', 'erd=soon']);
      expect(latency.status).toBe(2);
      expect(errorLines(latency.stderr)).toEqual(['error: --latency erd: "soon" is not a whole number of ms from 0 to 600000 (see kyc-contracts mock --help)']);
    } finally {
      server.close();
    }
  }, 120_000);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`prints the table, serves, and leaves no listener after ${signal}`, async () => {
      const ports = await Promise.all([0, 1, 2].map(async () => {
        const { server, port } = await blockPort();
        await new Promise((resolve) => server.close(resolve));
        return port;
      }));
      const [erdPort, allPort, bankPort] = ports as [number, number, number];
      const child: ChildProcess = spawn(process.execPath, tsxArgs(['--port', `erd=${erdPort}`, '--port', `bank131=${bankPort}`, '--port', `all=${allPort}`, 'erd', 'bank131']), { cwd: REPO_ROOT });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      for (let i = 0; i < 600 && !output.includes('Ctrl-C stops it'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain(`erd      http://127.0.0.1:${erdPort}  http://127.0.0.1:${allPort}/erd`);
      expect(output).toContain(`bank131  http://127.0.0.1:${bankPort}`);
      const answer = await call(`http://127.0.0.1:${allPort}/bank131/api/v1.1/check/7`, { headers: { ...BANK, Prefer: 'example=pending' } });
      expect(answer.body).toMatchObject({ status: 'pending' });
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(output).toContain('Mock stopped.');
      for (const port of ports) expect(await listening(port)).toBe(false);
    }, 90_000);
  }

  it('leaves no listener when SIGTERM goes to `npm start` (npm hands it to a shell that does not pass it on)', async () => {
    const ports = await Promise.all([0, 1].map(async () => {
      const { server, port } = await blockPort();
      await new Promise((resolve) => server.close(resolve));
      return port;
    }));
    const [erdPort, allPort] = ports as [number, number];
    const child: ChildProcess = spawn('npm', ['start', '--', '--port', `erd=${erdPort}`, '--port', `all=${allPort}`, 'erd'], { cwd: REPO_ROOT });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let i = 0; i < 600 && !output.includes('Ctrl-C stops it'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await listening(erdPort)).toBe(true);
    child.kill('SIGTERM');
    for (let i = 0; i < 50 && ((await listening(erdPort)) || (await listening(allPort))); i++) await new Promise((r) => setTimeout(r, 100));
    for (const port of ports) expect(await listening(port)).toBe(false);
  }, 90_000);
});
