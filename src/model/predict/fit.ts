/**
 * Maximum likelihood over positive parameters: Nelder–Mead (the `fmin` package) on the log parameters,
 * restarted from its own optimum until the log-likelihood stops moving; the gradient is checked at the end.
 */
import { nelderMead } from 'fmin';
import { DataError } from '../../errors';

export interface Fit {
  params: number[];
  logLik: number;
  /** Nelder–Mead iterations over all restarts. */
  iterations: number;
  /** Euclidean norm of the log-likelihood's gradient in the log parameters, per customer. */
  gradient: number;
  converged: boolean;
}

/** Maximise `logLik` (summed over `n` customers) from `start`; throws DataError (naming `model`) when it does not converge. */
export function maximise(model: string, logLik: (p: number[]) => number, start: number[], n: number): Fit {
  const f = (z: number[]) => {
    const v = logLik(z.map(Math.exp));
    return Number.isFinite(v) ? -v / n : 1e300;
  };
  let z = start.map(Math.log);
  let fx = f(z);
  let iterations = 0;
  for (let round = 0; round < 20; round++) {
    const history: unknown[] = [];
    const r = nelderMead(f, z, { maxIterations: 2000, minErrorDelta: 1e-12, minTolerance: 1e-10, history });
    iterations += history.length;
    const moved = fx - r.fx;
    z = r.x.slice(0, start.length);
    fx = r.fx;
    if (round > 0 && Math.abs(moved) < 1e-12) break;
  }
  const gradient = norm(grad(f, z));
  const converged = Number.isFinite(fx) && fx < 1e299 && gradient < 1e-4;
  if (!converged)
    throw new DataError(
      `${model}: the fit did not converge (gradient ${gradient.toExponential(2)} after ${iterations} iterations): too little repeat buying to fit this model`,
    );
  return { params: z.map(Math.exp), logLik: -fx * n, iterations, gradient, converged };
}

function grad(f: (z: number[]) => number, z: number[]): number[] {
  return z.map((_, i) => {
    const h = 1e-5;
    const up = z.slice();
    const down = z.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

function norm(v: number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}
