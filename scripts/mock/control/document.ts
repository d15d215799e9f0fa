/**
 * The control API's OpenAPI document: written as ./openapi.yaml (linted by `kyc-contracts lint` with the vendor
 * specs), shipped and served as ./openapi.json, which `npx tsx scripts/mock/control/document.ts` writes from the YAML
 * (./document.test.ts fails when the two differ). Read once, when the first control request needs it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../spec.js';

export const CONTROL_DOCUMENT_YAML = join(REPO_ROOT, 'scripts', 'mock', 'control', 'openapi.yaml');
export const CONTROL_DOCUMENT_JSON = join(REPO_ROOT, 'scripts', 'mock', 'control', 'openapi.json');

let document: Record<string, unknown> | undefined;

export function controlDocument(): Record<string, unknown> {
  document ??= JSON.parse(readFileSync(CONTROL_DOCUMENT_JSON, 'utf8')) as Record<string, unknown>;
  return document;
}

/** The JSON text the YAML source makes (the `yaml` package is a development dependency: only this needs it). */
export async function documentJsonFromYaml(): Promise<string> {
  const { parse } = await import('yaml');
  return `${JSON.stringify(parse(readFileSync(CONTROL_DOCUMENT_YAML, 'utf8')), null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(CONTROL_DOCUMENT_JSON, await documentJsonFromYaml());
  console.log(`wrote ${CONTROL_DOCUMENT_JSON}`);
}
