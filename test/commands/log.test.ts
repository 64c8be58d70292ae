/**
 * `rfm log`: the purchase log written as the documented table. Expected rows are worked out here from the raw
 * lines of the inputs, not from rfm.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, SHARED, hasShared, parseCsv, rfm, tmpDir, tmpFile } from '../helpers';
import { exactMoney } from '../../src/report/log';

const REFUNDS = path.join(ROOT, 'fixtures', 'refunds.csv');
const COLUMNS = 'customer_id,order_id,order_date,amount,kind,refund';

test('exactMoney writes units of 1/10,000 as an exact decimal with two to four decimals', () => {
  expect([125000, 15, -30000, 0, 1234567, -5].map(exactMoney)).toEqual([
    '12.50',
    '0.0015',
    '-3.00',
    '0.00',
    '123.4567',
    '-0.0005',
  ]);
});

test('purchases net of refunds, a refunded order left out, the order found by its export and line', async () => {
  const r = await rfm(['log', REFUNDS, '-q']);
  expect(r.code).toBe(0);
  expect(r.out.split('\n')[0]).toBe(COLUMNS);
  const [, ...lines] = fs.readFileSync(REFUNDS, 'utf8').trim().split('\n');
  const want = lines
    .map((l, i) => ({ cells: l.split(','), line: i + 2 }))
    .filter(({ cells }) => cells[5] !== 'refunded')
    .map(({ cells: [, customer, date, amount, refund], line }) => ({
      customer_id: customer,
      order_id: `refunds.csv:${line}`,
      order_date: date,
      amount: (Math.round(Number(amount) * 100) - Math.round(Number(refund || 0) * 100)) / 100,
      kind: 'purchase',
      refund: Number(refund || 0),
    }));
  const got = parseCsv(r.out).map((x) => ({ ...x, amount: Number(x.amount), refund: Number(x.refund) }));
  expect(got).toEqual(want);
});

test('a negative order is a return; --shop adds the shop; --as-of leaves later orders out', async () => {
  const file = tmpFile(
    'orders.csv',
    'order_id,customer_id,order_date,amount\n1,a,2024-01-05,10.005\n2,a,2024-02-01,-4\n3,b,2024-03-01,7\n',
  );
  const r = await rfm(['log', file, '-q', '--shop', 'Berlin, Mitte', '--as-of', '2024-02-29']);
  expect(r.code).toBe(0);
  expect(r.out).toBe(
    `${COLUMNS},shop\n` +
      'a,orders.csv:2,2024-01-05,10.005,purchase,0.00,"Berlin, Mitte"\n' +
      'a,orders.csv:3,2024-02-01,-4.00,return,0.00,"Berlin, Mitte"\n',
  );
});

(hasShared ? test : test.skip)('CDNOW: one row per line of the file, amounts and days as written there', async () => {
  const file = path.join(SHARED, 'real', 'CDNOW_master.txt');
  const r = await rfm(['log', file, '-q']);
  expect(r.code).toBe(0);
  const raw = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
  const rows = r.out.trim().split('\n').slice(1);
  expect(rows.length).toBe(raw.length);
  let cents = 0;
  for (const l of raw) cents += Math.round(Number(l.trim().split(/\s+/)[3]) * 100);
  let got = 0;
  for (const l of rows) got += Math.round(Number(l.split(',')[3]) * 100);
  expect(got).toBe(cents);
  const [id, yyyymmdd] = raw[0].trim().split(/\s+/);
  expect(rows[0].split(',').slice(0, 3)).toEqual([
    id,
    'CDNOW_master.txt:2',
    yyyymmdd.replace(/(\d{4})(\d\d)(\d\d)/, '$1-$2-$3'),
  ]);
});

test('a log read back is recognised as one: amounts already net, the same profiles as the export', async () => {
  const fixture = path.join(ROOT, 'fixtures', 'refunds.csv');
  const log = path.join(tmpDir(), 'purchases.csv');
  expect((await rfm(['log', fixture, '-o', log, '-q'])).code).toBe(0);
  const direct = await rfm(['profiles', fixture, '--format', 'csv', '-q']);
  const back = await rfm(['profiles', log, '--format', 'csv', '-q']);
  expect(back.code).toBe(0);
  expect(back.out).toBe(direct.out);
  expect(JSON.parse((await rfm(['inspect', log, '--format', 'json'])).out).platform.id).toBe('rfm-log');
});
