/** Against the real public data in ../shared/data (skipped, with a message, when it is absent). */
import { parse } from 'csv-parse/sync';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { SHARED, hasShared, parseCsv, rfm } from './helpers';

const d = hasShared ? describe : describe.skip;
if (!hasShared) console.warn(`skipping real-data tests: ${SHARED} not found`);

/** Cents of a decimal string, exactly. */
const cents = (s: string) => {
  const [i, f = ''] = s.split('.');
  const neg = i.startsWith('-');
  const v = Math.abs(Number(i)) * 100 + Number((f + '00').slice(0, 2));
  return neg ? -v : v;
};

d('CDNOW_master.txt', () => {
  test('23,570 customers, 69,659 purchases, revenue to the cent of an independent sum over the raw lines', async () => {
    const file = path.join(SHARED, 'real', 'CDNOW_master.txt');
    const r = await rfm(['profiles', file]);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.out);
    expect(rows.length).toBe(23570);
    expect(rows.reduce((s, x) => s + Number(x.orders), 0)).toBe(69659);
    // Independent: split the raw lines on blanks and add the dollar column in cents.
    let total = 0;
    const per = new Map<string, number>();
    for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4) continue;
      total += cents(f[3]);
      per.set(f[0], (per.get(f[0]) ?? 0) + cents(f[3]));
    }
    expect(rows.reduce((s, x) => s + cents(x.revenue), 0)).toBe(total);
    for (const x of rows.slice(0, 500)) expect(cents(x.revenue)).toBe(per.get(x.customer_id));
  });
});

d('online_retail.csv.gz (UCI Online Retail)', () => {
  test('read gzipped: 4,339 customers, 18,536 purchases, 3,654 returns netted, 135,080 rows without a customer', async () => {
    const file = path.join(SHARED, 'real', 'online_retail.csv.gz');
    const r = await rfm(['inspect', file, '--format', 'json']);
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out);
    expect(x.customers).toBe(4339);
    expect(x.purchases).toBe(18536);
    expect(x.returns).toBe(3654);
    expect(x.excluded['no customer id'].rows).toBe(135080);
    // Independent: distinct non-C invoices with a customer, over the raw text.
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    const recs: string[][] = parse(text, { from_line: 2 });
    const invoices = new Set<string>();
    const buyers = new Set<string>();
    let noCust = 0;
    for (const rec of recs) {
      if (!rec[6]) {
        noCust++;
        continue;
      }
      if (!rec[0].startsWith('C')) {
        invoices.add(rec[0]);
        buyers.add(rec[6]);
      }
    }
    expect([invoices.size, buyers.size, noCust]).toEqual([18536, 4339, 135080]);
  });
});

d('peer and format samples', () => {
  test('the Shopify sample yields one purchase per order, not per line item', async () => {
    const r = await rfm(['inspect', path.join(SHARED, 'formats', 'shopify-sample.csv'), '--format', 'json']);
    const x = JSON.parse(r.out);
    expect(x.platform.id).toBe('shopify');
    expect(x.rows).toBe(17);
    expect(x.orders).toBe(10);
    expect(x.purchases).toBe(6);
    const p = await rfm(['profiles', path.join(SHARED, 'formats', 'shopify-sample.csv')]);
    const c02 = parseCsv(p.out).find((row) => row.customer_id === 'customer02@example.com')!;
    expect(c02).toMatchObject({ orders: '3', revenue: '200.40' }); // #1373 47.00 + #1364 74.40 + J-939719 79.00; #1371 refunded
    expect(parseCsv(p.out).find((row) => row.customer_id === 'customer04@example.com')).toMatchObject({
      revenue: '180.00',
      refunds: '42.00',
    });
  });

  test('the Tmall-derived sample has no customer column: a clear data error naming the flag', async () => {
    const r = await rfm(['profiles', path.join(SHARED, 'formats', 'tmall-derived-sample.csv')]);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/no customer \(--customer-col\)/);
  });

  test('rsquaredacademy orders: no order id, each row one order: 4,906 purchases, 995 customers', async () => {
    const r = await rfm([
      'inspect',
      path.join(SHARED, 'peers', 'rsquaredacademy-rfm', 'rfm_data_orders.csv'),
      '--format',
      'json',
    ]);
    const x = JSON.parse(r.out);
    expect([x.purchases, x.customers]).toEqual([4906, 995]);
  });

  test('joaolcorreia sample: CR line ends, Mac Roman, M/D/YY: 5,009 orders of 793 customers', async () => {
    const r = await rfm([
      'inspect',
      path.join(SHARED, 'peers', 'joaolcorreia-RFM-analysis', 'sample-orders.csv'),
      '--format',
      'json',
    ]);
    const x = JSON.parse(r.out);
    expect(x.encoding.name).toBe('macintosh');
    expect([x.purchases, x.customers, x.firstPurchase, x.lastPurchase]).toEqual([
      5009,
      793,
      '2011-01-04',
      '2014-12-31',
    ]);
    const p = await rfm(['profiles', path.join(SHARED, 'peers', 'joaolcorreia-RFM-analysis', 'sample-orders.csv')]);
    expect(p.out).toContain('Neil Französisch');
  });
});
