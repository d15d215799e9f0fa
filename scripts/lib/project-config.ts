/**
 * `kyc-contracts.config.json`: a user's project tells the tools where their overlays are, where `generate` writes,
 * and what else to redact. Found in the working directory (or named by `--config FILE`), checked against the JSON
 * Schema the package ships (`kyc-contracts/config.schema.json`, written by `generate` from the manifests), and
 * resolved: every path in it is relative to the config file's folder.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { MANIFESTS } from '../../src/manifests.js';
import { FAKE_KINDS } from '../../src/redaction/fakes.js';
import type { RedactionAdditions } from '../../src/redaction/redact.js';
import { InputError, MissingDependencyError } from './command.js';

export const CONFIG_FILE_NAME = 'kyc-contracts.config.json';

export { FAKE_KINDS };
/** Redaction rules added to an API's own: the redaction module's own type (extendRedactionRules checks them). */
export type { RedactionAdditions };

/** The config file as written (paths still relative to it). */
export interface ProjectConfigFile {
  readonly $schema?: string;
  readonly overlays?: Readonly<Record<string, readonly string[]>>;
  readonly out?: string;
  readonly redaction?: Readonly<Record<string, RedactionAdditions>>;
  readonly recordings?: string;
  readonly docs?: string;
  readonly mock?: { readonly ports?: Readonly<Record<string, number>>; readonly polls?: number; readonly stateless?: boolean };
}

/** The config, resolved: absolute paths, every overlay file checked to exist. */
export interface ProjectConfig {
  /** The config file (absolute). */
  readonly file: string;
  /** Its folder: the user's project. */
  readonly root: string;
  readonly overlays: Readonly<Record<string, readonly string[]>>;
  readonly out: string | undefined;
  readonly redaction: Readonly<Record<string, RedactionAdditions>>;
  readonly recordings: string | undefined;
  readonly docs: string | undefined;
  readonly mock: NonNullable<ProjectConfigFile['mock']>;
}

const apiKeyed = (value: object) => ({
  type: 'object',
  propertyNames: { enum: MANIFESTS.map((m) => m.id) },
  additionalProperties: value,
});
const nameList = { type: 'array', items: { type: 'string', minLength: 1 } };

/** The JSON Schema of the config file (shipped as config.schema.json; `generate` writes it from the manifests). */
export function configSchema(): Record<string, unknown> {
  const kind = { enum: [...FAKE_KINDS] };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://github.com/kyc-contracts/kyc-contracts/config.schema.json',
    title: 'kyc-contracts.config.json',
    description: 'Your own specs: overlays per API, where `kyc-contracts generate` writes, redaction additions. See docs/own-specs.md.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      overlays: {
        description: 'API id → OpenAPI Overlay 1.0 files (YAML or JSON), applied in order; paths relative to this file.',
        ...apiKeyed({ type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }),
      },
      out: { description: 'The folder `kyc-contracts generate` writes the clients, types and specs to (relative to this file).', type: 'string', minLength: 1 },
      redaction: {
        description: 'API id → redaction rules added to the package’s own (record, redact).',
        ...apiKeyed({
          type: 'object',
          additionalProperties: false,
          properties: {
            credentialHeaders: nameList,
            credentialQuery: nameList,
            credentialFields: nameList,
            personalData: {
              type: 'array',
              items: { type: 'object', additionalProperties: false, required: ['path', 'kind'], properties: { path: { type: 'string', minLength: 1 }, kind } },
            },
            patterns: {
              type: 'array',
              items: { type: 'object', additionalProperties: false, required: ['pattern', 'kind'], properties: { pattern: { type: 'string', minLength: 1 }, kind } },
            },
          },
        }),
      },
      recordings: { description: 'Where recordings live (default contract-tests/recordings), for drift, record and redact.', type: 'string', minLength: 1 },
      docs: { description: 'Where `kyc-contracts docs` and the mock’s /docs write reference pages (default build/kyc-contracts-docs).', type: 'string', minLength: 1 },
      mock: {
        description: 'Defaults for `kyc-contracts mock` (its flags win).',
        type: 'object',
        additionalProperties: false,
        properties: {
          ports: { ...apiKeyed({ type: 'integer', minimum: 0, maximum: 65535 }), propertyNames: { enum: [...MANIFESTS.map((m) => m.id), 'all'] } },
          polls: { type: 'integer', minimum: 0 },
          stateless: { type: 'boolean' },
        },
      },
    },
  };
}

/** The config file to use: the one named, else kyc-contracts.config.json in `cwd`, else none. */
export function findConfigFile(cwd: string, named?: string): string | undefined {
  if (named !== undefined) return resolve(cwd, named);
  const here = resolve(cwd, CONFIG_FILE_NAME);
  return existsSync(here) ? here : undefined;
}

type AjvError = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };

/** Reads, validates and resolves a config file. Throws one InputError line: `file: /pointer: problem`. */
export function loadProjectConfig(file: string): ProjectConfig {
  const shown = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${shown}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${shown}: not valid JSON (${(error as Error).message})`);
  }
  const problem = validateConfig(raw);
  if (problem) throw new InputError(`${shown}: ${problem}`);
  const config = raw as ProjectConfigFile;
  const root = dirname(file);
  const overlays: Record<string, string[]> = {};
  for (const [api, files] of Object.entries(config.overlays ?? {})) {
    overlays[api] = files.map((name, index) => {
      const path = resolve(root, name);
      if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(`${shown}: /overlays/${api}/${index}: ${name}: file not found`);
      return path;
    });
  }
  for (const [api, additions] of Object.entries(config.redaction ?? {})) {
    for (const [index, { pattern }] of (additions.patterns ?? []).entries()) {
      try {
        new RegExp(pattern, 'u');
      } catch (error) {
        throw new InputError(`${shown}: /redaction/${api}/patterns/${index}/pattern: not a regular expression (${(error as Error).message})`);
      }
    }
  }
  return {
    file,
    root,
    overlays,
    out: config.out === undefined ? undefined : resolve(root, config.out),
    redaction: config.redaction ?? {},
    recordings: config.recordings === undefined ? undefined : resolve(root, config.recordings),
    docs: config.docs === undefined ? undefined : resolve(root, config.docs),
    mock: config.mock ?? {},
  };
}

let compiled: ((value: unknown) => boolean) & { errors?: AjvError[] | null } | undefined;

/** The first problem of a parsed config as `/pointer: message`, or undefined when it is valid. */
export function validateConfig(value: unknown): string | undefined {
  compiled ??= compileSchema();
  if (compiled(value)) return undefined;
  const error = pickError(compiled.errors ?? []);
  if (!error) return 'does not match config.schema.json';
  const at = error.instancePath || '/';
  switch (error.keyword) {
    case 'additionalProperties':
      return `${error.instancePath}/${String(error.params['additionalProperty'])}: unknown key (known: ${knownKeys(error.instancePath)})`;
    case 'propertyNames':
      return `${error.instancePath}/${String(error.params['propertyName'])}: not an API id (known: ${MANIFESTS.map((m) => m.id).join(', ')})`;
    case 'required':
      return `${at}: missing "${String(error.params['missingProperty'])}"`;
    case 'enum':
      return `${at}: must be one of ${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${at}: ${error.message ?? 'invalid'}`;
  }
}

/** A propertyNames failure also reports a useless `enum` error at the same key: prefer the one that names the key. */
function pickError(errors: AjvError[]): AjvError | undefined {
  return errors.find((e) => e.keyword === 'propertyNames') ?? errors.find((e) => e.keyword === 'additionalProperties') ?? errors[0];
}

function knownKeys(pointer: string): string {
  let node = configSchema() as { properties?: Record<string, unknown>; additionalProperties?: unknown };
  for (const token of pointer.split('/').filter(Boolean)) {
    const next = (node.properties?.[token] ?? node.additionalProperties) as typeof node | undefined;
    if (!next || typeof next !== 'object') break;
    node = next;
  }
  return Object.keys(node.properties ?? {}).join(', ');
}

function compileSchema(): NonNullable<typeof compiled> {
  const require = createRequire(import.meta.url);
  let Ajv: new (options: object) => { compile(schema: object): NonNullable<typeof compiled> };
  try {
    const module = require('ajv/dist/2020.js') as { default: typeof Ajv };
    Ajv = module.default;
  } catch {
    throw new MissingDependencyError(['ajv'], `reading ${CONFIG_FILE_NAME}`);
  }
  return new Ajv({ allErrors: true, strict: false }).compile(configSchema());
}
