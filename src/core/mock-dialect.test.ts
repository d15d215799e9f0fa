import { describe, expect, it } from 'vitest';
import { mockViolations } from './mock-dialect.js';

const prism422 = (validation: unknown) =>
  JSON.stringify({ type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY', title: 'Invalid request', status: 422, detail: 'Your request is not valid and no HTTP validation response was found in the spec, so Prism is generating this error for you.', validation });

describe('mockViolations', () => {
  it('reads the sl-violations header, naming fields body.<path> and adding the property a message names', () => {
    const header = JSON.stringify([
      { location: ['request', 'body', 'data'], severity: 'Error', code: 'required', message: "Request body must have required property 'iin'" },
      { location: ['request', 'body', 'person', 'dob'], severity: 'Error', code: 'format', message: 'Request body property person.dob must match format "date"' },
      { location: ['request', 'query', 'limit'], severity: 'Error', code: 'type', message: 'must be integer' },
      { location: ['request', 'body'], severity: 'Error', code: 'additionalProperties', message: "Request body must NOT have additional properties; found 'personal_number'" },
    ]);
    const found = mockViolations({ 'sl-violations': header }, 400, '{"canned":"example"}');
    expect(found?.report).toBe(header);
    expect(found?.issues).toEqual([
      { field: 'body.data.iin', message: "Request body must have required property 'iin'", code: 'required' },
      { field: 'body.person.dob', message: 'Request body property person.dob must match format "date"', code: 'format' },
      { field: 'query.limit', message: 'must be integer', code: 'type' },
      { field: 'body.personal_number', message: "Request body must NOT have additional properties; found 'personal_number'", code: 'additionalProperties' },
    ]);
  });

  it("reads Prism's own 422 problem with a validation list", () => {
    const body = prism422([{ location: ['request', 'body'], severity: 'Error', code: 'required', message: "Request body must have required property 'iin'" }]);
    expect(mockViolations({ 'content-type': 'application/problem+json' }, 422, body)).toEqual({
      issues: [{ field: 'body.iin', message: "Request body must have required property 'iin'", code: 'required' }],
      report: body,
    });
  });

  it('keeps a header that is not a JSON list as one whole-message issue', () => {
    expect(mockViolations({ 'sl-violations': 'something odd' }, 400, '')).toEqual({ issues: [{ field: '', message: 'something odd' }], report: 'something odd' });
  });

  it('says nothing about ordinary answers', () => {
    expect(mockViolations({}, 200, '{}')).toBeUndefined();
    expect(mockViolations({}, 422, JSON.stringify({ type: 'validation', errors: [] }))).toBeUndefined();
    expect(mockViolations({}, 422, prism422([]))).toBeUndefined();
    expect(mockViolations({ 'sl-violations': '[]' }, 200, '{}')).toBeUndefined();
  });

  it('turns malformed report items into issues instead of throwing', () => {
    const found = mockViolations({ 'sl-violations': '[null, 7, "text", {"location": "body", "message": 5}]' }, 400, '');
    expect(found?.issues).toHaveLength(4);
    for (const issue of found!.issues) expect(typeof issue.message).toBe('string');
    expect(mockViolations({}, 422, prism422([null]))?.issues).toEqual([{ field: '', message: 'invalid' }]);
  });
});
