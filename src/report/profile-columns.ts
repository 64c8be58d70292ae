/** The profile columns every per-customer output starts with, read from the profile table by row. */
import type { ProfileTable } from '../model/profile';
import { Column, number, plain, text, moneyCol } from './columns';
import { day, meanGap, money } from './format';

export function profileColumns(t: ProfileTable): Column<number>[] {
  return [
    text('customer_id', (i) => t.ids[i]),
    plain('first_purchase', (i) => day(t.first[i])),
    plain('last_purchase', (i) => day(t.last[i])),
    number('orders', (i) => t.orders[i]),
    moneyCol('revenue', (i) => money(t.revenue[i])),
    moneyCol('aov', (i) => money(t.revenue[i] / t.orders[i])),
    moneyCol('refunds', (i) => money(t.refunds[i])),
    number('span_days', (i) => t.last[i] - t.first[i]),
    number('mean_gap_days', (i) => meanGap(t.last[i] - t.first[i], t.orders[i])),
  ];
}

/** Rows 0..n−1 of a table, for listings over its columns. */
export function rowNumbers(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}
