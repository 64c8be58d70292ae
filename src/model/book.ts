/**
 * CustomerBook: one running aggregate per customer, held column-wise in typed arrays, so memory grows with
 * customers, not rows. Optionally it keeps each customer's purchase history (day and amount per order,
 * 12 bytes an order) for the commands that replay the past (weekly trends, personal rhythm).
 */

const NONE = -1;

/** Per-customer aggregates; customers are numbered 0..size-1 in order of first appearance. */
export class CustomerBook {
  /** Customer id bytes as one-byte (latin1) strings, by customer number. */
  readonly keys: string[] = [];
  /** Hash of the last order id added per customer (to merge an order's rows that were not adjacent); -1 none. */
  lastOrder: Float64Array = new Float64Array(1024);
  // Open-addressing index from id bytes to customer number: no string is made to look a customer up.
  private slots: Int32Array = new Int32Array(1 << 12).fill(-1);
  private keyHash: Int32Array = new Int32Array(1024);
  private keyAt: Int32Array = new Int32Array(1024);
  private keyLen: Int32Array = new Int32Array(1024);
  private arena: Buffer = Buffer.alloc(1 << 16);
  private arenaUsed = 0;
  first: Int32Array = new Int32Array(1024);
  last: Int32Array = new Int32Array(1024);
  orders: Int32Array = new Int32Array(1024);
  /** Net revenue in money units (purchases net of refunds, minus returns). */
  revenue: Float64Array = new Float64Array(1024);
  /** Refunded and returned money in units (positive). */
  refunds: Float64Array = new Float64Array(1024);
  /** Traits: purchases placed from a phone, purchases with a discount, shipping region of the latest purchase. */
  mobileOrders: Int32Array = new Int32Array(1024);
  discountOrders: Int32Array = new Int32Array(1024);
  region: Int32Array = new Int32Array(1024).fill(-1);
  private regionDay: Int32Array = new Int32Array(1024);
  /** Region names by number. */
  readonly regions: string[] = [];
  private readonly regionIndex = new Map<string, number>();
  /** History: newest entry per customer, then a chain through `hNext`. */
  private hHead: Int32Array = new Int32Array(1024);
  hDay: Int32Array = new Int32Array(0);
  hAmount: Float64Array = new Float64Array(0);
  /** 1 for a purchase, 0 for a return (negative amount). */
  hKind: Uint8Array = new Uint8Array(0);
  hNext: Int32Array = new Int32Array(0);
  hSize = 0;

  constructor(readonly keepHistory = false) {
    if (keepHistory) this.growHistory(4096);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The number of the customer whose id is the bytes `b[s..e)`, added if new. */
  idOfBytes(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const mask = this.slots.length - 1;
    const len = e - s;
    let i = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const c = this.slots[i];
      if (c < 0) break;
      if (this.keyHash[c] === h && this.keyLen[c] === len && this.sameBytes(this.keyAt[c], b, s, len)) return c;
      i = (i + 1) & mask;
    }
    const c = this.keys.length;
    if (c === this.first.length) this.grow();
    if (this.arenaUsed + len > this.arena.length) {
      const a = Buffer.alloc(Math.max(this.arena.length * 2, this.arenaUsed + len));
      this.arena.copy(a, 0, 0, this.arenaUsed);
      this.arena = a;
    }
    this.arena.set(b.subarray(s, e), this.arenaUsed);
    this.keyAt[c] = this.arenaUsed;
    this.keyLen[c] = len;
    this.keyHash[c] = h;
    this.arenaUsed += len;
    this.keys.push(this.arena.toString('latin1', this.keyAt[c], this.arenaUsed));
    this.slots[i] = c;
    this.lastOrder[c] = -1;
    this.first[c] = 0x7fffffff;
    this.last[c] = -0x7fffffff;
    this.hHead[c] = NONE;
    if ((c + 1) * 2 > this.slots.length) this.rehash();
    return c;
  }

  private sameBytes(at: number, b: Uint8Array, s: number, len: number): boolean {
    const a = this.arena;
    for (let k = 0; k < len; k++) if (a[at + k] !== b[s + k]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let c = 0; c < this.keys.length; c++) {
      const h = this.keyHash[c];
      let i = (h ^ (h >>> 15)) & mask;
      while (slots[i] >= 0) i = (i + 1) & mask;
      slots[i] = c;
    }
    this.slots = slots;
  }

  /** Record a purchase (an order with amount ≥ 0) of `net` units on `day`. */
  addPurchase(c: number, orderKey: number, day: number, net: number, refund: number): void {
    this.orders[c]++;
    this.revenue[c] += net;
    this.refunds[c] += refund;
    if (day < this.first[c]) this.first[c] = day;
    if (day > this.last[c]) this.last[c] = day;
    this.lastOrder[c] = orderKey;
    if (this.keepHistory) this.remember(c, day, net, 1);
  }

  /** The number of a region name (added if new). */
  regionNumber(name: string): number {
    let r = this.regionIndex.get(name);
    if (r === undefined) {
      r = this.regions.length;
      this.regions.push(name);
      this.regionIndex.set(name, r);
    }
    return r;
  }

  /** Record the traits of a purchase just added on `day` (region: -1 when unknown). */
  addTraits(c: number, day: number, mobile: boolean, discount: boolean, region: number): void {
    if (mobile) this.mobileOrders[c]++;
    if (discount) this.discountOrders[c]++;
    if (region >= 0 && (this.region[c] < 0 || day >= this.regionDay[c])) {
      this.region[c] = region;
      this.regionDay[c] = day;
    }
  }

  /** More rows of the customer's last order, met after other rows: add line amounts, count no new order. */
  addToLastOrder(c: number, amount: number): void {
    this.revenue[c] += amount;
    if (this.keepHistory && this.hHead[c] !== NONE) this.hAmount[this.hHead[c]] += amount;
  }

  /** Record a return or cancellation invoice (negative amount): nets against revenue, not a purchase. */
  addReturn(c: number, day: number, amount: number): void {
    this.revenue[c] += amount;
    this.refunds[c] -= amount;
    if (this.keepHistory) this.remember(c, day, amount, 0);
  }

  /** Visit a customer's history entries, newest first. */
  forEachEntry(c: number, fn: (day: number, amount: number, isPurchase: boolean) => void): void {
    for (let h = this.hHead[c]; h !== NONE; h = this.hNext[h]) fn(this.hDay[h], this.hAmount[h], this.hKind[h] === 1);
  }

  /** A customer's purchase days (returns left out), newest first. */
  purchaseDays(c: number): number[] {
    const days: number[] = [];
    for (let h = this.hHead[c]; h !== NONE; h = this.hNext[h]) if (this.hKind[h] === 1) days.push(this.hDay[h]);
    return days.sort((a, b) => b - a);
  }

  private remember(c: number, day: number, amount: number, kind: number): void {
    if (this.hSize === this.hDay.length) this.growHistory(this.hSize * 2);
    const h = this.hSize++;
    this.hDay[h] = day;
    this.hAmount[h] = amount;
    this.hKind[h] = kind;
    this.hNext[h] = this.hHead[c];
    this.hHead[c] = h;
  }

  private grow(): void {
    const n = this.first.length * 2;
    this.first = growI32(this.first, n);
    this.last = growI32(this.last, n);
    this.orders = growI32(this.orders, n);
    this.hHead = growI32(this.hHead, n);
    this.keyHash = growI32(this.keyHash, n);
    this.keyAt = growI32(this.keyAt, n);
    this.keyLen = growI32(this.keyLen, n);
    this.lastOrder = growF64(this.lastOrder, n);
    this.revenue = growF64(this.revenue, n);
    this.refunds = growF64(this.refunds, n);
    this.mobileOrders = growI32(this.mobileOrders, n);
    this.discountOrders = growI32(this.discountOrders, n);
    const old = this.region.length;
    this.region = growI32(this.region, n);
    this.region.fill(-1, old);
    this.regionDay = growI32(this.regionDay, n);
  }

  private growHistory(n: number): void {
    this.hDay = growI32(this.hDay, n);
    this.hNext = growI32(this.hNext, n);
    this.hAmount = growF64(this.hAmount, n);
    const k = new Uint8Array(n);
    k.set(this.hKind);
    this.hKind = k;
  }
}

function growI32(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function growF64(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
