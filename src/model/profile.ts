/** Customer profiles: one plain record per customer with at least one purchase, built from the purchase log. */
import type { CustomerIds } from './ids';
import { DISCOUNT, MOBILE } from './lines';
import { PURCHASE, PurchaseLog } from './log';
import { textOrder } from './order';

export interface Profile {
  /** Customer id as text. */
  id: string;
  /** Customer number in the log (for history look-ups). */
  index: number;
  /** Calendar day numbers (days since 1970-01-01, shop zone). */
  first: number;
  last: number;
  orders: number;
  /** Net revenue in money units (1/10,000). */
  revenue: number;
  refunds: number;
  /** Days from first to last purchase. */
  spanDays: number;
  /** Purchases placed from a phone, and with a discount (0 when the export has no such column). */
  mobileOrders: number;
  discountOrders: number;
  /** Shipping province/state of the latest purchase, when the export has an address column. */
  region: string | null;
}

/**
 * Profiles of every customer with a purchase, sorted by customer id (code-unit order) for determinism:
 * purchases and returns summed, first and last purchase day, traits counted, the region of the latest
 * purchase (on the same day: the later entry of the log).
 */
export function buildProfiles(log: PurchaseLog, ids: CustomerIds, decode: (b: Uint8Array) => string): Profile[] {
  const n = ids.size;
  const first = new Int32Array(n).fill(0x7fffffff);
  const last = new Int32Array(n).fill(-0x7fffffff);
  const orders = new Int32Array(n);
  const revenue = new Float64Array(n);
  const refunds = new Float64Array(n);
  const mobile = new Int32Array(n);
  const discount = new Int32Array(n);
  const region = new Int32Array(n).fill(-1);
  const regionDay = new Int32Array(n);
  for (let i = 0; i < log.size; i++) {
    const c = log.cust[i];
    const d = log.day[i];
    revenue[c] += log.amount[i];
    if (log.kind[i] !== PURCHASE) {
      refunds[c] -= log.amount[i];
      continue;
    }
    refunds[c] += log.refund[i];
    orders[c]++;
    if (d < first[c]) first[c] = d;
    if (d > last[c]) last[c] = d;
    const f = log.flags[i];
    if (f & MOBILE) mobile[c]++;
    if (f & DISCOUNT) discount[c]++;
    const r = log.region[i];
    if (r >= 0 && (region[c] < 0 || d >= regionDay[c])) {
      region[c] = r;
      regionDay[c] = d;
    }
  }
  const buyers: number[] = [];
  for (let c = 0; c < n; c++) if (orders[c] > 0) buyers.push(c);
  const texts = ids.texts(buyers, decode);
  const order = textOrder(texts);
  const out: Profile[] = new Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const c = buyers[order[i]];
    out[i] = {
      id: texts[order[i]],
      index: c,
      first: first[c],
      last: last[c],
      orders: orders[c],
      revenue: revenue[c],
      refunds: refunds[c],
      spanDays: last[c] - first[c],
      mobileOrders: mobile[c],
      discountOrders: discount[c],
      region: region[c] >= 0 ? log.regions[region[c]] : null,
    };
  }
  return out;
}

/**
 * The profiles as they stood at `day`, replayed from the purchase log:
 * purchases and returns after `day` left out, as `--as-of day` would. Customers without a purchase by then
 * are left out. Refunds that were netted into an order cannot be dated, so `refunds` counts returns only;
 * traits (mobile, discount, region) are not replayed and stay as of the latest purchase.
 */
export function profilesAt(profiles: Profile[], log: PurchaseLog, day: number): Profile[] {
  const out: Profile[] = [];
  for (const p of profiles) {
    let first = Infinity;
    let last = -Infinity;
    let orders = 0;
    let revenue = 0;
    let refunds = 0;
    log.forEachEntry(p.index, (d, amount, isPurchase) => {
      if (d > day) return;
      revenue += amount;
      if (!isPurchase) {
        refunds -= amount;
        return;
      }
      orders++;
      if (d < first) first = d;
      if (d > last) last = d;
    });
    if (orders === 0) continue;
    out.push({
      id: p.id,
      index: p.index,
      first,
      last,
      orders,
      revenue,
      refunds,
      spanDays: last - first,
      mobileOrders: p.mobileOrders,
      discountOrders: p.discountOrders,
      region: p.region,
    });
  }
  return out;
}
