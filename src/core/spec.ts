/**
 * Walking a bundled OpenAPI document (`generated/<api>.spec.ts`, written by `npm run generate`): operations,
 * local `$ref`s, JSON pointers. Pure functions over the document; nothing here reads a file.
 */

export type JsonObject = { [key: string]: unknown };

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  paths?: Record<string, Record<string, unknown>>;
  components?: JsonObject;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethodName = (typeof HTTP_METHODS)[number];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` (`#/components/...`) until a non-reference object; returns it with its JSON pointer. */
export function resolveLocal(document: JsonObject, node: unknown, pointer: string): { node: unknown; pointer: string } {
  const seen = new Set<string>();
  let current = node;
  let at = pointer;
  while (isObject(current) && typeof current['$ref'] === 'string') {
    const ref = current['$ref'];
    if (!ref.startsWith('#')) throw new Error(`Only local $refs are supported in bundled specs, found "${ref}" at ${at}.`);
    if (seen.has(ref)) throw new Error(`Circular $ref "${ref}" at ${at}.`);
    seen.add(ref);
    at = ref.slice(1);
    current = getByPointer(document, at);
    if (current === undefined) throw new Error(`Unresolvable $ref "${ref}".`);
  }
  return { node: current, pointer: at };
}

export function getByPointer(document: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return document;
  let current: unknown = document;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export interface OperationInfo {
  readonly path: string;
  readonly method: HttpMethodName;
  readonly operationId: string | undefined;
  readonly operation: JsonObject;
  readonly pointer: string;
}

/** Every operation in the document, in document order. */
export function listOperations(document: OpenApiDocument): OperationInfo[] {
  const operations: OperationInfo[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const resolvedItem = resolveLocal(document, item, `/paths/${escapePointerToken(path)}`);
    if (!isObject(resolvedItem.node)) continue;
    for (const method of HTTP_METHODS) {
      const operation = resolvedItem.node[method];
      if (!isObject(operation)) continue;
      operations.push({
        path,
        method,
        operationId: typeof operation['operationId'] === 'string' ? operation['operationId'] : undefined,
        operation,
        pointer: `${resolvedItem.pointer}/${method}`,
      });
    }
  }
  return operations;
}

export function findOperationById(document: OpenApiDocument, operationId: string): OperationInfo | undefined {
  return listOperations(document).find((op) => op.operationId === operationId);
}
