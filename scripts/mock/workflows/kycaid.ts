/**
 * KYCAID: applicants, addresses, documents, files, verifications and form URLs are stored for real (ids: 36
 * lowercase hex characters). Test-mode names decide a verification's outcome (docs/mock.md): an applicant named
 * John Doe is declined, anyone else (John Snow, the vendor's approved name, included) approved.
 *
 * After `createVerification`, the host POSTs `VERIFICATION_STATUS_CHANGED` (pending) and then
 * `VERIFICATION_COMPLETED` to the request's `callback_url` (else `--callback-url`), each signed with
 * `x-data-integrity` = HMAC-SHA512 keyed with the caller's API token over the Base64 of the raw body. The
 * verification is `completed` from the second step on, whether or not anyone receives the callbacks.
 * `updateVerificationStatus` records the decision and, with `callback_enabled: true`, sends `VERIFICATION_COMPLETED`.
 */
import { randomBytes } from 'node:crypto';
import { CALLBACK_SIGNATURE_HEADER, callbackSignature } from '../../../src/kycaid/callbacks.js';
import { type CallbackDelivery, type WorkflowAnswer, type WorkflowModule, type WorkflowRequest, answer, first, record } from './workflow.js';

type Row = Record<string, unknown>;

interface Verification extends Row {
  verification_id: string;
  applicant_id: string;
  form_id: string | null;
  status: 'unused' | 'pending' | 'completed';
  verified: boolean | null;
  verifications: Record<string, Row>;
}

interface KycaidState {
  applicants: Row[];
  addresses: Row[];
  documents: Row[];
  files: Row[];
  verifications: Verification[];
}

/** Delays of the two callbacks after a verification is created, in ms. */
export const KYCAID_CALLBACK_DELAYS = { statusChanged: 20, completed: 60 } as const;

export const kycaidId = () => randomBytes(18).toString('hex');

const timestamp = (date = new Date()) => date.toISOString().slice(0, 19).replace('T', ' ');

const notFound = (parameter: string): WorkflowAnswer => answer(404, { type: 'not_found', errors: [{ parameter, message: `${parameter} not found` }] });

/** The outcome rule: John Doe is declined, every other applicant approved. */
export function kycaidVerdict(applicant: Row | undefined): boolean {
  const name = (key: string) => String(applicant?.[key] ?? '').trim().toLowerCase();
  return !(name('first_name') === 'john' && name('last_name') === 'doe');
}

/** The API token the caller used: `Authorization: Token <t>` (or a bare token). */
export function callerToken(request: WorkflowRequest): string {
  const header = first(request.headers['authorization']) ?? '';
  return header.replace(/^Token\s+/i, '').trim();
}

export const kycaidWorkflow: WorkflowModule = {
  api: 'kycaid',
  create(context) {
    let applicants = new Map<string, Row>();
    let addresses = new Map<string, Row>();
    let documents = new Map<string, Row>();
    let files = new Map<string, Row>();
    let verifications = new Map<string, Verification>();
    /** verification id → where its callbacks go (kept out of the verification's answers). */
    let callbackUrls = new Map<string, string>();

    const reset = () => {
      callbackUrls = new Map();
      applicants = new Map();
      addresses = new Map();
      documents = new Map();
      files = new Map();
      verifications = new Map();
    };

    const without = (row: Row, ...keys: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

    function applicantView(applicant: Row): Row {
      const id = applicant['applicant_id'];
      return {
        ...applicant,
        addresses: [...addresses.values()].filter((a) => a['applicant_id'] === id).map((a) => without(a, 'applicant_id')),
        documents: [...documents.values()].filter((d) => d['applicant_id'] === id),
        verifications_count: [...verifications.values()].filter((v) => v['applicant_id'] === id).length,
      };
    }

    function signed(url: string, token: string, body: Row, what: string): CallbackDelivery {
      return {
        url,
        body,
        what,
        event: String(body['type']),
        subject: String(body['verification_id']),
        headers: (raw) => ({ [CALLBACK_SIGNATURE_HEADER]: callbackSignature(raw, token) }),
        headersWithKey: (raw, key) => ({ [CALLBACK_SIGNATURE_HEADER]: callbackSignature(raw, key) }),
      };
    }

    function complete(verification: Verification, verified: boolean, declineReason: string | undefined) {
      verification.status = 'completed';
      verification.verified = verified;
      verification.verifications = {
        profile: { verified, comment: verified ? '' : 'Declined (test-mode name)', decline_reasons: verified ? [] : [declineReason ?? 'WRONG_NAME'] },
      };
      const applicant = applicants.get(verification.applicant_id);
      if (applicant) {
        applicant['verification_status'] = verified ? 'valid' : 'invalid';
        applicant['profile_status'] = verified ? 'valid' : 'invalid';
        applicant['decline_reasons'] = verified ? [] : [declineReason ?? 'WRONG_NAME'];
      }
    }

    function completedCallback(verification: Verification): Row {
      return {
        request_id: kycaidId(),
        type: 'VERIFICATION_COMPLETED',
        applicant_id: verification.applicant_id,
        verification_id: verification.verification_id,
        form_id: verification.form_id,
        status: verification.status,
        verified: verification.verified,
        verifications: verification.verifications,
      };
    }

    function createVerification(request: WorkflowRequest): WorkflowAnswer {
      const body = record(request.body);
      const applicant = applicants.get(String(body['applicant_id']));
      if (!applicant) return notFound('applicant_id');
      const verification: Verification = {
        verification_id: kycaidId(),
        applicant_id: String(body['applicant_id']),
        form_id: typeof body['form_id'] === 'string' ? body['form_id'] : null,
        status: 'pending',
        verified: null,
        verifications: {},
      };
      verifications.set(verification.verification_id, verification);
      applicant['verification_status'] = 'pending';
      const url = typeof body['callback_url'] === 'string' && body['callback_url'] ? body['callback_url'] : context.callbackUrl;
      if (url) callbackUrls.set(verification.verification_id, url);
      const token = callerToken(request);
      const chain = `kycaid:${verification.verification_id}`;
      context.schedule(chain, KYCAID_CALLBACK_DELAYS.statusChanged, () => {
        if (!url) return;
        const changed: Row = {
          request_id: kycaidId(),
          type: 'VERIFICATION_STATUS_CHANGED',
          applicant_id: verification.applicant_id,
          external_applicant_id: (applicant['external_applicant_id'] as string | null | undefined) ?? null,
          verification_id: verification.verification_id,
          form_id: verification.form_id,
          verification_status: 'pending',
          verification_attempts_left: null,
        };
        return signed(url, token, changed, `VERIFICATION_STATUS_CHANGED for ${verification.verification_id}`);
      });
      context.schedule(chain, KYCAID_CALLBACK_DELAYS.completed - KYCAID_CALLBACK_DELAYS.statusChanged, () => {
        if (!verifications.has(verification.verification_id) || verification.status === 'completed') return;
        complete(verification, kycaidVerdict(applicants.get(verification.applicant_id)), undefined);
        if (!url) return;
        return signed(url, token, completedCallback(verification), `VERIFICATION_COMPLETED for ${verification.verification_id}`);
      });
      return answer(200, { verification_id: verification.verification_id });
    }

    function updateVerificationStatus(request: WorkflowRequest): WorkflowAnswer {
      const verification = verifications.get(request.pathParams['verification_id'] ?? '');
      if (!verification) return notFound('verification_id');
      const body = record(request.body);
      const status = String(body['verification_status']);
      complete(verification, status === 'approved', 'OTHER');
      const url = callbackUrls.get(verification.verification_id) ?? context.callbackUrl;
      if (body['callback_enabled'] === true && url) {
        const token = callerToken(request);
        context.schedule(`kycaid:${verification.verification_id}`, 0, () =>
          signed(url, token, completedCallback(verification), `VERIFICATION_COMPLETED for ${verification.verification_id}`),
        );
      }
      return answer(200, { status: 'ok', data: { verification_id: verification.verification_id, verification_status: status } });
    }

    function getFormUrl(request: WorkflowRequest): WorkflowAnswer {
      const body = record(request.body);
      let applicantId = typeof body['applicant_id'] === 'string' ? body['applicant_id'] : undefined;
      if (applicantId && !applicants.has(applicantId)) return notFound('applicant_id');
      if (!applicantId) {
        applicantId = kycaidId();
        applicants.set(applicantId, {
          applicant_id: applicantId,
          type: 'PERSON',
          created_at: timestamp(),
          external_applicant_id: (body['external_applicant_id'] as string | undefined) ?? null,
          verification_status: 'new',
        });
      }
      const formToken = kycaidId();
      const verification: Verification = {
        verification_id: kycaidId(),
        applicant_id: applicantId,
        form_id: request.pathParams['form_id'] ?? null,
        status: 'unused',
        verified: null,
        verifications: {},
        form_token: formToken,
      };
      verifications.set(verification.verification_id, verification);
      return answer(200, {
        form_id: verification.form_id,
        form_url: `https://forms.kycaid.com/${formToken}`,
        verification_id: verification.verification_id,
        form_token: formToken,
        verification_attempts_left: null,
      });
    }

    /** Create / read / update / delete of one kind of object, keyed by `<kind>_id`. */
    function crud(
      table: () => Map<string, Row>,
      idKey: string,
      request: WorkflowRequest,
      action: 'create' | 'get' | 'update' | 'delete',
      extra: (body: Row) => Row = () => ({}),
      view: (row: Row) => Row = (row) => row,
    ): WorkflowAnswer {
      const body = record(request.body);
      if (action === 'create') {
        if ('applicant_id' in body && !applicants.has(String(body['applicant_id']))) return notFound('applicant_id');
        const id = kycaidId();
        table().set(id, { [idKey]: id, ...body, ...extra(body) });
        return answer(200, { [idKey]: id });
      }
      const id = request.pathParams[idKey] ?? '';
      const row = table().get(id);
      if (!row) return notFound(idKey);
      if (action === 'get') return answer(200, view(row));
      if (action === 'update') Object.assign(row, body, { [idKey]: id });
      if (action === 'delete') table().delete(id);
      return answer(200, { [idKey]: id });
    }

    return {
      handle(request) {
        switch (request.operationId) {
          case 'createApplicant':
            return crud(() => applicants, 'applicant_id', request, 'create', () => ({
              created_at: timestamp(),
              profile_status: 'valid',
              verification_status: 'new',
              decline_reasons: [],
            }));
          case 'getApplicant':
            return crud(() => applicants, 'applicant_id', request, 'get', undefined, applicantView);
          case 'updateApplicant':
            return crud(() => applicants, 'applicant_id', request, 'update');
          case 'deleteApplicant': {
            const result = crud(() => applicants, 'applicant_id', request, 'delete');
            if (result.status === 200) {
              const id = request.pathParams['applicant_id'];
              for (const table of [addresses, documents]) for (const [key, row] of table) if (row['applicant_id'] === id) table.delete(key);
            }
            return result;
          }
          case 'createAddress':
            return crud(() => addresses, 'address_id', request, 'create');
          case 'updateAddress':
            return crud(() => addresses, 'address_id', request, 'update');
          case 'deleteAddress':
            return crud(() => addresses, 'address_id', request, 'delete');
          case 'createDocument':
            return crud(() => documents, 'document_id', request, 'create', () => ({
              provider: 'MANUAL',
              status: 'new',
              comment: null,
              created_at: timestamp(),
            }));
          case 'getDocument':
            return crud(() => documents, 'document_id', request, 'get');
          case 'updateDocument':
            return crud(() => documents, 'document_id', request, 'update');
          case 'deleteDocument':
            return crud(() => documents, 'document_id', request, 'delete');
          case 'createFile': {
            const id = kycaidId();
            files.set(id, { file_id: id, size: typeof request.body === 'string' ? request.body.length : 0, created_at: timestamp() });
            return answer(200, { file_id: id });
          }
          case 'replaceFile': {
            const file = files.get(request.pathParams['file_id'] ?? '');
            if (!file) return notFound('file_id');
            file['size'] = typeof request.body === 'string' ? request.body.length : 0;
            return answer(200, { file_id: file['file_id'] });
          }
          case 'createVerification':
            return createVerification(request);
          case 'getVerification': {
            const verification = verifications.get(request.pathParams['verification_id'] ?? '');
            return verification ? answer(200, without(verification, 'form_token')) : notFound('verification_id');
          }
          case 'updateVerificationStatus':
            return updateVerificationStatus(request);
          case 'getFormUrl':
            return getFormUrl(request);
          default:
            return undefined;
        }
      },
      state: (): KycaidState => ({
        applicants: [...applicants.values()],
        addresses: [...addresses.values()],
        documents: [...documents.values()],
        files: [...files.values()],
        verifications: [...verifications.values()],
      }),
      load(state) {
        reset();
        const s = record(state) as Partial<KycaidState>;
        const fill = (table: Map<string, Row>, rows: unknown, key: string) => {
          for (const row of Array.isArray(rows) ? (rows as Row[]) : []) table.set(String(row[key]), { ...row });
        };
        fill(applicants, s.applicants, 'applicant_id');
        fill(addresses, s.addresses, 'address_id');
        fill(documents, s.documents, 'document_id');
        fill(files, s.files, 'file_id');
        fill(verifications as Map<string, Row>, s.verifications, 'verification_id');
      },
      reset,
    };
  },
};
