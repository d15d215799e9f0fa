/**
 * How each vendor proves who the caller is, as openapi-fetch middleware. Credentials are applied to the
 * outgoing request only; they are never copied into errors or logs.
 */
import type { Middleware } from 'openapi-fetch';

/** A credential, or a function that returns the current one (for tokens that expire and are refreshed). */
export type CredentialSource = string | (() => string | Promise<string>);

/** Sends a credential in a header (`X-PARTNER-PROJECT: …`, `bsauth: …`, `Authorization: Token …`). */
export function headerAuth(name: string, value: CredentialSource, format: (credential: string) => string = (c) => c): Middleware {
  if (typeof value === 'string') assertCredential(name, value);
  return {
    async onRequest({ request }) {
      const credential = typeof value === 'string' ? value : await value();
      assertCredential(name, credential);
      request.headers.set(name, format(credential));
      return request;
    },
  };
}

/**
 * Puts a credential into the JSON request body (ERD's `api_key`). Bodies that already carry the field are left
 * alone, so a caller can still send an explicit key; non-JSON bodies are left alone too.
 */
export function jsonBodyFieldAuth(field: string, value: string): Middleware {
  assertCredential(field, value);
  return {
    async onRequest({ request }) {
      const contentType = request.headers.get('content-type') ?? '';
      if (!request.body || !/\bjson\b/i.test(contentType)) return undefined;
      const text = await request.clone().text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return undefined;
      }
      if (!body || typeof body !== 'object' || Array.isArray(body) || field in body) return undefined;
      return new Request(request, { body: JSON.stringify({ ...(body as object), [field]: value }) });
    },
  };
}

function assertCredential(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`Missing credential for ${name}: pass a non-empty string.`);
  }
}
