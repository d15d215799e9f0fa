/**
 * Getting a `bsauth` token with OAuth2 client credentials at the customer's auth service
 * (`POST https://{customer}-auth.brainysoft.ru/oauth/token`, the vendor's "Auth API" page,
 * https://docs.brainysoft.ru/en/developers/auth/auth-api.html). That the access token is what goes into `bsauth` is inferred.
 * It goes through the same transport as every call: its own time limit, no redirects to another origin, a size limit.
 */
import { decodeBodyLeniently } from '../core/body.js';
import { startDeadline } from '../core/deadline.js';
import { ApiError, KycContractsError, type OperationRef, TimeoutError, hideSecrets } from '../core/errors.js';
import { checkBaseUrl, checkKind, checkNumber } from '../core/options.js';
import { type FetchLike, send } from '../core/transport.js';

export interface TokenRequest {
  /** The customer key: the token endpoint is https://<customer>-auth.brainysoft.ru/oauth/token. */
  readonly customer?: string | undefined;
  /** Or the token endpoint itself. */
  readonly tokenUrl?: string | undefined;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetch?: FetchLike | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Time limit in ms (default 30 000; 0: none). */
  readonly timeoutMs?: number | undefined;
}

export interface BrainysoftToken {
  readonly accessToken: string;
  readonly tokenType: string | undefined;
  /** When the token expires (ms since the epoch), if the server said `expires_in`. */
  readonly expiresAt: number | undefined;
}

export function tokenUrlFor(request: Pick<TokenRequest, 'customer' | 'tokenUrl'>): string {
  if (request.tokenUrl !== undefined) return checkBaseUrl('fetchBrainysoftToken', 'tokenUrl', request.tokenUrl);
  if (!request.customer || !/^[a-z0-9-]+$/i.test(request.customer)) throw new TypeError('Pass `customer` (letters, digits, dashes) or `tokenUrl`.');
  return `https://${request.customer}-auth.brainysoft.ru/oauth/token`;
}

export async function fetchBrainysoftToken(request: TokenRequest): Promise<BrainysoftToken> {
  checkTokenRequest(request);
  try {
    return await requestToken(request);
  } catch (error) {
    // The client secret (and a token the server sent) never leave in an error, however the server echoed them.
    throw hideSecrets(error, [request.clientSecret]);
  }
}

function checkTokenRequest(request: TokenRequest): void {
  const where = 'fetchBrainysoftToken';
  if (request === null || typeof request !== 'object') throw new TypeError(`${where}: pass { customer or tokenUrl, clientId, clientSecret }.`);
  for (const name of ['clientId', 'clientSecret'] as const) {
    if (typeof request[name] !== 'string' || request[name].trim() === '') throw new TypeError(`${where}: \`${name}\` must be a non-empty string.`);
  }
  checkNumber(where, 'timeoutMs', request.timeoutMs, { meaning: 'ms, 0: no limit' });
  checkKind(where, 'fetch', request.fetch, ['function']);
  if (request.signal !== undefined && !(request.signal instanceof AbortSignal)) throw new TypeError(`${where}: \`signal\` must be an AbortSignal.`);
}

async function requestToken(request: TokenRequest): Promise<BrainysoftToken> {
  const url = tokenUrlFor(request);
  const operation: OperationRef = { api: 'brainysoft-auth', method: 'POST', path: '/oauth/token' };
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: request.clientId, client_secret: request.clientSecret }).toString();
  const deadline = startDeadline(request.timeoutMs ?? 30_000, request.signal);
  let answer;
  try {
    answer = await send(
      { method: 'POST', url, headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }), body },
      { fetch: request.fetch ?? fetch, signal: deadline.signal, maxResponseBytes: 1024 * 1024, operation },
    );
  } catch (error) {
    if (deadline.timedOut() && !(error instanceof KycContractsError)) throw new TimeoutError(operation, deadline.timeoutMs, 'no token', { cause: error });
    throw error;
  } finally {
    deadline.dispose();
  }
  const parsed = decodeBodyLeniently(answer.bodyText) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } | undefined;
  const ok = answer.status >= 200 && answer.status < 300;
  // The token travels in the `bsauth` header: one a header cannot carry (a line break, non-ASCII) is the server's fault.
  const usable = typeof parsed?.access_token === 'string' && /^[\x21-\x7e]+$/.test(parsed.access_token);
  if (!ok || !usable) {
    throw new ApiError(operation, {
      status: answer.status,
      vendorCode: typeof parsed?.error === 'string' ? parsed.error : undefined,
      vendorMessage:
        typeof parsed?.error_description === 'string'
          ? parsed.error_description
          : !ok
            ? undefined
            : typeof parsed?.access_token === 'string'
              ? 'the access_token has characters a header cannot carry'
              : 'no access_token in the answer',
      // A failed token request's body carries no secret; a successful one could, so it is never attached.
      body: ok ? undefined : parsed,
      rawBody: ok ? '' : answer.bodyText,
      headers: answer.headers,
    });
  }
  const expiresIn = Number(parsed!.expires_in);
  return {
    accessToken: parsed!.access_token as string,
    tokenType: typeof parsed!.token_type === 'string' ? parsed!.token_type : undefined,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 : undefined,
  };
}
