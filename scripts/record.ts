/**
 * kyc-contracts record <api> <operationId> [--param k=v ...] [--query k=v ...] [--body file.json]
 *                       [--base-url URL] [--name NAME] [--out-dir DIR] [--force]
 *
 * Calls a real API (a stage server, production, or any compatible server) through the typed client with your
 * credentials from the environment, redacts the exchange in memory, and only then writes it as a recording.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { recordedBody } from '../src/core/body.js';
import { KycContractsError } from '../src/core/errors.js';
import type { Exchange } from '../src/core/exchange.js';
import { findOperationById, listOperations } from '../src/core/spec.js';
import { type RedactionAdditions, Redactor, extendRedactionRules } from '../src/redaction/redact.js';
import { findSecretIn, maskSecretsIn } from '../src/redaction/secrets.js';
import { REGISTRY, type RegisteredApi } from '../src/registry.js';
import { resolveServerUrl } from '../src/core/manifest.js';
import { type Command, InputError, UsageError } from './lib/command.js';
import { committedValidator, driftForRecording } from './lib/drift.js';
import { currentProject } from './lib/project.js';
import { validatorFor } from '../src/core/validation.js';
import { readEnvFile } from './lib/env-file.js';
import { writeFileAtomic } from './lib/files.js';
import { readJsonFile } from './lib/json-input.js';
import { defaultRecordingsDir, type Recording, parseRecording } from './lib/recordings.js';

const credentialLines = REGISTRY.flatMap(({ manifest }) =>
  manifest.credentials.map((c) => `  ${manifest.id.padEnd(11)} ${c.env.padEnd(26)} ${c.description}${c.optional ? ' (optional)' : ''}`),
).join('\n');

const HELP = `Usage: kyc-contracts record <api> <operationId> [options]

Calls the API through its typed client, redacts the exchange (credentials → <redacted>, personal data →
shape-keeping fakes, by the rules in src/<api>/redaction.ts, your kyc-contracts.config.json's "redaction", and value detectors for IINs/BINs,
INNs, passport numbers, phones and e-mail addresses anywhere) and writes it to
contract-tests/recordings/<api>/<operationId>.<name>.json. Nothing unredacted is ever written: the credentials
are masked in every spelling (verbatim, percent-encoded, base64, inside a Basic header), and a recording in which
one remains is not written (exit 2, naming the field).

Options:
  --param NAME=VALUE   a path parameter (repeatable), e.g. --param id=7
  --query NAME=VALUE   a query parameter (repeatable)
  --body FILE          the JSON request body
  --base-url URL       the server (default: the vendor's; a sandbox or mock URL works too)
  --name NAME          the recording's name (default: the response status, e.g. 200)
  --out-dir DIR        write under DIR/<api>/ instead of contract-tests/recordings/
  --force              overwrite an existing recording
  --config FILE        your kyc-contracts.config.json: its overlays (the operation and the drift check), its
                       redaction additions and "recordings" folder
  --help               show this help

Credentials come from the environment (or a .env file in the current folder; see .env.example):
${credentialLines}

Example:
  KYCAID_API_TOKEN=… kyc-contracts record kycaid getDocument --param document_id=5f9a… --name credit-card

Exit codes: 0 recorded, 2 bad usage, a missing credential, or no exchange could be made.`;

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
  /** The user's own redaction rules for this API, added to its built-in ones (see extendRedactionRules). */
  readonly redaction?: RedactionAdditions | undefined;
}

/** The record command's options from parseArgs' values. */
export function recordOptions(values: Record<string, unknown>, positionals: string[]): RecordOptions {
  if (positionals.length !== 2) throw new UsageError('expected <api> <operationId>');
  const pairs = (flag: string): Record<string, string> => {
    const list = (values[flag] as string[] | undefined) ?? [];
    return Object.fromEntries(
      list.map((text) => {
        const at = text.indexOf('=');
        if (at <= 0) throw new UsageError(`--${flag} takes NAME=VALUE, got ${JSON.stringify(text)}`);
        return [text.slice(0, at), text.slice(at + 1)];
      }),
    );
  };
  const name = values['name'] as string | undefined;
  if (name !== undefined && !/^[a-z0-9][a-z0-9-]*$/i.test(name)) throw new UsageError('--name takes letters, digits and dashes');
  return {
    api: positionals[0]!,
    operationId: positionals[1]!,
    params: pairs('param'),
    query: pairs('query'),
    bodyFile: values['body'] as string | undefined,
    baseUrl: values['base-url'] as string | undefined,
    name,
    outDir: typeof values['out-dir'] === 'string' ? resolve(values['out-dir']) : (currentProject().config?.recordings ?? defaultRecordingsDir()),
    force: values['force'] === true,
  };
}

export interface RecordResult {
  readonly file: string;
  readonly recording: Recording;
}

/** Records one exchange. `env` supplies the credentials; nothing is written unless redaction succeeded. */
export async function record(options: RecordOptions, env: Readonly<Record<string, string | undefined>>, today = new Date()): Promise<RecordResult> {
  const api: RegisteredApi | undefined = REGISTRY.find((entry) => entry.manifest.id === options.api);
  if (!api) throw new UsageError(`unknown API "${options.api}"; known: ${REGISTRY.map((entry) => entry.manifest.id).join(', ')}`);
  const { manifest } = api;
  const project = currentProject();
  // The project's spec when it overlays this API (an added field is then documented, not drift).
  const document = project.overlaysOf(manifest.id).length ? await project.specOf(manifest.id) : api.spec;
  // The user's own rules: given here, else their kyc-contracts.config.json's "redaction" for this API.
  const additions = options.redaction ?? project.config?.redaction[manifest.id];
  let rules = manifest.redaction;
  try {
    if (additions) rules = extendRedactionRules(rules, additions);
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const operation = findOperationById(document, options.operationId);
  if (!operation) {
    const known = listOperations(document).map((o) => o.operationId).join(', ');
    throw new UsageError(`no operation "${options.operationId}" in specs/${options.api}; known: ${known}`);
  }
  const missingParams = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).filter((p) => !(p in options.params));
  if (missingParams.length) throw new UsageError(`${operation.path} needs ${missingParams.map((p) => `--param ${p}=…`).join(' ')}`);

  // The body file is checked before the credentials: a missing, garbled or too deeply nested file is one line
  // (`--body FILE:line:col: …`), whatever the environment holds.
  const body: unknown = options.bodyFile ? readJsonFile(options.bodyFile, `--body ${options.bodyFile}`) : undefined;

  const credentials: Record<string, string> = {};
  const secrets: string[] = [];
  for (const declaration of manifest.credentials) {
    const found = env[declaration.env];
    if (found) {
      credentials[declaration.option] = found;
      if (!declaration.public) secrets.push(found);
    } else if (!declaration.optional && !(options.baseUrl && declaration.public)) {
      throw new UsageError(`set ${declaration.env} (${declaration.description}) in the environment or .env`);
    }
  }

  const baseUrl = options.baseUrl ?? resolveServerUrl(manifest.servers.stage ?? manifest.servers.production, credentials);
  let exchange: Exchange | undefined;
  const client = api.createClient({ ...credentials, baseUrl, timeoutMs: 60_000, onExchange: (e) => void (exchange = e) });
  let outcome: { data: unknown } | { error: unknown };
  try {
    outcome = {
      data: await client.request(operation.method, operation.path, {
        params: { path: options.params, query: options.query },
        ...(body !== undefined ? { body } : {}),
      }),
    };
  } catch (error) {
    outcome = { error };
  }
  if (!exchange) {
    const reason = 'error' in outcome ? (outcome.error as Error).message : 'no exchange';
    throw new InputError(`nothing recorded: ${reason}`);
  }

  const raw = toRecording(exchange, baseUrl, options.operationId, outcome, today);
  // The credentials this run knows are masked in every spelling (base64, percent-encoded, inside a Basic header),
  // wherever the vendor echoed them; then, belt and braces, any that survived aborts the write, naming the field.
  const redacted = maskSecretsIn(new Redactor(rules, secrets).redact(raw), secrets);
  assertNoCredentials(redacted, secrets);
  const text = `${JSON.stringify(redacted, null, 2)}\n`;
  const name = options.name ?? String(exchange.response.status);
  const file = join(options.outDir, options.api, `${options.operationId}.${name}.json`);
  if (existsSync(file) && !options.force) throw new UsageError(`${relative(process.cwd(), file)} exists; pass --force to overwrite or --name to pick another name`);
  const recording = parseRecording(relative(process.cwd(), file), text);
  writeFileAtomic(file, text);
  return { file, recording };
}

/**
 * The recorder's last guard: every string and key of the recording is checked for every spelling of every
 * credential; one found stops the write with the field and the spelling, never the credential.
 */
export function assertNoCredentials(recording: unknown, secrets: readonly string[]): void {
  const found = findSecretIn(recording, secrets);
  if (found) throw new InputError(`refusing to write the recording: a credential survived redaction at ${found.path} (${found.encoding})`);
}

// sl-violations: the mock's report of what was wrong with the request decides how the client reads the answer.
const KEPT_RESPONSE_HEADERS = /^(content-type|retry-after|location|www-authenticate|x-data-integrity|sl-violations|x-ratelimit-.*|ratelimit-.*)$/;

function toRecording(exchange: Exchange, baseUrl: string, operationId: string, outcome: { data: unknown } | { error: unknown }, today: Date): Recording {
  const url = new URL(exchange.request.url);
  const basePath = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : url.pathname;
  const query = Object.fromEntries(url.searchParams.entries());
  const requestContentType = exchange.request.headers['content-type'] ?? '';
  const responseContentType = exchange.response.headers['content-type'] ?? '';
  const request: Recording['request'] = { method: exchange.request.method.toUpperCase(), path, headers: { ...exchange.request.headers } };
  if (Object.keys(query).length) request.query = query;
  if (exchange.request.bodyText !== undefined) Object.assign(request, recordedBody(exchange.request.bodyText, requestContentType));
  const response: Recording['response'] = {
    status: exchange.response.status,
    headers: Object.fromEntries(Object.entries(exchange.response.headers).filter(([name]) => KEPT_RESPONSE_HEADERS.test(name))),
  };
  if (exchange.response.bodyText !== '') Object.assign(response, recordedBody(exchange.response.bodyText, responseContentType));
  return {
    operationId,
    source: 'recorded',
    sourceUrl: new URL(baseUrl).origin,
    recordedAt: today.toISOString().slice(0, 10),
    description: `Recorded with kyc-contracts record on ${today.toISOString().slice(0, 10)}.`,
    request,
    response,
    expect: expectation(outcome),
  };
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

export const recordCommand: Command = {
  name: 'record',
  summary: 'call a real API and write a redacted recording',
  help: HELP,
  options: {
    param: { type: 'string', multiple: true },
    query: { type: 'string', multiple: true },
    body: { type: 'string' },
    'base-url': { type: 'string' },
    name: { type: 'string' },
    'out-dir': { type: 'string' },
    force: { type: 'boolean' },
  },
  allowPositionals: true,
  async run({ values, positionals }) {
    const options = recordOptions(values, positionals);
    const env = { ...readEnvFile(join(process.cwd(), '.env')), ...process.env };
    const { file, recording } = await record(options, env);
    console.log(`recorded ${recording.request.method} ${recording.request.path} → HTTP ${recording.response.status}: ${relative(process.cwd(), file)} (redacted)`);
    const project = currentProject();
    const validator = project.overlaysOf(options.api).length ? validatorFor(await project.specOf(options.api), `${options.api}.openapi.json`) : committedValidator(options.api);
    const findings = driftForRecording({ api: options.api, file: relative(process.cwd(), file), recording }, validator);
    for (const f of findings) console.log(`  drift: ${f.kind}${f.field ? ` ${f.field}` : ''}: ${f.detail}`);
    if (findings.length) console.log('  Update the spec, or mark the recording with "knownDeviation": {"reason": "…"}. See kyc-contracts drift.');
    return 0;
  },
};
