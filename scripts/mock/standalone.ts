/** Running a Command (scripts/lib/command.ts) as its own script until the `kyc-contracts` CLI wires it. */
import { parseArgs } from 'node:util';
import { type Command, InputError, UsageError } from '../lib/command.js';

/** Runs a command from process.argv: --help, parse errors and Usage/InputError → `error: …`, exit 2. */
export async function runStandalone(command: Command, argv = process.argv.slice(2)): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, allowPositionals: command.allowPositionals, strict: true });
    if (values['help']) {
      console.log(command.help);
      return 0;
    }
    return await command.run({ values, positionals });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: unknown }).code;
    if (error instanceof UsageError || error instanceof InputError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      console.error(`error: ${message.split('\n')[0]}`);
      return 2;
    }
    console.error(`error: ${message}`);
    if (process.env['DEBUG'] && error instanceof Error) console.error(error.stack);
    return 1;
  }
}

