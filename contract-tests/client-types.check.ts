/**
 * Compile-time contract: `npm run typecheck` fails if the generated methods stop rejecting any of these.
 * (Each @ts-expect-error must meet an error, or tsc reports it as unused.) Never executed.
 */
import { createBank131Client } from '../src/bank131/index.js';
import { createBiometricClient } from '../src/biometric/index.js';
import { createBrainysoftClient } from '../src/brainysoft/index.js';
import { createErdClient } from '../src/erd/index.js';
import { createKycaidClient } from '../src/kycaid/index.js';

export async function typeContract(): Promise<void> {
  const erd = createErdClient({ apiKey: 'example' });
  // @ts-expect-error iin is required
  await erd.retrieveErd({ body: {} });
  // api_key is the client's: the body may leave it out
  const found = await erd.retrieveErd({ body: { iin: '010203040506' } });
  const iin: string = found.personal_number;
  // @ts-expect-error exec_proc_data is not in the spec (the vendor sends exec_proc_date)
  void found.result_json[0]?.exec_proc_data;
  // @ts-expect-error status is a string
  const wrong: number = found.status;
  // @ts-expect-error personal_number is the table's name; the spec sends iin (closed body)
  await erd.retrieveErd({ body: { iin: '010203040506', personal_number: '010203040506' } });
  const { response } = await erd.retrieveErd({ body: { iin: '010203040506' } }).withResponse();
  const httpStatus: number = response.status;

  const bank = createBank131Client({ partnerProject: 'example' });
  // @ts-expect-error the path parameter is required
  await bank.getCheck({});
  // @ts-expect-error the path parameter is required
  await bank.GET('/api/v1.1/check/{id}', {});
  const check = await bank.getCheck({ params: { path: { id: '7' } } });
  // @ts-expect-error the status request can also answer `error`
  const status: 'ok' | 'pending' = check.status;
  // @ts-expect-error passport_number is required
  await bank.submitCheck({ first_name: 'Тестов' });

  const kycaid = createKycaidClient({ apiToken: 'example' });
  // @ts-expect-error unknown path
  await kycaid.GET('/no-such-path');
  // @ts-expect-error document ids are strings
  await kycaid.getDocument({ params: { path: { document_id: 7 } } });
  // @ts-expect-error no such operation
  await kycaid.getDocuments();

  const bs = createBrainysoftClient({ customer: 'demo', token: 'example' });
  // @ts-expect-error the minimum set (lastName, sexId, passport, …) is required
  await bs.createClient({ firstName: 'Тест' });
  // @ts-expect-error sexId is a code list: 101251 or 101252
  await bs.createClient({ firstName: 'Т', lastName: 'Т', sexId: 1, birthDate: '1900-01-01', passport: { seria: '', no: '0', issueDate: '1900-01-01' }, mobilePhone: '7', addressData: { fias: 'x', fullAddressText: 'x' } });
  const id: number = await bs.createClient({ firstName: 'Т', lastName: 'Т', sexId: 101251, birthDate: '1900-01-01', passport: { seria: '', no: '0', issueDate: '1900-01-01' }, mobilePhone: '7', addressData: { fias: 'x', fullAddressText: 'x' } });

  const biometric = createBiometricClient({ apiKey: 'example', flowApiKey: 'example' });
  // @ts-expect-error the session's api_key is the client's flow key, not a body field
  await biometric.createFlowSession({ body: { api_key: 'example' } });
  // @ts-expect-error iin is required (the GBDFL table)
  await biometric.retrieveGbdfl({ body: {} });
  // @ts-expect-error personal_number is ERD's table name; GBDFL takes iin
  await biometric.retrieveGbdfl({ body: { personal_number: '010203040506' } });
  const sessionId: string = (await biometric.createFlowSession()).session_id;
  const settled = await biometric.waitForSessionResult(sessionId);
  const verdict: boolean = settled.flow_session_result;

  void [iin, wrong, status, httpStatus, id, verdict];
}
