/**
 * Breaking changes between two bundled OpenAPI 3.1 documents (local `#/...` $refs only), from a client's side:
 * what used to work against `before` and may fail against `after`.
 *
 * Requests break when the server accepts less: an operation, parameter or field removed, a type narrowed, an enum
 * value removed, a field, parameter or body newly required, a constraint tightened, a oneOf variant removed.
 * Responses break when the client may receive what it did not expect or miss what it read: a status or field
 * removed, a type widened, an enum value removed (a value the client relied on no longer comes back).
 *
 * No maintained npm library diffs OpenAPI 3.1 with breaking-change rules (atlassian's openapi-diff is 3.0-only;
 * oasdiff is a Go binary; OpenAPITools/openapi-diff is Java), hence this small walker.
 */
import { type JsonObject, type OpenApiDocument, isObject, listOperations, resolveLocal } from '../../src/core/spec.js';

export type BreakingKind =
  | 'operation-removed'
  | 'response-status-removed'
  | 'media-type-removed'
  | 'parameter-removed'
  | 'required-parameter-added'
  | 'request-body-required'
  | 'field-removed'
  | 'required-request-field-added'
  | 'type-narrowed'
  | 'type-widened'
  | 'enum-value-removed'
  | 'constraint-narrowed'
  | 'variant-removed';

export interface BreakingChange {
  readonly kind: BreakingKind;
  /** e.g. `POST /api/v1.1/check request body › first_name`, `GET /x response 200 › data.id` */
  readonly location: string;
  readonly detail: string;
}

type Direction = 'request' | 'response';

interface Side {
  readonly doc: OpenApiDocument;
  readonly node: unknown;
}

const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;

export function diffSpecs(before: OpenApiDocument, after: OpenApiDocument): BreakingChange[] {
  const out: BreakingChange[] = [];
  const afterOps = new Map(operationsOf(after).map((op) => [op.key, op]));
  for (const op of operationsOf(before)) {
    const next = afterOps.get(op.key);
    if (!next) {
      out.push({ kind: 'operation-removed', location: op.key, detail: `${op.key} is gone` });
      continue;
    }
    diffOperation(before, op, after, next, out);
  }
  return out;
}

interface Op {
  readonly key: string;
  readonly operation: JsonObject;
  readonly pathItem: JsonObject;
}

function operationsOf(doc: OpenApiDocument): Op[] {
  const ops: Op[] = listOperations(doc).map((op) => ({
    key: `${op.method.toUpperCase()} ${op.path}`,
    operation: op.operation,
    pathItem: asObject(resolveLocal(doc, doc.paths?.[op.path], '').node),
  }));
  const webhooks = doc['webhooks'];
  if (isObject(webhooks)) {
    for (const [name, raw] of Object.entries(webhooks)) {
      const item = asObject(resolveLocal(doc, raw, '').node);
      for (const [method, operation] of Object.entries(item)) {
        if (isObject(operation) && ['get', 'put', 'post', 'delete', 'patch'].includes(method)) {
          ops.push({ key: `WEBHOOK ${name} ${method.toUpperCase()}`, operation, pathItem: item });
        }
      }
    }
  }
  return ops;
}

function diffOperation(bDoc: OpenApiDocument, b: Op, aDoc: OpenApiDocument, a: Op, out: BreakingChange[]): void {
  // Parameters, keyed by location and name.
  const bParams = parametersOf(bDoc, b);
  const aParams = parametersOf(aDoc, a);
  for (const [key, param] of bParams) {
    const next = aParams.get(key);
    if (!next) {
      out.push({ kind: 'parameter-removed', location: `${b.key} parameter ${key}`, detail: 'the parameter is gone' });
      continue;
    }
    compareSchemas({ doc: bDoc, node: param['schema'] }, { doc: aDoc, node: next['schema'] }, `${b.key} parameter ${key}`, 'request', out, new Set());
  }
  for (const [key, param] of aParams) {
    const was = bParams.get(key);
    if (param['required'] === true && was?.['required'] !== true) {
      out.push({ kind: 'required-parameter-added', location: `${b.key} parameter ${key}`, detail: was ? 'the parameter became required' : 'a new required parameter' });
    }
  }

  // Request body.
  const bBody = asObject(resolveLocal(bDoc, b.operation['requestBody'], '').node);
  const aBody = asObject(resolveLocal(aDoc, a.operation['requestBody'], '').node);
  if (aBody['required'] === true && bBody['required'] !== true) {
    out.push({ kind: 'request-body-required', location: `${b.key} request body`, detail: 'the request body became required' });
  }
  compareContent(bDoc, bBody['content'], aDoc, aBody['content'], `${b.key} request body`, 'request', out, isObject(aBody['content']));

  // Responses.
  const bResponses = asObject(b.operation['responses']);
  const aResponses = asObject(a.operation['responses']);
  for (const [status, raw] of Object.entries(bResponses)) {
    if (!(status in aResponses)) {
      out.push({ kind: 'response-status-removed', location: `${b.key} response ${status}`, detail: `status ${status} is no longer documented` });
      continue;
    }
    const bResponse = asObject(resolveLocal(bDoc, raw, '').node);
    const aResponse = asObject(resolveLocal(aDoc, aResponses[status], '').node);
    compareContent(bDoc, bResponse['content'], aDoc, aResponse['content'], `${b.key} response ${status}`, 'response', out, true);
  }
}

function parametersOf(doc: OpenApiDocument, op: Op): Map<string, JsonObject> {
  const map = new Map<string, JsonObject>();
  for (const raw of [...asArray(op.pathItem['parameters']), ...asArray(op.operation['parameters'])]) {
    const param = asObject(resolveLocal(doc, raw, '').node);
    if (typeof param['name'] === 'string' && typeof param['in'] === 'string') map.set(`${param['in']}:${param['name']}`, param);
  }
  return map;
}

function compareContent(
  bDoc: OpenApiDocument,
  bContent: unknown,
  aDoc: OpenApiDocument,
  aContent: unknown,
  location: string,
  direction: Direction,
  out: BreakingChange[],
  reportRemovedMedia: boolean,
): void {
  if (!isObject(bContent)) return;
  const after = isObject(aContent) ? aContent : {};
  for (const [mediaType, media] of Object.entries(bContent)) {
    const next = after[mediaType];
    if (!isObject(next)) {
      if (reportRemovedMedia) out.push({ kind: 'media-type-removed', location: `${location} ${mediaType}`, detail: `${mediaType} is no longer documented` });
      continue;
    }
    compareSchemas({ doc: bDoc, node: asObject(media)['schema'] }, { doc: aDoc, node: next['schema'] }, location, direction, out, new Set());
  }
}

/** A schema with its $ref followed and its allOf branches merged: the properties and rules that apply together. */
interface Flat {
  readonly types: Set<string> | undefined;
  readonly enumValues: unknown[] | undefined;
  readonly properties: Map<string, unknown>;
  readonly required: Set<string>;
  readonly items: unknown;
  readonly variants: unknown[] | undefined;
  readonly additionalProperties: unknown;
  readonly bounds: Record<string, number>;
  readonly pattern: string | undefined;
  readonly format: string | undefined;
  readonly identity: string;
}

function flatten(doc: OpenApiDocument, node: unknown, depth = 0): Flat {
  const resolved = resolveLocal(doc, node, '');
  const schema = asObject(resolved.node);
  const identity = isObject(node) && typeof node['$ref'] === 'string' ? node['$ref'] : objectId(node);
  const flat: Flat = {
    types: typeSet(schema),
    enumValues: Array.isArray(schema['enum']) ? schema['enum'] : 'const' in schema ? [schema['const']] : undefined,
    properties: new Map(Object.entries(asObject(schema['properties']))),
    required: new Set(asArray(schema['required']).filter((r): r is string => typeof r === 'string')),
    items: schema['items'],
    variants: Array.isArray(schema['oneOf']) ? schema['oneOf'] : Array.isArray(schema['anyOf']) ? schema['anyOf'] : undefined,
    additionalProperties: schema['additionalProperties'],
    bounds: Object.fromEntries([...LOWER_BOUNDS, ...UPPER_BOUNDS].filter((k) => typeof schema[k] === 'number').map((k) => [k, schema[k] as number])),
    pattern: typeof schema['pattern'] === 'string' ? schema['pattern'] : undefined,
    format: typeof schema['format'] === 'string' ? schema['format'] : undefined,
    identity,
  };
  if (depth < 20) {
    for (const branch of asArray(schema['allOf'])) {
      const part = flatten(doc, branch, depth + 1);
      for (const [k, v] of part.properties) if (!flat.properties.has(k)) flat.properties.set(k, v);
      for (const r of part.required) flat.required.add(r);
      Object.assign(flat, {
        types: flat.types ?? part.types,
        enumValues: flat.enumValues ?? part.enumValues,
        items: flat.items ?? part.items,
        variants: flat.variants ?? part.variants,
        additionalProperties: flat.additionalProperties ?? part.additionalProperties,
        bounds: { ...part.bounds, ...flat.bounds },
        pattern: flat.pattern ?? part.pattern,
        format: flat.format ?? part.format,
      });
    }
  }
  return flat;
}

function compareSchemas(b: Side, a: Side, location: string, direction: Direction, out: BreakingChange[], seen: Set<string>): void {
  if (b.node === undefined || a.node === undefined) return;
  const before = flatten(b.doc, b.node);
  const after = flatten(a.doc, a.node);
  const pair = `${before.identity}|${after.identity}|${direction}`;
  if (seen.has(pair)) return; // a recursive schema: this pair is already being compared
  const visited = new Set(seen).add(pair);

  // Types.
  if (before.types && after.types) {
    const lost = [...before.types].filter((t) => !after.types!.has(t) && !(t === 'integer' && after.types!.has('number')));
    const gained = [...after.types].filter((t) => !before.types!.has(t) && !(t === 'integer' && before.types!.has('number')));
    if (direction === 'request' && lost.length) out.push({ kind: 'type-narrowed', location, detail: `no longer accepts ${lost.join(', ')}` });
    if (direction === 'response' && gained.length) out.push({ kind: 'type-widened', location, detail: `may now be ${gained.join(', ')}` });
  } else if (direction === 'request' && !before.types && after.types) {
    out.push({ kind: 'type-narrowed', location, detail: `now only ${[...after.types].join(', ')}` });
  }

  // Enum values.
  if (before.enumValues && after.enumValues) {
    const removed = before.enumValues.filter((v) => !after.enumValues!.some((w) => JSON.stringify(w) === JSON.stringify(v)));
    if (removed.length) out.push({ kind: 'enum-value-removed', location, detail: `removed ${removed.map((v) => JSON.stringify(v)).join(', ')}` });
  } else if (direction === 'request' && !before.enumValues && after.enumValues) {
    out.push({ kind: 'constraint-narrowed', location, detail: `now limited to ${after.enumValues.map((v) => JSON.stringify(v)).join(', ')}` });
  }

  // Constraints: only tightening a request breaks a caller.
  if (direction === 'request') {
    for (const key of LOWER_BOUNDS) {
      const was = before.bounds[key];
      const now = after.bounds[key];
      if (now !== undefined && (was === undefined || now > was)) out.push({ kind: 'constraint-narrowed', location, detail: `${key} ${was ?? 'none'} → ${now}` });
    }
    for (const key of UPPER_BOUNDS) {
      const was = before.bounds[key];
      const now = after.bounds[key];
      if (now !== undefined && (was === undefined || now < was)) out.push({ kind: 'constraint-narrowed', location, detail: `${key} ${was ?? 'none'} → ${now}` });
    }
    if (after.pattern !== undefined && after.pattern !== before.pattern) {
      out.push({ kind: 'constraint-narrowed', location, detail: `pattern ${before.pattern ?? 'none'} → ${after.pattern}` });
    }
    if (after.format !== undefined && after.format !== before.format) {
      out.push({ kind: 'constraint-narrowed', location, detail: `format ${before.format ?? 'none'} → ${after.format}` });
    }
    if (after.additionalProperties === false && before.additionalProperties !== false) {
      out.push({ kind: 'constraint-narrowed', location, detail: 'no longer accepts additional properties' });
    }
    for (const name of after.required) {
      if (!before.required.has(name)) out.push({ kind: 'required-request-field-added', location: join(location, name), detail: 'newly required' });
    }
  }

  // Properties.
  for (const [name, schema] of before.properties) {
    const next = after.properties.get(name);
    if (next === undefined) {
      // Also for an open request object: the server no longer knows what the field means.
      out.push({ kind: 'field-removed', location: join(location, name), detail: 'the field is gone' });
      continue;
    }
    compareSchemas({ doc: b.doc, node: schema }, { doc: a.doc, node: next }, join(location, name), direction, out, visited);
  }

  // Array items.
  if (before.items !== undefined && after.items !== undefined) {
    compareSchemas({ doc: b.doc, node: before.items }, { doc: a.doc, node: after.items }, `${location}[]`, direction, out, visited);
  }

  // oneOf / anyOf variants, matched by position.
  if (before.variants && after.variants) {
    if (direction === 'request' && after.variants.length < before.variants.length) {
      out.push({ kind: 'variant-removed', location, detail: `${before.variants.length} variants → ${after.variants.length}` });
    }
    const shared = Math.min(before.variants.length, after.variants.length);
    for (let i = 0; i < shared; i++) {
      compareSchemas({ doc: b.doc, node: before.variants[i] }, { doc: a.doc, node: after.variants[i] }, `${location} (variant ${i + 1})`, direction, out, visited);
    }
  }
}

/** Cycles only run through $refs; inline schemas get an identity of their own. */
const ids = new WeakMap<object, string>();
let nextId = 0;
function objectId(node: unknown): string {
  if (!isObject(node)) return `value:${JSON.stringify(node)}`;
  let id = ids.get(node);
  if (!id) ids.set(node, (id = `inline:${nextId++}`));
  return id;
}

function typeSet(schema: JsonObject): Set<string> | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return new Set([type]);
  if (Array.isArray(type)) return new Set(type.filter((t): t is string => typeof t === 'string'));
  return undefined;
}

function join(location: string, field: string): string {
  return location.includes(' › ') ? `${location}.${field}` : `${location} › ${field}`;
}

function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
