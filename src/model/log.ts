/**
 * The purchase log: one entry per purchase or return, column-wise — customer number, day, net amount (money
 * units; negative for a return), refund netted into it, kind, traits, and where it came from. Profiles,
 * `--as-of` views, weekly replays and movement are all derived from it.
 */

/** Kind of an entry: a purchase, or a return (cancellation) invoice netted against revenue. */
export const PURCHASE = 1;
export const RETURN = 0;

export class PurchaseLog {
  size = 0;
  cust: Int32Array;
  day: Int32Array;
  amount: Float64Array;
  refund: Float64Array;
  kind: Uint8Array;
  /** Line flags (MOBILE, DISCOUNT from lines.ts) and shipping region number (−1 none). */
  flags: Uint8Array;
  region: Int32Array;
  /** Source number and the first line of the order in it. */
  src: Int32Array;
  line: Int32Array;
  /** Entries of customer c: byCust[start[c] .. start[c+1]) (built on first use). */
  private start: Int32Array | null = null;
  private byCust: Int32Array | null = null;

  constructor(
    capacity: number,
    /** Customers numbered 0..customers−1 (the id dictionary's size). */
    readonly customers: number,
    /** Region names by number. */
    readonly regions: string[],
  ) {
    this.cust = new Int32Array(capacity);
    this.day = new Int32Array(capacity);
    this.amount = new Float64Array(capacity);
    this.refund = new Float64Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.region = new Int32Array(capacity);
    this.src = new Int32Array(capacity);
    this.line = new Int32Array(capacity);
  }

  /**
   * A log written over the columns of the order lines it is made from (each at least as long as the log will
   * be): `purchaseLog` writes entry k only after every line at k or before it was read. Saves a second set of
   * columns (38 bytes per order) at the peak of a read.
   */
  static over(
    cols: Pick<PurchaseLog, 'cust' | 'day' | 'amount' | 'refund' | 'kind' | 'flags' | 'region' | 'src' | 'line'>,
    customers: number,
    regions: string[],
  ): PurchaseLog {
    const log = new PurchaseLog(0, customers, regions);
    Object.assign(log, cols);
    return log;
  }

  /** Append an entry (capacity is fixed: the number of orders). */
  push(
    cust: number,
    day: number,
    amount: number,
    refund: number,
    kind: number,
    flags: number,
    region: number,
    src: number,
    line: number,
  ): void {
    const i = this.size++;
    this.cust[i] = cust;
    this.day[i] = day;
    this.amount[i] = amount;
    this.refund[i] = refund;
    this.kind[i] = kind;
    this.flags[i] = flags;
    this.region[i] = region;
    this.src[i] = src;
    this.line[i] = line;
  }

  /** The entries of customer `c`, in log order. */
  entriesOf(c: number): Int32Array {
    if (!this.start) this.index();
    return this.byCust!.subarray(this.start![c], this.start![c + 1]);
  }

  /** Visit a customer's entries (day, net amount, whether a purchase). */
  forEachEntry(c: number, fn: (day: number, amount: number, isPurchase: boolean) => void): void {
    for (const i of this.entriesOf(c)) fn(this.day[i], this.amount[i], this.kind[i] === PURCHASE);
  }

  /** A customer's purchase days (returns left out), newest first. */
  purchaseDays(c: number): number[] {
    const days: number[] = [];
    for (const i of this.entriesOf(c)) if (this.kind[i] === PURCHASE) days.push(this.day[i]);
    return days.sort((a, b) => b - a);
  }

  /** Counting sort of the entries by customer (stable: log order within a customer). */
  private index(): void {
    const start = new Int32Array(this.customers + 1);
    for (let i = 0; i < this.size; i++) start[this.cust[i] + 1]++;
    for (let c = 0; c < this.customers; c++) start[c + 1] += start[c];
    const at = start.slice(0, this.customers);
    const by = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) by[at[this.cust[i]]++] = i;
    this.start = start;
    this.byCust = by;
  }
}
