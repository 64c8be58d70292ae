/**
 * The shop's currency: read from the export's currency column (Shopify Currency, WooCommerce Order Currency,
 * Etsy Currency, a generic `currency`), or the platform's (CNY for Taobao); shown on screens and in workbook
 * money cells; CSV stays plain numbers, JSON carries `currency`. Several currencies are never added up.
 */
import ExcelJS from 'exceljs';
import * as path from 'path';
import { parseCsv, rfm, tmpDir, tmpFile } from '../helpers';
import { shopCurrency } from '../../src/io/currency';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'taobao-orders.csv');
const ROWS: [string, string, string, string, string][] = [
  ['1', 'a', '2024-01-02', '1010.50', 'USD'],
  ['2', 'b', '2024-01-03', '20.00', 'EUR'],
  ['3', 'a', '2024-02-03', '5.00', 'usd'],
  ['4', 'c', '2024-02-04', '7.25', 'EUR'],
  ['5', 'c', '2024-02-05', '1.00', ' EUR '],
];
const csv = (rows: string[][]) =>
  'order,customer,date,amount,currency\n' + rows.map((r) => r.join(',')).join('\n') + '\n';
const MIXED = tmpFile('mixed.csv', csv(ROWS));
const EUR_ONLY = tmpFile('eur.csv', csv(ROWS.filter((r) => r[4].trim() === 'EUR')));
/** Revenue in one currency, from the raw rows. */
const total = (code: string) =>
  ROWS.filter((r) => r[4].trim().toUpperCase() === code).reduce((s, r) => s + Number(r[3]), 0);

test('mixed currencies stop the run: one line naming them and --currency (exit 4)', async () => {
  for (const cmd of [['segment'], ['summary'], ['dormant'], ['profiles']]) {
    const r = await rfm([...cmd, MIXED, '-q']);
    expect([cmd, r.code, r.out]).toEqual([cmd, 4, '']);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/orders in 2 currencies, EUR \(3 orders\), USD \(2 orders\).*--currency EUR/);
  }
});

test('--currency CODE keeps its orders only; the figures are theirs alone, shown in that currency', async () => {
  for (const code of ['USD', 'EUR']) {
    const r = await rfm(['summary', MIXED, '--currency', code.toLowerCase(), '--format', 'json', '-q']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { currency: string; revenue: number };
    expect(j.currency).toBe(code);
    expect(j.revenue).toBeCloseTo(total(code), 6);
  }
  const t = await rfm(['segment', MIXED, '--currency', 'USD', '--format', 'table', '--lang', 'en']);
  expect(t.out).toContain('revenue $1,015.50');
  expect(t.err).toMatch(/excluded rows: other currency 3/);
  const s = await rfm(['summary', MIXED, '--currency', 'EUR', '--format', 'table', '-q']);
  expect(s.out).toMatch(/revenue\s*│\s*€28\.25/);
});

test('one currency in the column: screens show it, CSV stays plain, JSON says it, workbook cells carry it', async () => {
  const seg = await rfm(['segment', EUR_ONLY, '--format', 'table', '-q']);
  expect(seg.out).toContain('revenue €28.25');
  const rows = parseCsv((await rfm(['profiles', EUR_ONLY, '--format', 'csv', '-q'])).out);
  expect(rows.map((r) => r.revenue).sort()).toEqual(['20.00', '8.25']);
  const json = JSON.parse((await rfm(['segment', EUR_ONLY, '--format', 'json', '-q'])).out) as { currency: string };
  expect(json.currency).toBe('EUR');
  const out = path.join(tmpDir(), 'p.xlsx');
  expect((await rfm(['profiles', EUR_ONLY, '-o', out, '-q'])).code).toBe(0);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const ws = wb.worksheets[0];
  const head = (ws.getRow(1).values as unknown[]).slice(1);
  const rev = ws.getRow(2).getCell(head.indexOf('revenue') + 1);
  expect(typeof rev.value).toBe('number');
  expect(rev.numFmt).toBe('"€"#,##0.00');
  // Not money: a count keeps the general format.
  expect(ws.getRow(2).getCell(head.indexOf('orders') + 1).numFmt).toBeUndefined();
});

test('Taobao: CNY by the platform, shown as ¥; no currency column needed', async () => {
  const r = await rfm(['dormant', FIXTURE, '--format', 'table', '--lang', 'en', '-q']);
  expect(r.out).toMatch(/revenue at stake ¥[\d,]+\.\d\d/);
  const plain = await rfm([
    'segment',
    '--format',
    'table',
    tmpFile('plain.csv', 'order,customer,date,amount\n1,a,2024-01-02,5.00\n'),
    '-q',
  ]);
  expect(plain.out).toMatch(/revenue 5\.00\b/);
});

test('Shopify: the currency on an order’s first row decides for its line items', async () => {
  const head = 'Name,Email,Financial Status,Paid at,Currency,Total,Created at,Lineitem quantity\n';
  const file = tmpFile(
    'shopify.csv',
    head +
      '#1001,a@x.com,paid,2024-01-02 10:00:00 +0000,USD,10.00,2024-01-02 10:00:00 +0000,1\n' +
      '#1001,a@x.com,,,,,2024-01-02 10:00:00 +0000,2\n' +
      '#1002,b@x.com,paid,2024-01-03 10:00:00 +0000,CAD,30.00,2024-01-03 10:00:00 +0000,1\n' +
      '#1002,b@x.com,,,,,2024-01-03 10:00:00 +0000,1\n',
  );
  expect((await rfm(['segment', file, '-q'])).code).toBe(4);
  const r = await rfm(['profiles', file, '--currency', 'CAD', '--format', 'csv', '-q']);
  expect(parseCsv(r.out).map((x) => [x.customer_id, x.orders, x.revenue])).toEqual([['b@x.com', '1', '30.00']]);
  const s = await rfm(['summary', file, '--currency', 'CAD', '--format', 'table', '-q']);
  expect(s.out).toContain('CA$30.00');
});

test('inspect shows mixed currencies instead of stopping; a bad or absent --currency is refused', async () => {
  const i = await rfm(['inspect', MIXED]);
  expect(i.code).toBe(0);
  expect(i.out).toMatch(/currency\s+EUR 3 orders, USD 2 orders: mixed; other commands need --currency CODE/);
  const bad = await rfm(['segment', MIXED, '--currency', 'dollars']);
  expect([bad.code, bad.err]).toEqual([
    2,
    "rfm: --currency: expected a three-letter currency code like USD or EUR, got 'dollars'\n",
  ]);
  const absent = await rfm(['segment', MIXED, '--currency', 'GBP']);
  expect(absent.code).toBe(4);
  expect(absent.err).toMatch(
    /--currency GBP: no order is in GBP; the currency column has EUR \(3 orders\), USD \(2 orders\)/,
  );
});

test('shopCurrency: one code, the flag, the platform, or a refusal', () => {
  const m = (o: Record<string, number>) => new Map(Object.entries(o));
  expect(shopCurrency(m({ USD: 3 }), undefined, undefined, 'f')).toBe('USD');
  expect(shopCurrency(m({}), undefined, 'CNY', 'f')).toBe('CNY');
  expect(shopCurrency(m({}), undefined, undefined, 'f')).toBeUndefined();
  expect(shopCurrency(m({}), 'EUR', undefined, 'f')).toBe('EUR');
  expect(shopCurrency(m({ USD: 1, EUR: 2 }), 'USD', undefined, 'f')).toBe('USD');
  expect(() => shopCurrency(m({ USD: 1, EUR: 2 }), undefined, undefined, 'f')).toThrow(/--currency EUR/);
});
