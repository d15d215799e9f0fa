// An application's own contract test against the mock, in-process on free loopback ports (`kyc-contracts/testing`).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CheckFields, createBank131Client } from 'kyc-contracts/bank131';
import { type MockHost, startMock } from 'kyc-contracts/testing';

let mock: MockHost;
beforeAll(async () => {
  mock = await startMock({ polls: 1 }); // Bank 131 checks answer `pending` once, then their outcome
});
afterAll(() => mock.stop());

const fields: CheckFields = {
  first_name: 'Тестов', last_name: 'Тест', birthday: '01.01.1990', birthplace: 'г. Москва', inn: '000000000000',
  identity_document: 'Паспорт гражданина РФ', passport_number: '0000000000', issuer: 'ОТДЕЛОМ УФМС ТЕСТОВОГО РАЙОНА',
  issuer_code: '000-000', issuer_date: '01.01.2010', citizenship: 'РФ', postcode: '000000',
  address: 'г. Москва, ул. Тестовая, д. 0, кв. 0', email: 'test@example.com', phone_number: '+70000000000',
  agent_contract_number: 'EXAMPLE-0001', agent_contract_date: '01.01.2024', beneficial_owners: 'ВБ отсутствует',
  public_officials: 'Нет', migration_card: '-', right_to_stay_in_rf: '-', create_participant: false,
};

it('a Bank 131 check goes from pending to ok', async () => {
  const bank = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: mock.urls['bank131']!, sign: async () => 'EXAMPLE-SIGNATURE==' });
  const submitted = await bank.submitCheck(fields);
  const ok = await bank.waitForCheck(submitted.data.id, { interval: 10, timeout: 5_000 });
  expect(ok.status).toBe('ok');
});
