/**
 * BrainySoft: `GET /main/clients/init` answers the spec's template; `POST /main/clients` (Prism has already
 * enforced `CreateClientRequest`'s minimum set) stores the client under a new id (from 1001) and answers it;
 * `GET /main/clients/{id}` and `GET /main/clients/find/{ids}` answer what was stored (404 / left out when unknown).
 * Every answer is the `{status, timestamp, data}` envelope.
 */
import { type WorkflowModule, answer, first, record } from './workflow.js';

interface BrainysoftState {
  nextId: number;
  clients: Record<string, unknown>[];
}

const FIRST_ID = 1001;

export const brainysoftWorkflow: WorkflowModule = {
  api: 'brainysoft',
  create(context) {
    let clients = new Map<number, Record<string, unknown>>();
    let nextId = FIRST_ID;
    const ok = (data: unknown) => answer(200, { status: 'ok', timestamp: Date.now(), data });
    const reset = () => {
      clients = new Map();
      nextId = FIRST_ID;
    };

    return {
      handle(request) {
        switch (request.operationId) {
          case 'initClientUsingGET':
            return ok(record(context.example('initClientUsingGET', 200, 'template'))['data']);
          case 'createClientUsingPOST': {
            const id = nextId++;
            clients.set(id, { ...record(request.body), id });
            return ok(id);
          }
          case 'getClientUsingGET': {
            const client = clients.get(Number(request.pathParams['id']));
            if (client) return ok(client);
            return answer(404, {
              status: 'error',
              timestamp: Date.now(),
              data: { code: 'not-found', message: `client ${request.pathParams['id']} not found` },
            });
          }
          case 'findClientsUsingGET': {
            const ids = (request.pathParams['ids'] ?? '').split(',').map((id) => Number(id.trim()));
            const found = ids.flatMap((id) => (clients.has(id) ? [clients.get(id)!] : []));
            const preserveOrder = first(request.query['preserveOrder']) === 'true';
            if (!preserveOrder) found.sort((a, b) => Number(a['id']) - Number(b['id']));
            return ok([...new Set(found)]);
          }
          default:
            return undefined;
        }
      },
      state: (): BrainysoftState => ({ nextId, clients: [...clients.values()] }),
      load(state) {
        reset();
        const { nextId: next, clients: list } = record(state) as Partial<BrainysoftState>;
        for (const client of Array.isArray(list) ? list : []) clients.set(Number(client['id']), client);
        nextId = Math.max(Number(next) || FIRST_ID, ...[...clients.keys()].map((id) => id + 1));
      },
      reset,
    };
  },
};
