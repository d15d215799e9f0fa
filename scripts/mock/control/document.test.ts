/**
 * The control API's document is the source of its routes and checks: the shipped JSON is the YAML, every route's
 * operationId has a handler (and no handler is undocumented), and the TypeScript types the handle takes name the
 * same properties as the schemas.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CallbackAttempt, CallbackRuleInput, HeldCallback } from '../callbacks.js';
import type { JournalEntry } from '../journal.js';
import type { OverrideInput, OverrideMatch } from '../overrides/model.js';
import { CONTROL_DOCUMENT_JSON, controlDocument, documentJsonFromYaml } from './document.js';
import { HANDLERS } from './routes.js';

type Schema = { properties?: Record<string, unknown>; required?: string[] };
const schema = (name: string) => (controlDocument()['components'] as { schemas: Record<string, Schema> }).schemas[name]!;

describe('the control API document', () => {
  it('ships as JSON exactly what the YAML says (npx tsx scripts/mock/control/document.ts rewrites it)', async () => {
    expect(readFileSync(CONTROL_DOCUMENT_JSON, 'utf8')).toBe(await documentJsonFromYaml());
  });

  it('has one handler per operationId, and the other way round', () => {
    const paths = controlDocument()['paths'] as Record<string, Record<string, { operationId: string }>>;
    const ids = Object.values(paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.keys(HANDLERS).sort());
  });

  it('describes the properties the TypeScript types have', () => {
    // A key list per type, typed so that a property added to the type (or removed) fails to compile here.
    const keys = <T>(list: Record<keyof T, true>) => Object.keys(list).sort();
    const cases: Array<[string, string[]]> = [
      ['OverrideInput', keys<OverrideInput>({ api: true, operationId: true, match: true, respond: true, delayMs: true, times: true, unchecked: true })],
      ['Match', keys<OverrideMatch>({ body: true, query: true, path: true, headers: true })],
      ['CallbackRuleInput', keys<CallbackRuleInput>({ api: true, event: true, subject: true, action: true, delayMs: true, times: true })],
      ['JournalEntry', keys<JournalEntry>({ id: true, api: true, operationId: true, method: true, path: true, query: true, body: true, headers: true, status: true, fault: true, valid: true, violations: true, answeredBy: true, overrideId: true, at: true })],
      ['CallbackAttempt', keys<CallbackAttempt>({ id: true, api: true, event: true, subject: true, url: true, attempt: true, action: true, status: true, error: true, at: true })],
      ['HeldCallback', keys<HeldCallback>({ id: true, api: true, event: true, subject: true, url: true, ruleId: true, at: true })],
    ];
    for (const [name, typeKeys] of cases) expect(Object.keys(schema(name).properties ?? {}).sort(), name).toEqual(typeKeys);
  });
});
