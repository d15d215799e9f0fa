// BrainySoft: a token from the auth service, then both stages of client creation in one call.
import { createBrainysoftClient, fetchBrainysoftToken } from 'kyc-contracts/brainysoft';

export async function onboard(): Promise<number> {
  const bs = createBrainysoftClient({
    customer: 'demo',
    // Called before every request: refresh here when the token expires.
    token: async () =>
      (await fetchBrainysoftToken({ customer: 'demo', clientId: process.env['BS_CLIENT_ID']!, clientSecret: process.env['BS_CLIENT_SECRET']! })).accessToken,
  });
  const id = await bs.createClient({
    firstName: 'Тест',
    lastName: 'Тестов',
    sexId: 101251,
    birthDate: '1900-01-01',
    passport: { seria: '0000', no: '000000', issueDate: '1900-02-01' },
    mobilePhone: '70000000000',
    addressData: { fias: '00000000-0000-0000-0000-000000000000', fullAddressText: 'г. Тестовый, ул. Тестовая, д. 1' },
  });
  // Every answer is the vendor's envelope; `status: "error"` inside a 200 rejects with ApiError.
  const envelope = await bs.getClientUsingGET({ params: { path: { id } } });
  console.log(envelope.status, envelope.timestamp);
  return id;
}
