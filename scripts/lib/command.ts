/**
 * One subcommand of the `kyc-contracts` program. Options are declared for `node:util` parseArgs; `run` returns
 * the exit code: 0 success, 1 findings (drift, diff, lint), 2 bad usage or bad input (throw UsageError or
 * InputError for those).
 */
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
  override readonly name = 'InputError';
}

/** A tool's optional dependency is not installed; the message says the one command that installs it. Exit code 2. */
export class MissingDependencyError extends InputError {
  constructor(packageName: string, what: string) {
    super(`${what} needs ${packageName}, which is not installed. Install it with: npm install --save-dev ${packageName}`);
  }
}
