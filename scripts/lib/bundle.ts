/**
 * Bundling a spec (resolving its file `$ref`s) into one document, with problems reported as file:line:col.
 * The one place the tools turn specs/<api>/openapi.yaml into a document: generate, diff, drift, lint and the mock.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { bundle, createConfig } from '@redocly/openapi-core';
import type { OpenApiDocument } from '../../src/core/spec.js';
import { InputError } from './command.js';
import { ROOT } from './apis.js';

interface ProblemLocation {
  source?: { absoluteRef?: string; getLineColLocation?: never; body?: string };
  pointer?: string;
  start?: { line: number; col: number };
}

/** Bundles one spec. Throws an InputError naming file:line:col and the problem. */
export async function bundleSpec(root: string, where: string = relative(ROOT, root)): Promise<OpenApiDocument> {
  if (!existsSync(root)) throw new InputError(`${where}: file not found`);
  let bundled;
  try {
    bundled = await bundle({ ref: root, config: await createConfig({}) });
  } catch (error) {
    throw new InputError(`${yamlErrorLocation(error, where)}: cannot be parsed: ${firstLine(error)}`, { cause: error });
  }
  const problems = bundled.problems.filter((p) => p.severity === 'error');
  if (problems.length > 0) {
    const lines = problems.map((p) => `${describeLocation(p.location[0] as ProblemLocation | undefined, where)}: ${p.message}`);
    throw new InputError(lines.length === 1 ? lines[0]! : `${where}: ${lines.length} problems:\n  ${lines.join('\n  ')}`);
  }
  const document = bundled.bundle.parsed as unknown;
  if (!document || typeof document !== 'object' || !('openapi' in document)) {
    throw new InputError(`${where}:1:1: not an OpenAPI document (no \`openapi:\` field)`);
  }
  return document as OpenApiDocument;
}

function describeLocation(location: ProblemLocation | undefined, fallback: string): string {
  if (!location) return fallback;
  const file = location.source?.absoluteRef ? relative(ROOT, location.source.absoluteRef) : fallback;
  const lineCol = location.source?.body && location.pointer ? lineColOfPointer(location.source.body, location.pointer) : undefined;
  return lineCol ? `${file}:${lineCol.line}:${lineCol.col}` : `${file}${location.pointer?.startsWith('#') ? '' : '#'}${location.pointer ?? ''}`;
}

/** Finds a JSON pointer's key in YAML text by walking indentation: good enough to name the line of a problem. */
function lineColOfPointer(yaml: string, pointer: string): { line: number; col: number } | undefined {
  const tokens = pointer.replace(/^#?\//, '').split('/').filter(Boolean).map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'));
  const lines = yaml.split('\n');
  let from = 0;
  let indent = -1;
  let found: { line: number; col: number } | undefined;
  for (const token of tokens) {
    let hit = -1;
    for (let i = from; i < lines.length; i++) {
      const text = lines[i]!;
      const col = text.search(/\S/);
      if (col >= 0 && col <= indent && i > from) break;
      const key = text.slice(col).replace(/^- /, '');
      if (col > indent && (key.startsWith(`${token}:`) || key.startsWith(`'${token}':`) || key.startsWith(`"${token}":`))) {
        hit = i;
        indent = col;
        found = { line: i + 1, col: col + 1 };
        break;
      }
    }
    if (hit < 0) return found;
    from = hit + 1;
  }
  return found;
}

/** js-yaml (inside Redocly) ends its message with `in "<file>" (line:col)`: turn that into file:line:col. */
function yamlErrorLocation(error: unknown, where: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /in "([^"]+)" \((\d+):(\d+)\)/.exec(message);
  return at ? `${relative(ROOT, at[1]!)}:${at[2]}:${at[3]}` : where;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/\s*in "[^"]+" \(\d+:\d+\)\s*$/, '').trim();
}
