/**
 * Sleeping customers (沉睡客户): no purchase for `days`..`maxDays` days (inclusive), ranked by value at stake,
 * with their personal purchase rhythm, and the weekly trend replayed from the purchase history itself.
 */
import { PURCHASE, PurchaseLog } from './log';
import { RfmCustomer, RfmResult, customerAt } from './rfm';
import { quantile7 } from './scoring';
import { tableValueOrder } from './top';
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
  /** The customer's row in the result's table, and its record (made on first use: a report keeps a few). */
  readonly i: number;
  readonly c: RfmCustomer;
  status: Status;
  /** Median days between consecutive purchases (2+ purchases), else null. */
  medianGap: number | null;
  /** Days since the last purchase ÷ median gap; null without a rhythm (or a zero gap). */
  overdueRatio: number | null;
  /** With `--rank alive`: BG/NBD's P(alive) and the value still to expect (currency units). */
  pAlive?: number;
  value?: number;
}

/** A listed customer whose record is made only when read. */
class ListedRow implements DormantRow {
  private record: RfmCustomer | undefined;
  pAlive?: number;
  value?: number;
  constructor(
    private readonly res: RfmResult,
    readonly i: number,
    public status: Status,
    public medianGap: number | null,
    public overdueRatio: number | null,
  ) {}
  get c(): RfmCustomer {
    return (this.record ??= customerAt(this.res, this.i));
  }
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
function stateAt(days: Int32Array, count: number, at: number, w: Windows): number {
  for (let k = 0; k < count; k++) if (days[k] <= at) return STATE[activityOf(days[k], at, w)];
  return 0;
}

/**
 * The dormant list at the as-of day (ranked; records made for the listed customers only) and the weekly trend
 * for the last `weeks` weekly as-of days, from the scored result's columns and the log.
 */
export function dormant(
  res: RfmResult,
  log: PurchaseLog,
  asOf: number,
  o: DormantOptions,
): { rows: DormantRow[]; weeks: Week[]; base: number } {
  const listed: { i: number; status: Status; medianGap: number | null; overdueRatio: number | null }[] = [];
  const W = o.weeks;
  const w: Windows = { newDays: 0, sleepDays: o.days, lostDays: o.maxDays };
  // week k (0 = oldest) has as-of day asOf − 7·(W−1−k); one more week before the oldest for "this week" changes
  const at = Array.from({ length: W + 1 }, (_, k) => asOf - 7 * (W - k));
  const weeks: Week[] = at
    .slice(1)
    .map((d) => ({ asOf: d, base: 0, sleeping: 0, newlySleeping: 0, wokenUp: 0, newlyLost: 0, lost: 0 }));
  let base = 0;
  const states = new Uint8Array(W + 1);
  const t = res.table;
  let days = new Int32Array(64);
  for (let i = 0; i < t.size; i++) {
    // The customer's purchase days, newest first (insertion sort: most customers have a few).
    const entries = log.entriesOf(t.index[i]);
    if (entries.length > days.length) days = new Int32Array(entries.length * 2);
    let n = 0;
    for (const e of entries) {
      if (log.kind[e] !== PURCHASE) continue;
      const d = log.day[e];
      let j = n++;
      while (j > 0 && days[j - 1] < d) {
        days[j] = days[j - 1];
        j--;
      }
      days[j] = d;
    }
    for (let k = 0; k <= W; k++) states[k] = stateAt(days, n, at[k], w);
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
    const age = res.recency[i];
    if (age <= o.maxDays) base++;
    let medianGap: number | null = null;
    if (n >= 2) {
      const gaps = new Float64Array(n - 1);
      for (let k = 1; k < n; k++) gaps[k - 1] = days[k - 1] - days[k];
      medianGap = quantile7(gaps.sort(), 0.5);
    }
    const overdueRatio = medianGap ? age / medianGap : null;
    let status: Status | null = null;
    if (age >= o.days && age <= o.maxDays) status = 'sleeping';
    else if (age > o.maxDays) status = o.includeLost ? 'lost' : null;
    else if (o.overdue !== undefined && overdueRatio !== null && overdueRatio >= o.overdue) status = 'overdue';
    if (status) listed.push({ i, status, medianGap, overdueRatio });
  }
  // Value at stake: the most valuable first (revenue, then purchases, then customer id).
  const order = tableValueOrder(t);
  listed.sort((a, b) => order(a.i, b.i));
  const rows: DormantRow[] = listed.map(
    ({ i, status, medianGap, overdueRatio }) => new ListedRow(res, i, status, medianGap, overdueRatio),
  );
  return { rows, weeks, base };
}
