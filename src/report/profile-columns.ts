/** The profile columns every per-customer output starts with. */
import type { Profile } from '../model/profile';
import { Column, number, plain, text } from './columns';
import { day, meanGap, money } from './format';

export const PROFILE_COLUMNS: Column<Profile>[] = [
  text('customer_id', (p) => p.id),
  plain('first_purchase', (p) => day(p.first)),
  plain('last_purchase', (p) => day(p.last)),
  number('orders', (p) => p.orders),
  number('revenue', (p) => money(p.revenue)),
  number('aov', (p) => money(p.revenue / p.orders)),
  number('refunds', (p) => money(p.refunds)),
  number('span_days', (p) => p.spanDays),
  number('mean_gap_days', (p) => meanGap(p.spanDays, p.orders)),
];
