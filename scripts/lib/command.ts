/**
 * One subcommand of the `kyc-contracts` program. Options are declared for `node:util` parseArgs; `run` returns
 * the exit code: 0 success, 1 findings (drift, diff, lint), 2 bad usage or bad input (throw UsageError or
 * InputError for those).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  readonly positionals: string[];
}

export interface Command {
  readonly name: string;
  /** One line for the program's command list. */
  readonly summary: string;
  /** The full `--help` text (usage, options, examples). */
  readonly help: string;
  readonly options: OptionsConfig;
  /** Whether positional arguments are accepted. */
  readonly allowPositionals: boolean;
  run(args: ParsedArgs): Promise<number>;
}

/** The command line is wrong: unknown option, missing argument, bad value. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** An input (a spec, a recording, a file, a port) cannot be used; the message names it (file:line:col where known). Exit code 2. */
export class InputError extends Error {
  override readonly name: string = 'InputError';
}

/** The repository, or the installed package: the first folder above this module with a package.json (src or dist). */
export const PACKAGE_ROOT = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

/**
 * `npm install --save-dev a@^1.2.3 b@^4.5.6`, with the ranges this package declares for its optional peers. A range
 * with alternatives (`^2.1.1 || ^3.0.1`) is given as its last, newest one: one word a shell passes unquoted.
 */
export function installCommand(packages: readonly string[]): string {
  const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string> };
  const range = (name: string) => (manifest.peerDependencies?.[name] ?? 'latest').split('||').at(-1)!.trim();
  return `npm install --save-dev ${packages.map((name) => `${name}@${range(name)}`).join(' ')}`;
}

/** A tool's optional dependencies are not installed; the message says the one command that installs them. Exit code 2. */
export class MissingDependencyError extends InputError {
  override readonly name = 'MissingDependencyError';
  constructor(packages: readonly string[], what: string) {
    super(`${what} needs ${packages.join(', ')}, which ${packages.length > 1 ? 'are' : 'is'} not installed. Install with:\n  ${installCommand(packages)}`);
  }
}

/** The packages of `needs` that cannot be resolved from here (the installed package, or this repository). */
export function missingPackages(needs: readonly string[]): string[] {
  const require = createRequire(import.meta.url);
  return needs.filter((name) => {
    try {
      require.resolve(`${name}/package.json`);
      return false;
    } catch {
      return true;
    }
  });
}

/** What the mock loads: Prism's libraries, and ajv for the control API's request bodies. */
export const MOCK_NEEDS = ['@stoplight/prism-core', '@stoplight/prism-http', '@stoplight/prism-http-server', 'ajv', 'ajv-formats'] as const;
