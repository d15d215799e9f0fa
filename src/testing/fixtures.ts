/** Test doubles the library's own unit tests share (not part of the package's API). */
import type { VendorErrorDialect } from '../core/interpret.js';

/**
 * A tiny vendor's way of saying "error": `{code, message, errors: [{parameter, message}]}` bodies (code
 * `validation` means the request was rejected), and `{status: "error"}` envelopes inside a 2xx.
 */
export const tinyDialect: VendorErrorDialect = {
  describeError(body) {
    const b = (body && typeof body === 'object' ? body : {}) as { code?: string; message?: string; errors?: Array<{ parameter: string; message: string }> };
    return {
      vendorCode: b.code,
      vendorMessage: b.message,
      issues: b.errors?.map((e) => ({ field: `body.${e.parameter}`, message: e.message })),
      requestInvalid: b.code === 'validation',
    };
  },
  envelopeError: (body) => ((body as { status?: unknown } | null)?.status === 'error' ? { vendorCode: 'enveloped', vendorMessage: 'in a 200' } : undefined),
};

export interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string;
}

/** A fetch that answers from a script (JSON bodies) and remembers what was sent; a 500 once the script runs out. */
export function scriptedFetch(...answers: Array<{ status: number; body: string }>) {
  const sent: SentRequest[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    sent.push({ url, method: String(init.method), headers: new Headers(init.headers), body: String(init.body ?? '') });
    const next = answers.shift() ?? { status: 500, body: '' };
    return new Response(next.body, { status: next.status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, sent };
}
