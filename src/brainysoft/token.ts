/**
 * Getting a `bsauth` token with OAuth2 client credentials at the customer's auth service
 * (`POST https://{customer}-auth.brainysoft.ru/oauth/token`, docs.brainysoft.ru "Auth API", reference §A, mark C).
 * That the access token is what goes into `bsauth` is inferred (reference §A, mark I).
 */
import { ApiError, NetworkError, type OperationRef } from '../core/errors.js';
import { decodeBodyLeniently } from '../core/body.js';
import { headersToObject } from '../core/exchange.js';

export interface TokenRequest {
  /** The customer key: the token endpoint is https://<customer>-auth.brainysoft.ru/oauth/token. */
  readonly customer?: string;
  /** Or the token endpoint itself. */
  readonly tokenUrl?: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

export interface BrainysoftToken {
  readonly accessToken: string;
  readonly tokenType: string | undefined;
  /** When the token expires (ms since the epoch), if the server said `expires_in`. */
  readonly expiresAt: number | undefined;
}

export function tokenUrlFor(request: Pick<TokenRequest, 'customer' | 'tokenUrl'>): string {
  if (request.tokenUrl) return request.tokenUrl;
  if (!request.customer || !/^[a-z0-9-]+$/i.test(request.customer)) throw new TypeError('Pass `customer` (letters, digits, dashes) or `tokenUrl`.');
  return `https://${request.customer}-auth.brainysoft.ru/oauth/token`;
}

export async function fetchBrainysoftToken(request: TokenRequest): Promise<BrainysoftToken> {
  const url = tokenUrlFor(request);
  const operation: OperationRef = { api: 'brainysoft-auth', method: 'POST', path: '/oauth/token' };
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: request.clientId, client_secret: request.clientSecret });
  let response: Response;
  try {
    response = await (request.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form,
      ...(request.signal ? { signal: request.signal } : {}),
    });
  } catch (error) {
    throw new NetworkError(operation, error);
  }
  const rawBody = await response.text();
  const body = decodeBodyLeniently(rawBody) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown };
  if (!response.ok || typeof body?.access_token !== 'string') {
    throw new ApiError(operation, {
      status: response.status,
      vendorCode: typeof body?.error === 'string' ? body.error : undefined,
      vendorMessage: typeof body?.error_description === 'string' ? body.error_description : response.ok ? 'no access_token in the answer' : undefined,
      // The body of a failed token request carries no secret; a successful one would, so it is never attached.
      body: response.ok ? undefined : body,
      rawBody: response.ok ? '' : rawBody,
      headers: headersToObject(response.headers),
    });
  }
  const expiresIn = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    tokenType: typeof body.token_type === 'string' ? body.token_type : undefined,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 : undefined,
  };
}
