/**
 * `kyc-contracts mock --state FILE`: the state file is read and held to the shape each workflow's `state()`
 * writes (and `load()` reads) before the mock starts, so that a bad or empty row is one line,
 * `file:line: bank131.checks[0]: field outcome is missing`, exit 2, and never a mock that starts with a check
 * whose outcome is `undefined`. The workflows' `load()` stays lenient; this is the door users come in by.
 */
import { readFileSync } from 'node:fs';
import { MANIFESTS } from '../../src/manifests.js';
import { InputError } from '../lib/command.js';
import { lineColAt, pathSegments, readJsonFile, scanJson } from '../lib/json-input.js';

type Shape =
  | { readonly kind: 'string'; readonly values?: readonly string[] }
  | { readonly kind: 'id' }
  | { readonly kind: 'integer'; readonly min: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'array'; readonly items: Shape }
  /** The shape, or null (a session's result before it ends). */
  | { readonly kind: 'nullable'; readonly shape: Shape }
  /** `open`: fields not listed are kept as they are (a vendor's own rows); closed: they are typos. */
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Field>>; readonly open: boolean };

interface Field {
  readonly shape: Shape;
  readonly required: boolean;
}

const required = (shape: Shape): Field => ({ shape, required: true });
const optional = (shape: Shape): Field => ({ shape, required: false });
const object = (fields: Record<string, Field>, open = false): Shape => ({ kind: 'object', fields, open });
const rows = (fields: Record<string, Field>, open = true): Shape => ({ kind: 'array', items: object(fields, open) });
const text: Shape = { kind: 'string' };
const id: Shape = { kind: 'id' };
const count = (min: number): Shape => ({ kind: 'integer', min });
const nullable = (shape: Shape): Shape => ({ kind: 'nullable', shape });

/** What each workflow's `state()` returns, by api id (docs/mock.md). An API not listed takes any JSON object. */
export const STATE_SHAPES: Readonly<Record<string, Shape>> = {
  erd: object({}),
  bank131: object({
    nextId: optional(count(1)),
    checks: optional(
      rows(
        {
          id: required(id),
          version: optional({ kind: 'string', values: ['v1.1', 'v2.0'] }),
          key: required(text),
          outcome: required({ kind: 'string', values: ['ok', 'passport_validation_failure', 'inn_validation_failure'] }),
          participant: optional({ kind: 'boolean' }),
          polled: optional(count(0)),
        },
        false,
      ),
    ),
  }),
  kycaid: object({
    applicants: optional(rows({ applicant_id: required(id) })),
    addresses: optional(rows({ address_id: required(id), applicant_id: optional(id) })),
    documents: optional(rows({ document_id: required(id), applicant_id: optional(id) })),
    files: optional(rows({ file_id: required(id) })),
    verifications: optional(
      rows({ verification_id: required(id), applicant_id: required(id), status: optional({ kind: 'string', values: ['unused', 'pending', 'completed'] }) }),
    ),
  }),
  biometric: object({
    sessions: optional(
      rows({
        id: required(id),
        // getFlowSessionResult answers only this key's reads.
        flow_api_key: required(text),
        iin: optional({ kind: 'string' }),
        metadata: optional(object({}, true)),
        status: required({ kind: 'string', values: ['PROGRESS', 'FINISHED'] }),
        flow_session_result: optional(nullable({ kind: 'boolean' })),
        flow_session_failure_reasons: optional({ kind: 'array', items: object({}, true) }),
        finished_at: optional(nullable(text)),
        // Keyed by result name (`liveness_result`): each technology's result.
        results: optional(object({}, true)),
      }),
    ),
    edocuments: optional(rows({ backend_session_id: required(id), iin: required(text), phone: optional(text), approved: optional({ kind: 'boolean' }) })),
  }),
  brainysoft: object({
    nextId: optional(count(1)),
    clients: optional(rows({ id: required(count(1)) })),
    nextLeadId: optional(count(1)),
    leads: optional(rows({ id: required(count(1)) })),
    // Keyed by lead id: the checks under way and each lead's status history.
    checks: optional(object({}, true)),
    history: optional(object({}, true)),
    nextApplicationId: optional(count(1)),
    applications: optional(rows({ id: required(count(1)) })),
    nextContractId: optional(count(1)),
    contracts: optional(rows({ id: required(count(1)) })),
  }),
};

type Path = ReadonlyArray<string | number>;

const describe = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : JSON.stringify(value));

/** The first problem of `value` against `shape`, with the path it is at. */
function check(value: unknown, shape: Shape, path: Path): { path: Path; problem: string } | undefined {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') return { path, problem: `expected a string, got ${describe(value)}` };
      if (shape.values && !shape.values.includes(value)) return { path, problem: `expected one of ${shape.values.join(', ')}, got ${describe(value)}` };
      return undefined;
    case 'id':
      if (!(typeof value === 'string' && value.trim() !== '') && !(Number.isSafeInteger(value) && (value as number) >= 0)) {
        return { path, problem: `expected an id (a non-empty string or a whole number), got ${describe(value)}` };
      }
      return undefined;
    case 'integer':
      if (!Number.isSafeInteger(value) || (value as number) < shape.min) return { path, problem: `expected a whole number ≥ ${shape.min}, got ${describe(value)}` };
      return undefined;
    case 'nullable':
      return value === null ? undefined : check(value, shape.shape, path);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : { path, problem: `expected true or false, got ${describe(value)}` };
    case 'array':
      if (!Array.isArray(value)) return { path, problem: `expected an array, got ${describe(value)}` };
      for (const [index, item] of value.entries()) {
        const found = check(item, shape.items, [...path, index]);
        if (found) return found;
      }
      return undefined;
    case 'object': {
      if (!isObject) return { path, problem: `expected an object, got ${describe(value)}` };
      const row = value as Record<string, unknown>;
      for (const [name, field] of Object.entries(shape.fields)) {
        if (!(name in row)) {
          if (field.required) return { path, problem: `field ${name} is missing` };
          continue;
        }
        const found = check(row[name], field.shape, [...path, name]);
        if (found) return found;
      }
      if (!shape.open) {
        const unknown = Object.keys(row).find((name) => !(name in shape.fields));
        const known = Object.keys(shape.fields);
        if (unknown !== undefined) return { path, problem: `unknown field ${JSON.stringify(unknown)} (${known.length ? `known: ${known.join(', ')}` : 'this API keeps no state'})` };
      }
      return undefined;
    }
  }
}

/**
 * Checks a parsed state (keyed by api id) against every workflow's shape; returns the problems as
 * `path: problem`, with where each one is (for a line number). Empty when the state is good.
 */
export function stateProblems(state: unknown): Array<{ path: Path; problem: string }> {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return [{ path: [], problem: `expected a JSON object keyed by api id, got ${describe(state)}` }];
  const known = MANIFESTS.map((m) => m.id);
  const problems: Array<{ path: Path; problem: string }> = [];
  for (const [api, value] of Object.entries(state)) {
    if (!known.includes(api)) {
      problems.push({ path: [api], problem: `unknown API ${JSON.stringify(api)} (known: ${known.join(', ')})` });
      continue;
    }
    const found = check(value, STATE_SHAPES[api] ?? object({}, true), [api]);
    if (found) problems.push(found);
  }
  return problems;
}

/**
 * Reads `--state FILE` and checks it; throws one InputError line `file:line: path: problem` (`(and N more)` when
 * several APIs' parts are wrong). Returns the state to pass to startMockHost.
 */
export function readStateFile(file: string, shown = file): Record<string, unknown> {
  const state = readJsonFile(file, shown);
  const problems = stateProblems(state);
  if (problems.length === 0) return state as Record<string, unknown>;
  const [first] = problems;
  const text = readFileSync(file, 'utf8');
  const starts = new Map<string, number>();
  scanJson(text, undefined, (path, offset) => starts.set(pathSegments(path).join(''), offset));
  const where = lineColAt(text, starts.get(pathSegments(first!.path).join('')) ?? 0).split(':')[0];
  const at = first!.path.length ? `${pathSegments(first!.path).join('').replace(/^\./, '')}: ` : '';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  throw new InputError(`${shown}:${where}: ${at}${first!.problem}${more}`);
}
