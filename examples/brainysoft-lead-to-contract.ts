// BrainySoft: a lead checked into a client and an application, then a contract for that application.
import { type BrainysoftClient, createBrainysoftClient } from 'kyc-contracts/brainysoft';

export async function leadToContract(bs: BrainysoftClient = createBrainysoftClient({ customer: 'demo', token: process.env['BRAINYSOFT_TOKEN']! })) {
  const created = await bs.createLeadUsingPOST({
    body: { firstName: 'Тест', lastName: 'Тестов', mobilePhone: '70000000001', creditProductId: 10133178, amount: 30000, period: 30 },
  });
  const leadId = created.data as number;
  await bs.checkLeadUsingPOST({ params: { path: { id: leadId } } });
  // Polls the lead until APPROVED (with its application), DENIED or TIMEOUT; 5xx and network failures are ridden out.
  const lead = await bs.waitForLeadCheck(leadId, { interval: 2_000, timeout: 10 * 60_000 });
  if (lead.currentStatus !== 'APPROVED') return { lead, contractId: undefined };
  const contract = await bs.createContractUsingPOST({ body: { loanApplicationId: lead.loanApplicationId! } });
  return { lead, contractId: contract.data as number };
}
