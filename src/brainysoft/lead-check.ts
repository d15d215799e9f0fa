/**
 * Waiting for a BrainySoft lead's check to settle (the vendor's lead scenario: create a lead, start its check, poll
 * until a client and an application appear). The documented way to follow a check is the lead's `currentStatus`
 * (https://docs.brainysoft.ru/documentation/page/465; values on
 * https://docs.brainysoft.ru/en/developers/core/operations/checkLeadUsingPOST.html): `APPROVED`, `DENIED` and `TIMEOUT`
 * end it; an approved lead names its `loanApplicationId` once the application exists. The polling itself (deadline,
 * transient failures, Retry-After) is src/core/poll.ts.
 */
import type { CallOptions } from '../core/client.js';
import { type PollOptions, pollUntilSettled } from '../core/poll.js';
import type { components } from '../../generated/brainysoft.js';

export type BrainysoftLead = components['schemas']['Lead'];

/** The statuses that end a check, per the checkLeadUsingPOST page. */
export const SETTLED_LEAD_STATUSES: readonly string[] = ['APPROVED', 'DENIED', 'TIMEOUT'];

export interface LeadCheckOptions extends PollOptions {
  /** Statuses that end the wait (default `SETTLED_LEAD_STATUSES`). */
  readonly settledStatuses?: readonly string[];
  /**
   * With `true` (default), an `APPROVED` lead counts as settled only once it names its `loanApplicationId`: the core
   * creates the client and the application when the check finishes, possibly a moment after the status changes.
   */
  readonly awaitApplication?: boolean;
}

/** Whether a lead's check is over (see LeadCheckOptions). */
export function isLeadCheckSettled(lead: BrainysoftLead | null | undefined, options: Pick<LeadCheckOptions, 'settledStatuses' | 'awaitApplication'> = {}): boolean {
  const status = lead?.currentStatus;
  if (typeof status !== 'string' || !(options.settledStatuses ?? SETTLED_LEAD_STATUSES).includes(status)) return false;
  if (status === 'APPROVED' && (options.awaitApplication ?? true)) return typeof lead?.loanApplicationId === 'number';
  return true;
}

/**
 * Polls `getLead` until the lead's check settles and resolves with the lead. A `status: "error"` answer or a 4xx ends
 * the wait with its ApiError; 5xx, 429, network failures and time-outs are ridden out until `timeout`, after which a
 * TimeoutError names the last failure.
 */
export function waitForLeadCheck(
  id: number,
  getLead: (id: number, init: CallOptions) => Promise<{ data?: unknown } | null | undefined>,
  options: LeadCheckOptions & { readonly callTimeoutMs?: number | undefined } = {},
): Promise<BrainysoftLead> {
  return pollUntilSettled<BrainysoftLead | undefined>(
    {
      operation: { api: 'brainysoft', method: 'GET', path: '/main/leads/{id}' },
      what: `lead ${id}: check`,
      callTimeoutMs: options.callTimeoutMs,
      poll: async (init) => {
        const answer = await getLead(id, init);
        const data = answer?.data;
        return data && typeof data === 'object' ? (data as BrainysoftLead) : undefined;
      },
      settled: (lead) => isLeadCheckSettled(lead, options),
    },
    options,
  ) as Promise<BrainysoftLead>;
}
