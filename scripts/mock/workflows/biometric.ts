/**
 * Biometric.kz, both flows (docs/vendors.md):
 *
 * Hosted flow. `createFlowSession` opens a session on a mock flow with the technologies LD, ED, F2F (the vendor's
 * "Flow for individuals"). The technologies then run by themselves, one after the other: for each, a
 * `technology.start` and a `technology.end` event go to `--callback-url` (the vendor sends webhooks to the URL set
 * in its personal cabinet; the mock has only the host's), through the host's scheduler, so they are retried and
 * journaled like every other callback. `getFlowSessionResult` shows the same progress: `PROGRESS` with empty results
 * for unfinished technologies, then `FINISHED` with `flow_session_result`. It answers 404 to an unknown session or a
 * `flow_api_key` other than the one the session was created with.
 * Test rule: the person is `metadata.iin` (default 010203040506); an IIN ending in `1111` fails liveness
 * (`CALC_RESULT` / `Closed eyes`), so the session ends `flow_session_result: false`.
 *
 * Backend chain. `requestEDocument` opens a backend session for the IIN; `approveEDocument` accepts only the fixed
 * test code `123456` (the subject's code from 1414) and answers that IIN's identity card; a wrong code, an unknown
 * session or a second approval answer the spec's 400 examples. `retrieveGbdfl` answers about the IIN it is given.
 * Liveness and face compare answer the spec's examples.
 */
import { randomUUID } from 'node:crypto';
import { type CallbackDelivery, type WorkflowAnswer, type WorkflowModule, type WorkflowRequest, answer, first, record } from './workflow.js';

type Row = Record<string, unknown>;

/** The one code the mock's 1414 "sends". */
export const MOCK_EDOCUMENT_CODE = '123456';
/** Pause before each event of a session, in ms. */
export const BIOMETRIC_EVENT_DELAY_MS = 15;
export const DEFAULT_MOCK_IIN = '010203040506';
/** IINs ending so fail liveness in the hosted flow. */
export const FAILING_LIVENESS_SUFFIX = '1111';

const TECHNOLOGIES = [
  { code: 'LD', name: 'Liveness', description: 'Liveness Detection', key: 'liveness_result' },
  { code: 'ED', name: 'E-Document', description: 'Electronic documents from Egov', key: 'edocument_result' },
  { code: 'F2F', name: 'Face2Face', description: 'Face comparison', key: 'face2face_result' },
] as const;

interface Session {
  id: string;
  flow_api_key: string;
  iin: string;
  metadata: Row;
  status: 'PROGRESS' | 'FINISHED';
  flow_session_result: boolean | null;
  flow_session_failure_reasons: Row[];
  finished_at: string | null;
  results: Record<string, Row>;
}

interface EDocumentRequest {
  backend_session_id: string;
  iin: string;
  phone: string;
  approved: boolean;
}

interface BiometricState {
  sessions: Session[];
  edocuments: EDocumentRequest[];
}

/** The identity card the mock's Egov holds for an IIN. */
function identityCard(iin: string): Row {
  return {
    common: {
      docNumber: '000000000',
      docOwner: { iin, lastName: 'ТЕСТОВ', firstName: 'ТЕСТ', middleName: 'ТЕСТОВИЧ' },
      docIssuer: { nameRu: 'МВД РК' },
    },
  };
}

/** What one technology of a session ends with, under the test rule. */
function technologyResult(code: string, iin: string): Row {
  const live = !iin.endsWith(FAILING_LIVENESS_SUFFIX);
  if (code === 'LD') {
    return live
      ? { result: true, eye_closed: false, prediction: '0.9980', face_center: true, face_direction: 'forward', failure_reason: null }
      : { result: false, eye_closed: true, prediction: '0.1200', face_center: true, face_direction: 'forward', failure_reason: { type: 'CALC_RESULT', detail: 'Closed eyes' } };
  }
  if (code === 'ED') return { result: true, result_json: identityCard(iin), failure_reason: null };
  return { result: true, prediction: '0.9612', prediction_percent: '96.12', failure_reason: null };
}

const notFound = (): WorkflowAnswer => answer(404, { detail: 'Not found.' });

export const biometricWorkflow: WorkflowModule = {
  api: 'biometric',
  create(context) {
    let sessions = new Map<string, Session>();
    let edocuments = new Map<string, EDocumentRequest>();

    const reset = () => {
      sessions = new Map();
      edocuments = new Map();
    };

    function sessionView(session: Session): Row {
      const view: Row = {
        id: session.id,
        status: session.status,
        flow_session_result: session.flow_session_result,
        flow_session_failure_reasons: session.flow_session_failure_reasons,
        finished_at: session.finished_at,
        technologies: TECHNOLOGIES.map(({ code, name, description }) => ({ name, description, code })),
      };
      for (const { key } of TECHNOLOGIES) view[key] = session.results[key] ?? {};
      return view;
    }

    function event(session: Session, name: 'technology.start' | 'technology.end', success: boolean, data: Row): Row {
      return {
        id: randomUUID(),
        event: name,
        session_id: session.id,
        created: Math.floor(Date.now() / 1000),
        success,
        flow_name: 'Mock flow for individuals (LD, ED, F2F)',
        metadata: session.metadata,
        data,
      };
    }

    function deliver(body: Row, session: Session): CallbackDelivery | void {
      const url = context.callbackUrl;
      if (!url) return;
      // `event` and `subject` name the delivery in the callback journal and let its rules pick one (`technology.end`).
      const event = String(body['event']);
      return { url, body, what: `${event} for ${session.id}`, event, subject: session.id };
    }

    /** Runs the session's technologies in order through the scheduler, updating the state as each ends. */
    function run(session: Session): void {
      const chain = `biometric:${session.id}`;
      for (const [index, technology] of TECHNOLOGIES.entries()) {
        context.schedule(chain, BIOMETRIC_EVENT_DELAY_MS, () => {
          if (sessions.get(session.id) !== session) return;
          return deliver(event(session, 'technology.start', true, { technology_code: technology.code, technology_name: technology.name }), session);
        });
        context.schedule(chain, BIOMETRIC_EVENT_DELAY_MS, () => {
          if (sessions.get(session.id) !== session) return;
          const result = technologyResult(technology.code, session.iin);
          session.results[technology.key] = result;
          if (index === TECHNOLOGIES.length - 1) {
            const failures = Object.values(session.results).map((r) => r['failure_reason']).filter((r): r is Row => r !== null && typeof r === 'object');
            session.status = 'FINISHED';
            session.flow_session_result = failures.length === 0;
            session.flow_session_failure_reasons = failures;
            session.finished_at = new Date().toISOString();
          }
          return deliver(event(session, 'technology.end', result['result'] === true, { [technology.key]: result }), session);
        });
      }
    }

    function createFlowSession(request: WorkflowRequest): WorkflowAnswer {
      const body = record(request.body);
      const metadata = record(body['metadata']);
      const iin = typeof metadata['iin'] === 'string' && /^[0-9]{12}$/.test(metadata['iin']) ? metadata['iin'] : DEFAULT_MOCK_IIN;
      const session: Session = {
        id: randomUUID(),
        flow_api_key: String(body['api_key'] ?? ''),
        iin,
        metadata,
        status: 'PROGRESS',
        flow_session_result: null,
        flow_session_failure_reasons: [],
        finished_at: null,
        results: {},
      };
      sessions.set(session.id, session);
      run(session);
      return answer(200, { session_id: session.id, technologies: TECHNOLOGIES.map((t) => t.code) });
    }

    function getFlowSessionResult(request: WorkflowRequest): WorkflowAnswer {
      const session = sessions.get(first(request.query['session_id']) ?? '');
      if (!session || session.flow_api_key !== first(request.query['flow_api_key'])) return notFound();
      return answer(200, sessionView(session));
    }

    function requestEDocument(request: WorkflowRequest): WorkflowAnswer | undefined {
      const body = record(request.body);
      if (typeof body['iin'] !== 'string') return undefined;
      const pending: EDocumentRequest = { backend_session_id: randomUUID(), iin: body['iin'], phone: String(body['phone'] ?? ''), approved: false };
      edocuments.set(pending.backend_session_id, pending);
      return answer(200, { backend_session_id: pending.backend_session_id });
    }

    function approveEDocument(request: WorkflowRequest): WorkflowAnswer {
      const body = record(request.body);
      const pending = edocuments.get(String(body['backend_session_id'] ?? ''));
      if (!pending) return answer(400, context.example('approveEDocument', 400, 'no_request'));
      if (pending.approved) return answer(400, context.example('approveEDocument', 400, 'already_received'));
      if (body['code'] !== MOCK_EDOCUMENT_CODE) return answer(400, context.example('approveEDocument', 400, 'invalid_code'));
      pending.approved = true;
      return answer(200, {
        backend_session_id: pending.backend_session_id,
        result_json: identityCard(pending.iin),
        extra: { date_of_birth: '2001-02-03', date_of_issue: '2020-01-01', date_of_expire: '2030-01-01' },
        gender: 'male',
      });
    }

    function retrieveGbdfl(request: WorkflowRequest): WorkflowAnswer {
      const iin = String(record(request.body)['iin']);
      const owner = record(record(identityCard(iin)['common'])['docOwner']);
      return answer(200, {
        backend_session_id: randomUUID(),
        iin,
        result_json: { lastName: owner['lastName'], firstName: owner['firstName'], middleName: owner['middleName'], birthDate: '2001-02-03' },
      });
    }

    return {
      handle(request) {
        switch (request.operationId) {
          case 'createFlowSession':
            return createFlowSession(request);
          case 'getFlowSessionResult':
            return getFlowSessionResult(request);
          case 'requestEDocument':
            return requestEDocument(request);
          case 'approveEDocument':
            return approveEDocument(request);
          case 'retrieveGbdfl':
            return retrieveGbdfl(request);
          default:
            return undefined;
        }
      },
      state: (): BiometricState => ({ sessions: [...sessions.values()], edocuments: [...edocuments.values()] }),
      load(state) {
        reset();
        const s = record(state) as Partial<BiometricState>;
        for (const row of Array.isArray(s.sessions) ? s.sessions : []) sessions.set(String(row.id), { ...row, results: { ...record(row.results) } } as Session);
        for (const row of Array.isArray(s.edocuments) ? s.edocuments : []) edocuments.set(String(row.backend_session_id), { ...row });
      },
      reset,
    };
  },
};
