/** The columns of `rfm log`: the purchase log as a table any engine can load (the schema `rfm sql` reads). */
import * as path from 'path';
import type { Loaded } from '../io/load';
import { MONEY_SCALE } from '../io/cells';
import { PURCHASE } from '../model/log';
import { DISCOUNT, MOBILE } from '../model/lines';
import { Column, plain, text } from './columns';
import { day } from './format';

/**
 * Money units → an exact decimal: at least two decimals, up to four (the unit is 1/10,000), no rounding:
 * `12.5` → `12.50`, `0.0015` → `0.0015`, a return `-3.00`.
 */
export function exactMoney(units: number): string {
  const u = Math.round(units); // sums of whole units are whole; a stray float tail is not money
  const a = Math.abs(u);
  const whole = Math.floor(a / MONEY_SCALE);
  let frac = String(a - whole * MONEY_SCALE).padStart(4, '0');
  if (frac.endsWith('00')) frac = frac.slice(0, 2);
  else if (frac.endsWith('0')) frac = frac.slice(0, 3);
  return `${u < 0 ? '-' : ''}${whole}.${frac}`;
}

/**
 * The log's columns (rows are entry numbers): customer_id, order_id (the order's source and first line:
 * rfm keeps no order id text), order_date, amount (net), kind, refund (netted into a purchase); with
 * `traits`, mobile and discount (1 or 0), region (the shipping province, or empty) and seq (the entry's
 * position: of two purchases on one day the later one's region is the customer's); shop when one is named.
 */
export function logColumns(loaded: Loaded, shop?: string, traits = false): Column<number>[] {
  const { log } = loaded;
  const all = Int32Array.from({ length: log.customers }, (_, c) => c);
  const ids = loaded.ids.texts(all, loaded.decode);
  const names = loaded.sources.map((s) => path.basename(s.file));
  const cols: Column<number>[] = [
    text('customer_id', (i) => ids[log.cust[i]]),
    text('order_id', (i) => `${names[log.src[i]]}:${log.line[i]}`),
    plain('order_date', (i) => day(log.day[i])),
    plain('amount', (i) => exactMoney(log.amount[i])),
    plain('kind', (i) => (log.kind[i] === PURCHASE ? 'purchase' : 'return')),
    plain('refund', (i) => exactMoney(log.refund[i])),
  ];
  if (traits)
    cols.push(
      plain('mobile', (i) => (log.flags[i] & MOBILE ? '1' : '0')),
      plain('discount', (i) => (log.flags[i] & DISCOUNT ? '1' : '0')),
      text('region', (i) => (log.region[i] >= 0 ? log.regions[log.region[i]] : '')),
      plain('seq', (i) => String(i + 1)),
    );
  if (shop !== undefined) cols.push(text('shop', () => shop));
  return cols;
}
