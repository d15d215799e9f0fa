import { describe, expect, it } from 'vitest';
import { RecordingFormatError, parseRecording } from './recordings.js';

const valid = {
  operationId: 'getCheck',
  source: 'recorded',
  recordedAt: '2026-11-22',
  request: { method: 'GET', path: '/api/v1.1/check/7', headers: { 'x-partner-project': '<redacted>' } },
  response: { status: 200, headers: { 'content-type': 'application/json' }, body: { status: 'pending', data: { id: '7' } } },
  expect: { outcome: 'data' },
};

describe('parseRecording', () => {
  it('accepts a well-formed recording', () => {
    expect(parseRecording('x.json', JSON.stringify(valid)).operationId).toBe('getCheck');
  });

  it('says which file is not JSON, at which line and column', () => {
    expect(() => parseRecording('recordings/erd/broken.json', '{\n  "operationId": ')).toThrow(/^recordings\/erd\/broken\.json:2:18: not valid JSON \(unexpected end\)$/);
  });

  it('refuses a recording nested deeper than the limit in one line naming the JSON path, without overflowing the stack', () => {
    const deep = JSON.stringify({ ...valid, response: { ...valid.response, body: { data: 'X' } } }).replace('"X"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(() => parseRecording('deep.json', deep)).toThrow(RecordingFormatError);
    expect(() => parseRecording('deep.json', deep)).toThrow(/^deep\.json:1:\d+: nested deeper than 256 levels at \$\.response\.body\.data\[0\]/);
  });

  it('says where a recording breaks the format', () => {
    const bad = { ...valid, response: { ...valid.response, status: '200', bodyText: '{}' }, expect: { outcome: 'error' } };
    let error: unknown;
    try {
      parseRecording('bad.json', JSON.stringify(bad));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecordingFormatError);
    const message = (error as Error).message;
    expect(message).toContain('/response/status must be integer');
    expect(message).toContain('/response must NOT be valid'); // body and bodyText together
    expect(message).toContain("/expect must have required property 'error'");
  });

  it('rejects upper-case header names, so redaction rules can match them exactly', () => {
    const bad = { ...valid, request: { ...valid.request, headers: { Authorization: 'Token x' } } };
    expect(() => parseRecording('h.json', JSON.stringify(bad))).toThrow(/propertyNames|property name/);
  });
});
