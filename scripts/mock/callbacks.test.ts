import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createScheduler, retryAfterMs } from './callbacks.js';

describe('retryAfterMs', () => {
  it('reads delta seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4_000)).toBe(6_000);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:01 GMT', 4_000)).toBe(0);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('the scheduler', () => {
  it('runs a chain’s state steps on time while a receiver that is down fails every delivery; reset cancels the rest', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as { port: number }).port}/`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const logged: string[] = [];
    const scheduler = createScheduler({ log: (m) => logged.push(m), attempts: 2, backoffMs: 10_000 });
    const steps: string[] = [];
    scheduler.schedule('kycaid', 'v1', 0, () => (steps.push('first'), { url, body: { n: 1 }, what: 'first', event: 'E' }));
    scheduler.schedule('kycaid', 'v1', 0, () => void steps.push('second'));
    scheduler.schedule('kycaid', 'v2', 30_000, () => void steps.push('never'));
    for (let i = 0; i < 300 && (steps.length < 2 || logged.length < 1); i++) await new Promise((r) => setTimeout(r, 10));
    // The second step ran although the first one's delivery is still waiting 10 s for its retry.
    expect(steps).toEqual(['first', 'second']);
    scheduler.reset(['kycaid']);
    scheduler.stop();
    await scheduler.idle();
    expect(steps).toEqual(['first', 'second']);
    expect(logged[0]).toMatch(/callback first to .*: attempt 1\/2 failed \(.*\); retrying in 10000 ms/);
  });
});
