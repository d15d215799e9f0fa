/** parseTechnologyEvent: the vendor's own examples pass; a wrong field is named, never passed through silently. */
import { describe, expect, it } from 'vitest';
import spec from '../../generated/biometric.spec.js';
import { InvalidWebhookEventError, failureReasonOf, parseTechnologyEvent } from './webhooks.js';

// The page's technology.end example (https://guide.biometric.kz/en/fundamentals/webhooks/technology_events).
const END = {
  id: '35bef608-a327-4b46-a4e0-cf1a8c6e0703',
  event: 'technology.end',
  session_id: '70f5e424-07a9-4393-ba31-7f3de8681a72',
  created: 1734597388,
  success: true,
  flow_name: 'Liveness Head Position Flow',
  metadata: {},
  data: { liveness_result: { result: true, eye_closed: false, prediction: '0.9980', face_center: true, face_direction: 'forward', failure_reason: null } },
};

/** The named field of the error parsing `body` throws. */
function fieldOf(body: unknown): string {
  try {
    parseTechnologyEvent(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidWebhookEventError);
    expect(error).toBeInstanceOf(TypeError);
    return (error as InvalidWebhookEventError).field;
  }
  throw new Error(`accepted ${JSON.stringify(body)}`);
}

const withLiveness = (patch: Record<string, unknown>) => ({ ...END, data: { liveness_result: { ...END.data.liveness_result, ...patch } } });

describe('parseTechnologyEvent', () => {
  it("accepts every webhook example of the spec (the vendor's page examples included)", () => {
    const webhooks = (spec as unknown as { webhooks: Record<string, { post: { requestBody: { content: Record<string, { examples: Record<string, { value: unknown }> }> } } }> }).webhooks;
    const examples = Object.entries(webhooks).flatMap(([name, item]) => Object.values(item.post.requestBody.content['application/json']!.examples).map((e) => [name, e.value] as const));
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const [name, value] of examples) expect(parseTechnologyEvent(value).event).toBe(name);
  });

  it('takes raw text, bytes or a parsed object, and keeps undocumented fields', () => {
    const text = JSON.stringify({ ...END, extra: 1 });
    expect(parseTechnologyEvent(text)).toEqual({ ...END, extra: 1 });
    expect(parseTechnologyEvent(Buffer.from(text))).toEqual({ ...END, extra: 1 });
    expect(parseTechnologyEvent(new TextEncoder().encode(text))).toEqual({ ...END, extra: 1 });
    expect(parseTechnologyEvent(END)).toBe(END);
  });

  it('names the first wrong field', () => {
    expect(fieldOf('{"id":')).toBe('');
    expect(fieldOf([END])).toBe('');
    expect(fieldOf(null)).toBe('');
    expect(fieldOf({ ...END, event: 'technology.finish' })).toBe('event');
    expect(fieldOf({ ...END, session_id: '' })).toBe('session_id');
    expect(fieldOf({ ...END, id: 7 })).toBe('id');
    expect(fieldOf({ ...END, created: '1734597388' })).toBe('created');
    expect(fieldOf({ ...END, created: 1734597388.5 })).toBe('created');
    expect(fieldOf({ ...END, success: 'true' })).toBe('success');
    expect(fieldOf({ ...END, metadata: [] })).toBe('metadata');
    expect(fieldOf({ ...END, data: undefined })).toBe('data');
    expect(fieldOf({ ...END, event: 'technology.start', data: { technology_name: 'Liveness' } })).toBe('data.technology_code');
    expect(fieldOf(withLiveness({ result: 'yes' }))).toBe('data.liveness_result.result');
    expect(fieldOf(withLiveness({ eye_closed: 0 }))).toBe('data.liveness_result.eye_closed');
    expect(fieldOf(withLiveness({ failure_reason: 'Closed eyes' }))).toBe('data.liveness_result.failure_reason');
    expect(fieldOf(withLiveness({ failure_reason: { detail: 'Closed eyes' } }))).toBe('data.liveness_result.failure_reason.type');
    expect(fieldOf(withLiveness({ failure_reason: { type: 'CALC_RESULT', detail: 3 } }))).toBe('data.liveness_result.failure_reason.detail');
  });

  it('pins the contradiction: the probability is a decimal in a string, as the vendor sends it, not a number', () => {
    expect(fieldOf(withLiveness({ prediction: 0.998 }))).toBe('data.liveness_result.prediction');
    expect(parseTechnologyEvent(withLiveness({ prediction: '1' }))).toBeTruthy();
  });

  it('says what was wrong without echoing long values', () => {
    expect(() => parseTechnologyEvent({ ...END, success: 'x'.repeat(200) })).toThrow(/`success` must be a boolean, but is string\.$/);
  });
});

describe('failureReasonOf', () => {
  it('finds the failure reason of a failed technology.end, null otherwise', () => {
    const failed = parseTechnologyEvent(withLiveness({ result: false, failure_reason: { type: 'CALC_RESULT', detail: 'Closed eyes' } }));
    expect(failureReasonOf(failed)).toEqual({ type: 'CALC_RESULT', detail: 'Closed eyes' });
    expect(failureReasonOf(parseTechnologyEvent(END))).toBeNull();
    expect(failureReasonOf(parseTechnologyEvent({ ...END, event: 'technology.start', data: { technology_code: 'LD' } }))).toBeNull();
  });
});
