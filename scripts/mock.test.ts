import { describe, expect, it } from 'vitest';
import { assignPorts, parseMockArgs } from './mock.js';

const apis = ['erd', 'kycaid', 'bank131', 'brainysoft', 'newvendor'].map((id) => ({ id, root: `/specs/${id}/openapi.yaml` }));

describe('npm start arguments', () => {
  it('uses the fixed default ports, then numbers new APIs after them', () => {
    expect(Object.fromEntries(assignPorts(apis, {}))).toEqual({ erd: 4010, kycaid: 4011, bank131: 4012, brainysoft: 4013, newvendor: 4014 });
  });

  it('takes ports from --port and from KYC_MOCK_PORT_<API>, the flag winning', () => {
    const args = parseMockArgs(['--port', 'erd=5010', '--port=bank131=5012', 'erd', 'bank131'], { KYC_MOCK_PORT_ERD: '6010', KYC_MOCK_PORT_KYCAID: '6011' });
    expect(args.apis).toEqual(['erd', 'bank131']);
    expect(args.ports).toEqual({ erd: 5010, bank131: 5012, kycaid: 6011 });
  });

  it('rejects bad ports and unknown options with a usage error', () => {
    expect(() => parseMockArgs(['--port', 'erd=99999'])).toThrow(/not a port/);
    expect(() => parseMockArgs(['--port', 'erd'])).toThrow(/API=PORT/);
    expect(() => parseMockArgs(['--verbose'])).toThrow(/unknown option --verbose/);
    expect(() => assignPorts(apis.slice(0, 1), { nosuch: 5000 })).toThrow(/unknown API nosuch/);
  });
});

describe('npm start, end to end', () => {
  it('serves the chosen APIs, prints where, and stops every mock on Ctrl-C', async () => {
    const { spawn } = await import('node:child_process');
    const { freePort, portIsFree } = await import('./lib/prism.js');
    const { ROOT } = await import('./lib/apis.js');
    const [erdPort, bankPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/mock.ts', '--port', `erd=${erdPort}`, '--port', `bank131=${bankPort}`, 'erd', 'bank131'], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    for (let i = 0; i < 600 && !output.includes('Ctrl-C stops them'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain(`erd      http://127.0.0.1:${erdPort}`);
    expect(output).toContain(`bank131  http://127.0.0.1:${bankPort}`);
    const answer = await fetch(`http://127.0.0.1:${bankPort}/api/v1.1/check/7`, { headers: { 'X-PARTNER-PROJECT': 'example', Prefer: 'example=pending' } });
    expect(await answer.json()).toMatchObject({ status: 'pending' });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('All mocks stopped.');
    expect(await portIsFree(erdPort)).toBe(true);
    expect(await portIsFree(bankPort)).toBe(true);
  });

  it('refuses a port that is taken, naming the API', async () => {
    const { spawnSync } = await import('node:child_process');
    const { createServer } = await import('node:net');
    const { ROOT } = await import('./lib/apis.js');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/mock.ts', '--port', `erd=${port}`, 'erd'], { cwd: ROOT, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`port ${port} (erd) is already in use`);
    } finally {
      blocker.close();
    }
  });
});
