// Biometric.kz: a hosted-flow session, its technology webhooks, its result, then ERD; and the backend chain.
import { createServer } from 'node:http';
import { createBiometricClient, failureReasonOf, flowUrl } from 'kyc-contracts/biometric';
import { createErdClient } from 'kyc-contracts/erd';

const biometric = createBiometricClient({
  apiKey: process.env['BIOMETRIC_API_KEY']!, // the organization's Backend API key: backend chain
  flowApiKey: process.env['BIOMETRIC_FLOW_API_KEY']!, // the flow's own key: sessions and their results
});
const erd = createErdClient({ apiKey: process.env['ERD_API_KEY']! });

export async function startVerification(): Promise<string> {
  const { session_id } = await biometric.createFlowSession({ body: { metadata: { order: 'A-1' } } });
  return flowUrl(session_id); // send the user here
}

// The webhook URL is set in the personal cabinet. No signature is documented: verifyWebhook narrows the body and
// confirms it by reading the session's result with your flow key.
export const webhooks = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    try {
      const { event, result } = await biometric.verifyWebhook(Buffer.concat(chunks));
      if (event.event === 'technology.end') console.log(event.session_id, failureReasonOf(event) ?? 'passed', result.status);
      res.writeHead(200).end();
    } catch {
      res.writeHead(400).end();
    }
  });
});

export async function debtsOf(sessionId: string) {
  const result = await biometric.waitForSessionResult(sessionId, { timeout: 15 * 60_000 });
  if (!result.flow_session_result) throw new Error(`verification failed: ${JSON.stringify(result.flow_session_failure_reasons)}`);
  const card = result.edocument_result as { result_json?: { common?: { docOwner?: { iin?: string } } } };
  const iin = card.result_json?.common?.docOwner?.iin;
  if (!iin) throw new Error('the session carries no identity card');
  return erd.retrieveErd({ body: { iin } });
}

// The backend chain, in the GBDFL page's order (liveness and face compare are multipart uploads, not shown).
export async function backendChain(iin: string, phone: string, askForCode: () => Promise<string>) {
  const { backend_session_id } = await biometric.requestEDocument({ body: { iin, phone } });
  const code = await askForCode(); // the subject received it from 1414
  const card = await biometric.approveEDocument({ body: { backend_session_id: backend_session_id!, code } });
  const person = await biometric.retrieveGbdfl({ body: { iin } }); // within 3 hours of liveness, e-document, face compare
  return { card, person, debts: await erd.retrieveErd({ body: { iin } }) };
}
