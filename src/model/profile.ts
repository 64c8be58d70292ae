/** Customer profiles: one plain record per customer with at least one purchase, built from the purchase log. */
import type { CustomerIds } from './ids';
import { DISCOUNT, MOBILE } from './lines';
import { PURCHASE, PurchaseLog } from './log';
import { strictlyAscending, textOrder } from './order';

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
 * Every customer with a purchase as columns (typed arrays, no object per customer), rows sorted by customer id
 * (code-unit order) for determinism. `index` is the customer's number in the log (for history look-ups).
 */
export interface ProfileTable {
  size: number;
  /** Customer id as text, per row. */
  ids: string[];
  index: Int32Array;
  first: Int32Array;
  last: Int32Array;
  orders: Int32Array;
  /** Money units. */
  revenue: Float64Array;
  refunds: Float64Array;
  mobile: Int32Array;
  discount: Int32Array;
  /** Index into `regions` of the latest purchase's region, −1 when none. */
  region: Int32Array;
  regions: readonly string[];
}

/**
 * The profile table from the purchase log: purchases and returns summed, first and last purchase day, traits
 * counted, the region of the latest purchase (on the same day: the later entry of the log). Rows are ordered by
 * the ids' bytes straight from the dictionary (UTF-8 byte order is code-unit order unless an id holds a
 * character above U+FFFF); when the texts do not come out ascending, they are sorted as text.
 */
export function buildTable(log: PurchaseLog, ids: CustomerIds, decode: (b: Uint8Array) => string): ProfileTable {
  const n = ids.size;
  // Per customer, interleaved (the log visits customers at random: two cache lines per entry, not nine):
  // whole numbers in `w` (first, last, orders, mobile, discount, region, region's day), money in `f`.
  const W = 8;
  const w = new Int32Array(n * W);
  for (let c = 0; c < n; c++) {
    w[c * W] = 0x7fffffff;
    w[c * W + 1] = -0x7fffffff;
    w[c * W + 5] = -1;
  }
  const f = new Float64Array(n * 2);
  for (let i = 0; i < log.size; i++) {
    const c = log.cust[i];
    const d = log.day[i];
    const a = c * W;
    f[c * 2] += log.amount[i];
    if (log.kind[i] !== PURCHASE) {
      f[c * 2 + 1] -= log.amount[i];
      continue;
    }
    f[c * 2 + 1] += log.refund[i];
    w[a + 2]++;
    if (d < w[a]) w[a] = d;
    if (d > w[a + 1]) w[a + 1] = d;
    const fl = log.flags[i];
    if (fl & MOBILE) w[a + 3]++;
    if (fl & DISCOUNT) w[a + 4]++;
    const r = log.region[i];
    if (r >= 0 && (w[a + 5] < 0 || d >= w[a + 6])) {
      w[a + 5] = r;
      w[a + 6] = d;
    }
  }
  let m = 0;
  for (let c = 0; c < n; c++) if (w[c * W + 2] > 0) m++;
  const buyers = new Int32Array(m);
  for (let c = 0, k = 0; c < n; c++) if (w[c * W + 2] > 0) buyers[k++] = c;
  // Ordered by the ids' bytes; checked, as the bytes are UTF-8 only when the dictionary's decoder reads UTF-8.
  let texts: string[] | null = null;
  const order = ids.order(buyers);
  if (order) {
    const rows = new Int32Array(m);
    for (let i = 0; i < m; i++) rows[i] = buyers[order[i]];
    texts = ids.texts(rows, decode);
    if (strictlyAscending(texts)) buyers.set(rows);
    else texts = null;
  }
  if (!texts) {
    const unordered = ids.texts(buyers, decode);
    const o = textOrder(unordered);
    texts = new Array<string>(m);
    const rows = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      rows[i] = buyers[o[i]];
      texts[i] = unordered[o[i]];
    }
    buyers.set(rows);
  }
  const t = newTable(m, texts, buyers, log.regions);
  for (let i = 0; i < m; i++) {
    const c = buyers[i];
    const a = c * W;
    t.first[i] = w[a];
    t.last[i] = w[a + 1];
    t.orders[i] = w[a + 2];
    t.mobile[i] = w[a + 3];
    t.discount[i] = w[a + 4];
    t.region[i] = w[a + 5];
    t.revenue[i] = f[c * 2];
    t.refunds[i] = f[c * 2 + 1];
  }
  return t;
}

/** A table of `m` rows with zeroed columns (ids and customer numbers given or made). */
function newTable(m: number, ids: string[], index: Int32Array, regions: readonly string[]): ProfileTable {
  return {
    size: m,
    ids,
    index,
    first: new Int32Array(m),
    last: new Int32Array(m),
    orders: new Int32Array(m),
    revenue: new Float64Array(m),
    refunds: new Float64Array(m),
    mobile: new Int32Array(m),
    discount: new Int32Array(m),
    region: new Int32Array(m),
    regions,
  };
}

/** Row `i` of the table as a record. */
export function profileAt(t: ProfileTable, i: number): Profile {
  const r = t.region[i];
  return {
    id: t.ids[i],
    index: t.index[i],
    first: t.first[i],
    last: t.last[i],
    orders: t.orders[i],
    revenue: t.revenue[i],
    refunds: t.refunds[i],
    spanDays: t.last[i] - t.first[i],
    mobileOrders: t.mobile[i],
    discountOrders: t.discount[i],
    region: r >= 0 ? t.regions[r] : null,
  };
}

/** Every row of the table as a record. */
export function profileList(t: ProfileTable): Profile[] {
  const out: Profile[] = new Array(t.size);
  for (let i = 0; i < t.size; i++) out[i] = profileAt(t, i);
  return out;
}

/** Records as a table (their order kept). */
export function tableOf(profiles: Profile[]): ProfileTable {
  const n = profiles.length;
  const regions: string[] = [];
  const regionNo = new Map<string, number>();
  const t = newTable(n, new Array<string>(n), new Int32Array(n), regions);
  for (let i = 0; i < n; i++) {
    const p = profiles[i];
    t.ids[i] = p.id;
    t.index[i] = p.index;
    t.first[i] = p.first;
    t.last[i] = p.last;
    t.orders[i] = p.orders;
    t.revenue[i] = p.revenue;
    t.refunds[i] = p.refunds;
    t.mobile[i] = p.mobileOrders;
    t.discount[i] = p.discountOrders;
    let r = -1;
    if (p.region !== null) {
      r = regionNo.get(p.region) ?? -1;
      if (r < 0) {
        regionNo.set(p.region, (r = regions.length));
        regions.push(p.region);
      }
    }
    t.region[i] = r;
  }
  return t;
}

/** Profiles of every customer with a purchase, sorted by customer id (code-unit order): the table's rows. */
export function buildProfiles(log: PurchaseLog, ids: CustomerIds, decode: (b: Uint8Array) => string): Profile[] {
  return profileList(buildTable(log, ids, decode));
}

/**
 * The table as it stood at `day`, replayed from the purchase log in one pass: purchases and returns after `day`
 * left out, as `--as-of day` would. Customers without a purchase by then are left out; the others keep their
 * row order. Refunds that were netted into an order cannot be dated, so `refunds` counts returns only; traits
 * (mobile, discount, region) are not replayed and stay as of the latest purchase.
 */
export function tableAt(t: ProfileTable, log: PurchaseLog, day: number): ProfileTable {
  const n = log.customers;
  const first = new Int32Array(n).fill(0x7fffffff);
  const last = new Int32Array(n).fill(-0x7fffffff);
  const orders = new Int32Array(n);
  const revenue = new Float64Array(n);
  const refunds = new Float64Array(n);
  for (let i = 0; i < log.size; i++) {
    const d = log.day[i];
    if (d > day) continue;
    const c = log.cust[i];
    revenue[c] += log.amount[i];
    if (log.kind[i] !== PURCHASE) {
      refunds[c] -= log.amount[i];
      continue;
    }
    orders[c]++;
    if (d < first[c]) first[c] = d;
    if (d > last[c]) last[c] = d;
  }
  const rows: number[] = [];
  for (let i = 0; i < t.size; i++) if (orders[t.index[i]] > 0) rows.push(i);
  const m = rows.length;
  const out = newTable(m, new Array<string>(m), new Int32Array(m), t.regions);
  for (let k = 0; k < m; k++) {
    const i = rows[k];
    const c = t.index[i];
    out.ids[k] = t.ids[i];
    out.index[k] = c;
    out.first[k] = first[c];
    out.last[k] = last[c];
    out.orders[k] = orders[c];
    out.revenue[k] = revenue[c];
    out.refunds[k] = refunds[c];
    out.mobile[k] = t.mobile[i];
    out.discount[k] = t.discount[i];
    out.region[k] = t.region[i];
  }
  return out;
}
