/**
 * Validates bodies against a spec with ajv (JSON Schema 2020-12, the OpenAPI 3.1 dialect), strict mode on.
 * Each schema is compiled once, on first use, and cached; one validator per spec document per process.
 * Clients load this module (and ajv) only when `validateResponses` is on.
 */
import { Ajv2020, type ErrorObject, type FormatDefinition, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { pickMediaType } from './body.js';
import type { FieldIssue } from './errors.js';
import {
  type JsonObject,
  type OpenApiDocument,
  type OperationInfo,
  escapePointerToken,
  isObject,
  listOperations,
  resolveLocal,
} from './spec.js';

// ajv-formats is CommonJS: under NodeNext its function is the namespace's `default`.
const addFormats = addFormatsModule.default;

/** OpenAPI keywords that are not JSON Schema keywords, declared so strict mode accepts the whole document. */
const OPENAPI_VOCABULARY = [
  'openapi', 'info', 'servers', 'paths', 'components', 'tags', 'security', 'webhooks',
  'jsonSchemaDialect', 'externalDocs', 'example', 'xml',
];

/** OpenAPI's number and string formats that ajv-formats does not know. */
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const OPENAPI_FORMATS: Record<string, FormatDefinition<number> | FormatDefinition<string>> = {
  int32: { type: 'number', validate: (v: number) => Number.isInteger(v) && v >= INT32.min && v <= INT32.max },
  int64: { type: 'number', validate: (v: number) => Number.isInteger(v) },
  float: { type: 'number', validate: (v: number) => Number.isFinite(v) },
  double: { type: 'number', validate: (v: number) => Number.isFinite(v) },
  byte: { type: 'string', validate: (v: string) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(v) },
  binary: { type: 'string', validate: () => true },
  password: { type: 'string', validate: () => true },
};

export type BodyCheck =
  | { readonly kind: 'valid'; readonly schemaPointer: string | undefined }
  | { readonly kind: 'invalid'; readonly schemaPointer: string; readonly issues: FieldIssue[] }
  | { readonly kind: 'unknown-operation' }
  | { readonly kind: 'undocumented-status'; readonly documented: string[] }
  | { readonly kind: 'undocumented-media-type'; readonly documented: string[] };

export interface ResponseToCheck {
  readonly method: string;
  /** The spec's path template. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

export class SpecValidator {
  readonly document: OpenApiDocument;
  private readonly id: string;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** `get /path` → operation, built once: responses are matched on every call. */
  private readonly operations: Map<string, OperationInfo>;

  constructor(document: OpenApiDocument, id: string) {
    this.document = document;
    this.id = id;
    this.ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true, validateFormats: true });
    addFormats(this.ajv);
    for (const [name, format] of Object.entries(OPENAPI_FORMATS)) this.ajv.addFormat(name, format);
    this.ajv.addVocabulary(OPENAPI_VOCABULARY);
    this.ajv.addSchema(stripForAjv(document) as JsonObject, id);
    this.operations = new Map(listOperations(document).map((op) => [`${op.method} ${op.path}`, op]));
  }

  operation(method: string, path: string): OperationInfo | undefined {
    return this.operations.get(`${method.toLowerCase()} ${path}`);
  }

  /** Validates `value` against the schema at a JSON pointer into the document. */
  validateAt(pointer: string, value: unknown): FieldIssue[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      const found = this.ajv.getSchema(`${this.id}#${pointer}`);
      if (!found) throw new Error(`No schema at ${pointer} in ${this.id}.`);
      validate = found;
      this.compiled.set(pointer, validate);
    }
    return validate(value) ? [] : toIssues(validate.errors ?? []);
  }

  private readonly responses = new Map<string, { pointer: string; response: JsonObject } | BodyCheck>();

  /** The response object for an operation and status (exact code, then `4XX`-style range, then `default`); memoized. */
  responseFor(method: string, path: string, status: number): { pointer: string; response: JsonObject } | BodyCheck {
    const key = `${method.toLowerCase()} ${path} ${status}`;
    let found = this.responses.get(key);
    if (!found) this.responses.set(key, (found = this.findResponse(method, path, status)));
    return found;
  }

  private findResponse(method: string, path: string, status: number): { pointer: string; response: JsonObject } | BodyCheck {
    const operation = this.operation(method, path);
    if (!operation) return { kind: 'unknown-operation' };
    const responses = operation.operation['responses'];
    if (!isObject(responses)) return { kind: 'undocumented-status', documented: [] };
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
    if (!key) return { kind: 'undocumented-status', documented: Object.keys(responses) };
    const resolved = resolveLocal(this.document, responses[key], `${operation.pointer}/responses/${key}`);
    if (!isObject(resolved.node)) return { kind: 'undocumented-status', documented: Object.keys(responses) };
    return { pointer: resolved.pointer, response: resolved.node };
  }

  /** Where a response's body is checked, per operation, status and content type: found once, then looked up. */
  private readonly responseSchemas = new Map<string, { readonly schemaPointer: string } | BodyCheck>();

  validateResponse(check: ResponseToCheck): BodyCheck {
    const key = `${check.method.toLowerCase()} ${check.path} ${check.status} ${check.contentType}`;
    let target = this.responseSchemas.get(key);
    if (!target) {
      target = this.findResponseSchema(check);
      // Content types are the server's to choose: only a bounded number of them is remembered.
      if (this.responseSchemas.size < 1_000) this.responseSchemas.set(key, target);
    }
    return this.checkBody(target, check.body);
  }

  private findResponseSchema(check: ResponseToCheck): { readonly schemaPointer: string } | BodyCheck {
    const found = this.responseFor(check.method, check.path, check.status);
    if ('kind' in found) return found;
    return this.contentSchema(found.response['content'], `${found.pointer}/content`, check.contentType);
  }

  validateRequestBody(check: { method: string; path: string; contentType: string; body: unknown }): BodyCheck {
    const operation = this.operation(check.method, check.path);
    if (!operation) return { kind: 'unknown-operation' };
    const requestBody = operation.operation['requestBody'];
    if (requestBody === undefined) return { kind: 'valid', schemaPointer: undefined };
    const resolved = resolveLocal(this.document, requestBody, `${operation.pointer}/requestBody`);
    if (!isObject(resolved.node)) return { kind: 'valid', schemaPointer: undefined };
    return this.validateContent(resolved.node['content'], `${resolved.pointer}/content`, check.contentType, check.body);
  }

  private validateContent(content: unknown, pointer: string, contentType: string, body: unknown): BodyCheck {
    return this.checkBody(this.contentSchema(content, pointer, contentType), body);
  }

  private checkBody(target: { readonly schemaPointer: string } | BodyCheck, body: unknown): BodyCheck {
    if ('kind' in target) return target;
    const issues = this.validateAt(target.schemaPointer, body);
    return issues.length === 0 ? { kind: 'valid', schemaPointer: target.schemaPointer } : { kind: 'invalid', schemaPointer: target.schemaPointer, issues };
  }

  /** The schema a body of `contentType` is held to, or why there is none to check. */
  private contentSchema(content: unknown, pointer: string, contentType: string): { readonly schemaPointer: string } | BodyCheck {
    // A response without `content` documents no body; there is nothing to hold the body against.
    if (!isObject(content)) return { kind: 'valid', schemaPointer: undefined };
    const mediaType = pickMediaType(Object.keys(content), contentType);
    if (!mediaType) return { kind: 'undocumented-media-type', documented: Object.keys(content) };
    const media = content[mediaType];
    if (!isObject(media) || media['schema'] === undefined) return { kind: 'valid', schemaPointer: undefined };
    return { schemaPointer: `${pointer}/${escapePointerToken(mediaType)}/schema` };
  }
}

const validators = new WeakMap<OpenApiDocument, SpecValidator>();

/** The shared validator for a spec document (`id` names it in ajv's messages, e.g. `erd.openapi.json`). */
export function validatorFor(document: OpenApiDocument, id: string): SpecValidator {
  let validator = validators.get(document);
  if (!validator) {
    validator = new SpecValidator(document, id);
    validators.set(document, validator);
  }
  return validator;
}

function toIssues(errors: ErrorObject[]): FieldIssue[] {
  return errors.map((error) => {
    let field = error.instancePath;
    if (error.keyword === 'required') field += `/${String(error.params['missingProperty'])}`;
    if (error.keyword === 'additionalProperties') field += `/${String(error.params['additionalProperty'])}`;
    const detail =
      error.keyword === 'enum' ? `: ${JSON.stringify(error.params['allowedValues'])}` :
      error.keyword === 'const' ? `: ${JSON.stringify(error.params['allowedValue'])}` : '';
    return { field, message: `${error.message ?? error.keyword}${detail}`, code: error.keyword };
  });
}

/** Keywords whose values are maps of user-chosen names (a property may well be called `x-foo`). */
const NAME_MAPS = new Set([
  'properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions', 'headers', 'content', 'examples',
  'schemas', 'parameters', 'responses', 'requestBodies', 'securitySchemes', 'links', 'callbacks', 'paths',
  'webhooks', 'variables', 'encoding', 'mapping',
]);

const DATA_KEYWORDS = new Set(['example', 'value', 'default', 'const', 'enum']);

/**
 * A copy of the document without what ajv's strict mode rejects and validation does not need:
 * `x-*` extensions (documentation for people) and `discriminator` (ajv does not support OpenAPI's `mapping`;
 * the `oneOf` it annotates still validates). Names inside maps such as `properties` are kept.
 */
export function stripForAjv(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((item) => stripForAjv(item));
  if (!isObject(node)) return node;
  const isNameMap = NAME_MAPS.has(parentKey);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (!isNameMap && (key.startsWith('x-') || key === 'discriminator')) continue;
    // Example values, defaults and enum members are data, not schemas: copy them untouched.
    const isData = !isNameMap && DATA_KEYWORDS.has(key);
    out[key] = isData ? value : stripForAjv(value, isNameMap ? '' : key);
  }
  return out;
}
