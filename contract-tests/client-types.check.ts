/**
 * Compile-time contract: `npm run typecheck` fails if the generated types stop rejecting any of these.
 * (Each @ts-expect-error must meet an error, or tsc reports it as unused.) Never executed.
 */
import { createBank131Client } from '../src/bank131/index.js';
import { createBrainysoftClient } from '../src/brainysoft/index.js';
import { createErdClient } from '../src/erd/index.js';
import { createKycaidClient } from '../src/kycaid/index.js';

export async function typeContract(): Promise<void> {
  const erd = createErdClient({ apiKey: 'example' });
  // @ts-expect-error iin is required
  await erd.retrieve({});
  const found = await erd.retrieve({ iin: '010203040506' });
  const iin: string = found.personal_number;
  // @ts-expect-error exec_proc_data is not in the spec (the vendor sends exec_proc_date)
  void found.result_json[0]?.exec_proc_data;
  // @ts-expect-error status is a string
  const wrong: number = found.status;

  const bank = createBank131Client({ partnerProject: 'example' });
  // @ts-expect-error the path parameter is required
  await bank.api.GET('/api/v1.1/check/{id}', {});
  const check = await bank.getCheck('7');
  const status: 'ok' | 'pending' = check.status;
  // @ts-expect-error the check id is a string, as the vendor sends it
  const id: number = check.data.id;
  // @ts-expect-error passport_number is required
  await bank.createCheck({ first_name: 'Тестов' });

  const kycaid = createKycaidClient({ apiToken: 'example' });
  // @ts-expect-error unknown path
  await kycaid.api.GET('/no-such-path');
  // @ts-expect-error document ids are strings
  await kycaid.getDocument(7);

  const bs = createBrainysoftClient({ customer: 'demo', token: 'example' });
  // @ts-expect-error the minimum set (lastName, sexId, passport, …) is required
  await bs.createClient({ firstName: 'Тест' });
  // @ts-expect-error sexId is a code list: 101251 or 101252
  await bs.createClient({ firstName: 'Т', lastName: 'Т', sexId: 1, birthDate: '1900-01-01', passport: { seria: '', no: '0', issueDate: '1900-01-01' }, mobilePhone: '7', addressData: { fias: 'x', fullAddressText: 'x' } });

  void [iin, wrong, status, id];
}
