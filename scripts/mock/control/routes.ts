/**
 * The control API over HTTP: routes come from ./openapi.yaml (its paths and operationIds, read once), and each
 * operationId has one handler in HANDLERS, a few lines over MockControl (./control.ts). Bodies are JSON, at most
 * 1 MiB; answers are JSON, errors problem+json (./problems.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathMatcher } from '../prism.js';
import type { ControlScope, MockControl } from './control.js';
import { controlDocument } from './document.js';
import { ControlError, METHOD_NOT_ALLOWED, NOT_FOUND, invalid } from './problems.js';

/** Control request bodies larger than this are refused (400) without being read further. */
export const MAX_CONTROL_BODY_BYTES = 1024 * 1024;

interface Call {
  readonly control: MockControl;
  readonly scope: ControlScope;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: () => Promise<unknown>;
}

type Handler = (call: Call) => Promise<[number, unknown]> | [number, unknown];

const ok = (body: unknown): [number, unknown] => [200, body];

/** One handler per operationId of ./openapi.yaml (./routes.test.ts checks that both lists are the same). */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  getControlDocument: () => ok(controlDocument()),
  getState: ({ control, scope }) => ok(control.state(scope)),
  reset: ({ control, scope }) => ok(control.reset(scope)),
  listOverrides: ({ control, scope }) => ok(control.listOverrides(scope)),
  addOverride: async ({ control, scope, body }) => [201, { id: control.addOverride(await body(), scope).id }],
  clearOverrides: ({ control, scope }) => ok(control.clearOverrides(scope)),
  removeOverride: ({ control, scope, params }) => ok(control.removeOverride(params['id']!, scope)),
  listRequests: ({ control, scope, query }) => ok(control.listRequests({ api: query.get('api') ?? undefined, operationId: query.get('operationId') ?? undefined }, scope)),
  clearRequests: ({ control, scope }) => ok(control.clearRequests(scope)),
  listCallbacks: ({ control, scope }) => ok(control.listCallbacks(scope)),
  clearCallbacks: ({ control, scope }) => ok(control.clearCallbacks(scope)),
  listCallbackRules: ({ control, scope }) => ok(control.listCallbackRules(scope)),
  addCallbackRule: async ({ control, scope, body }) => [201, { id: control.addCallbackRule(await body(), scope).id }],
  clearCallbackRules: ({ control, scope }) => ok(control.clearCallbackRules(scope)),
  releaseCallback: ({ control, scope, params }) => ok(control.releaseCallback(Number(params['id']), scope)),
};

interface Route {
  readonly template: string;
  readonly match: (path: string) => Record<string, string> | undefined;
  /** method (lower case) → operationId */
  readonly operations: Record<string, string>;
}

let routes: Route[] | undefined;

/** The routes of the control document, concrete paths first. */
export function controlRoutes(): Route[] {
  routes ??= Object.entries(controlDocument()['paths'] as Record<string, Record<string, { operationId?: string }>>)
    .map(([template, item]) => ({
      template,
      match: pathMatcher(template),
      operations: Object.fromEntries(Object.entries(item).flatMap(([method, operation]) => (operation?.operationId ? [[method, operation.operationId]] : []))),
    }))
    .sort((a, b) => a.template.split('{').length - b.template.split('{').length);
  return routes;
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The JSON body, at most MAX_CONTROL_BODY_BYTES (a larger one is a 400 naming the body, and drained unread). */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_CONTROL_BODY_BYTES) {
        refused = true;
        chunks.length = 0;
        reject(invalid('(body)', `(body): larger than ${MAX_CONTROL_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (refused) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return reject(invalid('(body)', '(body): a JSON body is required'));
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(invalid('(body)', `(body): not JSON (${(error as Error).message})`));
      }
    });
  });
}

/** Answers one control request; `pathAndQuery` starts with `/__mock/`. */
export async function handleControl(control: MockControl, scope: ControlScope, req: IncomingMessage, res: ServerResponse, pathAndQuery: string): Promise<void> {
  const { pathname, searchParams } = new URL(pathAndQuery, 'http://control');
  const method = (req.method ?? 'GET').toLowerCase();
  try {
    let params: Record<string, string> | undefined;
    const route = controlRoutes().find((candidate) => (params = candidate.match(pathname)));
    if (!route) {
      const listed = controlRoutes().flatMap((r) => Object.keys(r.operations).map((m) => `${m.toUpperCase()} ${r.template}`));
      throw new ControlError(NOT_FOUND, `no control route ${method.toUpperCase()} ${pathname}; the routes are ${listed.join(', ')} (described at GET /__mock/openapi.json)`);
    }
    const operationId = route.operations[method];
    if (!operationId) {
      res.setHeader('allow', Object.keys(route.operations).map((m) => m.toUpperCase()).join(', '));
      throw new ControlError(METHOD_NOT_ALLOWED, `${route.template} answers ${Object.keys(route.operations).map((m) => m.toUpperCase()).join(', ')}, not ${method.toUpperCase()}`);
    }
    const [status, body] = await HANDLERS[operationId]!({ control, scope, params: params!, query: searchParams, body: () => readJson(req) });
    send(res, status, body);
  } catch (error) {
    if (!(error instanceof ControlError)) throw error;
    if (!req.readableEnded) req.resume();
    send(res, error.status, error.toProblem(), 'application/problem+json');
  }
}
