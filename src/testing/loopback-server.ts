/**
 * A real HTTP server on 127.0.0.1 that answers from a handler and remembers what it received. Tests use it
 * where Prism cannot play the part: replaying recordings byte for byte, scripting a sequence of answers, and
 * misbehaving on purpose (hanging, resetting the connection, trickling a body).
 *
 * Every server stops itself after `lifetimeMs` (default 5 minutes), so a test that forgets `close()` or fails
 * half-way never leaves a listening socket or a hung connection behind.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  /** The body as UTF-8 ('' when the server was started with `recordBodies: false`). */
  readonly bodyText: string;
  /** The body's size in bytes (recorded even when the body itself is not kept). */
  readonly bodyBytes: number;
}

/**
 * How to misbehave instead of answering normally:
 * - `hang`: read the request and never answer (the connection stays open until the client gives up or the server stops);
 * - `reset-before-headers`: destroy the connection without sending anything;
 * - `reset-mid-body`: send the head and the first chunk (or half the body), then destroy the connection.
 */
export type Fault = 'hang' | 'reset-before-headers' | 'reset-mid-body';

export interface CannedResponse {
  readonly status: number;
  readonly headers?: Record<string, string> | undefined;
  readonly body?: string | Buffer | undefined;
  /** Wait this long before answering (to exercise time limits). */
  readonly delayMs?: number | undefined;
  /**
   * Send the body in these pieces (chunked, no Content-Length unless `headers` sets one), `chunkDelayMs` apart.
   * May be an endless generator: sending stops when the client goes away or the server stops.
   */
  readonly chunks?: Iterable<string | Buffer> | undefined;
  readonly chunkDelayMs?: number | undefined;
  readonly fault?: Fault | undefined;
}

export type Handler = (request: ReceivedRequest, index: number) => CannedResponse | Promise<CannedResponse>;

export interface LoopbackServerOptions {
  /** Keep request bodies in `received` (default true; memory tests turn it off). */
  readonly recordBodies?: boolean | undefined;
  /** Stop on its own after this many ms (default 300 000). The timer never keeps the process alive. */
  readonly lifetimeMs?: number | undefined;
}

export interface LoopbackServer {
  readonly url: string;
  /** `http://127.0.0.1:<port>`: another server is another origin. */
  readonly origin: string;
  readonly received: ReceivedRequest[];
  /** Replaces the handler (between tests) and forgets what was received. */
  handle(handler: Handler): void;
  /** Stops listening and destroys every connection, hung ones included. Safe to call twice. */
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.());

export async function startLoopbackServer(initial: Handler = () => ({ status: 404 }), options: LoopbackServerOptions = {}): Promise<LoopbackServer> {
  const recordBodies = options.recordBodies ?? true;
  let handler = initial;
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  let closing: Promise<void> | undefined;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.byteLength;
      if (recordBodies) chunks.push(chunk);
    });
    req.on('error', () => {});
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        bodyText: recordBodies ? Buffer.concat(chunks).toString('utf8') : '',
        bodyBytes: bytes,
      };
      chunks.length = 0;
      received.push(request);
      void answer(request, received.length - 1, req, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  async function answer(request: ReceivedRequest, index: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const canned = await handler(request, index);
      if (canned.delayMs) await sleep(canned.delayMs);
      if (res.destroyed || closing) return;
      if (canned.fault === 'hang') return;
      if (canned.fault === 'reset-before-headers') {
        req.socket.destroy();
        return;
      }
      res.writeHead(canned.status, canned.headers);
      if (canned.fault === 'reset-mid-body') {
        const first = canned.chunks ? [...take(canned.chunks, 1)][0] : half(canned.body);
        res.write(first ?? 'x');
        // Let the head and the first bytes reach the client before the connection dies.
        await sleep(canned.chunkDelayMs ?? 20);
        req.socket.destroy();
        return;
      }
      if (canned.chunks) {
        for (const chunk of canned.chunks) {
          if (res.destroyed || closing) return;
          // Respect backpressure and yield to the event loop: an endless body must never block or flood the server.
          if (!res.write(chunk)) await drained(res);
          if (canned.chunkDelayMs) await sleep(canned.chunkDelayMs);
          else await new Promise<void>((resolve) => setImmediate(resolve));
        }
        res.end();
        return;
      }
      res.end(canned.body);
    } catch (error) {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return;
      }
      res.writeHead(599, { 'content-type': 'text/plain' });
      res.end(`loopback handler failed: ${(error as Error).message}`);
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    }));
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 300_000);
  lifetime.unref();
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    origin,
    received,
    handle(next) {
      handler = next;
      received.length = 0;
    },
    close,
  };
}

/** Resolves when the response can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function* take<T>(items: Iterable<T>, n: number): Generator<T> {
  if (n <= 0) return;
  let i = 0;
  for (const item of items) {
    yield item;
    if (++i >= n) return;
  }
}

function half(body: string | Buffer | undefined): string | Buffer {
  if (body === undefined || body.length === 0) return 'x';
  const cut = Math.ceil(body.length / 2);
  return typeof body === 'string' ? body.slice(0, cut) : body.subarray(0, cut);
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): CannedResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});
