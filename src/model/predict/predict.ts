/** Fit a purchase model and Gamma-Gamma to the summaries, then predict per customer (P(alive), purchases, spend, CLV). */
import { DataError } from '../../errors';
import { Fit, maximise } from './fit';
import {
  ModelName,
  bgnbdGradient,
  bgnbdLogLik,
  bgnbdPredict,
  gammaGammaPrepared,
  gammaGammaMean,
  paretoLogLik,
  paretoPredict,
} from './models';
import { Summary, compress } from './summary';

export interface PredictOptions {
  model: ModelName;
  /** Days per unit: 1 (day) or 7 (week). */
  unit: number;
  /** Prediction horizon in units. */
  horizon: number;
  /** Discount rate per unit for CLV. */
  discount: number;
}

export interface Prediction {
  x: number;
  tx: number;
  T: number;
  pAlive: number;
  expectedPurchases: number;
  expectedSpend: number;
  clv: number;
}

/** The fewest repeat buyers a fit is attempted with. */
export const MIN_REPEAT_BUYERS = 10;

const PARAMS: Record<ModelName, string[]> = {
  bgnbd: ['r', 'alpha', 'a', 'b'],
  'pareto-nbd': ['r', 'alpha', 's', 'beta'],
};

/** Fit both models and predict each summary's future; throws DataError when the data cannot carry a fit. */
export function predict(s: Summary[], o: PredictOptions) {
  const repeat = s.filter((c) => c.x > 0 && c.spend > 0);
  if (repeat.length < MIN_REPEAT_BUYERS)
    throw new DataError(
      `only ${repeat.length} customers bought on more than one day; the models need at least ${MIN_REPEAT_BUYERS}`,
    );
  const g = compress(s, o.unit);
  const fit: Fit =
    o.model === 'bgnbd'
      ? maximise(
          o.model,
          { logLik: (p) => bgnbdLogLik(p, g), gradient: (p) => bgnbdGradient(p, g) },
          [1, 1, 1, 1],
          s.length,
        )
      : maximise(o.model, (p) => paretoLogLik(p, g), [1, 1, 1, 1], s.length);
  const xs = Float64Array.from(repeat, (c) => c.x);
  const ms = Float64Array.from(repeat, (c) => c.spend);
  const spendFit = maximise('gamma-gamma', gammaGammaPrepared(xs, ms), [1, 1, 1], repeat.length);
  const one = o.model === 'bgnbd' ? bgnbdPredict : paretoPredict;
  const perGroup = Array.from(g.w, (_, i) => groupForecast(one, fit.params, g.x[i], g.tx[i], g.T[i], o));
  const rows: Prediction[] = s.map((c, i) => {
    const f = perGroup[g.group[i]];
    const spend = gammaGammaMean(spendFit.params, c.x, c.spend);
    return {
      x: c.x,
      tx: g.tx[g.group[i]],
      T: g.T[g.group[i]],
      pAlive: f.pAlive,
      expectedPurchases: f.expected,
      expectedSpend: spend,
      clv: f.discounted * spend,
    };
  });
  return {
    purchases: { model: o.model, params: named(PARAMS[o.model], fit.params), ...stats(fit) },
    spend: { params: named(['p', 'q', 'gamma'], spendFit.params), ...stats(spendFit), customers: repeat.length },
    rows,
  };
}

/** P(alive), purchases over the horizon, and the purchases discounted unit by unit. */
function groupForecast(one: typeof bgnbdPredict, p: number[], x: number, tx: number, T: number, o: PredictOptions) {
  const { pAlive, expected } = one(p, x, tx, T, o.horizon);
  let discounted = 0;
  let before = 0;
  if (o.discount === 0) discounted = expected;
  else
    for (let k = 1; k <= o.horizon; k++) {
      const e = one(p, x, tx, T, k).expected;
      discounted += (e - before) / Math.pow(1 + o.discount, k);
      before = e;
    }
  return { pAlive, expected, discounted };
}

function named(names: string[], v: number[]): Record<string, number> {
  return Object.fromEntries(names.map((n, i) => [n, v[i]]));
}

function stats(f: Fit) {
  return { logLik: f.logLik, iterations: f.iterations, gradient: f.gradient, converged: f.converged };
}
