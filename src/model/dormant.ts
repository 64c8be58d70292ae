/**
 * Sleeping customers (沉睡客户): no purchase for `days`..`maxDays` days (inclusive), ranked by value at stake,
 * with their personal purchase rhythm, and the weekly trend replayed from the purchase history itself.
 */
import type { PurchaseLog } from './log';
import type { RfmCustomer } from './rfm';
import { quantile7 } from './scoring';
import { Activity, Windows, activityOf } from './lifecycle';

export interface DormantOptions {
  days: number;
  maxDays: number;
  includeLost: boolean;
  /** Also list customers this many times past their own median gap (2+ purchases), younger than `days`. */
  overdue?: number;
  weeks: number;
}

export type Status = 'sleeping' | 'lost' | 'overdue';

export interface DormantRow {
  c: RfmCustomer;
  status: Status;
  /** Median days between consecutive purchases (2+ purchases), else null. */
  medianGap: number | null;
  /** Days since the last purchase ÷ median gap; null without a rhythm (or a zero gap). */
  overdueRatio: number | null;
}

export interface Week {
  asOf: number;
  /** Customers with a purchase on or before this day and whose last one is at most maxDays old. */
  base: number;
  sleeping: number;
  newlySleeping: number;
  wokenUp: number;
  newlyLost: number;
  lost: number;
}

const STATE: Record<Activity, number> = { active: 1, sleeping: 2, lost: 3 };

/** State of one customer at a day, from the purchase days (newest first): 0 none yet, 1 active, 2 sleeping, 3 lost. */
function stateAt(days: number[], at: number, w: Windows): number {
  for (const d of days) if (d <= at) return STATE[activityOf(d, at, w)];
  return 0;
}

/** The dormant list at the as-of day (ranked) and the weekly trend for the last `weeks` weekly as-of days. */
export function dormant(
  customers: RfmCustomer[],
  log: PurchaseLog,
  asOf: number,
  o: DormantOptions,
): { rows: DormantRow[]; weeks: Week[]; base: number } {
  const rows: DormantRow[] = [];
  const W = o.weeks;
  const w: Windows = { newDays: 0, sleepDays: o.days, lostDays: o.maxDays };
  // week k (0 = oldest) has as-of day asOf − 7·(W−1−k); one more week before the oldest for "this week" changes
  const at = Array.from({ length: W + 1 }, (_, k) => asOf - 7 * (W - k));
  const weeks: Week[] = at
    .slice(1)
    .map((d) => ({ asOf: d, base: 0, sleeping: 0, newlySleeping: 0, wokenUp: 0, newlyLost: 0, lost: 0 }));
  let base = 0;
  const states = new Uint8Array(W + 1);
  for (const c of customers) {
    const days = log.purchaseDays(c.index);
    for (let k = 0; k <= W; k++) states[k] = stateAt(days, at[k], w);
    for (let k = 1; k <= W; k++) {
      const wk = weeks[k - 1];
      const now = states[k];
      const before = states[k - 1];
      if (now === 1 || now === 2) wk.base++;
      if (now === 2) wk.sleeping++;
      if (now === 3) wk.lost++;
      if (now === 2 && before !== 2) wk.newlySleeping++;
      if (before === 2 && now === 1) wk.wokenUp++;
      if (before === 2 && now === 3) wk.newlyLost++;
    }
    const age = c.recency;
    if (age <= o.maxDays) base++;
    let medianGap: number | null = null;
    if (days.length >= 2) {
      const gaps = days
        .slice(1)
        .map((d, i) => days[i] - d)
        .sort((a, b) => a - b);
      medianGap = quantile7(gaps, 0.5);
    }
    const overdueRatio = medianGap ? age / medianGap : null;
    let status: Status | null = null;
    if (age >= o.days && age <= o.maxDays) status = 'sleeping';
    else if (age > o.maxDays) status = o.includeLost ? 'lost' : null;
    else if (o.overdue !== undefined && overdueRatio !== null && overdueRatio >= o.overdue) status = 'overdue';
    if (status) rows.push({ c, status, medianGap, overdueRatio });
  }
  // Value at stake: revenue first, then more purchases, then customer id.
  rows.sort(
    (a, b) => b.c.revenue - a.c.revenue || b.c.orders - a.c.orders || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0),
  );
  return { rows, weeks, base };
}
