/**
 * The per-customer summary the buy-till-you-die models take (Fader, Hardie & Lee 2005; the lifetimes
 * conventions): purchases on one calendar day count once; x = repeat purchase days, t_x = first → last
 * purchase day, T = first purchase day → as-of, in the chosen unit; spend = mean money per repeat purchase day.
 */
import type { PurchaseLog } from '../log';

export interface Summary {
  /** Repeat purchase days (distinct purchase days − 1). */
  x: number;
  /** Days from the first to the last purchase day, and from the first purchase day to the as-of day. */
  txDays: number;
  TDays: number;
  /** Mean money (currency units) per repeat purchase day; 0 when x = 0. */
  spend: number;
}

/**
 * One summary per customer (`customers`: their numbers in the log, in the order wanted); purchases after `asOf`
 * left out, `scale` money units per currency unit.
 */
export function summarise(customers: ArrayLike<number>, log: PurchaseLog, asOf: number, scale: number): Summary[] {
  return purchaseDays(customers, log, asOf).map((m) => summaryOf(m, asOf, scale));
}

/** Each customer's money per purchase day up to `asOf` (returns left out). */
export function purchaseDays(customers: ArrayLike<number>, log: PurchaseLog, asOf: number): Map<number, number>[] {
  return Array.from(customers, (c) => {
    const byDay = new Map<number, number>();
    log.forEachEntry(c, (d, amount, isPurchase) => {
      if (isPurchase && d <= asOf) byDay.set(d, (byDay.get(d) ?? 0) + amount);
    });
    return byDay;
  });
}

/** The summary of one customer's money per purchase day. */
export function summaryOf(byDay: Map<number, number>, asOf: number, scale: number): Summary {
  const days = [...byDay.keys()].sort((a, b) => a - b);
  if (days.length === 0) return { x: 0, txDays: 0, TDays: 0, spend: 0 };
  const first = days[0];
  let repeat = 0;
  for (let i = 1; i < days.length; i++) repeat += byDay.get(days[i]) ?? 0;
  const x = days.length - 1;
  return { x, txDays: days[days.length - 1] - first, TDays: asOf - first, spend: x ? repeat / x / scale : 0 };
}

/** Distinct (x, t_x, T) with how many customers share each, and each customer's group. */
export interface Compressed {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  group: Int32Array;
}

/** Compress summaries to distinct (x, t_x, T) in `unit` days (1 or 7), so a fit costs per group, not per customer. */
export function compress(s: Summary[], unit: number): Compressed {
  const key = new Map<string, number>();
  const group = new Int32Array(s.length);
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const ws: number[] = [];
  s.forEach((c, i) => {
    const k = `${c.x},${c.txDays},${c.TDays}`;
    let g = key.get(k);
    if (g === undefined) {
      g = xs.length;
      key.set(k, g);
      xs.push(c.x);
      txs.push(c.txDays / unit);
      Ts.push(c.TDays / unit);
      ws.push(0);
    }
    ws[g]++;
    group[i] = g;
  });
  return {
    x: Float64Array.from(xs),
    tx: Float64Array.from(txs),
    T: Float64Array.from(Ts),
    w: Float64Array.from(ws),
    group,
  };
}
