/** Turning a response's text into a value, by its Content-Type. */
import { ResponseParseError, type OperationRef } from './errors.js';

export function isJsonContentType(contentType: string): boolean {
  const mime = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json';
}

/**
 * Decodes a success body. JSON content types must hold valid JSON (or nothing); a body with no Content-Type is
 * tried as JSON, else kept as text. Anything else stays text.
 */
export function decodeBody(operation: OperationRef, status: number, contentType: string, rawBody: string): unknown {
  if (rawBody === '') return undefined;
  if (isJsonContentType(contentType)) {
    try {
      return JSON.parse(rawBody);
    } catch (cause) {
      throw new ResponseParseError(operation, { status, contentType, rawBody, cause });
    }
  }
  if (contentType === '') {
    try {
      return JSON.parse(rawBody);
    } catch {
      return rawBody;
    }
  }
  return rawBody;
}

/** Decodes an error body without failing: JSON when it parses, the text otherwise. */
export function decodeBodyLeniently(rawBody: string): unknown {
  if (rawBody === '') return undefined;
  try {
    return JSON.parse(rawBody);
  } catch {
    return rawBody;
  }
}
