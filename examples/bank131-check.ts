// Bank 131: sign and submit a check, then poll it until the bank decides, within a hard deadline.
import { ApiError, TimeoutError } from 'kyc-contracts';
import { type CheckFields, createBank131Client } from 'kyc-contracts/bank131';

/** Your CryptoPro/GOST signer: signs the canonical payload bytes (Python `json.dumps(payload, sort_keys=True) + "\r\n"`). */
declare function signWithCryptoPro(canonicalPayload: string): Promise<string>;

export async function verifyPassport(fields: CheckFields): Promise<void> {
  const bank = createBank131Client({
    partnerProject: process.env['BANK131_PARTNER_PROJECT']!,
    sign: signWithCryptoPro,
    retry: 3, // idempotent status requests are retried on 429/502/503/504
  });
  const submitted = await bank.submitCheck(fields);
  try {
    const ok = await bank.waitForCheck(submitted.data.id, { interval: 2_000, timeout: 10 * 60_000 });
    console.log('verified', ok.data.participant?.reference);
  } catch (error) {
    if (error instanceof ApiError) console.log('refused:', error.vendorCode); // passport_validation_failure, …
    else if (error instanceof TimeoutError) console.log('still pending; poll again later from a job', error.cause);
    else throw error;
  }
}
