/**
 * Bank 131 (v1.1 and v2.0): a submitted check answers `pending` for `polls` status requests, then its outcome
 * (docs/mock.md):
 * - the passport number ending in `13` (v1.1 `passport_number`; v2.0 any string of a `documents[]` item) →
 *   `passport_validation_failure`
 * - else `inn` ending in `13` → `inn_validation_failure`
 * - else `ok` (with `participant.reference` when v1.1's `create_participant` was true)
 * - `signature: "invalid"` → `invalid_sign` (nothing stored); `X-PARTNER-PROJECT: unknown` → `partner_project_not_found`
 * - the same data again → `already_exists` with the earlier id (v1.1: same `inn` + `agent_contract_number`, as the
 *   spec says; v2.0: same `inn`, names and birthday)
 * - an unknown id (or one of the other version) → `request_not_found`
 */
import { type WorkflowModule, type WorkflowRequest, answer, first, record } from './workflow.js';

type Outcome = 'ok' | 'passport_validation_failure' | 'inn_validation_failure';

type Version = 'v1.1' | 'v2.0';

interface Check {
  readonly id: string;
  readonly version: Version;
  /** `inn|agent_contract_number`: the duplicate key. */
  readonly key: string;
  readonly outcome: Outcome;
  readonly participant: boolean;
  /** Status requests answered so far. */
  polled: number;
}

interface Bank131State {
  nextId: number;
  checks: Check[];
}

const DESCRIPTIONS: Record<string, string> = {
  already_exists: 'Request with the same data already exists',
  invalid_sign: 'Signature verification failure',
  passport_validation_failure: 'Passport, inn validation failure',
  inn_validation_failure: 'Passport, inn validation failure',
  request_not_found: 'Request with given id not found',
  partner_project_not_found: 'partner project not found',
};

const failure = (code: string, id?: string) =>
  answer(200, { status: 'error', error: { code, description: DESCRIPTIONS[code] ?? code }, ...(id ? { data: { id } } : {}) });

/** The outcome rule, documented in docs/mock.md. */
export function bank131Outcome(body: { passport_number?: unknown; inn?: unknown; documents?: unknown }): Outcome {
  const documentStrings = Array.isArray(body.documents) ? body.documents.flatMap((d) => Object.values(record(d)).filter((v) => typeof v === 'string')) : [];
  if ([body.passport_number, ...documentStrings].some((v) => String(v ?? '').endsWith('13'))) return 'passport_validation_failure';
  if (String(body.inn ?? '').endsWith('13')) return 'inn_validation_failure';
  return 'ok';
}

export const bank131Workflow: WorkflowModule = {
  api: 'bank131',
  create(context) {
    let checks = new Map<string, Check>();
    let byKey = new Map<string, Check>();
    let nextId = 1;

    const reset = () => {
      checks = new Map();
      byKey = new Map();
      nextId = 1;
    };

    function create(request: WorkflowRequest, version: Version) {
      const body = record(request.body);
      if (first(request.headers['x-partner-project']) === 'unknown') return failure('partner_project_not_found');
      if (body['signature'] === 'invalid') return failure('invalid_sign');
      const fields = version === 'v1.1' ? ['inn', 'agent_contract_number'] : ['inn', 'last_name', 'first_name', 'patronymic', 'birthday'];
      const key = [version, ...fields.map((f) => String(body[f] ?? ''))].join('|');
      const earlier = byKey.get(key);
      if (earlier) return failure('already_exists', earlier.id);
      const check: Check = { id: String(nextId++), version, key, outcome: bank131Outcome(body), participant: body['create_participant'] === true, polled: 0 };
      checks.set(check.id, check);
      byKey.set(key, check);
      return answer(200, { status: 'pending', data: { id: check.id, description: 'Check in progress' } });
    }

    function status(request: WorkflowRequest, version: Version) {
      if (first(request.headers['x-partner-project']) === 'unknown') return failure('partner_project_not_found');
      const check = checks.get(request.pathParams['id'] ?? '');
      if (!check || check.version !== version) return failure('request_not_found');
      if (check.polled < context.polls) {
        check.polled++;
        return answer(200, { status: 'pending', data: { id: check.id, description: 'Check in progress' } });
      }
      if (check.outcome !== 'ok') return failure(check.outcome, check.id);
      return answer(200, {
        status: 'ok',
        data: { id: check.id, description: 'valid', ...(check.participant ? { participant: { reference: `participant-${check.id}` } } : {}) },
      });
    }

    return {
      handle(request) {
        switch (request.operationId) {
          case 'createCheck':
            return create(request, 'v1.1');
          case 'createCheckV2':
            return create(request, 'v2.0');
          case 'getCheck':
          case 'getCheckByPost':
            return status(request, 'v1.1');
          case 'getCheckV2':
            return status(request, 'v2.0');
          default:
            return undefined;
        }
      },
      state: (): Bank131State => ({ nextId, checks: [...checks.values()].map((c) => ({ ...c })) }),
      load(state) {
        reset();
        const { nextId: next, checks: list } = record(state) as Partial<Bank131State>;
        for (const check of Array.isArray(list) ? list : []) {
          const copy = { ...check, id: String(check.id), version: check.version ?? 'v1.1', polled: Number(check.polled) || 0 };
          checks.set(copy.id, copy);
          byKey.set(copy.key, copy);
        }
        nextId = Math.max(Number(next) || 1, ...[...checks.keys()].map((id) => Number(id) + 1).filter(Number.isFinite));
      },
      reset,
    };
  },
};
