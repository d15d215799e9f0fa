/**
 * OpenAPI Overlay 1.0 (https://spec.openapis.org/overlay/v1.0.0.html) applied to a bundled spec by openapi-format
 * (its overlay module: JSONPath by jsonpathly, `remove` before `update`, and a list of the actions that matched
 * nothing). Chosen over `redocly bundle --overlay`, which applies overlays too but skips an unmatched target
 * silently (docs/own-specs.md has the measurement). An action that matches nothing is an error here: the vendor
 * spec moved under the user's overlay, and CI must say so.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import type { OpenApiDocument } from '../../src/core/spec.js';
import { InputError, MissingDependencyError } from './command.js';

interface OverlayAction {
  readonly target: string;
  readonly description?: string;
  readonly update?: unknown;
  readonly remove?: boolean;
}

export interface OverlayDocument {
  readonly overlay: string;
  readonly info: { readonly title: string; readonly version: string };
  readonly actions: readonly OverlayAction[];
}

type OpenapiOverlay = (document: object, options: { overlaySet: OverlayDocument }) => Promise<{ data: object; resultData: { unusedActions: OverlayAction[] } }>;

let engine: { apply: OpenapiOverlay; parseYaml: (text: string) => unknown } | undefined;

function overlayEngine(): NonNullable<typeof engine> {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  try {
    // The overlay module alone: the package's main module also loads its bundler, sorter and casing (≈ 90 ms).
    const apply = (require('openapi-format/utils/overlay.js') as { openapiOverlay: OpenapiOverlay }).openapiOverlay;
    // The YAML parser openapi-format itself depends on, resolved from it (wherever npm placed it).
    const { parse } = createRequire(require.resolve('openapi-format'))('yaml') as typeof import('yaml');
    engine = { apply, parseYaml: (text) => parse(text, { prettyErrors: true }) };
  } catch {
    throw new MissingDependencyError(['openapi-format'], 'applying overlays');
  }
  return engine;
}

const shown = (file: string) => relative(process.cwd(), file) || file;

/** Parses and checks an overlay document (YAML or JSON). Throws an InputError naming the file and the action. */
export function parseOverlay(text: string, file: string): OverlayDocument {
  let value: unknown;
  try {
    value = overlayEngine().parseYaml(text);
  } catch (error) {
    if (error instanceof MissingDependencyError) throw error;
    const at = (error as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw new InputError(`${shown(file)}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML or JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const where = shown(file);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${where}: not an overlay document (an object with overlay, info and actions)`);
  const doc = value as Record<string, unknown>;
  if (typeof doc['overlay'] !== 'string' || !/^1\.0\.\d+$/.test(doc['overlay'])) {
    throw new InputError(`${where}: /overlay: must be an Overlay 1.0 version such as "1.0.0", got ${JSON.stringify(doc['overlay'])}`);
  }
  const info = doc['info'] as Record<string, unknown> | undefined;
  if (!info || typeof info !== 'object' || typeof info['title'] !== 'string' || typeof info['version'] !== 'string') {
    throw new InputError(`${where}: /info: must have a title and a version (strings)`);
  }
  if (!Array.isArray(doc['actions']) || doc['actions'].length === 0) throw new InputError(`${where}: /actions: must be a list of at least one action`);
  doc['actions'].forEach((action: unknown, index: number) => {
    const at = `${where}: action ${index} (/actions/${index})`;
    if (!action || typeof action !== 'object' || Array.isArray(action)) throw new InputError(`${at}: must be an object with target and update or remove`);
    const { target, remove } = action as Record<string, unknown>;
    if (typeof target !== 'string' || !target.startsWith('$')) throw new InputError(`${at}: target must be a JSONPath starting with "$", got ${JSON.stringify(target)}`);
    const hasUpdate = 'update' in action;
    if (remove !== undefined && typeof remove !== 'boolean') throw new InputError(`${at} target ${target}: remove must be true or false`);
    if (!hasUpdate && remove !== true) throw new InputError(`${at} target ${target}: has neither update nor remove: true`);
    if (remove === true && target === '$') throw new InputError(`${at}: remove cannot target the whole document "$"`);
  });
  return value as OverlayDocument;
}

export function readOverlay(file: string): OverlayDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`${shown(file)}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseOverlay(text, file);
}

/**
 * Applies overlay files in order to a copy of `document`. Throws an InputError naming the file, the action's index
 * and its target when an action matches nothing (`what` names the spec, e.g. "erd's spec").
 */
export async function applyOverlays(document: OpenApiDocument, files: readonly string[], what: string): Promise<OpenApiDocument> {
  let current: object = structuredClone(document);
  for (const file of files) {
    const overlay = readOverlay(file);
    const { data, resultData } = await overlayEngine().apply(current, { overlaySet: overlay });
    const unmatched = resultData.unusedActions.map((action) => overlay.actions.indexOf(action));
    if (unmatched.length) {
      const lines = unmatched.map((index) => `${shown(file)}: action ${index} (/actions/${index}) target ${overlay.actions[index]!.target} matches nothing in ${what}`);
      throw new InputError(lines.join('\n'));
    }
    current = data;
  }
  return current as OpenApiDocument;
}
