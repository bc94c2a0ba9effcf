// The commander layer: parses arguments, calls an action, prints what it returns.
import { Command, CommanderError } from 'commander';
import { err, printDiagnostics } from './color.ts';
import type { ActionResult } from '../actions/result.ts';
import { COMMANDS } from './commands/index.ts';

/** Print an action's result; returns its exit code. */
export function report(r: ActionResult): number {
  for (const l of r.out) process.stdout.write(l + '\n');
  printDiagnostics(r.err);
  return r.code;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command('shoal')
    .description('shoal: a multikernel OS toolchain and heterogeneous multicore VM')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ outputError: (s) => process.stderr.write(err.red(s)) })
    .showHelpAfterError('(run with --help for usage)');
  for (const c of COMMANDS) c(program, (n) => { code = n; });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    // a bug in shoal itself: say so in one line (the stack only when asked for)
    process.stderr.write(`${err.red('shoal: internal error:')} ${(e as Error).message ?? String(e)}\n`);
    if (process.env.SHOAL_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    else process.stderr.write('(set SHOAL_DEBUG=1 for a stack trace; please report this)\n');
    return 70;
  }
  return code;
}
