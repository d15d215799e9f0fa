/** Tiny shared helpers for the scripts' command lines. */

export class UsageError extends Error {}

/**
 * Runs a script: prints `help` for --help/-h, else runs `main` with the arguments, printing errors as one clear
 * line (no stack unless DEBUG is set) and setting the exit code (2 for usage errors).
 */
export function runCli(help: string, main: (args: string[]) => Promise<number | void>): void {
  const args = process.argv.slice(2);
  if (wantsHelp(args)) {
    console.log(help);
    return;
  }
  main(args).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`error: ${message}`);
      if (error instanceof UsageError) console.error('Run with --help for usage.');
      else if (process.env['DEBUG'] && error instanceof Error) console.error(error.stack);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    },
  );
}

export function wantsHelp(args: string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/** Splits simple command lines (boolean flags + positional words); an unknown flag is a UsageError. */
export function splitArgs(args: string[], flags: readonly string[]): { flags: Set<string>; positional: string[] } {
  const unknown = args.filter((a) => a.startsWith('-') && !flags.includes(a));
  if (unknown.length) throw new UsageError(`unknown option ${unknown.join(', ')}`);
  return { flags: new Set(args.filter((a) => flags.includes(a))), positional: args.filter((a) => !a.startsWith('-')) };
}
