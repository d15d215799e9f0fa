/** Reading a body's text by its Content-Type: the one place the client, the recorder and drift decode bodies. */

/** The media type alone, lower case: `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return ((contentType ?? '').split(';')[0] ?? '').trim().toLowerCase();
}

export function isJsonContentType(contentType: string | null | undefined): boolean {
  const mime = mediaTypeOf(contentType);
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'text/json';
}

export type ParsedJson = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: Error };

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

/** Decodes a body without failing: undefined when empty, the JSON value when it parses, else the text. */
export function decodeBodyLeniently(rawBody: string): unknown {
  if (rawBody === '') return undefined;
  const parsed = parseJson(rawBody);
  return parsed.ok ? parsed.value : rawBody;
}

/**
 * How a recording keeps a body: `{ body }` (a JSON value) when the content type is JSON (or absent) and the text
 * parses, else `{ bodyText }` exactly as received.
 */
export function recordedBody(text: string, contentType: string | null | undefined): { body: unknown } | { bodyText: string } {
  if (isJsonContentType(contentType) || mediaTypeOf(contentType) === '') {
    const parsed = parseJson(text);
    if (parsed.ok) return { body: parsed.value };
  }
  return { bodyText: text };
}

/** The documented media type that serves a response's Content-Type (exact, then `type/*`, then `*\/*`). */
export function pickMediaType(documented: readonly string[], contentType: string): string | undefined {
  const actual = mediaTypeOf(contentType);
  if (!actual) return documented.length === 1 ? documented[0] : documented.find((m) => /json/.test(m));
  const exact = documented.find((m) => m.toLowerCase() === actual);
  if (exact) return exact;
  const family = documented.find((m) => m.endsWith('/*') && actual.startsWith(m.slice(0, -1).toLowerCase()));
  return family ?? documented.find((m) => m === '*/*');
}
