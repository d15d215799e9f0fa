/**
 * Masking credentials in what the mock keeps or prints (the journal, the log), by the API's manifest: its
 * `redaction.credentialHeaders`, `credentialQuery` and `credentialFields`, plus cookies. Matched on the raw request;
 * only the masked copy is kept. Objects with nothing to mask are returned as they are (no copy).
 */
import { MANIFESTS } from '../../src/manifests.js';
import { REDACTED, type RedactionRules, matchesPath } from '../../src/redaction/redact.js';

export interface Masker {
  headers(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string | string[]>;
  query(query: Readonly<Record<string, string | string[]>>): Record<string, string | string[]>;
  body(body: unknown): unknown;
}

const ALWAYS = ['cookie', 'set-cookie', 'proxy-authorization'];

export function createMasker(rules: Pick<RedactionRules, 'credentialHeaders' | 'credentialQuery' | 'credentialFields'> | undefined): Masker {
  const headerNames = new Set([...(rules?.credentialHeaders ?? []).map((h) => h.toLowerCase()), ...ALWAYS]);
  const queryNames = new Set(rules?.credentialQuery ?? []);
  const fields = rules?.credentialFields ?? [];

  function maskBody(value: unknown, path: string[]): unknown {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item, i) => {
        const masked = maskBody(item, [...path, '[]']);
        if (masked !== item) (copy ??= [...value])[i] = masked;
      });
      return copy ?? value;
    }
    if (value && typeof value === 'object') {
      let copy: Record<string, unknown> | undefined;
      for (const [key, item] of Object.entries(value)) {
        const at = [...path, key];
        const masked = fields.some((pattern) => matchesPath(pattern, at)) ? REDACTED : maskBody(item, at);
        if (masked !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = masked;
      }
      return copy ?? value;
    }
    return value;
  }

  return {
    headers(headers) {
      // Most requests carry no credential header: keep node's object (never changed after arrival) as it is.
      if (!Object.keys(headers).some((name) => headerNames.has(name.toLowerCase()))) return headers as Record<string, string | string[]>;
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = headerNames.has(name.toLowerCase()) ? REDACTED : value;
      return out;
    },
    query(query) {
      if (queryNames.size === 0 || !Object.keys(query).some((name) => queryNames.has(name))) return query;
      return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, queryNames.has(name) ? REDACTED : value]));
    },
    body: (body) => (fields.length === 0 ? body : maskBody(body, [])),
  };
}

/** The masker of an API by its manifest (an API without a manifest gets cookies masked only). */
export function maskerFor(api: string): Masker {
  return createMasker(MANIFESTS.find((m) => m.id === api)?.redaction);
}

/** A URL with its credential query parameters masked. */
export function maskUrl(url: string, masker: Masker): string {
  try {
    const parsed = new URL(url);
    const query = Object.fromEntries(parsed.searchParams);
    const masked = masker.query(query);
    if (masked === query) return url;
    parsed.search = new URLSearchParams(masked as Record<string, string>).toString();
    return parsed.toString();
  } catch {
    return url;
  }
}
