/**
 * Delivering workflow callbacks: steps run in order per chain (one verification's callbacks never overtake each
 * other); each POST is retried with backoff when it fails (network error or not 2xx); failures are logged. stop()
 * cancels what is pending.
 */
import type { CallbackDelivery } from './workflows/workflow.js';

export interface DeliveryOptions {
  /** Attempts per callback (default 4). */
  readonly attempts?: number;
  /** Delay before the first retry, doubled each time (default 250 ms). */
  readonly backoffMs?: number;
  readonly timeoutMs?: number;
  readonly log: (message: string) => void;
}

export interface Scheduler {
  schedule(chain: string, delayMs: number, step: () => CallbackDelivery | CallbackDelivery[] | void): void;
  /** Resolves when everything scheduled so far has run (tests; bench). */
  idle(): Promise<void>;
  stop(): void;
}

export function createScheduler(options: DeliveryOptions): Scheduler {
  const chains = new Map<string, Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  const controller = new AbortController();
  let stopped = false;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function deliver(delivery: CallbackDelivery): Promise<void> {
    const raw = JSON.stringify(delivery.body);
    const attempts = options.attempts ?? 4;
    let delay = options.backoffMs ?? 250;
    for (let attempt = 1; attempt <= attempts && !stopped; attempt++) {
      let problem: string;
      try {
        const response = await fetch(delivery.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...delivery.headers?.(raw) },
          body: raw,
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(options.timeoutMs ?? 5_000)]),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        problem = `HTTP ${response.status}`;
      } catch (error) {
        if (stopped) return;
        problem = (error as Error).cause ? String(((error as Error).cause as Error).message ?? (error as Error).cause) : (error as Error).message;
      }
      const last = attempt === attempts;
      options.log(`callback ${delivery.what} to ${delivery.url}: attempt ${attempt}/${attempts} failed (${problem})${last ? '; giving up' : `; retrying in ${delay} ms`}`);
      if (!last) {
        await wait(delay);
        delay *= 2;
      }
    }
  }

  return {
    schedule(chain, delayMs, step) {
      if (stopped) return;
      const previous = chains.get(chain) ?? Promise.resolve();
      const next = previous.then(async () => {
        await wait(delayMs);
        if (stopped) return;
        const result = step();
        const deliveries = result ? (Array.isArray(result) ? result : [result]) : [];
        for (const delivery of deliveries) await deliver(delivery);
      });
      const tracked = next.catch((error: unknown) => options.log(`callback chain ${chain} failed: ${(error as Error).message}`));
      chains.set(chain, tracked);
      void tracked.then(() => {
        if (chains.get(chain) === tracked) chains.delete(chain);
      });
    },
    async idle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
    stop() {
      stopped = true;
      controller.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
