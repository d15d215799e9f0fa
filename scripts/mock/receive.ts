/**
 * Stage: receive. An HTTP request to one API becomes a MockRequest: CORS as `prism mock` answers it (a preflight is
 * answered here), the body read (JSON or text, 10 MB, drained before an error is answered, as prism-http-server
 * does since Node 24 resets otherwise), the URL parsed, the `Prefer` / `__code` preferences decoded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type PrismInput, getHttpConfigFromRequest, prismParts } from './prism.js';
import type { MockRequest } from './types.js';

/** Query parameters that pick Prism's answer, like the `Prefer` header does. */
const PREFERENCE_QUERY = ['__code', '__example', '__dynamic', '__seed'];

export type Received =
  | { readonly kind: 'request'; readonly request: MockRequest }
  /** Answered already: a CORS preflight, or a body that could not be read (`error` says why). `status` was written. */
  | { readonly kind: 'answered'; readonly request: MockRequest; readonly status: number; readonly error?: string };

function parseRequestBody(request: IncomingMessage): Promise<unknown> {
  if (request.headers['content-length'] === '0' || (request.headers['transfer-encoding'] === undefined && request.headers['content-length'] === undefined)) {
    return Promise.resolve(null);
  }
  const { micri, typeIs } = prismParts();
  // type-is's request form, less its has-a-body check (made just above).
  if (typeIs.is(request.headers['content-type'], ['application/json', 'application/*+json'])) return micri.json(request, { limit: '10mb' });
  return micri.text(request, { limit: '10mb' });
}

function setCommonCorsHeaders(headers: IncomingMessage['headers'], res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', headers['origin'] || '*');
  res.setHeader('Access-Control-Allow-Headers', headers['access-control-request-headers'] || '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', headers['access-control-expose-headers'] || '*');
}

function searchParamsToNameValues(searchParams: URLSearchParams): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const key of searchParams.keys()) {
    const values = searchParams.getAll(key);
    params[key] = values.length === 1 ? values[0]! : values;
  }
  return params;
}

/** A path the URL parser hands back unchanged: path characters only, no dot segment, no `//host` start, no `\\`. */
const PLAIN_PATH = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/**
 * The path and query as `new URL(pathAndQuery, 'http://example.com')` reads them (what prism-http-server does),
 * without running the URL parser when the path is one it would leave as it is (nearly every request).
 */
export function splitTarget(pathAndQuery: string): { pathname: string; searchParams: URLSearchParams } {
  const mark = pathAndQuery.search(/[?#]/);
  const path = mark === -1 ? pathAndQuery : pathAndQuery.slice(0, mark);
  if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path) && (mark === -1 || pathAndQuery[mark] === '?') && !pathAndQuery.includes('#')) {
    const query = mark === -1 ? '' : pathAndQuery.slice(mark + 1);
    // What the URL parser would percent-encode in a query (space, quotes, angle brackets, controls, non-ASCII) goes
    // through it. URLSearchParams drops a leading `?` of its string, the URL's own query does not: `&` keeps it.
    if (!/[^\x21\x24-\x26\x28-\x3b\x3d\x3f-\x7e]/.test(query)) return { pathname: path, searchParams: new URLSearchParams(query.startsWith('?') ? `&${query}` : query) };
  }
  const { pathname, searchParams } = new URL(pathAndQuery, 'http://example.com');
  return { pathname, searchParams };
}

function toRequest(api: string, req: IncomingMessage, pathAndQuery: string, body: unknown, at: number): MockRequest {
  const { searchParams, pathname } = splitTarget(pathAndQuery);
  const query = searchParamsToNameValues(searchParams);
  const input: PrismInput = {
    method: req.method ? req.method.toLowerCase() : 'get',
    url: { path: pathname, baseUrl: searchParams.get('__server') || undefined, query },
    headers: req.headers,
    body,
  };
  const stateful = !req.headers['prefer'] && !PREFERENCE_QUERY.some((key) => searchParams.has(key));
  return { api, method: input.method, path: pathname, query, headers: req.headers, body, input, preferences: getHttpConfigFromRequest(input), stateful, at };
}

export async function receive(api: string, req: IncomingMessage, res: ServerResponse, pathAndQuery: string): Promise<Received> {
  const at = Date.now();
  setCommonCorsHeaders(req.headers, res);
  if (req.method === 'OPTIONS' && req.headers['origin'] && req.headers['access-control-request-method']) {
    res.setHeader('Access-Control-Allow-Methods', req.headers['access-control-request-method'] || 'GET,DELETE,HEAD,PATCH,POST,PUT,OPTIONS');
    res.setHeader('Vary', 'origin');
    res.setHeader('Content-Length', '0');
    prismParts().micri.send(res, 204);
    return { kind: 'answered', request: toRequest(api, req, pathAndQuery, null, at), status: 204 };
  }
  let body: unknown;
  try {
    body = await parseRequestBody(req);
  } catch (error) {
    req.resume();
    prismParts().micri.sendError(req, res, error);
    return { kind: 'answered', request: toRequest(api, req, pathAndQuery, null, at), status: res.statusCode, error: (error as Error).message };
  }
  return { kind: 'request', request: toRequest(api, req, pathAndQuery, body, at) };
}
