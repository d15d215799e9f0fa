// KYCAID: upload a document's file from a stream, and check a callback's signature in a plain node:http handler.
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { type KycaidCallback, createKycaidClient, verifyCallback } from 'kyc-contracts/kycaid';

const apiToken = process.env['KYCAID_API_TOKEN']!;
const kycaid = createKycaidClient({ apiToken });

export async function uploadPassport(path: string): Promise<string> {
  const { file_id } = await kycaid.uploadFile(createReadStream(path), { contentType: 'image/jpeg' });
  return file_id;
}

export const callbacks = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const rawBody = Buffer.concat(chunks); // the bytes exactly as received, never re-serialized JSON
    if (!verifyCallback(rawBody, req.headers['x-data-integrity'] as string | undefined, apiToken)) {
      res.writeHead(401).end();
      return;
    }
    const event = JSON.parse(rawBody.toString('utf8')) as KycaidCallback;
    switch (event.type) {
      case 'VERIFICATION_COMPLETED':
        console.log('verification', event.verification_id, event.verified ? 'passed' : 'failed');
        break;
      case 'VERIFICATION_STATUS_CHANGED':
        console.log('verification', event.verification_id, event.verification_status);
        break;
      case 'FORM_URL_EXPIRED':
        console.log('form URL expired for applicant', event.applicant_id);
        break;
      case 'TRANSACTION_SCREENING_COMPLETED':
        console.log('transaction screened:', event.screening_result);
        break;
    }
    res.writeHead(200).end();
  });
});
