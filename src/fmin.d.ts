/** Types for the parts of `fmin` (benfred/fmin, no bundled types) that rfm uses. */
declare module 'fmin' {
  export function nelderMead(
    f: (x: number[]) => number,
    x0: number[],
    parameters?: { maxIterations?: number; minErrorDelta?: number; minTolerance?: number; history?: unknown[] },
  ): { x: number[]; fx: number };
}
