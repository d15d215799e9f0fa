import { describe, expect, it } from 'vitest';
import { mergeOverTemplate } from './merge.js';

describe('mergeOverTemplate', () => {
  const template = {
    managerId: 101,
    bureauConsentDate: '2026-11-22',
    passport: { seria: '', no: '', issueDate: null as string | null, issuedBy: 'x' },
    addresses: [{ id: 1 }],
    comment: null as string | null,
  };

  it('keeps the template where the caller is silent and merges nested objects key by key', () => {
    const merged = mergeOverTemplate(template, { passport: { no: '000045' }, comment: 'new' });
    expect(merged).toEqual({ ...template, passport: { ...template.passport, no: '000045' }, comment: 'new' });
  });

  it('replaces arrays whole, honours explicit null, ignores undefined', () => {
    const merged = mergeOverTemplate(template, { addresses: [{ id: 2 }, { id: 3 }], bureauConsentDate: undefined, comment: null });
    expect(merged.addresses).toEqual([{ id: 2 }, { id: 3 }]);
    expect(merged.bureauConsentDate).toBe('2026-11-22');
    expect(merged.comment).toBeNull();
  });

  it('never mutates its inputs', () => {
    const fields = { passport: { no: '1' } };
    const before = structuredClone(template);
    const merged = mergeOverTemplate(template, fields);
    merged.passport.seria = 'changed';
    expect(template).toEqual(before);
    expect(fields).toEqual({ passport: { no: '1' } });
  });
});
