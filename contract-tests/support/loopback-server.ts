/**
 * A real HTTP server on 127.0.0.1 that answers from a handler and remembers what it received. Tests use it
 * where Prism cannot play the part: replaying recordings byte for byte, scripting a sequence of answers.
 */
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly bodyText: string;
}

export interface CannedResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Wait this long before answering (to exercise time limits). */
  readonly delayMs?: number;
}

export type Handler = (request: ReceivedRequest, index: number) => CannedResponse | Promise<CannedResponse>;

export interface LoopbackServer {
  readonly url: string;
  readonly received: ReceivedRequest[];
  /** Replaces the handler (between tests). */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startLoopbackServer(initial: Handler = () => ({ status: 404 })): Promise<LoopbackServer> {
  let handler = initial;
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, bodyText: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      try {
        const answer = await handler(request, received.length - 1);
        if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        if (res.destroyed) return;
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      } catch (error) {
        res.writeHead(599, { 'content-type': 'text/plain' });
        res.end(`loopback handler failed: ${(error as Error).message}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    handle(next) {
      handler = next;
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): CannedResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});
