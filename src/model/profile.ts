/** Customer profiles: one plain record per customer with at least one purchase, built from a CustomerBook. */
import { CustomerBook } from './book';
import { textOrder } from './order';

export interface Profile {
  /** Customer id as text. */
  id: string;
  /** Index in the book (for history look-ups). */
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

/** Profiles of every customer with a purchase, sorted by customer id (code-unit order) for determinism. */
export function buildProfiles(book: CustomerBook, decode: (b: Uint8Array) => string): Profile[] {
  const buyers: number[] = [];
  for (let c = 0; c < book.size; c++) if (book.orders[c] > 0) buyers.push(c);
  const ids = book.idTexts(buyers, decode);
  const order = textOrder(ids);
  const out: Profile[] = new Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const c = buyers[order[i]];
    const first = book.first[c];
    const last = book.last[c];
    out[i] = {
      id: ids[order[i]],
      index: c,
      first,
      last,
      orders: book.orders[c],
      revenue: book.revenue[c],
      refunds: book.refunds[c],
      spanDays: last - first,
      mobileOrders: book.mobileOrders[c],
      discountOrders: book.discountOrders[c],
      region: book.region[c] >= 0 ? book.regions[book.region[c]] : null,
    };
  }
  return out;
}

/**
 * The profiles as they stood at `day`, replayed from the book's purchase history (loaded with history):
 * purchases and returns after `day` left out, as `--as-of day` would. Customers without a purchase by then
 * are left out. Refunds that were netted into an order cannot be dated, so `refunds` counts returns only;
 * traits (mobile, discount, region) are not replayed and stay as of the latest purchase.
 */
export function profilesAt(profiles: Profile[], book: CustomerBook, day: number): Profile[] {
  const out: Profile[] = [];
  for (const p of profiles) {
    let first = Infinity;
    let last = -Infinity;
    let orders = 0;
    let revenue = 0;
    let refunds = 0;
    book.forEachEntry(p.index, (d, amount, isPurchase) => {
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
