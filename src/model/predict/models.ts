/**
 * The likelihoods and per-customer predictions of BG/NBD (Fader, Hardie & Lee 2005), Pareto/NBD (Schmittlein,
 * Morrison & Colombo 1987; Fader & Hardie's 2005 note) and Gamma-Gamma spend (Fader, Hardie & Lee 2005b), over
 * compressed (x, t_x, T) groups. log-gamma and ₂F₁ come from @stdlib.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import type { Compressed } from './summary';

export type ModelName = 'bgnbd' | 'pareto-nbd';

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** BG/NBD log-likelihood of the groups at (r, alpha, a, b); the log-gamma terms are computed once per distinct x. */
export function bgnbdLogLik([r, alpha, a, b]: number[], g: Compressed): number {
  let ll = 0;
  const c = gammaln(a + b) - gammaln(b) - gammaln(r) + r * Math.log(alpha);
  const byX = new Map<number, number>();
  const la = Math.log(a);
  for (let i = 0; i < g.w.length; i++) {
    const x = g.x[i];
    let a1 = byX.get(x);
    if (a1 === undefined) {
      a1 = gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x) + c;
      byX.set(x, a1);
    }
    const a3 = -(r + x) * Math.log(alpha + g.T[i]);
    const a4 = x > 0 ? la - Math.log(b + x - 1) - (r + x) * Math.log(alpha + g.tx[i]) : -Infinity;
    ll += g.w[i] * (a1 + logAddExp(a3, a4));
  }
  return ll;
}

/** BG/NBD P(alive) and expected purchases in the next `t` units, for one (x, t_x, T). */
export function bgnbdPredict([r, alpha, a, b]: number[], x: number, tx: number, T: number, t: number) {
  const d = x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0;
  const pAlive = 1 / (1 + d);
  const f = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const e = ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * f) * pAlive;
  return { pAlive, expected: e };
}

/** Pareto/NBD: log of the bracket's second term A0 (Fader & Hardie 2005, eq. 22), with ₂F₁ on the larger rate. */
function paretoLogA0(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  const rsx = r + s + x;
  const [m, b2] = alpha >= beta ? [alpha, s + 1] : [beta, r + x];
  const z = Math.abs(alpha - beta);
  const p1 = Math.log(hyp2f1(rsx, b2, rsx + 1, z / (m + tx))) - rsx * Math.log(m + tx);
  const p2 = Math.log(hyp2f1(rsx, b2, rsx + 1, z / (m + T))) - rsx * Math.log(m + T);
  return p1 + Math.log1p(-Math.exp(p2 - p1));
}

/** Pareto/NBD log-likelihood of the groups at (r, alpha, s, beta). */
export function paretoLogLik([r, alpha, s, beta]: number[], g: Compressed): number {
  let ll = 0;
  const c = -gammaln(r) + r * Math.log(alpha) + s * Math.log(beta);
  for (let i = 0; i < g.w.length; i++) {
    const x = g.x[i];
    const T = g.T[i];
    const t1 = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const t2 = Math.log(s / (r + s + x)) + (g.tx[i] < T ? paretoLogA0(r, alpha, s, beta, x, g.tx[i], T) : -Infinity);
    ll += g.w[i] * (gammaln(r + x) + c + logAddExp(t1, t2));
  }
  return ll;
}

/** Pareto/NBD P(alive) and expected purchases in the next `t` units, for one (x, t_x, T). */
export function paretoPredict([r, alpha, s, beta]: number[], x: number, tx: number, T: number, t: number) {
  const lr =
    tx < T
      ? Math.log(s / (r + s + x)) +
        (r + x) * Math.log(alpha + T) +
        s * Math.log(beta + T) +
        paretoLogA0(r, alpha, s, beta, x, tx, T)
      : -Infinity;
  const pAlive = 1 / (1 + Math.exp(lr));
  const e = (((r + x) * (beta + T)) / ((alpha + T) * (s - 1))) * (1 - Math.pow((beta + T) / (beta + T + t), s - 1));
  return { pAlive, expected: e * pAlive };
}

/** Gamma-Gamma log-likelihood of repeat buyers' mean spend `m` over `x` repeat days, at (p, q, gamma); log-gamma once per distinct x. */
export function gammaGammaLogLik([p, q, v]: number[], x: Float64Array, m: Float64Array): number {
  let ll = 0;
  const c = -gammaln(q) + q * Math.log(v);
  const byX = new Map<number, number>();
  for (let i = 0; i < x.length; i++) {
    const px = p * x[i];
    let g = byX.get(x[i]);
    if (g === undefined) {
      g = gammaln(px + q) - gammaln(px) + c + px * Math.log(x[i]);
      byX.set(x[i], g);
    }
    ll += g + (px - 1) * Math.log(m[i]) - (px + q) * Math.log(v + x[i] * m[i]);
  }
  return ll;
}

/** Gamma-Gamma expected spend per purchase: the posterior mean given x repeat days at mean m (x = 0: the population mean). */
export function gammaGammaMean([p, q, v]: number[], x: number, m: number): number {
  return (p * (v + x * m)) / (p * x + q - 1);
}
