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
