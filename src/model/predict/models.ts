/**
 * The likelihoods and per-customer predictions of BG/NBD (Fader, Hardie & Lee 2005), Pareto/NBD (Schmittlein,
 * Morrison & Colombo 1987; Fader & Hardie's 2005 note) and Gamma-Gamma spend (Fader, Hardie & Lee 2005b), over
 * compressed (x, t_x, T) groups. log-gamma and ₂F₁ come from @stdlib.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import digamma from '@stdlib/math-base-special-digamma';
import type { Compressed } from './summary';

export type ModelName = 'bgnbd' | 'pareto-nbd';

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** BG/NBD log-likelihood of the groups at (r, alpha, a, b); the log-gamma terms are computed once per distinct x. */
export function bgnbdLogLik(p: number[], g: Compressed): number {
  return bgnbd(p, g, false).ll;
}

/** The gradient of bgnbdLogLik in (r, alpha, a, b). */
export function bgnbdGradient(p: number[], g: Compressed): number[] {
  return bgnbd(p, g, true).grad;
}

/**
 * BG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6), and with `grad` its gradient: per group
 * w·[A(x) + log(e^{a3} + e^{a4})] with A(x) = lnΓ(r+x) + lnΓ(b+x) − lnΓ(a+b+x) + lnΓ(a+b) − lnΓ(b) − lnΓ(r) + r ln α,
 * a3 = −(r+x) ln(α+T), a4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x) (x > 0); derivatives through digamma ψ.
 */
function bgnbd([r, alpha, a, b]: number[], g: Compressed, grad: boolean): { ll: number; grad: number[] } {
  let ll = 0;
  let dr = 0;
  let dal = 0;
  let da = 0;
  let db = 0;
  const c = gammaln(a + b) - gammaln(b) - gammaln(r) + r * Math.log(alpha);
  const cr = grad ? -digamma(r) + Math.log(alpha) : 0;
  const cab = grad ? digamma(a + b) : 0;
  const cb = grad ? -digamma(b) : 0;
  const byX = new Map<number, number[]>();
  const la = Math.log(a);
  for (let i = 0; i < g.w.length; i++) {
    const x = g.x[i];
    let t = byX.get(x);
    if (t === undefined) {
      t = [
        gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x) + c,
        grad ? digamma(r + x) : 0,
        grad ? digamma(b + x) : 0,
        grad ? digamma(a + b + x) : 0,
        x > 0 ? Math.log(b + x - 1) : 0,
      ];
      byX.set(x, t);
    }
    const lT = Math.log(alpha + g.T[i]);
    const a3 = -(r + x) * lT;
    const lt = x > 0 ? Math.log(alpha + g.tx[i]) : 0;
    const a4 = x > 0 ? la - t[4] - (r + x) * lt : -Infinity;
    const L = logAddExp(a3, a4);
    const w = g.w[i];
    ll += w * (t[0] + L);
    if (!grad) continue;
    const p3 = Math.exp(a3 - L);
    const p4 = x > 0 ? Math.exp(a4 - L) : 0;
    dr += w * (t[1] + cr - p3 * lT - p4 * lt);
    dal += w * (r / alpha - p3 * ((r + x) / (alpha + g.T[i])) - (x > 0 ? p4 * ((r + x) / (alpha + g.tx[i])) : 0));
    da += w * (-t[3] + cab + p4 / a);
    db += w * (t[2] - t[3] + cab + cb - (x > 0 ? p4 / (b + x - 1) : 0));
  }
  return { ll, grad: [dr, dal, da, db] };
}

/** BG/NBD P(alive) and expected purchases in the next `t` units, for one (x, t_x, T). */
export function bgnbdPredict([r, alpha, a, b]: number[], x: number, tx: number, T: number, t: number) {
  const d = x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0;
  const pAlive = 1 / (1 + d);
  const f = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  const e = ((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * f) * pAlive;
  return { pAlive, expected: e };
}

/** log(₂F₁(r+s+x, b₂; r+s+x+1; z/(m+t))) − (r+s+x) ln(m+t): one of A0's two terms (Fader & Hardie 2005, eq. 22). */
function paretoTerm(rsx: number, b2: number, z: number, m: number, t: number): number {
  return Math.log(hyp2f1(rsx, b2, rsx + 1, z / (m + t))) - rsx * Math.log(m + t);
}

/** The larger rate and the ₂F₁ parameter that go with it (the series converges with z/(m+t) < 1). */
function paretoBranch(r: number, alpha: number, s: number, beta: number, x: number): [number, number] {
  return alpha >= beta ? [alpha, s + 1] : [beta, r + x];
}

/** Pareto/NBD: log of the bracket's second term A0 (Fader & Hardie 2005, eq. 22), with ₂F₁ on the larger rate. */
function paretoLogA0(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  const rsx = r + s + x;
  const [m, b2] = paretoBranch(r, alpha, s, beta, x);
  const z = Math.abs(alpha - beta);
  const p1 = paretoTerm(rsx, b2, z, m, tx);
  const p2 = paretoTerm(rsx, b2, z, m, T);
  return p1 + Math.log1p(-Math.exp(p2 - p1));
}

/**
 * Pareto/NBD log-likelihood of the groups at (r, alpha, s, beta). A0's two ₂F₁ terms depend on (x, t_x) and
 * (x, T) alone: each is computed once per distinct pair (tens of thousands of groups share a few thousand).
 */
export function paretoLogLik([r, alpha, s, beta]: number[], g: Compressed): number {
  let ll = 0;
  const c = -gammaln(r) + r * Math.log(alpha) + s * Math.log(beta);
  const z = Math.abs(alpha - beta);
  const terms = new Map<number, number>();
  const term = (x: number, t: number): number => {
    // x below 2^20 and t (in units, a multiple of 1/7) below 2^20: one exact key.
    const key = x * 2 ** 33 + Math.round(t * 7);
    let v = terms.get(key);
    if (v === undefined) {
      const [m, b2] = paretoBranch(r, alpha, s, beta, x);
      terms.set(key, (v = paretoTerm(r + s + x, b2, z, m, t)));
    }
    return v;
  };
  const byX = new Map<number, number>();
  for (let i = 0; i < g.w.length; i++) {
    const x = g.x[i];
    const T = g.T[i];
    let lg = byX.get(x);
    if (lg === undefined) byX.set(x, (lg = gammaln(r + x)));
    const t1 = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    let t2 = -Infinity;
    if (g.tx[i] < T) {
      const p1 = term(x, g.tx[i]);
      const p2 = term(x, T);
      t2 = Math.log(s / (r + s + x)) + p1 + Math.log1p(-Math.exp(p2 - p1));
    }
    ll += g.w[i] * (lg + c + logAddExp(t1, t2));
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

/**
 * Gamma-Gamma log-likelihood of repeat buyers' mean spend `m` over `x` repeat days, as a function of (p, q,
 * gamma) for fixed data: what does not depend on the parameters (log m, each buyer's distinct x) is worked
 * out once, not at every step of the fit.
 */
export function gammaGammaPrepared(x: Float64Array, m: Float64Array): (params: number[]) => number {
  const n = x.length;
  const logM = new Float64Array(n);
  const which = new Int32Array(n);
  const index = new Map<number, number>();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    logM[i] = Math.log(m[i]);
    let k = index.get(x[i]);
    if (k === undefined) index.set(x[i], (k = xs.push(x[i]) - 1));
    which[i] = k;
  }
  const g = new Float64Array(xs.length);
  return ([p, q, v]) => {
    const c = -gammaln(q) + q * Math.log(v);
    for (let k = 0; k < xs.length; k++) {
      const px = p * xs[k];
      g[k] = gammaln(px + q) - gammaln(px) + c + px * Math.log(xs[k]);
    }
    let ll = 0;
    for (let i = 0; i < n; i++) {
      const px = p * x[i];
      ll += g[which[i]] + (px - 1) * logM[i] - (px + q) * Math.log(v + x[i] * m[i]);
    }
    return ll;
  };
}

/** Gamma-Gamma expected spend per purchase: the posterior mean given x repeat days at mean m (x = 0: the population mean). */
export function gammaGammaMean([p, q, v]: number[], x: number, m: number): number {
  return (p * (v + x * m)) / (p * x + q - 1);
}
