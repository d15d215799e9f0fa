/** The list of APIs: `apis:` in redocly.yaml, each with its spec at specs/<api>/openapi.yaml. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SPECS_DIR = join(ROOT, 'specs');
export const GENERATED_DIR = join(ROOT, 'generated');

export interface ApiEntry {
  readonly id: string;
  /** Absolute path of the entry document. */
  readonly root: string;
}

/** APIs in the order redocly.yaml lists them. Throws with the file and the problem when the config is unusable. */
export function listApis(configPath = join(ROOT, 'redocly.yaml'), root = dirname(configPath)): ApiEntry[] {
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (error) {
    throw new Error(`${configPath}: cannot read (${(error as Error).message})`, { cause: error });
  }
  return apisFromConfig(text, configPath, root);
}

/** The `apis:` of a redocly.yaml given as text (e.g. from `git show <ref>:redocly.yaml`). */
export function apisFromConfig(text: string, configPath: string, root: string): ApiEntry[] {
  let config: unknown;
  try {
    config = parse(text);
  } catch (error) {
    throw new Error(`${configPath}: not valid YAML (${(error as Error).message})`, { cause: error });
  }
  const apis = (config as { apis?: unknown } | null)?.apis;
  if (!apis || typeof apis !== 'object') throw new Error(`${configPath}: no \`apis:\` map`);
  return Object.entries(apis as Record<string, { root?: unknown }>).map(([id, entry]) => {
    if (!entry || typeof entry.root !== 'string') throw new Error(`${configPath}: apis.${id}.root is missing`);
    return { id, root: resolve(root, entry.root) };
  });
}

/** Folders under specs/ that hold an openapi.yaml (what redocly.yaml's `apis:` must list). */
export function specFolders(): string[] {
  return readdirSync(SPECS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(SPECS_DIR, entry.name, 'openapi.yaml')))
    .map((entry) => entry.name)
    .sort();
}

/** Picks APIs by id; unknown ids are an error that lists the known ones. */
export function selectApis(all: ApiEntry[], ids: string[]): ApiEntry[] {
  if (ids.length === 0) return all;
  const unknown = ids.filter((id) => !all.some((api) => api.id === id));
  if (unknown.length) {
    throw new Error(`Unknown API ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${all.map((a) => a.id).join(', ')}`);
  }
  return all.filter((api) => ids.includes(api.id));
}
