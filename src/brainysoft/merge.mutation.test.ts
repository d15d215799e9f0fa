/** mergeOverTemplate's rules for what merges and what replaces, named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { mergeOverTemplate } from './merge.js';

describe('mergeOverTemplate rules', () => {
  it('returns a copy of the template when there are no fields', () => {
    const template = { a: { b: 1 } };
    const merged = mergeOverTemplate(template, undefined);
    expect(merged).toEqual(template);
    expect(merged).not.toBe(template);
    expect(merged.a).not.toBe(template.a);
  });

  it('adds a nested object the template does not have', () => {
    expect(mergeOverTemplate<Record<string, unknown>>({}, { passport: { no: '1' } })).toEqual({ passport: { no: '1' } });
  });

  it('replaces rather than merges what is not a plain object: arrays, dates, primitives, a template that is no object', () => {
    expect(mergeOverTemplate<unknown>({ a: 1 }, [1, 2] as never)).toEqual([1, 2]);
    expect(mergeOverTemplate<unknown>('template', { a: 1 } as never)).toEqual({ a: 1 });
    const merged = mergeOverTemplate<Record<string, unknown>>({ when: { day: 1 } }, { when: new Date(0) });
    expect(merged['when']).toBeInstanceOf(Date);
    expect((merged['when'] as Date).getTime()).toBe(0);
  });
});
