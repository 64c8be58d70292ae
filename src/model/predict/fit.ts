/**
 * Maximum likelihood over positive parameters: BFGS (quasi-Newton with a backtracking line search) on the log
 * parameters, with the model's analytic gradient where it has one and central differences otherwise; converged
 * when the gradient (per customer, in the log parameters) is below 1e-4 — checked, not assumed.
 *
 * Nelder–Mead (the `fmin` package, before) needed ≈ 2,600 likelihood evaluations on a 1M-row export (64 s for
 * BG/NBD); BFGS needs a few dozen gradient steps.
 */
import { DataError } from '../../errors';

export interface Fit {
  params: number[];
  logLik: number;
  /** BFGS iterations (gradient steps). */
  iterations: number;
  /** Euclidean norm of the log-likelihood's gradient in the log parameters, per customer. */
  gradient: number;
  converged: boolean;
}

/** A log-likelihood and, optionally, its gradient in the parameters (same order). */
export interface Objective {
  logLik: (p: number[]) => number;
  gradient?: (p: number[]) => number[];
}

const MAX_ITERATIONS = 500;

/**
 * Maximise the log-likelihood (summed over `n` customers) from `start`; throws DataError (naming `model`) when it
 * does not converge.
 */
export function maximise(model: string, o: Objective | ((p: number[]) => number), start: number[], n: number): Fit {
  const obj: Objective = typeof o === 'function' ? { logLik: o } : o;
  // Minimise f(z) = −logLik(e^z)/n over z = log p.
  const f = (z: number[]) => {
    const v = obj.logLik(z.map(Math.exp));
    return Number.isFinite(v) ? -v / n : Infinity;
  };
  const g = (z: number[]): number[] => {
    if (!obj.gradient) return numericGradient(f, z);
    const p = z.map(Math.exp);
    const d = obj.gradient(p);
    return d.map((x, i) => (-x * p[i]) / n);
  };
  const k = start.length;
  let z = start.map(Math.log);
  let fz = f(z);
  let gz = g(z);
  let H = identity(k);
  let iterations = 0;
  for (; iterations < MAX_ITERATIONS && norm(gz) >= 1e-10; iterations++) {
    let d = H.map((row) => -dot(row, gz));
    let slope = dot(d, gz);
    if (!(slope < 0)) {
      // Not a descent direction: start again from steepest descent.
      H = identity(k);
      d = gz.map((x) => -x);
      slope = dot(d, gz);
    }
    // Backtracking line search (Armijo), steps capped so that no parameter moves by more than e^3 at once.
    const longest = Math.max(...d.map(Math.abs));
    let step = longest > 3 ? 3 / longest : 1;
    let zNew = z;
    let fNew = Infinity;
    for (let tries = 0; tries < 60; tries++, step /= 2) {
      zNew = z.map((x, i) => x + step * d[i]);
      fNew = f(zNew);
      if (fNew <= fz + 1e-4 * step * slope) break;
    }
    if (!(fNew < fz)) break; // no progress along the direction: at the optimum to rounding
    const gNew = g(zNew);
    if (!gNew.every(Number.isFinite)) break; // the likelihood is not finite beside the point: stop and report
    const s = zNew.map((x, i) => x - z[i]);
    const y = gNew.map((x, i) => x - gz[i]);
    const sy = dot(s, y);
    if (sy > 1e-20) {
      if (iterations === 0) {
        const scale = sy / dot(y, y);
        H = identity(k).map((row) => row.map((x) => x * scale));
      }
      H = bfgsUpdate(H, s, y, sy);
    }
    const change = fz - fNew;
    z = zNew;
    fz = fNew;
    gz = gNew;
    if (change < 1e-15 * Math.max(1, Math.abs(fz)) && norm(gz) < 1e-6) break;
  }
  const gradient = norm(obj.gradient ? gz : numericGradient(f, z));
  const converged = Number.isFinite(fz) && gradient < 1e-4;
  if (!converged) {
    // A parameter heading for 0 or infinity: the maximum lies on the edge, which the data cannot pin down.
    const edge = z.findIndex((x) => !Number.isFinite(x) || Math.abs(x) > 12);
    const why =
      edge >= 0
        ? `parameter ${edge + 1} of ${k} runs to ${z[edge] > 0 ? 'infinity' : '0'}: the data does not pin this model ` +
          'down (too little repeat buying, or no sign of customers leaving; try the other --model)'
        : 'too little repeat buying to fit this model';
    throw new DataError(
      `${model}: the fit did not converge (gradient ${gradient.toExponential(2)} after ${iterations} iterations): ${why}`,
    );
  }
  return { params: z.map(Math.exp), logLik: -fz * n, iterations, gradient, converged };
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/(yᵀs): the inverse-Hessian update. */
function bfgsUpdate(H: number[][], s: number[], y: number[], sy: number): number[][] {
  const k = s.length;
  const rho = 1 / sy;
  const Hy = H.map((row) => dot(row, y));
  const yHy = dot(y, Hy);
  const out = identity(k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++)
      out[i][j] = H[i][j] - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
  return out;
}

/** Central differences in the log parameters. */
function numericGradient(f: (z: number[]) => number, z: number[]): number[] {
  return z.map((_, i) => {
    const h = 1e-6 * Math.max(1, Math.abs(z[i]));
    const up = z.slice();
    const down = z.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

function identity(k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1 : 0)));
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(v: number[]): number {
  return Math.sqrt(dot(v, v));
}
