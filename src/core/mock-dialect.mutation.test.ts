/** Reading the mock's violation reports, each rule named (mutation testing: see stryker.config.mjs). */
import { describe, expect, it } from 'vitest';
import { mockViolations } from './mock-dialect.js';

const TYPE = 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY';
const validation = JSON.stringify({ type: TYPE, validation: [{ location: ['request', 'body', 'a'], message: 'bad' }] });

describe('mockViolations rules', () => {
  it("reads a 422 body only when it is Prism's own problem", () => {
    expect(mockViolations({}, 422, validation)?.issues).toEqual([{ field: 'body.a', message: 'bad' }]);
    expect(mockViolations({}, 422, JSON.stringify({ validation: [{ location: ['body', 'a'], message: 'vendor' }] }))).toBeUndefined();
    expect(mockViolations({}, 400, validation)).toBeUndefined();
  });

  it('keeps a string item as a whole-message issue', () => {
    expect(mockViolations({ 'sl-violations': '["plain message"]' }, 400, '')?.issues).toEqual([{ field: '', message: 'plain message' }]);
  });

  it("drops only a leading `request` from the location", () => {
    expect(mockViolations({ 'sl-violations': JSON.stringify([{ location: ['body', 'a'], message: 'm' }]) }, 400, '')?.issues[0]!.field).toBe('body.a');
  });

  it('adds the property a message names only when the location does not end with it', () => {
    const report = [{ location: ['request', 'body', 'iin'], message: "must have required property 'iin'" }, { location: ['request', 'body'], message: "must have required property 'iin'" }];
    expect(mockViolations({ 'sl-violations': JSON.stringify(report) }, 400, '')?.issues.map((i) => i.field)).toEqual(['body.iin', 'body.iin']);
  });
});
