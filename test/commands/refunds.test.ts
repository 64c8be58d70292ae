/**
 * Refund netting on the in-repo fixture `fixtures/refunds.csv` (a gross amount and a refund amount per order):
 * revenue is gross − refund per purchase by default, the gross itself with `--refunds netted`; a refunded
 * order is no purchase. Expected figures are worked out here from the raw lines, not from rfm.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, parseCsv, rfm } from '../helpers';

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
