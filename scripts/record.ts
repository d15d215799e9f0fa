/**
 * npm run record -- <api> <operationId> [--param k=v ...] [--query k=v ...] [--body file.json]
 *                    [--base-url URL] [--name NAME] [--force]
 *
 * Calls a real API (a sandbox, production, or any compatible server) through the typed client with your
 * credentials from the environment, redacts the exchange in memory, and only then writes it as a recording.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Exchange } from '../src/core/exchange.js';
import { KycContractsError } from '../src/core/errors.js';
import { isJsonContentType } from '../src/core/body.js';
import { findOperationById, listOperations, loadBundledSpec } from '../src/core/spec.js';
import { Redactor } from '../src/redaction/redact.js';
import { VENDORS, type VendorEntry } from '../src/vendors.js';
import { ROOT } from './lib/apis.js';
import { UsageError, runCli } from './lib/cli.js';
import { driftForRecording } from './lib/drift.js';
import { readEnvFile } from './lib/env-file.js';
import { writeFileAtomic } from './lib/files.js';
import { type Recording, parseRecording } from './lib/recordings.js';

const credentialLines = Object.values(VENDORS)
  .flatMap((v) => v.credentials.map((c) => `  ${v.api.padEnd(11)} ${c.name.padEnd(26)} ${c.description}${c.optional ? ' (optional)' : ''}`))
  .join('\n');

const HELP = `Usage: npm run record -- <api> <operationId> [options]

Calls the API through its typed client, redacts the exchange (credentials → <redacted>, personal data →
shape-keeping fakes, by the rules in src/<api>/redaction.ts) and writes it to
contract-tests/recordings/<api>/<operationId>.<name>.json. Nothing unredacted is ever written.

Options:
  --param NAME=VALUE   a path parameter (repeatable), e.g. --param id=7
  --query NAME=VALUE   a query parameter (repeatable)
  --body FILE          the JSON request body
  --base-url URL       the server (default: the vendor's; a sandbox or mock URL works too)
  --name NAME          the recording's name (default: the response status, e.g. 200)
  --out-dir DIR        write under DIR/<api>/ instead of contract-tests/recordings/
  --force              overwrite an existing recording
  --help               show this help

Credentials come from the environment (or a .env file in the project root; see .env.example):
${credentialLines}

Example:
  KYCAID_API_TOKEN=… npm run record -- kycaid getDocument --param document_id=5f9a… --name credit-card
`;

export interface RecordOptions {
  readonly api: string;
  readonly operationId: string;
  readonly params: Record<string, string>;
  readonly query: Record<string, string>;
  readonly bodyFile: string | undefined;
  readonly baseUrl: string | undefined;
  readonly name: string | undefined;
  readonly outDir: string;
  readonly force: boolean;
}

export function parseRecordArgs(args: string[]): RecordOptions {
  const positional: string[] = [];
  const params: Record<string, string> = {};
  const query: Record<string, string> = {};
  let bodyFile: string | undefined;
  let baseUrl: string | undefined;
  let name: string | undefined;
  let outDir = join(ROOT, 'contract-tests', 'recordings');
  let force = false;
  const value = (i: number, flag: string) => {
    const v = args[i];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  const pair = (text: string, flag: string): [string, string] => {
    const at = text.indexOf('=');
    if (at <= 0) throw new UsageError(`${flag} takes NAME=VALUE, got ${JSON.stringify(text)}`);
    return [text.slice(0, at), text.slice(at + 1)];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    switch (arg) {
      case '--param': {
        const [k, v] = pair(value(++i, arg), arg);
        params[k] = v;
        break;
      }
      case '--query': {
        const [k, v] = pair(value(++i, arg), arg);
        query[k] = v;
        break;
      }
      case '--body':
        bodyFile = value(++i, arg);
        break;
      case '--base-url':
        baseUrl = value(++i, arg);
        break;
      case '--name':
        name = value(++i, arg);
        if (!/^[a-z0-9][a-z0-9-]*$/i.test(name)) throw new UsageError('--name takes letters, digits and dashes');
        break;
      case '--out-dir':
        outDir = value(++i, arg);
        break;
      case '--force':
        force = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (positional.length !== 2) throw new UsageError('expected <api> <operationId>');
  return { api: positional[0]!, operationId: positional[1]!, params, query, bodyFile, baseUrl, name, outDir, force };
}

export interface RecordResult {
  readonly file: string;
  readonly recording: Recording;
}

/** Records one exchange. `env` supplies the credentials; nothing is written unless redaction succeeded. */
export async function record(options: RecordOptions, env: Readonly<Record<string, string | undefined>>, today = new Date()): Promise<RecordResult> {
  const vendor: VendorEntry | undefined = VENDORS[options.api];
  if (!vendor) throw new UsageError(`unknown API "${options.api}"; known: ${Object.keys(VENDORS).join(', ')}`);
  const document = loadBundledSpec(options.api);
  const operation = findOperationById(document, options.operationId);
  if (!operation) {
    const known = listOperations(document).map((o) => o.operationId).join(', ');
    throw new UsageError(`no operation "${options.operationId}" in specs/${options.api}; known: ${known}`);
  }
  const missingParams = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((p) => !(p in options.params));
  if (missingParams.length) throw new UsageError(`${operation.path} needs ${missingParams.map((p) => `--param ${p}=…`).join(' ')}`);

  const credentials: Record<string, string> = {};
  for (const variable of vendor.credentials) {
    const found = env[variable.name];
    if (found) credentials[variable.name] = found;
    else if (!variable.optional) throw new UsageError(`set ${variable.name} (${variable.description}) in the environment or .env`);
  }
  let body: unknown;
  if (options.bodyFile) {
    try {
      body = JSON.parse(readFileSync(options.bodyFile, 'utf8'));
    } catch (error) {
      throw new UsageError(`--body ${options.bodyFile}: ${(error as Error).message}`);
    }
  }

  const baseUrl = options.baseUrl ?? vendor.defaultBaseUrl(credentials);
  let exchange: Exchange | undefined;
  const client = vendor.create(credentials, { baseUrl, timeoutMs: 60_000, onExchange: (e) => void (exchange = e) });
  let outcome: { data: unknown } | { error: unknown };
  try {
    outcome = {
      data: await client.api.invoke(operation.method, operation.path, {
        params: { path: options.params, query: options.query },
        ...(body !== undefined ? { body } : {}),
      }),
    };
  } catch (error) {
    outcome = { error };
  }
  if (!exchange) {
    const reason = 'error' in outcome ? (outcome.error as Error).message : 'no exchange';
    throw new Error(`nothing recorded: ${reason}`);
  }

  const secrets = Object.values(credentials);
  const raw = toRecording(exchange, baseUrl, options.operationId, outcome, today);
  const redacted = new Redactor(vendor.redaction, secrets).redact(raw);
  const text = `${JSON.stringify(redacted, null, 2)}\n`;
  // Belt and braces: a credential that survived redaction aborts the write.
  for (const secret of secrets) if (secret && text.includes(secret)) throw new Error('refusing to write: a credential survived redaction');
  const name = options.name ?? String(exchange.response.status);
  const file = join(options.outDir, options.api, `${options.operationId}.${name}.json`);
  if (existsSync(file) && !options.force) throw new UsageError(`${relative(ROOT, file)} exists; pass --force to overwrite or --name to pick another name`);
  const recording = parseRecording(relative(ROOT, file), text);
  writeFileAtomic(file, text);
  return { file, recording };
}

const KEPT_RESPONSE_HEADERS = /^(content-type|retry-after|location|www-authenticate|x-data-integrity|x-ratelimit-.*|ratelimit-.*)$/;

function toRecording(exchange: Exchange, baseUrl: string, operationId: string, outcome: { data: unknown } | { error: unknown }, today: Date): Recording {
  const url = new URL(exchange.request.url);
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
  const query = Object.fromEntries(url.searchParams.entries());
  const requestContentType = exchange.request.headers['content-type'] ?? '';
  const responseContentType = exchange.response.headers['content-type'] ?? '';
  const request: Recording['request'] = { method: exchange.request.method.toUpperCase(), path, headers: { ...exchange.request.headers } };
  if (Object.keys(query).length) request.query = query;
  if (exchange.request.bodyText !== undefined) Object.assign(request, jsonOrText(exchange.request.bodyText, requestContentType));
  const response: Recording['response'] = {
    status: exchange.response.status,
    headers: Object.fromEntries(Object.entries(exchange.response.headers).filter(([name]) => KEPT_RESPONSE_HEADERS.test(name))),
  };
  if (exchange.response.bodyText !== '') Object.assign(response, jsonOrText(exchange.response.bodyText, responseContentType));
  return {
    operationId,
    source: 'recorded',
    sourceUrl: new URL(baseUrl).origin,
    recordedAt: today.toISOString().slice(0, 10),
    description: `Recorded with npm run record on ${today.toISOString().slice(0, 10)}.`,
    request,
    response,
    expect: expectation(outcome),
  };
}

function jsonOrText(text: string, contentType: string): { body: unknown } | { bodyText: string } {
  if (isJsonContentType(contentType) || contentType === '') {
    try {
      return { body: JSON.parse(text) };
    } catch {
      return { bodyText: text };
    }
  }
  return { bodyText: text };
}

function expectation(outcome: { data: unknown } | { error: unknown }): Recording['expect'] {
  if ('data' in outcome) return { outcome: 'data' };
  const error = outcome.error;
  if (!(error instanceof KycContractsError)) throw error;
  const out: Recording['expect'] = { outcome: 'error', error: error.name };
  const { status, vendorCode } = error as unknown as { status?: number; vendorCode?: string };
  if (typeof status === 'number') out.status = status;
  if (typeof vendorCode === 'string') out.vendorCode = vendorCode;
  return out;
}

async function main(args: string[]): Promise<number> {
  if (args.length === 0) {
    console.log(HELP);
    return 2;
  }
  const options = parseRecordArgs(args);
  const env = { ...readEnvFile(join(ROOT, '.env')), ...process.env };
  const { file, recording } = await record(options, env);
  console.log(`recorded ${recording.request.method} ${recording.request.path} → HTTP ${recording.response.status}: ${relative(ROOT, file)} (redacted)`);
  const findings = driftForRecording({ api: options.api, file: relative(ROOT, file), recording });
  for (const f of findings) console.log(`  drift: ${f.kind}${f.field ? ` ${f.field}` : ''}: ${f.detail}`);
  if (findings.length) console.log('  Update the spec, or mark the recording with "knownDeviation": {"reason": "…"}. See npm run drift.');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) runCli(HELP, main);
