/**
 * Validation a seller can read: fit on the purchases up to as-of − N units, then compare the predicted repeat
 * purchases in the N held-out units with what the customers did, per x group and unit by unit (cumulative).
 */
import { PredictOptions, predict } from './predict';
import { Summary, summaryOf } from './summary';
import { bgnbdPredict, paretoPredict } from './models';

export interface Holdout {
  calibrationEnd: number;
  customers: number;
  groups: { x: string; customers: number; actual: number; predicted: number }[];
  tracking: { unit: number; actual: number; predicted: number }[];
  /** Total over the holdout, and the mean absolute percentage error of the cumulative tracking curve. */
  actual: number;
  predicted: number;
  error: number;
  mape: number;
}

/** The holdout check: `byDay` is each customer's money per purchase day, `n` held-out units of `o.unit` days. */
export function holdout(byDay: Map<number, number>[], asOf: number, n: number, o: PredictOptions, scale: number) {
  const end = asOf - n * o.unit;
  const cal: Summary[] = [];
  const after: number[][] = [];
  for (const m of byDay) {
    const before = new Map([...m].filter(([d]) => d <= end));
    if (before.size === 0) continue;
    cal.push(summaryOf(before, end, scale));
    after.push([...m.keys()].filter((d) => d > end && d <= asOf));
  }
  const fit = predict(cal, { ...o, horizon: n });
  const one = o.model === 'bgnbd' ? bgnbdPredict : paretoPredict;
  const params = Object.values(fit.purchases.params);
  const tracking = [];
  for (let k = 1; k <= n; k++) {
    let actual = 0;
    let predicted = 0;
    cal.forEach((c, i) => {
      actual += after[i].filter((d) => d <= end + k * o.unit).length;
      predicted +=
        k === n ? fit.rows[i].expectedPurchases : one(params, c.x, c.txDays / o.unit, c.TDays / o.unit, k).expected;
    });
    tracking.push({ unit: k, actual, predicted });
  }
  const groups = new Map<string, { x: string; customers: number; actual: number; predicted: number }>();
  cal.forEach((c, i) => {
    const x = c.x >= 7 ? '7+' : String(c.x);
    const g = groups.get(x) ?? { x, customers: 0, actual: 0, predicted: 0 };
    g.customers++;
    g.actual += after[i].length;
    g.predicted += fit.rows[i].expectedPurchases;
    groups.set(x, g);
  });
  const last = tracking[n - 1];
  const withActual = tracking.filter((t) => t.actual > 0);
  const mape =
    withActual.reduce((s, t) => s + Math.abs(t.predicted - t.actual) / t.actual, 0) / (withActual.length || 1);
  const out: Holdout = {
    calibrationEnd: end,
    customers: cal.length,
    groups: [...groups.values()].sort((a, b) => (a.x === '7+' ? 1 : b.x === '7+' ? -1 : Number(a.x) - Number(b.x))),
    tracking,
    actual: last.actual,
    predicted: last.predicted,
    error: last.actual ? (last.predicted - last.actual) / last.actual : 0,
    mape,
  };
  return { fit, holdout: out };
}
