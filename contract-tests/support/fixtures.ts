/** Request bodies more than one test sends: obviously fake, and valid against the specs. */
import type { CreateClientRequest } from '../../src/brainysoft/index.js';

/** BrainySoft's documented minimum set for creating a client, and nothing more. */
export const MINIMAL_BRAINYSOFT_CLIENT: CreateClientRequest = {
  firstName: 'Тест',
  lastName: 'Тестов',
  sexId: 101251,
  birthDate: '1900-01-01',
  passport: { seria: '0000', no: '000000', issueDate: '1900-02-01' },
  mobilePhone: '70000000001',
  addressData: { fias: '00000000-0000-0000-0000-000000000000', fullAddressText: 'г. Тестовый, ул. Тестовая, д. 1' },
};
