/**
 * "Still alive?" for the lists: BG/NBD fitted to every customer (weeks; the same fit as `rfm predict`), and per
 * customer P(alive) and the value still to expect over the next `horizon` weeks — P(alive) × the purchases
 * expected while alive × the Gamma-Gamma spend per purchase (rfm predict's undiscounted CLV).
 */
import type { PurchaseLog } from '../log';
import { predict } from './predict';
import { summarise } from './summary';

/** The P(alive) below which `likely-lost` applies, and at or above which `likely-active` does. */
export const LIKELY_LOST = 0.3;
export const LIKELY_ACTIVE = 0.7;

export interface Alive {
  /** Per customer in `customers` order. */
  pAlive: Float64Array;
  /** Expected value over the horizon (currency units). */
  value: Float64Array;
  horizon: number;
}

/** Fit and predict for `customers` (their numbers in the log); throws DataError when the data cannot carry a fit. */
export function alive(
  customers: ArrayLike<number>,
  log: PurchaseLog,
  asOf: number,
  scale: number,
  horizon = 52,
): Alive {
  const res = predict(summarise(customers, log, asOf, scale), { model: 'bgnbd', unit: 7, horizon, discount: 0 });
  return {
    pAlive: Float64Array.from(res.rows, (r) => r.pAlive),
    value: Float64Array.from(res.rows, (r) => r.clv),
    horizon,
  };
}
