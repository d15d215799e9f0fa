// Every call resolves with the documented body or rejects with a KycContractsError subclass.
import { ApiError, KycContractsError, RequestValidationError, TimeoutError, createKycaidClient } from 'kyc-contracts';

export async function createApplicant(): Promise<string | undefined> {
  const kycaid = createKycaidClient({ apiToken: process.env['KYCAID_API_TOKEN']!, timeoutMs: 10_000, retry: 2 });
  try {
    const { applicant_id } = await kycaid.createApplicant({
      body: { type: 'PERSON', first_name: 'John', last_name: 'Snow', email: 'test@example.com' },
    });
    return applicant_id;
  } catch (error) {
    if (error instanceof RequestValidationError) console.error('fix these fields:', error.fields); // ['body.dob']
    else if (error instanceof ApiError) console.error(error.status, error.vendorCode, error.vendorMessage);
    else if (error instanceof TimeoutError) console.error(`no answer within ${error.timeoutMs} ms`);
    else if (error instanceof KycContractsError) console.error(error.operation, error.message);
    throw error;
  }
}
