/**
 * The mock's own way of saying "your request breaks the contract" (Prism, and this project's mock host built on
 * it): an `sl-violations` header when the operation documents a 4xx (the body is then just that 4xx's example), or
 * a 422 problem+json with a `validation` list when it does not. Both become field issues named `body.<path>`,
 * `query.<name>`, `header.<name>` or `path.<name>`: the convention every vendor's RequestValidationError uses.
 */
import { decodeBodyLeniently } from './body.js';
import type { FieldIssue } from './errors.js';

const PRISM_422_TYPE = 'stoplight.io/prism/errors#UNPROCESSABLE_ENTITY';

export interface MockViolations {
  readonly issues: FieldIssue[];
  /** The report as the mock sent it (the header's JSON, or the 422 body). */
  readonly report: string;
}

export function mockViolations(headers: Readonly<Record<string, string>>, status: number, rawBody: string): MockViolations | undefined {
  const header = headers['sl-violations'];
  let list: unknown;
  let report = rawBody;
  if (header) {
    report = header;
    list = decodeBodyLeniently(header);
    if (!Array.isArray(list)) return { issues: [{ field: '', message: header }], report };
  } else if (status === 422 && rawBody.includes(PRISM_422_TYPE)) {
    const body = decodeBodyLeniently(rawBody);
    list = body && typeof body === 'object' ? (body as { validation?: unknown }).validation : undefined;
  }
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return { issues: list.map(toIssue), report };
}

function toIssue(raw: unknown): FieldIssue {
  // A report is the mock's, not ours: an item that is not an object still becomes an issue, never a TypeError.
  if (typeof raw === 'string') return { field: '', message: raw };
  const item = (raw && typeof raw === 'object' ? raw : {}) as { location?: unknown; message?: unknown; code?: unknown };
  const location = Array.isArray(item.location) ? item.location.map(String) : [];
  const path = location[0] === 'request' ? location.slice(1) : location;
  // Prism names a missing or extra property in the message, not the location: "…required property 'iin'",
  // "…additional properties; found 'personal_number'". Add it, so the field is `body.iin`.
  const named = typeof item.message === 'string' ? /(?:required property|found) '([^']+)'/.exec(item.message)?.[1] : undefined;
  if (named && path[path.length - 1] !== named) path.push(named);
  return {
    field: path.join('.'),
    message: typeof item.message === 'string' ? item.message : 'invalid',
    ...(item.code !== undefined ? { code: String(item.code) } : {}),
  };
}
