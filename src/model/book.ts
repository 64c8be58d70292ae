/**
 * CustomerBook: one running aggregate per customer, held column-wise in typed arrays, so memory grows with
 * customers, not rows. Optionally it keeps each customer's purchase history (day and amount per order,
 * 12 bytes an order) for the commands that replay the past (weekly trends, personal rhythm).
 */

const NONE = -1;

/** Per-customer aggregates; customers are numbered 0..size-1 in order of first appearance. */
export class CustomerBook {
  /** Customers so far (ids are bytes in `arena`, at keyAt/keyLen: no string is made per customer). */
  private count = 0;
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

  /**
   * Hash of each customer's first purchase's order id (only when asked: a book for a part of the file,
   * whose first orders may continue the previous part's).
   */
  firstOrder: Float64Array | null = null;

  constructor(
    readonly keepHistory = false,
    trackFirstOrder = false,
  ) {
    if (keepHistory) this.growHistory(4096);
    if (trackFirstOrder) this.firstOrder = new Float64Array(1024);
  }

  get size(): number {
    return this.count;
  }

  /**
   * The ids of customers `cs` as text: their bytes joined by NUL bytes and decoded in one call (one by
   * one when an id holds a NUL itself, or a decoder swallowed one).
   */
  idTexts(cs: ArrayLike<number>, decode: (b: Uint8Array) => string): string[] {
    let len = 0;
    for (let i = 0; i < cs.length; i++) len += this.keyLen[cs[i]] + 1;
    const b = Buffer.allocUnsafe(len);
    const a = this.arena;
    let at = 0;
    for (let j = 0; j < cs.length; j++) {
      const c = cs[j];
      for (let i = this.keyAt[c], e = i + this.keyLen[c]; i < e; i++) b[at++] = a[i];
      b[at++] = 0;
    }
    const parts = cs.length ? decode(b.subarray(0, at - 1)).split('\0') : [];
    if (parts.length === cs.length) return parts;
    return Array.from(cs, (c) => decode(a.subarray(this.keyAt[c], this.keyAt[c] + this.keyLen[c])));
  }

  /** The number of the customer whose id is the bytes `b[s..e)`, added if new. */
  idOfBytes(b: Uint8Array, s: number, e: number): number {
    const c = this.find(b, s, e);
    return c >= 0 ? c : this.add(b, s, e, this.missHash, this.missSlot);
  }

  // Where find() stopped without a match: the id's hash and the free index slot.
  private missHash = 0;
  private missSlot = 0;

  /** The number of the customer whose id is the bytes `b[s..e)`, or -1 (not added). */
  find(b: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i], 0x01000193);
    const mask = this.slots.length - 1;
    const len = e - s;
    for (let i = (h ^ (h >>> 15)) & mask; ; i = (i + 1) & mask) {
      const c = this.slots[i];
      if (c < 0) {
        this.missHash = h;
        this.missSlot = i;
        return -1;
      }
      if (this.keyHash[c] === h && this.keyLen[c] === len && this.sameBytes(this.keyAt[c], b, s, len)) return c;
    }
  }

  /** Add a customer with id bytes `b[s..e)` (hash `h`) at free index slot `i`. */
  private add(b: Uint8Array, s: number, e: number, h: number, i: number): number {
    const len = e - s;
    const c = this.count++;
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
    this.slots[i] = c;
    this.lastOrder[c] = -1;
    this.first[c] = 0x7fffffff;
    this.last[c] = -0x7fffffff;
    this.hHead[c] = NONE;
    if (this.firstOrder) this.firstOrder[c] = -1;
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
    for (let c = 0; c < this.count; c++) {
      const h = this.keyHash[c];
      let i = (h ^ (h >>> 15)) & mask;
      while (slots[i] >= 0) i = (i + 1) & mask;
      slots[i] = c;
    }
    this.slots = slots;
  }

  /** Record a purchase (an order with amount ≥ 0) of `net` units on `day`. */
  addPurchase(c: number, orderKey: number, day: number, net: number, refund: number): void {
    if (this.firstOrder && this.orders[c] === 0) this.firstOrder[c] = orderKey;
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

  /** The book as plain data (views of its typed arrays cut to size, not copies), to pass from a worker thread. */
  part(): BookPart {
    const n = this.size;
    const hCust = new Int32Array(this.hSize);
    for (let c = 0; c < n; c++) for (let h = this.hHead[c]; h !== NONE; h = this.hNext[h]) hCust[h] = c;
    return {
      size: n,
      arena: this.arena.subarray(0, this.arenaUsed),
      keyAt: this.keyAt.subarray(0, n),
      keyLen: this.keyLen.subarray(0, n),
      first: this.first.subarray(0, n),
      last: this.last.subarray(0, n),
      orders: this.orders.subarray(0, n),
      revenue: this.revenue.subarray(0, n),
      refunds: this.refunds.subarray(0, n),
      lastOrder: this.lastOrder.subarray(0, n),
      firstOrder: (this.firstOrder ?? new Float64Array(n).fill(-1)).subarray(0, n),
      mobileOrders: this.mobileOrders.subarray(0, n),
      discountOrders: this.discountOrders.subarray(0, n),
      region: this.region.subarray(0, n),
      regionDay: this.regionDay.subarray(0, n),
      regions: [...this.regions],
      hDay: this.hDay.subarray(0, this.hSize),
      hAmount: this.hAmount.subarray(0, this.hSize),
      hKind: this.hKind.subarray(0, this.hSize),
      hCust,
    };
  }

  /**
   * Add the book of the rest of the file, read after this one: the same result as reading its rows here
   * (customers numbered in order of first appearance, sums, first/last days, the latest region, history
   * entries in file order). Refused (false, nothing changed) when `p` meets the one cross-row rule a part
   * cannot see: a customer's first order in `p` with the same order id as their last order here (rows of one
   * order met again after other rows).
   */
  absorb(p: BookPart): boolean {
    const map = new Int32Array(p.size);
    for (let c = 0; c < p.size; c++) {
      const a = (map[c] = this.find(p.arena, p.keyAt[c], p.keyAt[c] + p.keyLen[c]));
      if (a >= 0 && p.firstOrder[c] >= 0 && this.lastOrder[a] === p.firstOrder[c]) return false;
    }
    for (let c = 0; c < p.size; c++) {
      const a = map[c] >= 0 ? map[c] : (map[c] = this.idOfBytes(p.arena, p.keyAt[c], p.keyAt[c] + p.keyLen[c]));
      this.orders[a] += p.orders[c];
      this.revenue[a] += p.revenue[c];
      this.refunds[a] += p.refunds[c];
      if (p.first[c] < this.first[a]) this.first[a] = p.first[c];
      if (p.last[c] > this.last[a]) this.last[a] = p.last[c];
      if (p.lastOrder[c] !== -1) this.lastOrder[a] = p.lastOrder[c];
      this.mobileOrders[a] += p.mobileOrders[c];
      this.discountOrders[a] += p.discountOrders[c];
      if (p.region[c] >= 0 && (this.region[a] < 0 || p.regionDay[c] >= this.regionDay[a])) {
        this.region[a] = this.regionNumber(p.regions[p.region[c]]);
        this.regionDay[a] = p.regionDay[c];
      }
    }
    if (this.keepHistory)
      for (let h = 0; h < p.hDay.length; h++) this.remember(map[p.hCust[h]], p.hDay[h], p.hAmount[h], p.hKind[h]);
    return true;
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
    if (this.firstOrder) this.firstOrder = growF64(this.firstOrder, n);
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

/** A CustomerBook as plain data (see part()). */
export interface BookPart {
  size: number;
  arena: Uint8Array;
  keyAt: Int32Array;
  keyLen: Int32Array;
  first: Int32Array;
  last: Int32Array;
  orders: Int32Array;
  revenue: Float64Array;
  refunds: Float64Array;
  lastOrder: Float64Array;
  firstOrder: Float64Array;
  mobileOrders: Int32Array;
  discountOrders: Int32Array;
  region: Int32Array;
  regionDay: Int32Array;
  regions: string[];
  hDay: Int32Array;
  hAmount: Float64Array;
  hKind: Uint8Array;
  hCust: Int32Array;
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
