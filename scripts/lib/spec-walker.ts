/**
 * Walks a bundled spec to drive the mock contract tests: every operation × documented status × named example,
 * and a valid request for each operation built from the spec's own examples.
 */
import {
  type JsonObject,
  type OpenApiDocument,
  type OperationInfo,
  isObject,
  listOperations,
  resolveLocal,
} from '../../src/core/spec.js';
import type { UntypedInit } from '../../src/core/client.js';

export interface ResponseCase {
  readonly operation: OperationInfo;
  readonly status: number;
  readonly mediaType: string | undefined;
  readonly exampleName: string | undefined;
  /** The example's value: what Prism serves for this case. */
  readonly example: unknown;
  readonly title: string;
}

export function responseCases(document: OpenApiDocument): ResponseCase[] {
  const cases: ResponseCase[] = [];
  for (const operation of listOperations(document)) {
    const responses = operation.operation['responses'];
    if (!isObject(responses)) continue;
    for (const [code, raw] of Object.entries(responses)) {
      const status = Number(code);
      if (!Number.isInteger(status)) continue; // `default`, `4XX`: Prism cannot be asked for them by code
      const response = resolveLocal(document, raw, '').node;
      const content = isObject(response) && isObject(response['content']) ? response['content'] : undefined;
      const label = `${operation.operationId ?? `${operation.method} ${operation.path}`} → ${status}`;
      if (!content) {
        cases.push({ operation, status, mediaType: undefined, exampleName: undefined, example: undefined, title: label });
        continue;
      }
      for (const [mediaType, media] of Object.entries(content)) {
        if (!isObject(media)) continue;
        for (const [name, value] of namedExamples(document, media)) {
          cases.push({ operation, status, mediaType, exampleName: name, example: value, title: `${label} ${mediaType}${name ? ` (${name})` : ''}` });
        }
      }
    }
  }
  return cases;
}

/** A media type's examples as [name, value]; a lone `example` has no name. */
export function namedExamples(document: JsonObject, media: JsonObject): Array<[string | undefined, unknown]> {
  if (isObject(media['examples'])) {
    return Object.entries(media['examples']).map(([name, example]) => {
      const resolved = resolveLocal(document, example, '').node;
      return [name, isObject(resolved) ? resolved['value'] : undefined];
    });
  }
  return media['example'] !== undefined ? [[undefined, media['example']]] : [];
}

/** A valid request for an operation, from its parameter and request-body examples. */
export function exampleRequest(document: OpenApiDocument, operation: OperationInfo): UntypedInit & { contentType?: string } {
  const params: { path: Record<string, unknown>; query: Record<string, unknown>; header: Record<string, unknown> } = {
    path: {},
    query: {},
    header: {},
  };
  const pathItem = resolveLocal(document, document.paths?.[operation.path], '').node;
  const parameters = [
    ...(isObject(pathItem) && Array.isArray(pathItem['parameters']) ? pathItem['parameters'] : []),
    ...(Array.isArray(operation.operation['parameters']) ? operation.operation['parameters'] : []),
  ];
  for (const raw of parameters) {
    const parameter = resolveLocal(document, raw, '').node;
    if (!isObject(parameter)) continue;
    const where = parameter['in'];
    if (where !== 'path' && where !== 'query' && where !== 'header') continue;
    if (where !== 'path' && parameter['required'] !== true) continue;
    const value = parameterExample(document, parameter);
    if (value !== undefined) params[where][String(parameter['name'])] = value;
  }
  const init: UntypedInit & { contentType?: string } = { params };
  const requestBody = resolveLocal(document, operation.operation['requestBody'], '').node;
  if (isObject(requestBody) && isObject(requestBody['content'])) {
    const [mediaType, media] = Object.entries(requestBody['content'])[0] ?? [];
    if (mediaType && isObject(media)) {
      const [, value] = namedExamples(document, media)[0] ?? [];
      return { ...init, body: value, contentType: mediaType, ...bodyEncoding(mediaType) };
    }
  }
  return init;
}

function parameterExample(document: JsonObject, parameter: JsonObject): unknown {
  if (parameter['example'] !== undefined) return parameter['example'];
  if (isObject(parameter['examples'])) {
    const first = Object.values(parameter['examples'])[0];
    const resolved = resolveLocal(document, first, '').node;
    if (isObject(resolved)) return resolved['value'];
  }
  const schema = resolveLocal(document, parameter['schema'], '').node;
  if (isObject(schema)) {
    if (schema['example'] !== undefined) return schema['example'];
    if (Array.isArray(schema['examples'])) return schema['examples'][0];
  }
  return undefined;
}

/** openapi-fetch sends JSON by default; other media types need their own serializer. */
function bodyEncoding(mediaType: string): Pick<UntypedInit, 'bodySerializer' | 'headers'> {
  if (mediaType === 'multipart/form-data') {
    return {
      bodySerializer: (body: Record<string, unknown>) => {
        const form = new FormData();
        for (const [key, value] of Object.entries(body ?? {})) {
          if (typeof value === 'string') form.append(key, new Blob([value], { type: 'application/octet-stream' }), key);
          else form.append(key, JSON.stringify(value));
        }
        return form;
      },
    };
  }
  if (mediaType === 'application/x-www-form-urlencoded') {
    return {
      bodySerializer: (body: Record<string, unknown>) => new URLSearchParams(body as Record<string, string>).toString(),
      headers: { 'Content-Type': mediaType },
    };
  }
  return {};
}

/**
 * Path parameter values from a concrete path, typed as the spec declares them: an array parameter in the
 * `simple` style (`/find/1,2`) becomes `[1, 2]`, so the client re-serializes it exactly as recorded.
 */
export function pathParamsFromPath(document: OpenApiDocument, operation: OperationInfo, concretePath: string): Record<string, unknown> | undefined {
  const names: string[] = [];
  const pattern = operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{([^}]+)\\?\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}$`).exec(concretePath);
  if (!match) return undefined;
  const pathItem = resolveLocal(document, document.paths?.[operation.path], '').node;
  const declared = [
    ...(isObject(pathItem) && Array.isArray(pathItem['parameters']) ? pathItem['parameters'] : []),
    ...(Array.isArray(operation.operation['parameters']) ? operation.operation['parameters'] : []),
  ].map((raw) => resolveLocal(document, raw, '').node);
  return Object.fromEntries(
    names.map((name, i) => {
      const raw = decodeURIComponent(match[i + 1]!);
      const parameter = declared.find((p) => isObject(p) && p['name'] === name && p['in'] === 'path');
      const schema = isObject(parameter) ? resolveLocal(document, parameter['schema'], '').node : undefined;
      if (isObject(schema) && schema['type'] === 'array') {
        const items = resolveLocal(document, schema['items'], '').node;
        const numeric = isObject(items) && (items['type'] === 'integer' || items['type'] === 'number');
        return [name, raw.split(',').map((v) => (numeric ? Number(v) : v))];
      }
      return [name, raw];
    }),
  );
}
