/** The APIs the tools work on: one per vendor manifest, each with its spec at specs/<id>/openapi.yaml. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFESTS } from '../../src/manifests.js';
import { PACKAGE_ROOT, UsageError } from './command.js';

/** The repository (or installed package) root. */
export const ROOT = PACKAGE_ROOT;
export const SPECS_DIR = join(ROOT, 'specs');
export const GENERATED_DIR = join(ROOT, 'generated');

export interface ApiEntry {
  readonly id: string;
  /** Absolute path of the entry document. */
  readonly root: string;
}

/** Every API, in manifest order. */
export function listApis(root = ROOT): ApiEntry[] {
  return MANIFESTS.map((m) => ({ id: m.id, root: join(root, 'specs', m.id, 'openapi.yaml') }));
}

/** Folders under specs/ that hold an openapi.yaml (each must have a manifest). */
export function specFolders(): string[] {
  return readdirSync(SPECS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(SPECS_DIR, entry.name, 'openapi.yaml')))
    .map((entry) => entry.name)
    .sort();
}

/** Picks APIs by id; an unknown id is a UsageError (exit 2) that lists the known ones. */
export function selectApis(all: ApiEntry[], ids: readonly string[]): ApiEntry[] {
  if (ids.length === 0) return all;
  const unknown = ids.filter((id) => !all.some((api) => api.id === id));
  if (unknown.length) {
    throw new UsageError(`unknown API ${unknown.map((u) => `"${u}"`).join(', ')}; known: ${all.map((a) => a.id).join(', ')}`);
  }
  return all.filter((api) => ids.includes(api.id));
}
