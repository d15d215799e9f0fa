/**
 * `kyc-contracts mock` (for now `npx tsx scripts/mock.ts`, `npm start`): one process serving every API's mock,
 * each on its own port and all under one port, with the vendors' workflows, until Ctrl-C. See docs/mock.md.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { MANIFESTS } from '../src/manifests.js';
import { type Command, InputError, type ParsedArgs, UsageError } from './lib/command.js';
import { type Project, currentProject, overlaidMockSpecs } from './lib/project.js';
import { ALL, ALL_PORT, type MockHostOptions, startMockHost } from './mock/host.js';
import { readJsonFile } from './lib/json-input.js';
import { readStateFile } from './mock/state-file.js';

const defaultPorts = MANIFESTS.map((m) => `${m.id} ${m.mockPort}`).join(', ');

const HELP = `Usage: kyc-contracts mock [options] [api ...]

Serves every API (default: all) from one process: each on its own port and all of them on one port under
/<api>, answering from the specs like \`prism mock\` and playing each vendor's workflow with state
(Bank 131 checks, KYCAID applicants and signed callbacks, BrainySoft clients, ERD lookups by IIN). Ctrl-C stops it.

Options:
  --port API=PORT      serve API on PORT (repeatable; API may be "all" for the one port; 0 = any free port).
                       Also env KYC_MOCK_PORT_<API>, e.g. KYC_MOCK_PORT_ERD=5010, KYC_MOCK_PORT_ALL=5000
  --host HOST          address to listen on (default 127.0.0.1)
  --stateless          no workflows: every answer from the spec's examples, as \`prism mock\`
  --polls N            Bank 131: status requests answered "pending" before the outcome; BrainySoft: lead
                       reads answered "CHECK" after a check starts (default 2)
  --callback-url URL   KYCAID: where callbacks go when a verification names no callback_url;
                       Biometric.kz: where technology.start/technology.end webhooks go
  --state FILE         preload the state from a JSON file (as GET /__mock/state returns it, keyed by api id);
                       a bad or empty row is one line, FILE:LINE: path: problem, and exit 2
  --spec API=FILE      serve API from FILE (an OpenAPI JSON document) instead of generated/<api>.openapi.json
  --config FILE        your kyc-contracts.config.json (default: the one in the working directory): its overlays
                       are applied to the specs served, its "mock" gives defaults for ports, polls, stateless
  --dynamic            generate bodies from the schemas instead of the examples (Prism's --dynamic)
  --latency API=MS     wait MS milliseconds (0-600000) before every answer of API (repeatable); an override's
                       delayMs wins
  --journal-size N     requests kept in the journal (GET /__mock/requests), oldest dropped first (default 10000;
                       0 keeps none)
  --quiet              do not print requests that failed validation and failed callback deliveries
  --help               show this help

Default ports: ${defaultPorts}, all ${ALL_PORT}.
Per request, \`Prefer: code=404\`, \`Prefer: example=pending\`, \`Prefer: dynamic=true\` (or ?__code=404) pick Prism's
answer and keep that request stateless. The control API under /__mock/ on every port (described at
GET /__mock/openapi.json): overrides and faults (/__mock/overrides), the request journal (/__mock/requests),
callbacks (/__mock/callbacks), state (/__mock/state) and POST /__mock/reset. Example:
  curl -X POST localhost:4000/__mock/overrides -H 'content-type: application/json' \\
    -d '{"api":"erd","operationId":"retrieveErd","respond":{"status":503},"times":1}'
A request that fails validation is printed on stderr (one line), and so is a failed callback delivery.
Reference pages are served at /docs on the one port (built on the first visit, or by \`kyc-contracts docs\`).
Rules of the workflows: docs/mock.md.
`;

const OPTIONS = {
  port: { type: 'string', multiple: true },
  host: { type: 'string' },
  stateless: { type: 'boolean' },
  polls: { type: 'string' },
  'callback-url': { type: 'string' },
  state: { type: 'string' },
  spec: { type: 'string', multiple: true },
  dynamic: { type: 'boolean' },
  latency: { type: 'string', multiple: true },
  'journal-size': { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

function parsePort(value: string, where: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`${where}: ${JSON.stringify(value)} is not a port (0-65535)`);
  }
  return port;
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** A `--spec` file, read once before start-up: not JSON, nested too deep or not an OpenAPI document is one line. */
function checkedSpecFile(given: string): string {
  const file = resolve(given);
  const document = readJsonFile(file, `--spec ${given}`);
  if (!document || typeof document !== 'object' || Array.isArray(document) || typeof (document as { openapi?: unknown }).openapi !== 'string') {
    throw new InputError(`--spec ${given}:1:1: not an OpenAPI document (a JSON object with an \`openapi\` version)`);
  }
  return file;
}

/** The host's options from parsed arguments and the environment (flags win over env). */
export function mockOptionsFrom(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): MockHostOptions {
  const values = args.values;
  const known = [...MANIFESTS.map((m) => m.id), ALL];
  const ports: Record<string, number> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = /^KYC_MOCK_PORT_([A-Z0-9_]+)$/.exec(name);
    if (!match || !value) continue;
    const api = match[1]!.toLowerCase();
    if (!known.includes(api)) throw new UsageError(`${name} names unknown API ${api}; known: ${known.join(', ')}`);
    ports[api] = parsePort(value, name);
  }
  for (const value of (values['port'] as string[] | undefined) ?? []) {
    const match = /^([a-z0-9_-]+)=(.*)$/i.exec(value);
    if (!match) throw new UsageError(`--port takes API=PORT, got ${JSON.stringify(value)}`);
    const api = match[1]!.toLowerCase();
    if (!known.includes(api)) throw new UsageError(`--port names unknown API ${api}; known: ${known.join(', ')}`);
    ports[api] = parsePort(match[2]!, `--port ${api}`);
  }
  const specs: Record<string, string> = {};
  for (const value of (values['spec'] as string[] | undefined) ?? []) {
    const match = /^([a-z0-9_-]+)=(.+)$/i.exec(value);
    if (!match || !known.includes(match[1]!.toLowerCase()) || match[1]!.toLowerCase() === ALL) {
      throw new UsageError(`--spec takes API=FILE with a known API, got ${JSON.stringify(value)}`);
    }
    specs[match[1]!.toLowerCase()] = checkedSpecFile(match[2]!);
  }
  let polls: number | undefined;
  if (values['polls'] !== undefined) {
    polls = Number(values['polls']);
    if (!/^\d+$/.test(String(values['polls']))) throw new UsageError(`--polls takes a whole number ≥ 0, got ${JSON.stringify(values['polls'])}`);
  }
  const host = values['host'] as string | undefined;
  // An empty host would listen on every interface: refused, as is anything that is not a host name or address.
  if (host !== undefined && isIP(host.replace(/^\[(.*)\]$/, '$1')) === 0 && !HOST_NAME.test(host)) {
    throw new UsageError(`--host takes a host name or IP address (default 127.0.0.1), got ${JSON.stringify(host)}`);
  }
  const latency: Record<string, number> = {};
  for (const value of (values['latency'] as string[] | undefined) ?? []) {
    const match = /^([a-z0-9_-]+)=(.*)$/i.exec(value);
    if (!match) throw new UsageError(`--latency takes API=MS, got ${JSON.stringify(value)}`);
    const api = match[1]!.toLowerCase();
    if (api === ALL || !known.includes(api)) throw new UsageError(`--latency names unknown API ${api}; known: ${known.filter((k) => k !== ALL).join(', ')}`);
    if (!/^\d+$/.test(match[2]!.trim()) || Number(match[2]) > 600_000) throw new UsageError(`--latency ${api}: ${JSON.stringify(match[2])} is not a whole number of ms from 0 to 600000`);
    latency[api] = Number(match[2]);
  }
  const journalSize = values['journal-size'] as string | undefined;
  if (journalSize !== undefined && !/^\d+$/.test(journalSize)) throw new UsageError(`--journal-size takes a whole number ≥ 0, got ${JSON.stringify(journalSize)}`);
  const callbackUrl = values['callback-url'] as string | undefined;
  if (callbackUrl !== undefined && !/^https?:\/\/[^/]/.test(callbackUrl)) throw new UsageError(`--callback-url takes an http(s) URL, got ${JSON.stringify(callbackUrl)}`);
  const stateFile = values['state'] as string | undefined;
  // Checked here, before startMockHost: a bad row is one line naming the file and the line, not a broken workflow.
  const state = stateFile === undefined ? undefined : readStateFile(stateFile);
  return {
    ports,
    ...(host !== undefined ? { host } : {}),
    ...(values['stateless'] ? { stateless: true } : {}),
    ...(polls !== undefined ? { polls } : {}),
    ...(callbackUrl !== undefined ? { callbackUrl } : {}),
    ...(state !== undefined ? { state } : {}),
    ...(values['dynamic'] ? { dynamic: true } : {}),
    ...(values['quiet'] ? { quiet: true } : {}),
    ...(journalSize !== undefined ? { journalSize: Number(journalSize) } : {}),
    ...(Object.keys(latency).length ? { latency } : {}),
    ...(Object.keys(specs).length ? { specs } : {}),
    ...(args.positionals.length ? { apis: args.positionals } : {}),
  };
}

/**
 * The project's config under the flags: its overlaid specs (a --spec flag wins), and its "mock" defaults (ports,
 * polls, stateless) where no flag or environment variable gave one.
 */
export async function withProjectDefaults(options: MockHostOptions, project: Project): Promise<MockHostOptions> {
  const defaults = project.config?.mock ?? {};
  const overlaid = await overlaidMockSpecs(project);
  const specs = { ...overlaid, ...options.specs };
  return {
    ...options,
    ports: { ...defaults.ports, ...options.ports },
    ...(options.polls === undefined && defaults.polls !== undefined ? { polls: defaults.polls } : {}),
    ...(options.stateless === undefined && defaults.stateless !== undefined ? { stateless: defaults.stateless } : {}),
    ...(Object.keys(specs).length ? { specs } : {}),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(rows[0]!), line(widths.map((w) => '-'.repeat(w))), ...rows.slice(1).map(line)].join('\n');
}

export const mockCommand: Command = {
  name: 'mock',
  summary: 'serve every API from one mock process (Prism + the vendors’ workflows), until Ctrl-C',
  help: HELP,
  options: OPTIONS,
  allowPositionals: true,
  async run(args) {
    const options = await withProjectDefaults(mockOptionsFrom(args), currentProject());
    const started = performance.now();
    const host = await startMockHost(options);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const rows = [['API', 'URL', 'on the one port', 'docs']];
    for (const [api, url] of Object.entries(host.urls)) {
      rows.push([api, url, `${host.allUrl}/${api}`, `${host.allUrl}/docs/${api}`]);
    }
    rows.push([ALL, host.allUrl, '', `${host.allUrl}/docs`]);
    console.log(table(rows));
    const mode = options.stateless ? 'stateless' : `workflows on, Bank 131 polls: ${options.polls ?? 2}`;
    console.log(`\nMock ready in ${seconds} s (${mode}). State: GET ${host.allUrl}/__mock/state. Ctrl-C stops it.`);

    return new Promise<number>((resolve) => {
      // `npm start` hands SIGTERM to the shell it runs us in, and the shell dies without passing it on: we are
      // orphaned. A change of parent is the sign that whatever started us has gone, so we stop too.
      const parent = process.ppid;
      const orphanWatch = setInterval(() => process.ppid !== parent && stop('The process that started the mock ended'), 250);
      const stop = (signal: string) => {
        clearInterval(orphanWatch);
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        console.log(`\n${signal}: stopping the mock…`);
        void host.stop().then(() => {
          console.log('Mock stopped.');
          resolve(0);
        });
      };
      const onInt = () => stop('Interrupted');
      const onTerm = () => stop('Terminated');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
    });
  },
};
