/**
 * npm start [-- [--port api=PORT ...] [--host HOST] [--dynamic] [api ...]]
 *
 * Serves every spec in redocly.yaml from its own Prism mock, waits until each answers, prints where, and stops
 * them all on Ctrl-C.
 */
import { relative } from 'node:path';
import { type ApiEntry, ROOT, listApis, selectApis } from './lib/apis.js';
import { UsageError, runCli } from './lib/cli.js';
import { type PrismInstance, portIsFree, startPrism } from './lib/prism.js';

/** Fixed ports, so that local configs can point at them. */
export const DEFAULT_PORTS: Readonly<Record<string, number>> = { erd: 4010, kycaid: 4011, bank131: 4012, brainysoft: 4013 };

const HELP = `Usage: npm start [-- [options] [api ...]]

Starts a Prism mock server for each API (default: all in redocly.yaml) and keeps them running until Ctrl-C.

Options:
  --port API=PORT   serve API on PORT (repeatable). Also: env KYC_MOCK_PORT_<API>, e.g. KYC_MOCK_PORT_ERD=5010
  --host HOST       address to listen on (default 127.0.0.1)
  --dynamic         generate responses from the schemas instead of serving the spec's examples
  --help            show this help

Default ports: ${Object.entries(DEFAULT_PORTS).map(([api, port]) => `${api} ${port}`).join(', ')}.
Pick a response per request with the Prefer header: \`Prefer: code=404\`, \`Prefer: example=pending\`.
`;

export interface MockArgs {
  readonly apis: string[];
  readonly ports: Record<string, number>;
  readonly host: string;
  readonly dynamic: boolean;
}

export function parseMockArgs(args: string[], env: NodeJS.ProcessEnv = process.env): MockArgs {
  const ports: Record<string, number> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = /^KYC_MOCK_PORT_([A-Z0-9_]+)$/.exec(name);
    if (match && value) ports[match[1]!.toLowerCase()] = parsePort(value, name);
  }
  const apis: string[] = [];
  let host = '127.0.0.1';
  let dynamic = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? args[++i] : arg.slice('--port='.length);
      const match = /^([a-z0-9_-]+)=(.+)$/i.exec(value ?? '');
      if (!match) throw new UsageError(`--port takes API=PORT, got ${JSON.stringify(value ?? '')}`);
      ports[match[1]!.toLowerCase()] = parsePort(match[2]!, `--port ${match[1]}`);
    } else if (arg === '--host') {
      const value = args[++i];
      if (!value) throw new UsageError('--host takes an address');
      host = value;
    } else if (arg === '--dynamic') {
      dynamic = true;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      apis.push(arg);
    }
  }
  return { apis, ports, host, dynamic };
}

function parsePort(value: string, where: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`${where}: ${JSON.stringify(value)} is not a port (1-65535)`);
  return port;
}

/** The port for each API: explicit, else its default, else the next one after the highest default. */
export function assignPorts(apis: ApiEntry[], explicit: Record<string, number>): Map<string, number> {
  const ports = new Map<string, number>();
  let next = Math.max(...Object.values(DEFAULT_PORTS)) + 1;
  for (const api of apis) ports.set(api.id, explicit[api.id] ?? DEFAULT_PORTS[api.id] ?? next++);
  const unknown = Object.keys(explicit).filter((id) => !apis.some((api) => api.id === id));
  if (unknown.length) throw new UsageError(`--port names unknown API ${unknown.join(', ')}`);
  return ports;
}

async function main(args: string[]): Promise<number> {
  const options = parseMockArgs(args);
  const apis = selectApis(listApis(), options.apis);
  const ports = assignPorts(apis, options.ports);
  for (const api of apis) {
    const port = ports.get(api.id)!;
    if (!(await portIsFree(port, options.host))) {
      throw new Error(`port ${port} (${api.id}) is already in use: stop what holds it or pass --port ${api.id}=<port>`);
    }
  }

  const started = performance.now();
  const results = await Promise.allSettled(
    apis.map((api) =>
      startPrism({ api: api.id, spec: api.root, port: ports.get(api.id)!, host: options.host, dynamic: options.dynamic }),
    ),
  );
  const running = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
  if (failed.length) {
    await Promise.all(running.map((p) => p.stop()));
    throw new Error(failed.join('\n'));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  printTable(running, apis);
  console.log(`\n${running.length} mock(s) ready in ${seconds} s${options.dynamic ? ' (dynamic responses)' : ''}. Ctrl-C stops them.`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stopAll = async (reason: string, code: number) => {
      if (stopping) return;
      stopping = true;
      console.log(`\n${reason}: stopping ${running.length} mock(s)…`);
      await Promise.all(running.map((p) => p.stop()));
      console.log('All mocks stopped.');
      resolve(code);
    };
    process.once('SIGINT', () => void stopAll('Interrupted', 0));
    process.once('SIGTERM', () => void stopAll('Terminated', 0));
    for (const prism of running) {
      void prism.exited.then((code) => {
        if (!stopping) void stopAll(`Prism for ${prism.api} exited unexpectedly (code ${code})`, 1);
      });
    }
  });
}

function printTable(running: PrismInstance[], apis: ApiEntry[]): void {
  const rows = running.map((p) => [p.api, p.url, relative(ROOT, apis.find((a) => a.id === p.api)!.root)]);
  const header = ['API', 'URL', 'spec'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(HELP, main);
