/**
 * Acquisition cohorts from the purchase log: customers grouped by the month (or week) of their first purchase,
 * followed period by period since: how many bought again, how many orders, how much revenue.
 */
import { daysFromCivil, formatDay } from '../io/cells';
import { PURCHASE, PurchaseLog } from './log';

export type CohortBy = 'month' | 'week';

/** One cell of the cohort table: cohort × periods since acquisition. */
export interface CohortCell {
  /** Period number of the cohort (months since 1970-01 or weeks since the Monday 1969-12-29). */
  cohort: number;
  /** Periods since the cohort's own (0 = the acquisition period). */
  period: number;
  /** First day of this calendar period. */
  start: number;
  /** Customers of the cohort. */
  customers: number;
  /** Customers with a purchase in this period. */
  active: number;
  /** Purchases in this period. */
  orders: number;
  /** Net revenue in this period (money units; returns dated in it subtract). */
  revenue: number;
  /** Net revenue of the cohort from its first period through this one. */
  revenueCum: number;
  /** Purchases of the cohort from its first period through this one. */
  ordersCum: number;
  /** Whether the period ended on or before the as-of day (else it is still running). */
  complete: boolean;
}

/** Period number of a day: months since 1970-01, or weeks (Monday to Sunday) since the Monday 1969-12-29. */
export function periodOf(day: number, by: CohortBy): number {
  if (by === 'week') return Math.floor((day + 3) / 7);
  const s = formatDay(day);
  return (Number(s.slice(0, 4)) - 1970) * 12 + Number(s.slice(5, 7)) - 1;
}

/** The first day of a period. */
export function periodStart(p: number, by: CohortBy): number {
  if (by === 'week') return p * 7 - 3;
  return daysFromCivil(1970 + Math.floor(p / 12), (((p % 12) + 12) % 12) + 1, 1);
}

/** A cohort's label: `1997-01` for a month, the Monday `1997-01-06` for a week. */
export function periodLabel(p: number, by: CohortBy): string {
  const s = formatDay(periodStart(p, by));
  return by === 'month' ? s.slice(0, 7) : s;
}

/**
 * The cohort table, oldest cohort first, period 0 first. A customer's cohort is the period of their first
 * purchase (returns do not acquire anyone); each cohort runs from period 0 to the period holding `asOf`, so a
 * period with no activity is a row with zeros. A return dated before its customer's first purchase counts in
 * period 0. Days are read through a cache: periodOf runs once per distinct day.
 */
export function cohortTable(log: PurchaseLog, asOf: number, by: CohortBy): CohortCell[] {
  const memo = new Map<number, number>();
  const per = (d: number) => {
    let p = memo.get(d);
    if (p === undefined) memo.set(d, (p = periodOf(d, by)));
    return p;
  };
  const first = new Int32Array(log.customers).fill(0x7fffffff);
  for (let i = 0; i < log.size; i++)
    if (log.kind[i] === PURCHASE && log.day[i] < first[log.cust[i]]) first[log.cust[i]] = log.day[i];
  const last = per(asOf);
  const cells = new Map<number, CohortCell[]>();
  const cohortOf = (p: number) => {
    let row = cells.get(p);
    if (!row) {
      row = [];
      for (let k = 0; k <= last - p; k++) {
        const start = periodStart(p + k, by);
        const end = periodStart(p + k + 1, by) - 1;
        row.push({
          cohort: p,
          period: k,
          start,
          customers: 0,
          active: 0,
          orders: 0,
          revenue: 0,
          revenueCum: 0,
          ordersCum: 0,
          complete: end <= asOf,
        });
      }
      cells.set(p, row);
    }
    return row;
  };
  const seen = new Set<number>();
  for (let c = 0; c < log.customers; c++) {
    if (first[c] === 0x7fffffff) continue;
    const p = per(first[c]);
    const row = cohortOf(p);
    row[0].customers++;
    seen.clear();
    for (const i of log.entriesOf(c)) {
      const k = Math.max(0, per(log.day[i]) - p);
      if (k >= row.length) continue; // after the as-of day (the log is cut there already)
      row[k].revenue += log.amount[i];
      if (log.kind[i] !== PURCHASE) continue;
      row[k].orders++;
      if (!seen.has(k)) {
        seen.add(k);
        row[k].active++;
      }
    }
  }
  const out: CohortCell[] = [];
  for (const p of [...cells.keys()].sort((a, b) => a - b)) {
    const row = cells.get(p)!;
    let rev = 0;
    let ord = 0;
    for (const cell of row) {
      cell.customers = row[0].customers;
      rev += cell.revenue;
      ord += cell.orders;
      cell.revenueCum = rev;
      cell.ordersCum = ord;
      out.push(cell);
    }
  }
  return out;
}
