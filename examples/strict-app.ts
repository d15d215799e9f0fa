// An application compiled as strictly as TypeScript allows: the package test compiles this file in a scratch app
// with `strict`, `exactOptionalPropertyTypes` and `noUncheckedIndexedAccess`. Settings that may be unset (an
// environment variable) are passed as they are, and options shared by every client are kept once, as
// `CommonClientOptions`, and spread into each factory.
import { type CommonClientOptions, createBank131Client, createBrainysoftClient, createErdClient, createKycaidClient, fetchBrainysoftToken } from 'kyc-contracts';
import type { WaitOptions } from 'kyc-contracts/bank131';
import type { TokenRequest } from 'kyc-contracts/brainysoft';
import type { ErdDebtorRecord } from 'kyc-contracts/erd';
import type { FileOptions } from 'kyc-contracts/kycaid';
import { type CannedResponse, type StartMockOptions, startLoopbackServer, startMock } from 'kyc-contracts/testing';

type Env = Readonly<Record<string, string | undefined>>;
const numberFrom = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text));

export function clientsFor(env: Env) {
  const common: CommonClientOptions = { baseUrl: env['KYC_BASE_URL'], timeoutMs: numberFrom(env['KYC_TIMEOUT_MS']), retry: numberFrom(env['KYC_RETRIES']) };
  return {
    erd: createErdClient({ ...common, apiKey: env['ERD_API_KEY'] ?? '' }),
    kycaid: createKycaidClient({ ...common, apiToken: env['KYCAID_API_TOKEN'] ?? '' }),
    bank131: createBank131Client({ ...common, partnerProject: env['BANK131_PROJECT'] ?? '', sign: async () => 'signature', version: env['BANK131_V2'] ? '2.0' : undefined }),
    // BrainySoft is hosted per customer: a customer name (the base URL then follows from it), or a base URL of its own.
    brainysoft: createBrainysoftClient({ ...common, customer: env['BRAINYSOFT_CUSTOMER'] ?? 'acme', token: env['BRAINYSOFT_TOKEN'] ?? '' }),
    brainysoftAt: createBrainysoftClient({ ...common, baseUrl: 'https://core.example.test', token: async () => env['BRAINYSOFT_TOKEN'] ?? '' }),
  };
}

export async function optionsFromTheEnvironment(env: Env): Promise<void> {
  const wait: WaitOptions = { interval: numberFrom(env['POLL_MS']), timeout: numberFrom(env['POLL_TIMEOUT_MS']) };
  const token: TokenRequest = { customer: env['BRAINYSOFT_CUSTOMER'], tokenUrl: env['BRAINYSOFT_TOKEN_URL'], clientId: 'id', clientSecret: 'secret', timeoutMs: numberFrom(env['TOKEN_TIMEOUT_MS']) };
  const file: FileOptions = { filename: env['UPLOAD_NAME'], contentType: env['UPLOAD_TYPE'] };
  const mockOptions: StartMockOptions = { polls: numberFrom(env['MOCK_POLLS']), callbackUrl: env['CALLBACK_URL'], stateless: env['STATELESS'] === undefined ? undefined : true };
  const canned: CannedResponse = { status: 200, body: env['BODY'], delayMs: numberFrom(env['DELAY_MS']) };
  const records: ErdDebtorRecord[] = [];
  const first = records[0]; // possibly undefined under noUncheckedIndexedAccess
  console.log(wait, file, canned, first?.exec_proc_num, typeof fetchBrainysoftToken, token.customer);
  const mock = await startMock(mockOptions);
  const server = await startLoopbackServer(() => canned, { lifetimeMs: numberFrom(env['LIFETIME_MS']) });
  await server.close();
  await mock.stop();
}
