/**
 * The purchase rules: order lines → the purchase log. What counts as a purchase (the README's "What counts as
 * a purchase"):
 * - an order is identified by (customer, order id) wherever its rows stand: interleaved line items, a file read
 *   in two parts, the same order in overlapping downloads all make one order; an order-level amount is taken
 *   once, line amounts (or quantity × price) are summed;
 * - when several exports hold the same order, the export whose latest order is later wins (ties: the one whose
 *   earliest order is later, then the later argument): it saw the order's last state (paid in one download,
 *   refunded and closed in the next);
 * - lines without an order id are one order each;
 * - unpaid, closed, cancelled and fully refunded orders are not purchases, nor those whose status the user
 *   excluded; a free order (amount 0) is; an order whose status is not known counts (and is reported);
 * - refunds are netted once: subtracted from the amount unless the export's amount is already net; a positive
 *   refund, or a positive gross amount, that leaves nothing is a refunded order;
 * - where the export has a payment-time column, an order none of whose rows has one was never paid (unless its
 *   status says paid);
 * - an order with a negative amount (a return or cancellation invoice) is not a purchase but nets against the
 *   customer's revenue;
 * - lines without a customer id are excluded, never turned into invented customers;
 * - with an as-of day, later orders are excluded.
 * Every excluded order is counted by reason with its rows and first lines.
 */
import {
  COD,
  DISCOUNT,
  GROSS,
  HAS_AMOUNT,
  LinesPart,
  MOBILE,
  NO_DATE,
  PAID,
  STATUS,
  STATUS_NAME,
  UNREADABLE,
  UNREADABLE_NAME,
} from './lines';
import { PURCHASE, PurchaseLog, RETURN } from './log';

/** How one source's lines are read into orders. */
export interface SourceRules {
  /** 'order': one amount per order, taken once; 'item'/'lines': line amounts summed. */
  amountMode: 'order' | 'item' | 'lines';
  /** The amount is already net of refunds. */
  amountIsNet: boolean;
  /** The export has a payment-time column beside the order time: an order with none was never paid. */
  paidColumn?: boolean;
  /** `--cod-paid`: a fulfilled cash-on-delivery order whose status still says unpaid counts as a purchase. */
  codPaid?: boolean;
}

/** Why orders were not counted as purchases. */
export type Reason =
  | 'no customer id'
  | 'unpaid'
  | 'unpaid, cash on delivery'
  | 'closed'
  | 'cancelled'
  | 'refunded'
  | 'after as-of'
  | 'bad date'
  | 'bad amount'
  | 'missing amount'
  | 'excluded status'
  /** Another currency than --currency names. */
  | 'other currency';

export interface Exclusion {
  rows: number;
  orders: number;
  /** The orders' amount (money units; orders with an amount). */
  amount: number;
  /** The first lines (sources in `srcs`, same positions). */
  lines: number[];
  srcs: number[];
}

export interface OrderStats {
  orders: number;
  purchases: number;
  returns: number;
  excluded: Map<Reason, Exclusion>;
  /** Orders whose rows were not together in their export (interleaved line items, a part boundary). */
  scattered: number;
  /** Orders also found in another export, and the rows of those other copies (not counted). */
  overlapping: number;
  overlapRows: number;
  /** Per source: orders of it that another export's copy replaced. */
  replaced: number[];
  /** The amount of every order with one (money units), purchases and excluded alike. */
  amount: number;
  /** Days of the first and last purchase (0x7fffffff / −0x7fffffff when none). */
  minDay: number;
  maxDay: number;
}

const SAMPLE_LINES = 5;

/** Source ranks: a later latest day (then a later earliest day, then a later position) ranks higher. */
export function sourceRanks(p: LinesPart, sources: number): Int32Array {
  const latest = new Int32Array(sources).fill(-0x7fffffff);
  const earliest = new Int32Array(sources).fill(0x7fffffff);
  for (let i = 0; i < p.size; i++) {
    if (p.reason[i] !== UNREADABLE.none) continue;
    const s = p.src[i];
    if (p.day[i] > latest[s]) latest[s] = p.day[i];
    if (p.day[i] < earliest[s]) earliest[s] = p.day[i];
  }
  const order = Array.from({ length: sources }, (_, s) => s).sort(
    (a, b) => latest[a] - latest[b] || earliest[a] - earliest[b] || a - b,
  );
  const rank = new Int32Array(sources);
  order.forEach((s, r) => (rank[s] = r));
  return rank;
}

/** Lines grouped into orders: `next` chains the lines of one order, `head[i]` is true for its first line. */
interface Groups {
  next: Int32Array;
  isHead: Uint8Array;
  /** The visiting order: lines of higher-ranked sources last, each source's lines in order (null: line order). */
  visit: Int32Array | null;
}

function groupLines(p: LinesPart, rank: Int32Array): Groups {
  const n = p.size;
  // Lines by source rank (counting sort: stable within a source); none needed when the lines are in that order
  // already (one export, or exports given oldest first).
  let inOrder = true;
  for (let i = 1; i < n && inOrder; i++) inOrder = rank[p.src[i - 1]] <= rank[p.src[i]];
  let visit: Int32Array | null = null;
  if (!inOrder) {
    visit = new Int32Array(n);
    const count = new Int32Array(rank.length + 1);
    for (let i = 0; i < n; i++) count[rank[p.src[i]] + 1]++;
    for (let r = 0; r < rank.length; r++) count[r + 1] += count[r];
    for (let i = 0; i < n; i++) visit[count[rank[p.src[i]]]++] = i;
  }
  const next = new Int32Array(n).fill(-1);
  const isHead = new Uint8Array(n);
  let size = 1 << 4;
  while (size < n * 1.5) size <<= 1; // load at most 2/3: linear probing stays short
  const mask = size - 1;
  const slotHead = new Int32Array(size).fill(-1);
  const tail = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    const i = visit ? visit[v] : v;
    const k = p.key[i];
    const c = p.cust[i];
    if (k < 0 || c < 0) {
      isHead[i] = 1;
      continue;
    }
    const h = Math.imul((k % 4294967296) ^ Math.imul(c, 0x9e3779b1) ^ ((k / 4294967296) | 0), 0x85ebca6b);
    let s = (h ^ (h >>> 13)) & mask;
    for (;;) {
      const g = slotHead[s];
      if (g < 0) {
        slotHead[s] = i;
        isHead[i] = 1;
        tail[i] = i;
        break;
      }
      if (p.key[g] === k && p.cust[g] === c) {
        next[tail[g]] = i;
        tail[g] = i;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  return { next, isHead, visit };
}

/**
 * Apply the purchase rules to order lines from `sources` (numbered as in the lines' `src`): the purchase log
 * (entries in source-rank order, then line order) and the counts.
 */
export function purchaseLog(
  p: LinesPart,
  sources: SourceRules[],
  customers: number,
  asOfDay?: number,
  /** The lines are not read again: the log may be written over their columns. */
  consume = false,
): { log: PurchaseLog; stats: OrderStats } {
  const rank = sourceRanks(p, sources.length);
  const { next, isHead, visit } = groupLines(p, rank);
  const stats: OrderStats = {
    orders: 0,
    purchases: 0,
    returns: 0,
    excluded: new Map(),
    scattered: 0,
    overlapping: 0,
    overlapRows: 0,
    replaced: new Array(sources.length).fill(0),
    amount: 0,
    minDay: 0x7fffffff,
    maxDay: -0x7fffffff,
  };
  let heads = 0;
  for (let i = 0; i < p.size; i++) heads += isHead[i];
  // Visited in line order, an order's entry goes at or before its first line, and every line before that line
  // belongs to an order already done: the log can be written over the lines' own columns (its kind over their
  // status, read only for the order being done).
  const log =
    consume && !visit
      ? PurchaseLog.over(
          {
            cust: p.cust,
            day: p.day,
            amount: p.amount,
            refund: p.refund,
            kind: p.status,
            flags: p.flags,
            region: p.region,
            src: p.src,
            line: p.line,
          },
          customers,
          p.regions,
        )
      : new PurchaseLog(heads, customers, p.regions);
  let orderAmount = 0;
  const exclude = (reason: Reason, rows: number, src: number, line: number) => {
    let x = stats.excluded.get(reason);
    if (!x) stats.excluded.set(reason, (x = { rows: 0, orders: 0, amount: 0, lines: [], srcs: [] }));
    x.rows += rows;
    x.orders++;
    x.amount += orderAmount;
    if (x.lines.length < SAMPLE_LINES) {
      x.lines.push(line);
      x.srcs.push(src);
    }
  };
  for (let v = 0; v < p.size; v++) {
    const first = visit ? visit[v] : v;
    if (!isHead[first]) continue;
    // The order's winning copy: the lines of its highest-ranked source (visited last).
    let top = first;
    for (let j = next[first]; j >= 0; j = next[j]) if (rank[p.src[j]] > rank[p.src[top]]) top = j;
    const src = p.src[top];
    let head = -1;
    let reason: number = UNREADABLE.none;
    let status: number = STATUS.none;
    let amount = 0;
    let hasAmount = false;
    let refund = 0;
    let flags = 0;
    let rows = 0;
    let runs = 0;
    let otherRows = 0;
    const once = sources[src].amountMode === 'order';
    for (let j = first; j >= 0; j = next[j]) {
      if (p.src[j] !== src) {
        otherRows += p.rows[j];
        continue;
      }
      if (head < 0) head = j;
      runs++;
      rows += p.rows[j];
      if (reason === UNREADABLE.none) reason = p.reason[j];
      if (status <= STATUS.unknown) status = p.status[j] || status;
      if (p.flags[j] & HAS_AMOUNT && !(once && hasAmount)) {
        amount += p.amount[j];
        hasAmount = true;
      }
      if (refund === 0) refund = p.refund[j];
      flags |= p.flags[j];
    }
    if (runs > 1) stats.scattered++;
    if (otherRows > 0) {
      stats.overlapping++;
      stats.overlapRows += otherRows;
      for (let j = first; j >= 0; j = next[j]) if (p.src[j] !== src) stats.replaced[p.src[j]]++;
    }
    stats.orders++;
    orderAmount = hasAmount ? amount : 0;
    stats.amount += orderAmount;
    const line = p.line[head];
    if (reason === UNREADABLE.none && p.cust[head] < 0) reason = UNREADABLE.noCustomer;
    if (reason !== UNREADABLE.none) {
      exclude(UNREADABLE_NAME[reason] as Reason, rows, src, line);
      continue;
    }
    // Fulfilled and cash on delivery, yet 'pending' (the carrier's cash not yet marked paid): counted only with
    // codPaid, else kept apart from other unpaid orders so that the warning can give their amount.
    const cod = (flags & COD) !== 0;
    if (status > STATUS.unknown && !(cod && status === STATUS.unpaid)) {
      const name = STATUS_NAME[status] as Reason;
      exclude(status === STATUS.closed && refund > 0 ? 'refunded' : name, rows, src, line);
      continue;
    }
    const unpaid =
      status === STATUS.unpaid ||
      ((flags & NO_DATE || (sources[src].paidColumn && !(flags & PAID))) && status !== STATUS.paid);
    if (unpaid && !(cod && sources[src].codPaid)) {
      exclude(cod ? 'unpaid, cash on delivery' : 'unpaid', rows, src, line);
      continue;
    }
    if (!hasAmount) {
      exclude('missing amount', rows, src, line);
      continue;
    }
    const day = p.day[head];
    if (asOfDay !== undefined && day > asOfDay) {
      exclude('after as-of', rows, src, line);
      continue;
    }
    const c = p.cust[head];
    const traits = p.flags[head] & (MOBILE | DISCOUNT);
    if (amount < 0) {
      log.push(c, day, amount, 0, RETURN, traits, p.region[head], src, line);
      stats.returns++;
      continue;
    }
    const net = sources[src].amountIsNet ? amount : amount - refund;
    // A zero net after a positive gross (or refund) is a refunded order, not a free one.
    if ((refund > 0 && net <= 0) || (net === 0 && flags & GROSS)) {
      exclude('refunded', rows, src, line);
      continue;
    }
    log.push(c, day, net, refund, PURCHASE, traits, p.region[head], src, line);
    stats.purchases++;
    if (day < stats.minDay) stats.minDay = day;
    if (day > stats.maxDay) stats.maxDay = day;
  }
  return { log, stats };
}
