import type { Readable, Writable } from 'stream';

/** The world a command runs in: streams, terminal facts, environment and "today". Tests pass a fake. */
export interface Runtime {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The current instant; only `--as-of today` reads it. */
  now: () => Date;
}

/** The real process as a Runtime. */
export function processRuntime(): Runtime {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}
