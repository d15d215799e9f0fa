// The README's first example: a client per vendor, a method per operation (named by its operationId).
import { createErdClient } from 'kyc-contracts';

export async function lookUpDebtor(): Promise<void> {
  const erd = createErdClient({ apiKey: process.env['ERD_API_KEY']! });
  const answer = await erd.retrieveErd({ body: { iin: '010203040506' } }); // api_key is added for you
  for (const record of answer.result_json) console.log(record.exec_proc_num, record.recover_amount);
}

// The same call, with the HTTP status and headers of the answer.
export async function lookUpDebtorWithStatus(): Promise<void> {
  const erd = createErdClient({ apiKey: process.env['ERD_API_KEY']! });
  const { data, response } = await erd.retrieveErd({ body: { iin: '010203040506' } }).withResponse();
  console.log(response.status, response.headers['content-type'], data.status);
}
