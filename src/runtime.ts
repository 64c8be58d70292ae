import type { Readable, Writable } from 'stream';

/** The world a command runs in: streams, terminal facts, environment and "today". Tests pass a fake. */
export interface Runtime {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width when stdout is one (screens and help fit it; 80 when unknown). */
  columns?: number;
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
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}

/** The width screens are made for: the terminal's, else 80. */
export function screenWidth(rt: Runtime): number {
  return rt.columns && rt.columns >= 40 ? rt.columns : 80;
}
