/**
 * Repurchase by its stated definitions (复购率 has several): over a window of days ending on the as-of date,
 * each figure with the counts it is made of, from the purchase log.
 */
import { daysFromCivil, daysInMonth, formatDay } from '../io/cells';
import { PURCHASE, PurchaseLog } from './log';
import { quantile7 } from './scoring';

/** The window: the days from `from` through `to`, both inclusive. */
export interface Window {
  from: number;
  to: number;
}

/** A window length as `--window` gives it: n days, weeks, calendar months or years; or the whole history. */
export type WindowSpec = { n: number; unit: 'd' | 'w' | 'm' | 'y' } | 'all';

/**
 * The window of a spec ending on `asOf` (inclusive): `30d` is the 30 days through the as-of date, `12w` 84 days,
 * `3m` from the day after the as-of date moved back 3 calendar months (its day clamped to the month's end) through
 * the as-of date (as of 06-30: 04-01 – 06-30),
 * `1y` = `12m`; `all` starts on `firstDay`.
 */
export function windowOf(spec: WindowSpec, asOf: number, firstDay: number): Window {
  if (spec === 'all') return { from: Math.min(firstDay, asOf), to: asOf };
  if (spec.unit === 'd' || spec.unit === 'w')
    return { from: asOf - spec.n * (spec.unit === 'w' ? 7 : 1) + 1, to: asOf };
  const months = spec.n * (spec.unit === 'y' ? 12 : 1);
  const [y, m, d] = formatDay(asOf + 1)
    .split('-')
    .map(Number);
  const k = y * 12 + m - 1 - months;
  const [y2, m2] = [Math.floor(k / 12), (k % 12) + 1];
  return { from: daysFromCivil(y2, m2, Math.min(d, daysInMonth(y2, m2))), to: asOf };
}

export interface NewBuyerRepurchase {
  days: number;
  /** New buyers of the window whose first purchase is at least `days` days before the as-of date. */
  buyers: number;
  /** Of them, those with another purchase on a later day, at most `days` days after the first. */
  repeaters: number;
  /** repeaters ÷ buyers; null when no buyer qualifies yet. */
  rate: number | null;
}

export interface Repurchase {
  window: Window;
  /** Customers with a purchase in the window, and those with 2+ purchases in it. */
  buyers: number;
  repeaters: number;
  rate: number | null;
  newBuyers: NewBuyerRepurchase[];
  /** Days between consecutive purchase days of a customer, the later one in the window. */
  gaps: { count: number; q1: number | null; median: number | null; q3: number | null };
  /** Net revenue in the window, and the part of customers who had bought before the window. */
  revenue: number;
  returningRevenue: number;
  returningShare: number | null;
}

/**
 * The repurchase figures of the window. Purchases are distinct paid orders (two orders on one day are two
 * purchases); a new buyer is one whose first purchase in the export lies in the window; gaps are between
 * distinct purchase days (type-7 quartiles); revenue is net of the returns dated in the window.
 */
export function repurchase(log: PurchaseLog, w: Window, asOf: number, horizons = [30, 60, 90]): Repurchase {
  let buyers = 0;
  let repeaters = 0;
  let revenue = 0;
  let returningRevenue = 0;
  const nb = horizons.map((days) => ({ days, buyers: 0, repeaters: 0 }));
  const gaps: number[] = [];
  for (let c = 0; c < log.customers; c++) {
    const entries = log.entriesOf(c);
    if (!entries.length) continue;
    const days: number[] = [];
    let inWindow = 0;
    let rev = 0;
    for (const i of entries) {
      const d = log.day[i];
      if (d >= w.from && d <= w.to) rev += log.amount[i];
      if (log.kind[i] !== PURCHASE) continue;
      days.push(d);
      if (d >= w.from && d <= w.to) inWindow++;
    }
    revenue += rev;
    if (!days.length) continue;
    days.sort((a, b) => a - b);
    const first = days[0];
    if (first < w.from) returningRevenue += rev;
    if (inWindow) buyers++;
    if (inWindow >= 2) repeaters++;
    if (first >= w.from && first <= w.to)
      for (const h of nb) {
        if (first + h.days > asOf) continue;
        h.buyers++;
        if (days.some((d) => d > first && d <= first + h.days)) h.repeaters++;
      }
    for (let k = 1; k < days.length; k++)
      if (days[k] > days[k - 1] && days[k] >= w.from && days[k] <= w.to) gaps.push(days[k] - days[k - 1]);
  }
  const sorted = Float64Array.from(gaps).sort();
  const q = (p: number) => (sorted.length ? quantile7(sorted, p) : null);
  return {
    window: w,
    buyers,
    repeaters,
    rate: buyers ? repeaters / buyers : null,
    newBuyers: nb.map((h) => ({ ...h, rate: h.buyers ? h.repeaters / h.buyers : null })),
    gaps: { count: gaps.length, q1: q(0.25), median: q(0.5), q3: q(0.75) },
    revenue,
    returningRevenue,
    returningShare: revenue ? returningRevenue / revenue : null,
  };
}
