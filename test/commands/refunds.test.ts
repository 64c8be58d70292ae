/**
 * Refund netting on the in-repo fixture `fixtures/refunds.csv` (a gross amount and a refund amount per order):
 * revenue is gross − refund per purchase by default, the gross itself with `--refunds netted`; a refunded
 * order is no purchase. Expected figures are worked out here from the raw lines, not from rfm.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, parseCsv, rfm, tmpFile } from '../helpers';

const FIXTURE = path.join(ROOT, 'fixtures', 'refunds.csv');

/** Per customer from the raw lines: purchases, gross and refunds in cents (refunded orders left out). */
function expected(): Map<string, { orders: number; gross: number; refunds: number }> {
  const [, ...lines] = fs.readFileSync(FIXTURE, 'utf8').trim().split('\n');
  const by = new Map<string, { orders: number; gross: number; refunds: number }>();
  for (const line of lines) {
    const [, customer, , amount, refund, status] = line.split(',');
    if (status === 'refunded') continue;
    const e = by.get(customer) ?? { orders: 0, gross: 0, refunds: 0 };
    e.orders++;
    e.gross += Math.round(Number(amount) * 100);
    e.refunds += Math.round(Number(refund || 0) * 100);
    by.set(customer, e);
  }
  return by;
}

const cents = (s: string) => Math.round(Number(s) * 100);

test('revenue is the gross amount less the refund of each purchase; a refunded order is no purchase', async () => {
  const r = await rfm(['profiles', FIXTURE, '--format', 'csv', '-q', '--no-bom']);
  expect(r.code).toBe(0);
  const rows = parseCsv(r.out);
  const want = expected();
  expect(rows.map((x) => x.customer_id).sort()).toEqual([...want.keys()].sort());
  for (const row of rows) {
    const e = want.get(row.customer_id)!;
    expect(Number(row.orders)).toBe(e.orders);
    expect(cents(row.revenue)).toBe(e.gross - e.refunds);
    expect(cents(row.refunds)).toBe(e.refunds);
  }
});

test('--refunds netted takes the amount as already net: the refund column is not subtracted again', async () => {
  const r = await rfm(['profiles', FIXTURE, '--format', 'csv', '-q', '--no-bom', '--refunds', 'netted']);
  expect(r.code).toBe(0);
  const want = expected();
  for (const row of parseCsv(r.out)) expect(cents(row.revenue)).toBe(want.get(row.customer_id)!.gross);
});

test('Taobao layout: 0 paid after a positive 总金额 is refunded; no 订单付款时间 is unpaid', async () => {
  const head = '订单编号,买家会员名,买家实际支付金额,总金额,订单状态,订单创建时间,订单付款时间';
  const rows = [
    '1,甲,100.00,100.00,交易成功,2024-01-05 10:00:00,2024-01-05 10:01:00',
    '2,甲,0.00,738.50,交易成功,2024-01-06 10:00:00,2024-01-06 10:01:00',
    '3,乙,20.00,20.00,,2024-01-07 10:00:00,',
    '4,乙,0.00,0.00,交易成功,2024-01-08 10:00:00,2024-01-08 10:00:00',
    '5,丙,,,,,',
  ];
  const r = await rfm(['inspect', tmpFile('tb.csv', [head, ...rows].join('\n') + '\n'), '--format', 'json']);
  const x = JSON.parse(r.out);
  expect(x.platform.id).toBe('taobao');
  expect(x.purchases).toBe(2); // order 1, and order 4: free from the start
  expect(Object.fromEntries(Object.entries(x.excluded).map(([k, v]) => [k, (v as { rows: number }).rows]))).toEqual({
    refunded: 1,
    unpaid: 2,
  });
});
