/** Entry point: parse, run, catch. The only place that maps errors to exit codes. */
import { showCurrency } from './report/format';
import { CommanderError } from 'commander';
import { buildProgram } from './cli';
import { helpLang } from './words';
import { EXIT, RfmError, errnoText } from './errors';
import { openTempFiles } from './io/write';
import { termSafe } from './report/safe';
import { installSignalHandlers } from './signals';
import { Runtime, processRuntime } from './runtime';
import * as fs from 'fs';

/** Run rfm with arguments (without `node rfm`); resolves to the exit code. */
export async function main(argv: string[], rt: Runtime): Promise<number> {
  const debug = argv.includes('--debug');
  showCurrency(undefined); // a run's currency is its own (tests run many in one process)
  const pending: { run?: Promise<unknown> } = {};
  try {
    const program = buildProgram(rt, pending, helpLang(argv));
    await program.parseAsync(argv, { from: 'user' });
    if (pending.run) await pending.run;
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version'
        ? EXIT.ok
        : EXIT.usage;
    }
    if (e instanceof RfmError) {
      rt.stderr.write(`rfm: ${termSafe(e.message)}\n`);
      if (debug) rt.stderr.write(`${e.stack}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    rt.stderr.write(
      `rfm: internal error: ${err?.message ?? String(e)}${debug ? '' : ' (run again with --debug for details)'}\n`,
    );
    if (debug) rt.stderr.write(`${err?.stack}\n`);
    return EXIT.internal;
  }
}

/** Remove the temp files of outputs being written (the targets keep their previous content). */
function removeTempFiles(): void {
  for (const f of openTempFiles()) {
    try {
      fs.unlinkSync(f);
    } catch {
      /* gone */
    }
  }
}

/** The process entry used by bin/rfm. */
export function cli(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok); // `rfm … | head`: the reader has what it wanted
    removeTempFiles();
    try {
      process.stderr.write(`rfm: cannot write to stdout (${errnoText(e)})\n`);
    } catch {
      /* stderr gone too: the exit code still tells */
    }
    process.exit(EXIT.output);
  });
  process.stderr.on('error', () => undefined); // nowhere left to report; the exit code still tells
  installSignalHandlers(
    (
      [
        ['SIGINT', EXIT.sigint],
        ['SIGTERM', EXIT.sigterm],
      ] as const
    ).map(([sig, code]) => [
      sig,
      () => {
        removeTempFiles();
        process.exit(code);
      },
    ]),
  );
  void main(process.argv.slice(2), processRuntime()).then((code) => {
    process.exitCode = code;
  });
}
