/**
 * Drift between recordings and specs: what a vendor really sent against what its spec says. Used by
 * `npm run drift` and by the contract tests.
 */
import type { FieldIssue } from '../../src/core/errors.js';
import { isJsonContentType } from '../../src/core/body.js';
import { type JsonObject, escapePointerToken, findOperationById, isObject, resolveLocal } from '../../src/core/spec.js';
import { type SpecValidator, validatorFor } from '../../src/core/validation.js';
import { registeredApi } from '../../src/registry.js';
import type { LoadedRecording } from './recordings.js';

export type DriftKind =
  | 'unknown-operation'
  | 'undocumented-status'
  | 'undocumented-media-type'
  | 'unparseable-body'
  | 'undocumented-field'
  | 'missing-required-field'
  | 'type-mismatch'
  | 'format-mismatch'
  | 'enum-mismatch'
  | 'constraint-mismatch'
  | 'no-matching-variant';

export interface DriftFinding {
  readonly api: string;
  readonly file: string;
  readonly operationId: string;
  /** `METHOD /path`, when the operation is known. */
  readonly operation: string;
  readonly status: number;
  readonly kind: DriftKind;
  /** Where in the body: `result_json[].debtor_iin`, or '' for the whole exchange. */
  readonly field: string;
  readonly detail: string;
  /** The recording's knownDeviation reason, when the drift is accepted. */
  readonly excusedBy: string | undefined;
}

const KIND_BY_KEYWORD: Record<string, DriftKind> = {
  required: 'missing-required-field',
  type: 'type-mismatch',
  format: 'format-mismatch',
  enum: 'enum-mismatch',
  const: 'enum-mismatch',
  oneOf: 'no-matching-variant',
  anyOf: 'no-matching-variant',
};

/** The validator of an API's committed bundle (tests); `kyc-contracts drift` bundles the specs as they are now. */
export function committedValidator(api: string): SpecValidator {
  return validatorFor(registeredApi(api).spec, `${api}.openapi.json`);
}

export function driftForRecording(loaded: LoadedRecording, validator: SpecValidator = committedValidator(loaded.api)): DriftFinding[] {
  const { recording } = loaded;
  const status = recording.response.status;
  const op = findOperationById(validator.document, recording.operationId);
  const base = {
    api: loaded.api,
    file: loaded.file,
    operationId: recording.operationId,
    operation: op ? `${op.method.toUpperCase()} ${op.path}` : '?',
    status,
    excusedBy: recording.knownDeviation?.reason,
  };
  const finding = (kind: DriftKind, field: string, detail: string): DriftFinding => ({ ...base, kind, field, detail });
  if (!op) return [finding('unknown-operation', '', `operationId ${recording.operationId} is not in specs/${loaded.api}`)];

  const contentType = recording.response.headers?.['content-type'] ?? '';
  let body: unknown = recording.response.body;
  if (recording.response.bodyText !== undefined) {
    body = recording.response.bodyText;
    if (isJsonContentType(contentType)) {
      try {
        body = JSON.parse(recording.response.bodyText);
      } catch (error) {
        return [finding('unparseable-body', '', `the ${contentType} body is not valid JSON: ${(error as Error).message}`)];
      }
    }
  }

  const found = validator.responseFor(op.method, op.path, status);
  if ('kind' in found) {
    const documented = 'documented' in found ? found.documented.join(', ') : '';
    return [finding('undocumented-status', '', `status ${status} is not declared (declared: ${documented || 'none'})`)];
  }
  const check = validator.validateResponse({ method: op.method, path: op.path, status, contentType, body });
  if (check.kind === 'undocumented-media-type') {
    return [finding('undocumented-media-type', '', `content type "${contentType}" is not declared (declared: ${check.documented.join(', ')})`)];
  }
  const findings: DriftFinding[] = [];
  if (check.kind === 'invalid') {
    for (const issue of dedupe(check.issues)) findings.push(finding(KIND_BY_KEYWORD[issue.code ?? ''] ?? 'constraint-mismatch', toFieldPath(issue.field), issue.message));
  }
  if (check.kind === 'valid' || check.kind === 'invalid') {
    const pointer = check.schemaPointer;
    if (pointer) {
      for (const field of undocumentedFields(validator, pointer, body)) {
        findings.push(finding('undocumented-field', field, 'sent by the vendor, not in the spec'));
      }
    }
  }
  return findings;
}

/** `/result_json/0/debtor_iin` → `result_json[0].debtor_iin` */
function toFieldPath(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('')
    .replace(/^\./, '');
}

function dedupe(issues: readonly FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.field}|${i.code}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Fields present in `value` that the schema at `pointer` does not declare. Follows $ref, merges allOf, picks the
 * oneOf/anyOf branch that validates (or merges them all when none does), and walks arrays' items. Maps
 * (`additionalProperties: {...}` or `true`) declare every key.
 */
export function undocumentedFields(validator: SpecValidator, pointer: string, value: unknown, path = '', depth = 0): string[] {
  if (depth > 50) return [];
  const { node: schema, pointer: at } = resolveLocal(validator.document, { $ref: `#${pointer}` }, pointer);
  if (!isObject(schema)) return [];
  if (Array.isArray(value)) {
    if (!isObject(schema['items'])) {
      // A union of array schemas: the branch that fits the whole array says what its items are.
      const branch = pickBranch(validator, schema, at, value);
      return branch ? undocumentedFields(validator, branch, value, path, depth + 1) : [];
    }
    const seen = new Set<string>();
    for (const item of value) for (const f of undocumentedFields(validator, `${at}/items`, item, `${path}[]`, depth + 1)) seen.add(f);
    return [...seen];
  }
  if (!isObject(value)) return [];
  const declared = new Map<string, string>();
  let open = false;
  collectProperties(validator, schema, at, value, declared, (isOpen) => {
    open ||= isOpen;
  }, 0);
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    const childPointer = declared.get(key);
    if (childPointer) out.push(...undocumentedFields(validator, childPointer, child, childPath, depth + 1));
    else if (!open) out.push(childPath);
  }
  return out;
}

function branchesOf(schema: JsonObject): Array<{ keyword: string; list: unknown[] }> {
  return (['allOf', 'oneOf', 'anyOf'] as const)
    .filter((k) => Array.isArray(schema[k]))
    .map((k) => ({ keyword: k, list: schema[k] as unknown[] }));
}

function pickBranch(validator: SpecValidator, schema: JsonObject, at: string, value: unknown): string | undefined {
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const list = schema[keyword];
    if (!Array.isArray(list)) continue;
    const index = list.findIndex((_b, i) => validator.validateAt(`${at}/${keyword}/${i}`, value).length === 0);
    return `${at}/${keyword}/${index >= 0 ? index : 0}`;
  }
  return undefined;
}

function collectProperties(
  validator: SpecValidator,
  schema: JsonObject,
  at: string,
  value: unknown,
  declared: Map<string, string>,
  markOpen: (open: boolean) => void,
  depth: number,
): void {
  if (depth > 20) return;
  if (isObject(schema['properties'])) {
    for (const key of Object.keys(schema['properties'])) declared.set(key, `${at}/properties/${escapePointerToken(key)}`);
  }
  const additional = schema['additionalProperties'];
  if (additional === true || isObject(additional) || schema['patternProperties']) markOpen(true);
  for (const { keyword, list } of branchesOf(schema)) {
    const indexes =
      keyword === 'allOf'
        ? list.map((_b, i) => i)
        : (() => {
            const passing = list.map((_b, i) => i).filter((i) => validator.validateAt(`${at}/${keyword}/${i}`, value).length === 0);
            // oneOf: the one branch that fits; anyOf: every branch that fits declares its properties.
            if (passing.length) return keyword === 'oneOf' ? [passing[0]!] : passing;
            return list.map((_b, i) => i);
          })();
    for (const i of indexes) {
      const resolved = resolveLocal(validator.document, list[i], `${at}/${keyword}/${i}`);
      if (isObject(resolved.node)) collectProperties(validator, resolved.node, resolved.pointer, value, declared, markOpen, depth + 1);
    }
  }
}
