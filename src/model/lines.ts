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

/** The columns of order lines and their element types. */
const COLUMNS = {
  cust: Int32Array,
  key: Float64Array,
  day: Int32Array,
  amount: Float64Array,
  refund: Float64Array,
  status: Uint8Array,
  reason: Uint8Array,
  flags: Uint8Array,
  region: Int32Array,
  src: Int32Array,
  line: Int32Array,
  rows: Int32Array,
} as const;
type ColumnName = keyof typeof COLUMNS;
type AnyColumn = Int32Array | Float64Array | Uint8Array;
const NAMES = Object.keys(COLUMNS) as ColumnName[];

/**
 * Columns of `capacity` order lines in memory two threads share: a split read's main thread writes its lines
 * from the start, the worker its own from a line further on, and joining them moves the worker's lines down
 * to follow the main thread's inside the same memory — no second copy of the worker's part is ever held.
 * (Pages nobody writes are never touched: the slack left for estimates costs nothing.)
 */
export interface SharedLines {
  capacity: number;
  buffers: Record<ColumnName, SharedArrayBuffer>;
}

export function sharedLines(capacity: number): SharedLines {
  const buffers = {} as Record<ColumnName, SharedArrayBuffer>;
  for (const k of NAMES) buffers[k] = new SharedArrayBuffer(capacity * COLUMNS[k].BYTES_PER_ELEMENT);
  return { capacity, buffers };
}

/** A view of `length` elements of a shared column from element `at`. */
function view(s: SharedLines, k: ColumnName, at: number, length: number): AnyColumn {
  return new COLUMNS[k](s.buffers[k] as unknown as ArrayBuffer, at * COLUMNS[k].BYTES_PER_ELEMENT, length);
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

  /** Own columns by name (for the shared-memory moves, which treat every column alike). */
  private get cols(): Record<ColumnName, AnyColumn> {
    return this as unknown as Record<ColumnName, AnyColumn>;
  }

  /**
   * Go on in shared columns: the lines so far are copied there, and lines up to `limit` are added there; one
   * past it, the columns grow into memory of their own like any other (the shared part past `limit` is
   * another thread's).
   */
  useShared(s: SharedLines, limit: number): void {
    for (const k of NAMES) {
      const v = view(s, k, 0, limit);
      v.set(this.cols[k].subarray(0, this.size));
      this.cols[k] = v;
    }
  }

  /** Lines written into shared columns from line `at` on (a worker's part), up to their capacity. */
  static onShared(s: SharedLines, at: number): OrderLines {
    const o = new OrderLines();
    for (const k of NAMES) o.cols[k] = view(s, k, at, s.capacity - at);
    return o;
  }

  /** Whether the lines are still in the shared columns `s` (never grown out of them). */
  isOn(s: SharedLines): boolean {
    return (this.cust.buffer as unknown) === s.buffers.cust;
  }

  /**
   * Join the `n` lines another thread wrote into the shared columns from line `at` on (region names numbered
   * in `regions`): moved down to follow these lines when these are in the same columns, else appended (a copy).
   * Customers renumbered through `custMap`, sources set to `src`, line numbers shifted by `lineOffset`.
   */
  joinShared(
    s: SharedLines,
    at: number,
    n: number,
    regions: string[],
    custMap: Int32Array | null,
    src: number,
    lineOffset: number,
  ): boolean {
    if (!this.isOn(s) || this.size > at) {
      const part = Object.fromEntries(NAMES.map((k) => [k, view(s, k, at, n)])) as unknown as LinesPart;
      this.append({ ...part, size: n, regions }, custMap, src, lineOffset);
      return false;
    }
    const m = this.size;
    for (const k of NAMES) {
      const all = view(s, k, 0, s.capacity);
      if (m !== at) all.copyWithin(m, at, at + n);
      this.cols[k] = all;
    }
    this.renumber(m, n, regions, custMap, src, lineOffset);
    return true;
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
    const at = this.size;
    if (at + p.size > this.cust.length) this.grow(Math.max(at + p.size, this.cust.length * 2));
    for (const k of NAMES) (this.cols[k] as Int32Array).set(p[k] as Int32Array, at);
    this.renumber(at, p.size, p.regions, custMap, src, lineOffset);
  }

  /**
   * Make lines `from .. from+n` (another part's, now in place here) this part's: customers renumbered through
   * `custMap`, regions through their names `regions`, sources set to `src`, line numbers shifted by `lineOffset`.
   */
  private renumber(
    from: number,
    n: number,
    regions: string[],
    custMap: Int32Array | null,
    src: number,
    lineOffset: number,
  ): void {
    const regionMap = regions.map((r) => this.regionNumber(r));
    for (let i = from; i < from + n; i++) {
      const c = this.cust[i];
      if (c >= 0 && custMap) this.cust[i] = custMap[c];
      if (this.region[i] >= 0) this.region[i] = regionMap[this.region[i]];
      this.src[i] = src;
      this.line[i] += lineOffset;
    }
    this.size = from + n;
  }

  private grow(n: number): void {
    for (const k of NAMES) {
      const b = new COLUMNS[k](n);
      b.set(this.cols[k] as Int32Array);
      this.cols[k] = b;
    }
  }
}
