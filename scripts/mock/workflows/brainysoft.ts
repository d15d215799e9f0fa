/**
 * BrainySoft, both flows of the vendor's business-scenario pages, with state (docs/vendors.md):
 * - clients: `GET /main/clients/init` answers the spec's template; `POST /main/clients` (Prism has already enforced
 *   `CreateClientRequest`) stores the client under a new id (from 1001); get and find answer what was stored.
 * - client → application → contract: `GET /main/loan-apps/init/client-id/{clientId}` answers a template for a stored
 *   client; `POST …/products/{creditProductId}/apply` copies a product of the spec's credit-products example into it;
 *   `POST /main/loan-apps` stores it (from 5001); `POST /main/contracts` with its `loanApplicationId` stores a contract
 *   (from 7001) for it; get and find answer what was stored.
 * - lead → check → client + application: `POST /main/leads` stores a lead (from 2001, `WAITING`); after
 *   `POST /main/leads/{id}/check` the lead answers `CHECK` for `polls` reads (get, statuses, find), then its outcome:
 *   a `mobilePhone` ending in `13` → `DENIED`; else `APPROVED`, with a client (the stored client whose names and passport
 *   match, as the vendor's page 453 says, or a new one) and a loan application for the lead's product and amount, named
 *   by the lead's `clientId` and `loanApplicationId`.
 * An unknown id answers 404 (a create naming an unknown client or application: 400). Every answer is the
 * `{status, timestamp, data}` envelope; the directories and the token endpoint are answered from the spec's examples.
 */
import { type WorkflowContext, type WorkflowModule, answer, first, record } from './workflow.js';

type Entity = Record<string, unknown>;

interface LeadCheck {
  /** Reads answered `CHECK` so far. */
  polled: number;
  readonly outcome: 'APPROVED' | 'DENIED';
}

interface StatusEntry {
  readonly id: number;
  readonly insertDate: number;
  readonly status: string;
}

interface BrainysoftState {
  nextId: number;
  clients: Entity[];
  nextLeadId?: number;
  leads?: Entity[];
  checks?: Record<string, LeadCheck>;
  history?: Record<string, StatusEntry[]>;
  nextApplicationId?: number;
  applications?: Entity[];
  nextContractId?: number;
  contracts?: Entity[];
}

const FIRST = { client: 1001, lead: 2001, application: 5001, contract: 7001 } as const;

/** The check's outcome rule, documented in docs/vendors.md. */
export function leadOutcome(lead: Entity): LeadCheck['outcome'] {
  return String(lead['mobilePhone'] ?? '').endsWith('13') ? 'DENIED' : 'APPROVED';
}

/** The lead fields a client created from it carries (names shared by the lead and client schemas). */
const CLIENT_FIELDS_FROM_LEAD = [
  'firstName', 'lastName', 'patronymic', 'sexId', 'birthDate', 'birthPlace', 'birthCountryId', 'passport', 'inn',
  'mobilePhone', 'email', 'addressData', 'registrationAddressData', 'managerId', 'subdivisionId',
];

/** The vendor's page 453: a lead whose names and passport series and number match a client belongs to that client. */
function matchKey(person: Entity): string {
  const passport = record(person['passport']);
  return JSON.stringify([person['firstName'], person['lastName'], person['patronymic'] ?? '', passport['seria'] ?? '', passport['no'] ?? '']);
}

/** A table of entities by id, with the next id to hand out. */
class Table {
  readonly rows = new Map<number, Entity>();
  next: number;
  constructor(readonly first: number) {
    this.next = first;
  }
  add(entity: Entity): number {
    const id = this.next++;
    this.rows.set(id, { ...entity, id });
    return id;
  }
  get(id: unknown): Entity | undefined {
    return this.rows.get(Number(id));
  }
  /** `ids` as the find paths take them (`1,2`), ascending unless `preserveOrder=true`. */
  find(ids: string | undefined, preserveOrder: boolean): Entity[] {
    const found = [...new Set((ids ?? '').split(',').map((id) => Number(id.trim())))].flatMap((id) => (this.rows.has(id) ? [this.rows.get(id)!] : []));
    return preserveOrder ? found : found.sort((a, b) => Number(a['id']) - Number(b['id']));
  }
  load(list: unknown, next: unknown): void {
    this.rows.clear();
    for (const row of Array.isArray(list) ? list : []) if (row && typeof row === 'object') this.rows.set(Number((row as Entity)['id']), row as Entity);
    this.next = Math.max(Number(next) || this.first, ...[...this.rows.keys()].map((id) => id + 1));
  }
}

export const brainysoftWorkflow: WorkflowModule = {
  api: 'brainysoft',
  create(context: WorkflowContext) {
    const clients = new Table(FIRST.client);
    const leads = new Table(FIRST.lead);
    const applications = new Table(FIRST.application);
    const contracts = new Table(FIRST.contract);
    let checks = new Map<number, LeadCheck>();
    let history = new Map<number, StatusEntry[]>();
    let nextStatusId = 1;

    const ok = (data: unknown) => answer(200, { status: 'ok', timestamp: Date.now(), data });
    const refused = (status: 400 | 404, what: string) =>
      answer(status, { status: 'error', timestamp: Date.now(), data: { code: status === 404 ? 'not-found' : 'bad-request', message: what } });
    const exampleData = (operationId: string, name: string) => record(context.example(operationId, 200, name))['data'];

    const setStatus = (lead: Entity, status: string) => {
      lead['currentStatus'] = status;
      const id = Number(lead['id']);
      history.set(id, [...(history.get(id) ?? []), { id: nextStatusId++, insertDate: Date.now(), status }]);
    };

    /** Ends a check: a matching or new client and an application for an approved lead. */
    const settle = (lead: Entity, check: LeadCheck) => {
      checks.delete(Number(lead['id']));
      if (check.outcome === 'APPROVED') {
        const key = matchKey(lead);
        const existing = [...clients.rows.values()].find((client) => matchKey(client) === key);
        const clientId = existing ? Number(existing['id']) : clients.add(Object.fromEntries(CLIENT_FIELDS_FROM_LEAD.filter((k) => k in lead).map((k) => [k, lead[k]])));
        lead['clientId'] = clientId;
        lead['loanApplicationId'] = applications.add({
          clientId,
          creationDate: Date.now(),
          currencyId: 101011,
          loanAmount: lead['amount'] ?? null,
          creditProductId: lead['creditProductId'] ?? null,
          gettingMoneyMethodId: lead['gettingMoneyMethodId'] ?? null,
        });
      }
      setStatus(lead, check.outcome);
    };

    /** A read of a lead: a running check answers `CHECK` for `polls` reads, then settles. */
    const read = (lead: Entity): Entity => {
      const check = checks.get(Number(lead['id']));
      if (check) {
        if (check.polled < context.polls) check.polled++;
        else settle(lead, check);
      }
      return lead;
    };

    const reset = () => {
      for (const table of [clients, leads, applications, contracts]) table.load([], undefined);
      checks = new Map();
      history = new Map();
      nextStatusId = 1;
    };

    return {
      handle(request) {
        const preserveOrder = first(request.query['preserveOrder']) === 'true';
        const id = request.pathParams['id'];
        switch (request.operationId) {
          case 'initClientUsingGET':
            return ok(exampleData('initClientUsingGET', 'template'));
          case 'createClientUsingPOST':
            return ok(clients.add(record(request.body)));
          case 'getClientUsingGET': {
            const client = clients.get(id);
            return client ? ok(client) : refused(404, `client ${id} not found`);
          }
          case 'findClientsUsingGET':
            return ok(clients.find(request.pathParams['ids'], preserveOrder));

          case 'createLeadUsingPOST': {
            const leadId = leads.add({ ...record(request.body), creationDate: Date.now(), currentStatus: null });
            setStatus(leads.get(leadId)!, 'WAITING');
            return ok(leadId);
          }
          case 'getLeadUsingGET': {
            const lead = leads.get(id);
            return lead ? ok(read(lead)) : refused(404, `lead ${id} not found`);
          }
          case 'updateLeadUsingPUT': {
            const lead = leads.get(id);
            if (!lead) return refused(404, `lead ${id} not found`);
            // The body replaces the lead; what the core keeps itself (id, status, links) stays.
            const kept = Object.fromEntries(['id', 'creationDate', 'currentStatus', 'clientId', 'loanApplicationId', 'contractId'].filter((k) => k in lead).map((k) => [k, lead[k]]));
            leads.rows.set(Number(id), { ...record(request.body), ...kept });
            return ok(Number(id));
          }
          case 'checkLeadUsingPOST': {
            const lead = leads.get(id);
            if (!lead) return refused(404, `lead ${id} not found`);
            // Starting a check twice, or on a settled lead, changes nothing.
            if (lead['currentStatus'] === 'WAITING') {
              checks.set(Number(id), { polled: 0, outcome: leadOutcome(lead) });
              setStatus(lead, 'CHECK');
            }
            return ok(null);
          }
          case 'getLeadStatusesUsingGET': {
            const lead = leads.get(id);
            if (!lead) return refused(404, `lead ${id} not found`);
            read(lead);
            return ok(history.get(Number(id)) ?? []);
          }
          case 'findLeadsByIdListUsingGET':
            return ok(leads.find(request.pathParams['ids'], preserveOrder).map(read));

          case 'initLoanApplicationUsingGET': {
            const clientId = request.pathParams['clientId'];
            if (!clients.get(clientId)) return refused(404, `client ${clientId} not found`);
            return ok({ ...record(exampleData('initLoanApplicationUsingGET', 'template')), clientId: Number(clientId) });
          }
          case 'applyCreditProductUsingPOST': {
            const productId = Number(request.pathParams['creditProductId']);
            const products = exampleData('getCreditProductListUsingGET', 'products');
            if (!(Array.isArray(products) && products.some((p) => record(p)['id'] === productId))) return refused(404, `credit product ${productId} not found`);
            const applied = record(exampleData('applyCreditProductUsingPOST', 'applied'));
            return ok({ ...record(request.body), creditProductId: productId, creditFieldReq: applied['creditFieldReq'] ?? null });
          }
          case 'createLoanApplicationUsingPOST': {
            const body = record(request.body);
            if (!clients.get(body['clientId'])) return refused(400, `client ${String(body['clientId'])} not found`);
            return ok(applications.add(body));
          }
          case 'createContractUsingPOST': {
            const body = record(request.body);
            const application = applications.get(body['loanApplicationId']);
            if (!application) return refused(400, `loan application ${String(body['loanApplicationId'])} not found`);
            const contractId = contracts.next;
            contracts.add({
              name: String(contractId).padStart(6, '0'),
              creationDate: new Date().toISOString().slice(0, 10),
              clientId: application['clientId'] ?? null,
              currencyId: application['currencyId'] ?? null,
              loanAmount: application['loanAmount'] ?? null,
              creditProductId: application['creditProductId'] ?? null,
              issueDate: null,
              closeDate: null,
              ...body,
            });
            for (const lead of leads.rows.values()) if (lead['loanApplicationId'] === application['id']) lead['contractId'] = contractId;
            return ok(contractId);
          }
          case 'getContractByIdUsingGET': {
            const contract = contracts.get(id);
            return contract ? ok(contract) : refused(404, `contract ${id} not found`);
          }
          case 'findContractsByIdListUsingGET':
            return ok(contracts.find(request.pathParams['ids'], preserveOrder));
          default:
            return undefined;
        }
      },
      state: (): BrainysoftState => ({
        nextId: clients.next,
        clients: [...clients.rows.values()],
        nextLeadId: leads.next,
        leads: [...leads.rows.values()],
        checks: Object.fromEntries(checks),
        history: Object.fromEntries(history),
        nextApplicationId: applications.next,
        applications: [...applications.rows.values()],
        nextContractId: contracts.next,
        contracts: [...contracts.rows.values()],
      }),
      load(state) {
        reset();
        const snapshot = record(state) as Partial<BrainysoftState>;
        clients.load(snapshot.clients, snapshot.nextId);
        leads.load(snapshot.leads, snapshot.nextLeadId);
        applications.load(snapshot.applications, snapshot.nextApplicationId);
        contracts.load(snapshot.contracts, snapshot.nextContractId);
        for (const [leadId, check] of Object.entries(record(snapshot.checks))) {
          const { polled, outcome } = record(check);
          if (outcome === 'APPROVED' || outcome === 'DENIED') checks.set(Number(leadId), { polled: Number(polled) || 0, outcome });
        }
        for (const [leadId, entries] of Object.entries(record(snapshot.history))) if (Array.isArray(entries)) history.set(Number(leadId), entries as StatusEntry[]);
        nextStatusId = 1 + Math.max(0, ...[...history.values()].flat().map((entry) => Number(entry.id) || 0));
      },
      reset,
    };
  },
};
