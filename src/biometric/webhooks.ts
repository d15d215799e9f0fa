/**
 * Biometric.kz technology events (https://guide.biometric.kz/en/fundamentals/webhooks/technology_events).
 * The vendor documents no signature for them, so nothing here pretends to verify one: `parseTechnologyEvent`
 * narrows and validates a body, naming the first field that is wrong, and the client's `verifyWebhook` then
 * confirms the event against the session's result, read with your flow key (a forged event for a session that
 * is not yours fails there).
 */
import type { components } from '../../generated/biometric.js';

export type TechnologyStartEvent = components['schemas']['TechnologyStartEvent'];
export type TechnologyEndEvent = components['schemas']['TechnologyEndEvent'];
/** Either technology event, discriminated by `event`. */
export type TechnologyEvent = TechnologyStartEvent | TechnologyEndEvent;
export type FailureReason = components['schemas']['FailureReason'];

/** A webhook body that is not a technology event; `field` names the first wrong field (`data.liveness_result.result`). */
export class InvalidWebhookEventError extends TypeError {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`Not a Biometric.kz technology event: ${field ? `\`${field}\` ` : ''}${message}.`);
    this.name = 'InvalidWebhookEventError';
    this.field = field;
  }
}

const EVENTS = ['technology.start', 'technology.end'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'is missing';
  const text = JSON.stringify(value);
  return `is ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}${text && text.length <= 40 ? ` (${text})` : ''}`;
}

function expect(ok: boolean, field: string, what: string, value: unknown): void {
  if (!ok) throw new InvalidWebhookEventError(field, `must be ${what}, but ${describe(value)}`);
}

/** The body as a value: raw text or bytes are parsed as JSON; an already-parsed object is taken as it is. */
function decode(body: unknown): unknown {
  if (typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer) {
    const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: false }).decode(body);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new InvalidWebhookEventError('', `the body is not JSON (${(error as Error).message})`);
    }
  }
  return body;
}

function checkFailureReason(value: unknown, field: string): void {
  if (value === null || value === undefined) return;
  expect(isRecord(value), field, 'an object or null', value);
  const reason = value as Record<string, unknown>;
  expect(typeof reason['type'] === 'string' && reason['type'] !== '', `${field}.type`, 'a non-empty string', reason['type']);
  const detail = reason['detail'];
  expect(detail === undefined || detail === null || typeof detail === 'string', `${field}.detail`, 'a string or null', detail);
}

function checkLivenessResult(value: unknown, field: string): void {
  expect(isRecord(value), field, 'an object', value);
  const result = value as Record<string, unknown>;
  expect(typeof result['result'] === 'boolean', `${field}.result`, 'a boolean', result['result']);
  // The vendor sends the probability as a decimal in a string ("0.9980"); see the spec's LivenessResult.
  const prediction = result['prediction'];
  expect(prediction === undefined || (typeof prediction === 'string' && /^[0-9]+(\.[0-9]+)?$/.test(prediction)), `${field}.prediction`, 'a decimal in a string ("0.9980")', prediction);
  for (const flag of ['eye_closed', 'face_center'] as const) {
    expect(result[flag] === undefined || typeof result[flag] === 'boolean', `${field}.${flag}`, 'a boolean', result[flag]);
  }
  checkFailureReason(result['failure_reason'], `${field}.failure_reason`);
}

/**
 * Narrows a webhook body (raw text, bytes, or a parsed object) to a `technology.start` or `technology.end` event,
 * checking every field the vendor's page documents. Throws InvalidWebhookEventError naming the first wrong field;
 * fields the page does not document are kept as they are.
 */
export function parseTechnologyEvent(body: unknown): TechnologyEvent {
  const value = decode(body);
  expect(isRecord(value), '', 'a JSON object', value);
  const event = value as Record<string, unknown>;
  expect(typeof event['event'] === 'string' && (EVENTS as readonly string[]).includes(event['event']), 'event', `one of ${EVENTS.join(', ')}`, event['event']);
  for (const key of ['id', 'session_id'] as const) expect(typeof event[key] === 'string' && event[key] !== '', key, 'a non-empty string', event[key]);
  expect(Number.isSafeInteger(event['created']), 'created', 'a Unix timestamp in seconds (an integer)', event['created']);
  expect(typeof event['success'] === 'boolean', 'success', 'a boolean', event['success']);
  expect(event['flow_name'] === undefined || typeof event['flow_name'] === 'string', 'flow_name', 'a string', event['flow_name']);
  expect(event['metadata'] === undefined || isRecord(event['metadata']), 'metadata', 'an object', event['metadata']);
  expect(isRecord(event['data']), 'data', 'an object', event['data']);
  const data = event['data'] as Record<string, unknown>;
  if (event['event'] === 'technology.start') {
    expect(typeof data['technology_code'] === 'string' && data['technology_code'] !== '', 'data.technology_code', 'a non-empty string', data['technology_code']);
  } else if (data['liveness_result'] !== undefined) {
    checkLivenessResult(data['liveness_result'], 'data.liveness_result');
  }
  return value as TechnologyEvent;
}

/** The failure reason a `technology.end` event carries, if any (null when the technology passed). */
export function failureReasonOf(event: TechnologyEvent): FailureReason | null {
  if (event.event !== 'technology.end') return null;
  for (const result of Object.values(event.data ?? {})) {
    if (isRecord(result) && isRecord(result['failure_reason'])) return result['failure_reason'] as FailureReason;
  }
  return null;
}
