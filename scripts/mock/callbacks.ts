/**
 * Workflow callbacks (KYCAID's, and any vendor's webhooks delivered through the workflow context's `schedule`):
 * - state steps of one chain run in order, each `delayMs` after the previous one ran, whether or not anyone received
 *   the callbacks: a receiver that is down or hangs never holds the state back;
 * - the callbacks a step returns are delivered beside the state, in order per chain, each attempt with its own
 *   timeout, retried with backoff (or after the receiver's `Retry-After`) when it fails, each failure logged;
 * - every attempt goes into the callback journal (url, event, attempt, the receiver's status or error, time);
 * - rules decide how the callbacks that fit are delivered: `drop`, `hold` (until `release`), `duplicate`,
 *   `wrong-signature`, `delay`;
 * - `reset(apis)` cancels what those APIs' old state scheduled; `stop()` cancels everything pending.
 */
import { randomBytes } from 'node:crypto';
import { type Masker, maskUrl, maskerFor } from './mask.js';
import type { CallbackDelivery } from './workflows/workflow.js';

export type CallbackAction = 'drop' | 'hold' | 'duplicate' | 'wrong-signature' | 'delay';
export const CALLBACK_ACTIONS: readonly CallbackAction[] = ['drop', 'hold', 'duplicate', 'wrong-signature', 'delay'];

export interface CallbackRuleInput {
  readonly api?: string;
  readonly event?: string;
  readonly subject?: string;
  readonly action: CallbackAction;
  readonly delayMs?: number;
  readonly times?: number;
}

export interface CallbackRule extends CallbackRuleInput {
  readonly id: number;
  readonly used: number;
  readonly remaining: number | null;
}

export interface CallbackAttempt {
  readonly id: number;
  readonly api: string;
  readonly event: string;
  readonly subject?: string;
  readonly url: string;
  readonly attempt: number;
  readonly action: 'send' | 'release' | CallbackAction;
  readonly status?: number;
  readonly error?: string;
  readonly at: string;
}

export interface HeldCallback {
  readonly id: number;
  readonly api: string;
  readonly event: string;
  readonly subject?: string;
  readonly url: string;
  readonly ruleId: number;
  readonly at: string;
}

export interface CallbackPage {
  readonly deliveries: CallbackAttempt[];
  readonly held: HeldCallback[];
  readonly dropped: number;
}

export interface DeliveryOptions {
  /** Attempts per callback (default 4). */
  readonly attempts?: number;
  /** Delay before the first retry, doubled each time (default 250 ms). */
  readonly backoffMs?: number;
  /** Per attempt (default 5 000 ms). */
  readonly timeoutMs?: number;
  /** The longest `Retry-After` honoured (default 30 000 ms); a longer one is cut to this. */
  readonly maxRetryAfterMs?: number;
  /** Callback journal entries kept (default 10 000). */
  readonly journalCapacity?: number;
  readonly log: (message: string) => void;
}

export type Step = () => CallbackDelivery | CallbackDelivery[] | void;

export interface Scheduler {
  /** Runs `step` after `delayMs` (after the chain's previous step) unless the API is reset or the host stops first. */
  schedule(api: string, chain: string, delayMs: number, step: Step): void;
  /** Resolves when every step and delivery scheduled so far has run (held callbacks aside). */
  idle(): Promise<void>;
  stop(): void;
  addRule(input: CallbackRuleInput): CallbackRule;
  rules(apis?: readonly string[]): CallbackRule[];
  clearRules(apis?: readonly string[]): number;
  list(apis?: readonly string[]): CallbackPage;
  /** Sends a held callback now; false when there is none with this id (in these APIs). */
  release(id: number, apis?: readonly string[]): boolean;
  /** Forgets the journal and drops the held callbacks of these APIs. */
  clearJournal(apis?: readonly string[]): number;
  /** Everything of these APIs: what their old state scheduled, held callbacks, the journal, the rules. */
  reset(apis: readonly string[]): void;
}

interface StoredRule {
  readonly input: CallbackRuleInput;
  readonly id: number;
  used: number;
  remaining: number | null;
}

interface Held {
  readonly view: HeldCallback;
  readonly chain: string;
  readonly delivery: CallbackDelivery;
}

const inScope = (api: string, apis: readonly string[] | undefined) => !apis || apis.includes(api);

/** `Retry-After` as ms: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function createScheduler(options: DeliveryOptions): Scheduler {
  const chains = new Map<string, Promise<void>>();
  const deliveryChains = new Map<string, Promise<void>>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  const controller = new AbortController();
  const generation = new Map<string, number>();
  const rules: StoredRule[] = [];
  const held = new Map<number, Held>();
  const capacity = options.journalCapacity ?? 10_000;
  let journal: CallbackAttempt[] = [];
  let dropped = 0;
  let nextId = 1;
  let nextRuleId = 1;
  let stopped = false;
  const maskers = new Map<string, Masker>();
  const masked = (api: string, url: string) => {
    let masker = maskers.get(api);
    if (!masker) maskers.set(api, (masker = maskerFor(api)));
    return maskUrl(url, masker);
  };

  // A wait ends early when the host stops (its timer cleared, its promise resolved), so idle() never hangs.
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped || ms <= 0) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });

  const record = (entry: Omit<CallbackAttempt, 'id' | 'at'>) => {
    journal.push({ ...entry, id: nextId++, at: new Date().toISOString() });
    if (journal.length > capacity) {
      journal.shift();
      dropped++;
    }
  };

  /** Runs `task` after what `key` already queued in `map`, tracked for idle(). */
  function enqueue(map: Map<string, Promise<void>>, key: string, task: () => Promise<void>, what: string): void {
    const next = (map.get(key) ?? Promise.resolve()).then(task);
    const tracked = next.catch((error: unknown) => options.log(`callback ${what} ${key} failed: ${(error as Error).message}`));
    map.set(key, tracked);
    void tracked.then(() => {
      if (map.get(key) === tracked) map.delete(key);
    });
  }

  async function send(api: string, delivery: CallbackDelivery, action: CallbackAttempt['action']): Promise<void> {
    const raw = JSON.stringify(delivery.body);
    const headers =
      action === 'wrong-signature'
        ? delivery.headersWithKey?.(raw, `wrong-${randomBytes(16).toString('hex')}`) ?? delivery.headers?.(`${raw} `)
        : delivery.headers?.(raw);
    const attempts = options.attempts ?? 4;
    const url = masked(api, delivery.url);
    const event = delivery.event ?? delivery.what;
    let delay = options.backoffMs ?? 250;
    for (let attempt = 1; attempt <= attempts && !stopped; attempt++) {
      let problem: string;
      let status: number | undefined;
      let retryAfter: number | undefined;
      try {
        const response = await fetch(delivery.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: raw,
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(options.timeoutMs ?? 5_000)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        status = response.status;
        record({ api, event, ...(delivery.subject ? { subject: delivery.subject } : {}), url, attempt, action, status });
        if (response.ok) return;
        problem = `HTTP ${response.status}`;
        retryAfter = retryAfterMs(response.headers.get('retry-after'));
      } catch (error) {
        if (stopped) return;
        const cause = (error as Error).cause as Error | undefined;
        problem = cause ? String(cause.message ?? cause) : (error as Error).message;
        record({ api, event, ...(delivery.subject ? { subject: delivery.subject } : {}), url, attempt, action, error: problem });
      }
      const last = attempt === attempts;
      const pause = retryAfter !== undefined ? Math.min(retryAfter, options.maxRetryAfterMs ?? 30_000) : delay;
      options.log(`callback ${delivery.what} to ${url}: attempt ${attempt}/${attempts} failed (${problem})${last ? '; giving up' : `; retrying in ${pause} ms`}`);
      if (!last) {
        await wait(pause);
        if (retryAfter === undefined) delay *= 2;
      }
    }
  }

  function ruleFor(api: string, delivery: CallbackDelivery): StoredRule | undefined {
    for (let i = rules.length - 1; i >= 0; i--) {
      const rule = rules[i]!;
      const { input } = rule;
      if ((input.api && input.api !== api) || (input.event && input.event !== delivery.event) || (input.subject && input.subject !== delivery.subject)) continue;
      rule.used++;
      if (rule.remaining !== null && --rule.remaining === 0) rules.splice(i, 1);
      return rule;
    }
    return undefined;
  }

  /** Hands one callback to its chain's delivery queue, as the newest fitting rule says. */
  function dispatch(api: string, chain: string, delivery: CallbackDelivery): void {
    const rule = ruleFor(api, delivery);
    const action = rule?.input.action;
    const event = delivery.event ?? delivery.what;
    const subject = delivery.subject ? { subject: delivery.subject } : {};
    if (action === 'drop') return record({ api, event, ...subject, url: masked(api, delivery.url), attempt: 0, action: 'drop' });
    if (action === 'hold') {
      const id = nextId++;
      held.set(id, { chain, delivery, view: { id, api, event, ...subject, url: masked(api, delivery.url), ruleId: rule!.id, at: new Date().toISOString() } });
      return;
    }
    const task = async () => {
      if (action === 'delay') await wait(rule!.input.delayMs ?? 0);
      if (stopped) return;
      await send(api, delivery, action === undefined || action === 'duplicate' ? 'send' : action);
      if (action === 'duplicate') await send(api, delivery, 'duplicate');
    };
    enqueue(deliveryChains, chain, task, 'delivery');
  }

  function dropHeld(apis: readonly string[] | undefined): number {
    let count = 0;
    for (const [id, entry] of held) if (inScope(entry.view.api, apis)) held.delete(id) && count++;
    return count;
  }

  const ruleView = (rule: StoredRule): CallbackRule => ({ ...rule.input, id: rule.id, used: rule.used, remaining: rule.remaining });

  function clearJournal(apis?: readonly string[]): number {
    const before = journal.length;
    journal = apis ? journal.filter((entry) => !apis.includes(entry.api)) : [];
    if (!apis) dropped = 0;
    return before - journal.length + dropHeld(apis);
  }

  /** Rules of these APIs (every rule without `apis`; a rule for every API is cleared only then). */
  function clearRules(apis?: readonly string[]): number {
    const before = rules.length;
    for (let i = rules.length - 1; i >= 0; i--) {
      const api = rules[i]!.input.api;
      if (!apis || (api !== undefined && apis.includes(api))) rules.splice(i, 1);
    }
    return before - rules.length;
  }

  return {
    schedule(api, chain, delayMs, step) {
      if (stopped) return;
      const born = generation.get(api) ?? 0;
      enqueue(chains, chain, async () => {
        await wait(delayMs);
        if (stopped || (generation.get(api) ?? 0) !== born) return;
        const result = step();
        const deliveries = result ? (Array.isArray(result) ? result : [result]) : [];
        for (const delivery of deliveries) dispatch(api, chain, delivery);
      }, 'chain');
    },
    async idle() {
      while (chains.size > 0 || deliveryChains.size > 0) await Promise.all([...chains.values(), ...deliveryChains.values()]);
    },
    stop() {
      stopped = true;
      controller.abort();
      for (const [timer, resolve] of timers) {
        clearTimeout(timer);
        resolve();
      }
      timers.clear();
      held.clear();
    },
    addRule(input) {
      const rule: StoredRule = { input, id: nextRuleId++, used: 0, remaining: input.times ?? null };
      rules.push(rule);
      return ruleView(rule);
    },
    rules: (apis) => rules.filter((rule) => !apis || !rule.input.api || apis.includes(rule.input.api)).reverse().map(ruleView),
    clearRules,
    list(apis) {
      return {
        deliveries: journal.filter((entry) => inScope(entry.api, apis)),
        held: [...held.values()].filter((entry) => inScope(entry.view.api, apis)).map((entry) => entry.view),
        dropped,
      };
    },
    release(id, apis) {
      const entry = held.get(id);
      if (!entry || !inScope(entry.view.api, apis)) return false;
      held.delete(id);
      enqueue(deliveryChains, `${entry.chain}:released`, () => send(entry.view.api, entry.delivery, 'release'), 'delivery');
      return true;
    },
    clearJournal,
    reset(apis) {
      for (const api of apis) generation.set(api, (generation.get(api) ?? 0) + 1);
      clearJournal(apis);
      clearRules(apis);
    },
  };
}
