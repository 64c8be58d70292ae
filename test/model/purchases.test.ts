/** The purchase rules over plain order lines: what each order is, wherever its rows stand. */
import { GROSS, HAS_AMOUNT, NO_DATE, OrderLines, PAID, STATUS, UNREADABLE } from '../../src/model/lines';
import { PURCHASE, RETURN } from '../../src/model/log';
import { SourceRules, purchaseLog } from '../../src/model/purchases';

interface Line {
  cust?: number;
  key?: number;
  day?: number;
  amount?: number;
  refund?: number;
  status?: keyof typeof STATUS;
  reason?: keyof typeof UNREADABLE;
  src?: number;
  line?: number;
  rows?: number;
  flags?: number;
}

/** Order lines from plain objects (defaults: customer 0, no order id, day 100, amount 10, source 0). */
function lines(ls: Line[]): OrderLines {
  const o = new OrderLines();
  ls.forEach((l, i) =>
    o.add(
      l.cust ?? 0,
      l.key ?? -1,
      l.day ?? 100,
      l.amount ?? 10,
      l.refund ?? 0,
      STATUS[l.status ?? 'none'],
      UNREADABLE[l.reason ?? 'none'],
      (l.amount === null ? 0 : HAS_AMOUNT) | (l.flags ?? 0),
      -1,
      l.src ?? 0,
      l.line ?? i + 2,
      l.rows ?? 1,
    ),
  );
  return o;
}

const ORDER: SourceRules = { amountMode: 'order', amountIsNet: false };
const ITEM: SourceRules = { amountMode: 'item', amountIsNet: false };

/** The log as [customer, day, amount, kind] rows, and the counts. */
function run(ls: Line[], sources: SourceRules[] = [ORDER], asOf?: number) {
  const { log, stats } = purchaseLog(lines(ls).part(), sources, 10, asOf);
  const rows = Array.from({ length: log.size }, (_, i) => [log.cust[i], log.day[i], log.amount[i], log.kind[i]]);
  return { rows, stats, excluded: Object.fromEntries([...stats.excluded].map(([r, x]) => [r, x.rows])) };
}

describe('orders are found by (customer, order id) wherever their lines stand', () => {
  test('interleaved line items of two orders: line amounts summed per order', () => {
    const r = run(
      [
        { key: 1, amount: 5 },
        { key: 2, amount: 7, day: 101 },
        { key: 1, amount: 3 },
        { key: 2, amount: 1, day: 101 },
      ],
      [ITEM],
    );
    expect(r.rows).toEqual([
      [0, 100, 8, PURCHASE],
      [0, 101, 8, PURCHASE],
    ]);
    expect(r.stats.scattered).toBe(2);
  });

  test('an order-level amount repeated on its lines is taken once', () => {
    expect(run([{ key: 1, amount: 20 }, { key: 2 }, { key: 1, amount: 20 }]).rows[0]).toEqual([0, 100, 20, PURCHASE]);
  });

  test('the same order id of two customers is two orders', () => {
    expect(run([{ key: 1 }, { key: 1, cust: 1 }]).rows).toHaveLength(2);
  });

  test('lines without an order id are one order each', () => {
    expect(run([{}, {}, {}]).rows).toHaveLength(3);
  });
});

describe('overlapping exports: the one reaching later wins', () => {
  test('paid in the earlier download, refunded and closed in the later one: no purchase', () => {
    const r = run(
      [
        { key: 1, src: 0, status: 'paid' },
        { key: 2, src: 0, day: 90 },
        { key: 1, src: 1, status: 'closed', refund: 10 },
        { key: 3, src: 1, day: 130 },
      ],
      [ORDER, ORDER],
    );
    expect(r.rows.map((x) => x[1])).toEqual([90, 130]);
    expect(r.excluded).toEqual({ refunded: 1 });
    expect(r.stats.overlapping).toBe(1);
    expect(r.stats.replaced).toEqual([1, 0]);
  });

  test('whatever the argument order', () => {
    const later = { key: 1, src: 0, status: 'closed' as const, refund: 10 };
    const laterDay = { key: 3, src: 0, day: 130 };
    const r = run([later, laterDay, { key: 1, src: 1, status: 'paid' }], [ORDER, ORDER]);
    expect(r.excluded).toEqual({ refunded: 1 });
  });

  test("an order's lines in the winning export only are summed, not the other copy's", () => {
    const r = run(
      [
        { key: 1, src: 0, amount: 4 },
        { key: 1, src: 0, amount: 6 },
        { key: 1, src: 1, amount: 4 },
        { key: 1, src: 1, amount: 6 },
        { key: 9, src: 1, day: 200 },
      ],
      [ITEM, ITEM],
    );
    expect(r.rows[0]).toEqual([0, 100, 10, PURCHASE]);
    expect(r.stats.overlapRows).toBe(2);
  });
});

describe('what an order is', () => {
  test('a free order (amount 0) is a purchase', () => {
    expect(run([{ amount: 0 }]).rows).toEqual([[0, 100, 0, PURCHASE]]);
  });

  test('refunds are netted once; a refund that leaves nothing is a refunded order', () => {
    expect(run([{ amount: 10, refund: 3 }]).rows).toEqual([[0, 100, 7, PURCHASE]]);
    expect(run([{ amount: 10, refund: 3 }], [{ amountMode: 'order', amountIsNet: true }]).rows[0][2]).toBe(10);
    expect(run([{ amount: 10, refund: 10 }]).excluded).toEqual({ refunded: 1 });
  });

  test('a return invoice (negative amount) nets against revenue and is no purchase', () => {
    const r = run([{ amount: 10 }, { amount: -4, day: 105 }]);
    expect(r.rows).toEqual([
      [0, 100, 10, PURCHASE],
      [0, 105, -4, RETURN],
    ]);
    expect([r.stats.purchases, r.stats.returns]).toEqual([1, 1]);
  });

  test('unpaid, closed and cancelled orders are excluded; a status on any line of the order counts', () => {
    const r = run([
      { key: 1, status: 'unpaid' },
      { key: 2, status: 'paid' },
      { key: 3 },
      { key: 2, status: 'cancelled' },
      { key: 4, status: 'closed' },
    ]);
    expect(r.rows).toEqual([[0, 100, 10, PURCHASE]]);
    expect(r.excluded).toEqual({ unpaid: 1, cancelled: 2, closed: 1 });
  });

  test('unreadable lines and orders after the as-of day are excluded with their reason and rows', () => {
    const r = run(
      [
        { cust: -1, rows: 3 },
        { reason: 'badDate' },
        { key: 5, reason: 'badAmount', rows: 2 },
        { key: 5 },
        { day: 300 },
        { amount: null as unknown as number },
      ],
      [ORDER],
      200,
    );
    expect(r.excluded).toEqual({
      'no customer id': 3,
      'bad date': 1,
      'bad amount': 3,
      'after as-of': 1,
      'missing amount': 1,
    });
    expect(r.rows).toEqual([]);
  });
});

describe('payment time and gross amount', () => {
  const PAIDCOL: SourceRules = { amountMode: 'order', amountIsNet: true, paidColumn: true };

  test('with a payment-time column, an order none of whose rows has one was never paid', () => {
    const r = run([{ key: 1, flags: PAID }, { key: 2 }, { key: 2, flags: PAID }, { key: 3 }], [PAIDCOL]);
    expect(r.rows).toHaveLength(2);
    expect(r.excluded).toEqual({ unpaid: 1 });
  });

  test('a status that says paid outranks a missing payment time; no time at all is unpaid', () => {
    expect(run([{ status: 'paid' }], [PAIDCOL]).rows).toHaveLength(1);
    expect(run([{ flags: NO_DATE }]).excluded).toEqual({ unpaid: 1 });
  });

  test('a zero net after a positive gross is a refunded order; a zero order without one is free', () => {
    expect(run([{ amount: 0, flags: GROSS }]).excluded).toEqual({ refunded: 1 });
    expect(run([{ amount: 0 }]).rows).toEqual([[0, 100, 0, PURCHASE]]);
  });
});

test('a log written over the lines it is made from equals one written apart (random lines, scattered orders)', () => {
  let seed = 12345;
  const rnd = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  const statuses = Object.keys(STATUS) as (keyof typeof STATUS)[];
  for (let round = 0; round < 40; round++) {
    const sources = round % 3 === 0 ? [ORDER, ITEM] : [round % 2 ? ITEM : ORDER];
    const ls: Line[] = [];
    const n = 50 + rnd(400);
    for (let i = 0; i < n; i++)
      ls.push({
        cust: rnd(10) === 0 ? -1 : rnd(10),
        key: rnd(8) === 0 ? -1 : rnd(n / 3),
        day: 100 + rnd(50),
        amount: rnd(10) === 0 ? -rnd(20) : rnd(500),
        refund: rnd(6) === 0 ? rnd(300) : 0,
        status: rnd(4) === 0 ? statuses[rnd(statuses.length)] : 'none',
        reason: rnd(15) === 0 ? 'badDate' : 'none',
        // With two sources, lines of the second come first now and then: visited out of line order.
        src: sources.length > 1 ? (i < n / 2 ? rnd(2) : 1) : 0,
        rows: 1 + rnd(3),
        flags: rnd(5) === 0 ? NO_DATE : rnd(5) === 0 ? GROSS | PAID : PAID,
      });
    const cols = (log: ReturnType<typeof purchaseLog>['log']) =>
      Array.from({ length: log.size }, (_, i) => [
        log.cust[i],
        log.day[i],
        log.amount[i],
        log.refund[i],
        log.kind[i],
        log.flags[i],
        log.region[i],
        log.src[i],
        log.line[i],
      ]);
    const apart = purchaseLog(lines(ls).part(), sources, 10, 140);
    const over = purchaseLog(lines(ls).part(), sources, 10, 140, true);
    expect(over.stats).toEqual(apart.stats);
    expect(cols(over.log)).toEqual(cols(apart.log));
    expect(apart.log.size).toBeGreaterThan(0);
  }
});
