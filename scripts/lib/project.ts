/**
 * The project the tools work for: this repository (no config: everything as it always was), or a user's project
 * that installed the package (its `kyc-contracts.config.json`, overlays, `out`). Every tool asks here for an API's
 * spec (the package's spec with the user's overlays applied) and for where it may write: the package never writes
 * into its own install folder or a shared temporary folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { OpenApiDocument } from '../../src/core/spec.js';
import { type ApiEntry, GENERATED_DIR, ROOT, listApis } from './apis.js';
import { writeFileAtomic } from './files.js';
import { type ProjectConfig, findConfigFile, loadProjectConfig } from './project-config.js';

export interface Project {
  /** Where the tools write: the config's folder, else the working directory. */
  readonly root: string;
  readonly config: ProjectConfig | undefined;
  /** True when the tools run from this repository's own checkout (not an installed package) without a config. */
  readonly isPackageCheckout: boolean;
  /** Where reference pages go. */
  readonly docsDir: string;
  /** The project's cache folder (the mock's operations, overlaid specs handed to other tools). */
  readonly cacheDir: string;
  /** The overlay files of an API (absolute, in order; [] without). */
  overlaysOf(api: string): readonly string[];
  /** The API's spec as this project sees it: the package's (see baseSpec), the project's overlays applied. */
  specOf(api: ApiEntry | string): Promise<OpenApiDocument>;
}

let configFileOption: string | undefined;

/** `--config FILE`, given to every command (scripts/cli.ts); relative to the working directory. */
export function useConfigFile(file: string | undefined): void {
  configFileOption = file;
  cached = undefined;
}

/** Whether the package runs from an installed copy (inside some node_modules) rather than its own checkout. */
export function isInstalledPackage(root = ROOT): boolean {
  return realpathSync(root).split(sep).includes('node_modules');
}

let cached: { cwd: string; project: Project } | undefined;

/** The current project (cwd, `--config`), read once per working directory. */
export function currentProject(cwd = process.cwd()): Project {
  if (cached?.cwd === cwd) return cached.project;
  const project = openProject(cwd, configFileOption);
  cached = { cwd, project };
  return project;
}

/** Opens a project: reads and checks the config (if any), resolves where things go. */
export function openProject(cwd: string, configFile?: string): Project {
  const file = findConfigFile(cwd, configFile);
  const config = file ? loadProjectConfig(file) : undefined;
  const root = config?.root ?? cwd;
  const isPackageCheckout = !config && !isInstalledPackage();
  const base = isPackageCheckout ? ROOT : root;
  const specs = new Map<string, Promise<OpenApiDocument>>();
  const overlaysOf = (api: string) => config?.overlays[api] ?? [];
  return {
    root,
    config,
    isPackageCheckout,
    docsDir: config?.docs ?? (isPackageCheckout ? join(ROOT, 'build', 'docs') : join(root, 'build', 'kyc-contracts-docs')),
    cacheDir: join(base, 'node_modules', '.cache', isPackageCheckout ? 'kyc-contracts-mock' : 'kyc-contracts'),
    overlaysOf,
    specOf(api) {
      const entry = typeof api === 'string' ? listApis().find((a) => a.id === api) : api;
      if (!entry) throw new Error(`unknown API ${String(api)}`);
      let spec = specs.get(entry.id);
      if (!spec) {
        spec = baseSpec(entry, isPackageCheckout).then(async (document) => {
          if (overlaysOf(entry.id).length === 0) return document;
          const { applyOverlays } = await import('./overlay.js');
          return applyOverlays(document, overlaysOf(entry.id), `${entry.id}'s spec`);
        });
        specs.set(entry.id, spec);
      }
      return spec;
    },
  };
}

/**
 * An overlaid spec as a file other tools can read (Redocly's lint and build-docs, the mock's cache), under the
 * project's cache folder and named by its content; undefined when the folder cannot be written (a read-only tree).
 */
export function overlaidSpecFile(project: Project, api: string, document: OpenApiDocument): string | undefined {
  const text = `${JSON.stringify(document, null, 2)}\n`;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const file = join(project.cacheDir, 'specs', `${api}.${hash}.openapi.json`);
  if (existsSync(file)) return file;
  try {
    mkdirSync(join(project.cacheDir, 'specs'), { recursive: true });
    writeFileAtomic(file, text);
    return file;
  } catch {
    return undefined;
  }
}

/** The APIs that have overlays in the project's config. */
export /**
 * The package's spec of an API before overlays: in this checkout bundled afresh from specs/<api>/ (what drift and
 * generate have always checked), in an installed package the bundle it ships (generated/<api>.openapi.json, the
 * same document): no bundler to load, which keeps the mock's start with overlays close to its start without.
 */
async function baseSpec(entry: ApiEntry, fromSources: boolean): Promise<OpenApiDocument> {
  if (fromSources) {
    // Loaded here, not above: the mock needs a project's cache folder without Redocly's bundler.
    const { bundleSpec } = await import('./bundle.js');
    return bundleSpec(entry.root, relative(ROOT, entry.root).replaceAll('\\', '/'));
  }
  const { readSpec } = await import('../mock/spec.js');
  return readSpec(join(GENERATED_DIR, `${entry.id}.openapi.json`)) as unknown as OpenApiDocument;
}

/** The APIs that have overlays in the project's config. */
export function overlaidApis(project: Project): string[] {
  return listApis().map((a) => a.id).filter((id) => project.overlaysOf(id).length > 0);
}

/**
 * The mock host's `specs` option for the project's overlaid APIs (none without overlays): each as a file in the
 * project's cache, so that the mock's operations cache applies to it too, else as the document itself.
 */
export async function overlaidMockSpecs(project: Project = currentProject()): Promise<Record<string, string | object>> {
  const entries = await Promise.all(
    overlaidApis(project).map(async (api) => {
      const document = await project.specOf(api);
      return [api, overlaidSpecFile(project, api, document) ?? document] as const;
    }),
  );
  return Object.fromEntries(entries);
}
