// An application that uses every entry point of the installed package against the in-process mock. The package
// test (contract-tests/package.test.ts) copies this file into a scratch application outside the repository,
// installs the packed tarball, type-checks it and runs it with plain `node`.
import { ApiError, createBank131Client, createBrainysoftClient, createErdClient, createKycaidClient } from 'kyc-contracts';
import { type Bank131Client, canonicalCheckPayload } from 'kyc-contracts/bank131';
import { mergeOverTemplate } from 'kyc-contracts/brainysoft';
import type { ErdRetrieveResponse } from 'kyc-contracts/erd';
import { verifyCallback } from 'kyc-contracts/kycaid';
import { startMock } from 'kyc-contracts/testing';

const mock = await startMock({ polls: 1 });
try {
  const erd = createErdClient({ apiKey: 'example-erd-backend-api-key-0000000000000000000000', baseUrl: mock.urls['erd']!, validateResponses: true });
  const found: ErdRetrieveResponse = await erd.retrieveErd({ body: { iin: '010203040506' } });

  const kycaid = createKycaidClient({ apiToken: 'example0kycaid0api0token000000000000', baseUrl: mock.urls['kycaid']!, validateResponses: true });
  const { applicant_id } = await kycaid.createApplicant({ body: { type: 'PERSON', first_name: 'John', last_name: 'Snow', email: 'test@example.com' } });
  const applicant = await kycaid.getApplicant({ params: { path: { applicant_id } } });

  const bank: Bank131Client = createBank131Client({ partnerProject: 'example-partner-project', baseUrl: mock.urls['bank131']!, sign: async () => 'EXAMPLE-SIGNATURE==' });
  const refused = await bank.getCheck({ params: { path: { id: '999999' } } }).catch((error: unknown) => error);

  const bs = createBrainysoftClient({ baseUrl: mock.urls['brainysoft']!, token: 'example-brainysoft-bsauth-token' });
  const template = await bs.initClientUsingGET();

  console.log(
    JSON.stringify({
      erd: found.status,
      kycaid: applicant.applicant_id === applicant_id,
      bank131: refused instanceof ApiError ? refused.vendorCode : 'no error',
      brainysoft: template.status,
      helpers: [typeof canonicalCheckPayload, typeof mergeOverTemplate, typeof verifyCallback].join(','),
    }),
  );
} finally {
  await mock.stop();
}
