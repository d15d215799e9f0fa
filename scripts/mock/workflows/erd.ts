/**
 * ERD: stateless; the answer follows the IIN's last four digits (docs/mock.md):
 * `0400` subscription_not_started, `0401` no_active_or_future_subscription, `0402` no_subscription,
 * `0403` no_access_to_erd (all 400), `0404` 404 subject not found, `0503` 503 service unavailable,
 * `0000` found with no records, anything else found with one record (the spec's example, about that IIN).
 */
import { randomUUID } from 'node:crypto';
import { type WorkflowAnswer, type WorkflowModule, answer, record } from './workflow.js';

/** IIN suffix → [status, example name]. */
export const ERD_RULES: Readonly<Record<string, readonly [number, string]>> = {
  '0400': [400, 'subscription_not_started'],
  '0401': [400, 'no_active_or_future_subscription'],
  '0402': [400, 'no_subscription'],
  '0403': [400, 'no_access_to_erd'],
  '0404': [404, 'subject_not_found'],
  '0503': [503, 'service_unavailable'],
};

export const erdWorkflow: WorkflowModule = {
  api: 'erd',
  create(context) {
    const debtor = record(context.example('retrieveErd', 200, 'debtor'));
    const template = record(Array.isArray(debtor['result_json']) ? debtor['result_json'][0] : undefined);
    return {
      handle(request): WorkflowAnswer | undefined {
        if (request.operationId !== 'retrieveErd') return undefined;
        const iin = String(record(request.body)['iin'] ?? '');
        const rule = ERD_RULES[iin.slice(-4)];
        if (rule) return answer(rule[0], context.example('retrieveErd', rule[0], rule[1]));
        return answer(200, {
          backend_session: randomUUID(),
          status: 'RECEIVED',
          personal_number: iin,
          result_json: iin.endsWith('0000') ? [] : [{ ...template, debtor_iin: iin }],
        });
      },
      state: () => ({}),
      load: () => undefined,
      reset: () => undefined,
    };
  },
};
