/**
 * Order lines: what the reader makes of an export's rows, before any purchase rule. One entry per run of
 * adjacent rows of one order (rows with the same customer and order id; every row when there is no order id
 * column), held column-wise: customer number, order-id hash, day, amount and refund (money units), status,
 * why it is unreadable, traits, and where it came from (source and first line). The purchase rules
 * (purchases.ts) turn them into the purchase log.
 */

/**
 * Order statuses as the reader classifies them (0: the export has no status for it). Up to `unknown` an order
 * is a purchase (an unknown value is counted and reported); above it, the status says why it is not.
 */
export const STATUS = {
  none: 0,
  paid: 1,
  unknown: 2,
  unpaid: 3,
  closed: 4,
  cancelled: 5,
  refunded: 6,
  excluded: 7,
} as const;
export type StatusCode = (typeof STATUS)[keyof typeof STATUS];
export const STATUS_NAME = [
  '',
  'paid',
  'unknown',
  'unpaid',
  'closed',
  'cancelled',
  'refunded',
  'excluded status',
] as const;

/** Why an order line cannot be read as an order (0: it can). */
export const UNREADABLE = { none: 0, noCustomer: 1, badDate: 2, badAmount: 3, otherCurrency: 4 } as const;
export const UNREADABLE_NAME = ['', 'no customer id', 'bad date', 'bad amount', 'other currency'] as const;

/**
 * Flags of a line: it has an amount; placed from a phone; with a discount; a row of it has a payment time;
 * its gross amount is positive; it has neither an order time nor a payment time.
 */
export const HAS_AMOUNT = 1;
export const MOBILE = 2;
export const DISCOUNT = 4;
export const PAID = 8;
export const GROSS = 16;
export const NO_DATE = 32;
/** Fulfilled and paid cash on delivery: goods out, money collected by the carrier (the status may say pending). */
export const COD = 64;

/** Order lines as plain data (views, not copies), to pass between threads. */
export interface LinesPart {
  size: number;
  cust: Int32Array;
  key: Float64Array;
  day: Int32Array;
  amount: Float64Array;
  refund: Float64Array;
  status: Uint8Array;
  reason: Uint8Array;
  flags: Uint8Array;
  region: Int32Array;
  src: Int32Array;
  line: Int32Array;
  rows: Int32Array;
  regions: string[];
}

export class OrderLines {
  size = 0;
  cust = new Int32Array(1024);
  key = new Float64Array(1024);
  day = new Int32Array(1024);
  amount = new Float64Array(1024);
  refund = new Float64Array(1024);
  status = new Uint8Array(1024);
  reason = new Uint8Array(1024);
  flags = new Uint8Array(1024);
  region = new Int32Array(1024);
  src = new Int32Array(1024);
  line = new Int32Array(1024);
  rows = new Int32Array(1024);
  /** Region names by number. */
  readonly regions: string[] = [];
  private readonly regionIndex = new Map<string, number>();

  /** Append one line; returns its number. */
  add(
    cust: number,
    key: number,
    day: number,
    amount: number,
    refund: number,
    status: number,
    reason: number,
    flags: number,
    region: number,
    src: number,
    line: number,
    rows: number,
  ): number {
    const i = this.size++;
    if (i === this.cust.length) this.grow(i * 2);
    this.cust[i] = cust;
    this.key[i] = key;
    this.day[i] = day;
    this.amount[i] = amount;
    this.refund[i] = refund;
    this.status[i] = status;
    this.reason[i] = reason;
    this.flags[i] = flags;
    this.region[i] = region;
    this.src[i] = src;
    this.line[i] = line;
    this.rows[i] = rows;
    return i;
  }

  /** Make room for `n` lines in all (a hint: adding more still grows). */
  reserve(n: number): void {
    if (n > this.cust.length) this.grow(n);
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

  /** The lines as plain data (views of the arrays cut to size). */
  part(): LinesPart {
    const n = this.size;
    return {
      size: n,
      cust: this.cust.subarray(0, n),
      key: this.key.subarray(0, n),
      day: this.day.subarray(0, n),
      amount: this.amount.subarray(0, n),
      refund: this.refund.subarray(0, n),
      status: this.status.subarray(0, n),
      reason: this.reason.subarray(0, n),
      flags: this.flags.subarray(0, n),
      region: this.region.subarray(0, n),
      src: this.src.subarray(0, n),
      line: this.line.subarray(0, n),
      rows: this.rows.subarray(0, n),
      regions: [...this.regions],
    };
  }

  /** A copy of the lines from `at` on (as a part). */
  slice(at: number): LinesPart {
    const p = this.part();
    const cut = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => a.slice(at) as T;
    return {
      size: p.size - at,
      cust: cut(p.cust),
      key: cut(p.key),
      day: cut(p.day),
      amount: cut(p.amount),
      refund: cut(p.refund),
      status: cut(p.status),
      reason: cut(p.reason),
      flags: cut(p.flags),
      region: cut(p.region),
      src: cut(p.src),
      line: cut(p.line),
      rows: cut(p.rows),
      regions: p.regions,
    };
  }

  /** Drop the lines from `n` on. */
  truncate(n: number): void {
    this.size = Math.min(this.size, n);
  }

  /**
   * Append the lines of another part: customers renumbered through `custMap`, sources set to `src`, line
   * numbers shifted by `lineOffset` (a part read from the middle of a file numbers its lines from 1).
   */
  append(p: LinesPart, custMap: Int32Array | null, src: number, lineOffset: number): void {
    const n = p.size;
    const at = this.size;
    if (at + n > this.cust.length) this.grow(Math.max(at + n, this.cust.length * 2));
    const regionMap = p.regions.map((r) => this.regionNumber(r));
    for (let j = 0; j < n; j++) {
      const i = at + j;
      const c = p.cust[j];
      this.cust[i] = c < 0 || !custMap ? c : custMap[c];
      this.region[i] = p.region[j] < 0 ? -1 : regionMap[p.region[j]];
      this.src[i] = src;
      this.line[i] = p.line[j] + lineOffset;
    }
    this.key.set(p.key, at);
    this.day.set(p.day, at);
    this.amount.set(p.amount, at);
    this.refund.set(p.refund, at);
    this.status.set(p.status, at);
    this.reason.set(p.reason, at);
    this.flags.set(p.flags, at);
    this.rows.set(p.rows, at);
    this.size = at + n;
  }

  private grow(n: number): void {
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.cust = g(this.cust);
    this.key = g(this.key);
    this.day = g(this.day);
    this.amount = g(this.amount);
    this.refund = g(this.refund);
    this.status = g(this.status);
    this.reason = g(this.reason);
    this.flags = g(this.flags);
    this.region = g(this.region);
    this.src = g(this.src);
    this.line = g(this.line);
    this.rows = g(this.rows);
  }
}
