/**
 * kyc-contracts <command> [options]: the one command-line program. Each command is a module of its own, loaded
 * only when it runs (the mock pulls in Prism; `--help` should not). Exit codes, the same for every command:
 * 0 success, 1 findings (drift, diff, lint, generate --check), 2 bad usage or bad input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Command, InputError, MOCK_NEEDS, MissingDependencyError, PACKAGE_ROOT, UsageError, missingPackages } from './lib/command.js';

interface CommandEntry {
  readonly summary: string;
  /** The optional peer dependencies the command needs: checked before it loads, so a missing one is one clear line. */
  readonly needs: readonly string[];
  readonly load: () => Promise<Command>;
}

const BUNDLING = ['@redocly/openapi-core'];
const VALIDATION = ['ajv', 'ajv-formats'];

const COMMANDS: Record<string, CommandEntry> = {
  mock: {
    summary: 'serve the five APIs from one local mock (ports 4000, 4010-4014)',
    needs: MOCK_NEEDS,
    load: async () => (await import('./mock.js')).mockCommand,
  },
  record: { summary: 'call a real API and write a redacted recording', needs: VALIDATION, load: async () => (await import('./record.js')).recordCommand },
  redact: { summary: 're-apply the redaction rules to recordings, in place', needs: VALIDATION, load: async () => (await import('./redact.js')).redactCommand },
  drift: { summary: 'compare recordings with the specs', needs: [...BUNDLING, ...VALIDATION], load: async () => (await import('./drift.js')).driftCommand },
  diff: { summary: 'breaking changes between the specs at a git ref and now', needs: BUNDLING, load: async () => (await import('./diff.js')).diffCommand },
  lint: { summary: 'lint the specs (Redocly, recommended-strict + project rules)', needs: ['@redocly/cli', ...BUNDLING], load: async () => (await import('./lint.js')).lintCommand },
  generate: { summary: 'regenerate types, operation tables and spec modules', needs: [...BUNDLING, 'openapi-typescript'], load: async () => (await import('./generate.js')).generateCommand },
  docs: { summary: 'build one self-contained API reference page per API', needs: ['@redocly/cli'], load: async () => (await import('./docs.js')).docsCommand },
};

const PROGRAM_HELP = `Usage: kyc-contracts <command> [options]

Contracts, mocks and contract tests for the ERD, KYCAID, Bank 131 and BrainySoft APIs.

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`).join('\n')}

Every command takes --config FILE (default: kyc-contracts.config.json in the working directory, if any):
your overlays, where generate writes, redaction additions. See docs/own-specs.md.
Run \`kyc-contracts <command> --help\` for a command's options.
Exit codes: 0 success, 1 findings (drift, diff, lint, generate --check), 2 bad usage or bad input.`;

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], out: Pick<Console, 'log' | 'error'> = console): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out.log(PROGRAM_HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    out.log((JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    out.error(`error: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}. Run kyc-contracts --help.`);
    return 2;
  }
  const missing = missingPackages(entry.needs);
  if (missing.length && !rest.includes('--help') && !rest.includes('-h')) {
    out.error(`error: ${new MissingDependencyError(missing, `kyc-contracts ${name}`).message}`);
    return 2;
  }
  let command: Command;
  try {
    command = await entry.load();
  } catch (error) {
    out.error(`error: the ${name} command cannot load: ${describe(error)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out.log(command.help);
    return 0;
  }
  try {
    // `--config FILE` is every command's: the project's config is read (and checked) before the command runs.
    const { configFile, args } = takeConfigOption(rest);
    const { currentProject, useConfigFile } = await import('./lib/project.js');
    useConfigFile(configFile);
    currentProject();
    const parsed = parseArgs({ args, options: command.options, allowPositionals: command.allowPositionals, strict: true });
    return await command.run({ values: parsed.values as never, positionals: parsed.positionals });
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    // One line: the mistake, and for bad usage where the usage is.
    out.error(`error: ${describe(error)}${usage ? ` (see kyc-contracts ${name} --help)` : ''}`);
    if (!usage && !(error instanceof InputError) && process.env['DEBUG'] && error instanceof Error) out.error(error.stack);
    return 2;
  } finally {
    // The config named is this run's: a later run in the same process (a test) starts from the working directory.
    (await import('./lib/project.js')).useConfigFile(undefined);
  }
}

/** Splits `--config FILE` / `--config=FILE` off a command's arguments. */
export function takeConfigOption(argv: readonly string[]): { configFile: string | undefined; args: string[] } {
  const args: string[] = [];
  let configFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (arg === '--config' || arg.startsWith('--config=')) {
      const value = arg === '--config' ? argv[++i] : arg.slice('--config='.length);
      if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError('--config takes a file, e.g. --config kyc-contracts.config.json');
      configFile = value;
    } else args.push(arg);
  }
  return { configFile, args };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
