/**
 * Starting and stopping Prism mock servers: used by `npm start` (scripts/mock.ts), by the contract tests' global
 * setup, and by the benchmark. One Prism process serves one spec.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PRISM_BIN = require.resolve('@stoplight/prism-cli/dist/index.js');

export interface PrismOptions {
  readonly api: string;
  /** Path of the spec file Prism serves. */
  readonly spec: string;
  readonly port: number;
  readonly host?: string;
  /** Prism's log level: `error` keeps tests quiet and fast (info logging halves throughput). */
  readonly verbosity?: 'fatal' | 'error' | 'warn' | 'info' | 'debug';
  /** Generate bodies from schemas instead of serving examples. */
  readonly dynamic?: boolean;
  /** Give up when Prism has not answered after this many ms (default 60 000). */
  readonly readyTimeoutMs?: number;
}

export interface PrismInstance {
  readonly api: string;
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  /** Resolves when the process has exited (it is killed if SIGTERM is not enough within 5 s). */
  stop(): Promise<void>;
  /** Resolves with Prism's exit code if it exits on its own. */
  readonly exited: Promise<number | null>;
}

/** A port that was free a moment ago (listen on 0, close). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True when nothing listens on the port. */
export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function startPrism(options: PrismOptions): Promise<PrismInstance> {
  const host = options.host ?? '127.0.0.1';
  const args = [PRISM_BIN, 'mock', options.spec, '--port', String(options.port), '--host', host, '-v', options.verbosity ?? 'error'];
  if (options.dynamic) args.push('--dynamic');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${options.port}`;
  const instance: PrismInstance = {
    api: options.api,
    url,
    port: options.port,
    pid: child.pid,
    stop: () => stopChild(child, exited),
    exited,
  };
  try {
    await waitUntilAnswering(url, options.readyTimeoutMs ?? 60_000, exited);
  } catch (error) {
    await instance.stop();
    const tail = output.trim().split('\n').slice(-15).join('\n');
    throw new Error(`Prism for ${options.api} (${options.spec}) did not start on ${url}: ${(error as Error).message}${tail ? `\n${tail}` : ''}`);
  }
  return instance;
}

async function waitUntilAnswering(url: string, timeoutMs: number, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`Prism exited with code ${exitCode}`);
    try {
      // Any HTTP answer (Prism says 404 for `/`) means it is serving.
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`no answer within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
