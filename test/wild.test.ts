/**
 * Real exports written by other people (../shared/data/wild, each with a truth computed independently of rfm):
 * every customer's first and last purchase, purchases and revenue must match, with default flags unless the
 * set's README names one. Skipped, with a message, when ../shared is absent.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SHARED, hasShared, parseCsv, rfm } from './helpers';

const WILD = path.join(SHARED, 'wild');

/** `rfm profiles` of `files` against `truth.csv`, customer by customer. */
async function matchTruth(files: string[], truth: string, extra: string[] = [], orders = true) {
  const r = await rfm(['profiles', ...files, '--format', 'csv', '-q', '--no-bom', ...extra]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const got = new Map(parseCsv(r.out).map((x) => [x.customer_id, x]));
  const want = parseCsv(fs.readFileSync(truth, 'utf8'));
  expect(got.size).toBe(want.length);
  const wrong = want.filter((t) => {
    const g = got.get(t.customer_id);
    return (
      !g ||
      g.first_purchase !== t.first_purchase ||
      g.last_purchase !== t.last_purchase ||
      (orders && g.orders !== t.orders) ||
      Math.round(Number(g.revenue) * 100) !== Math.round(Number(t.revenue) * 100)
    );
  });
  expect(wrong.slice(0, 5)).toEqual([]);
}

(hasShared ? describe : describe.skip)('real exports from the wild', () => {
  test('Superstore 2019-2022: line items of one order apart from each other, day-first dates', async () => {
    const dir = path.join(WILD, 'superstore-2019-2022');
    await matchTruth([path.join(dir, 'Sample - Superstore.csv')], path.join(dir, 'truth.csv'));
  });

  test('Superstore re-saved in Europe: semicolons, windows-1252, decimal comma; a State column is no status', async () => {
    const dir = path.join(WILD, 'superstore-eu-semicolon');
    // The set's README names --date-col "Ship Date" (no order date) and says its orders are a guess: not compared.
    await matchTruth(
      [path.join(dir, 'Sample - Superstore.csv')],
      path.join(dir, 'truth.csv'),
      ['--date-col', 'Ship Date'],
      false,
    );
    const truth = JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8')) as { revenue_exact: string };
    const s = JSON.parse(
      (await rfm(['summary', path.join(dir, 'Sample - Superstore.csv'), '--date-col', 'Ship Date', '--format', 'json']))
        .out,
    );
    expect(s.revenue).toBe(Math.round(Number(truth.revenue_exact) * 100) / 100);
  });

  test('a legacy .xls Taobao export gets one line naming the format and what to do, exit 3', async () => {
    const r = await rfm(['segment', path.join(WILD, 'taobao-mingri-xls', 'mingribooks.xls')]);
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/Excel 97.2003.*\.xlsx or CSV/);
  });

  test('Taobao 订单报表 workbook (mrtb): refunded to zero after 总金额, empty 订单付款时间 = unpaid', async () => {
    const dir = path.join(WILD, 'taobao-mingri-mrtb');
    await matchTruth([path.join(dir, 'mrtb_data.xlsx')], path.join(dir, 'truth.csv'));
  });

  test('Online Retail II, its first sheet alone: line items, C invoices netted as returns', async () => {
    const dir = path.join(WILD, 'online-retail-ii-sample');
    await matchTruth([path.join(dir, 'online_retail_II.xlsx')], path.join(dir, 'truth-sheet1.csv'), ['--sheet', '1']);
  });

  test('Online Retail II, the whole workbook: both year sheets of one layout read together, no flag', async () => {
    const dir = path.join(WILD, 'online-retail-ii-sample');
    await matchTruth([path.join(dir, 'online_retail_II.xlsx')], path.join(dir, 'truth-workbook.csv'));
    const s = JSON.parse(
      (await rfm(['summary', path.join(dir, 'online_retail_II.xlsx'), '--format', 'json', '-q'])).out,
    );
    expect([s.customers, s.purchases, s.revenue]).toEqual([260, 1418, 1226379.21]);
  });
});

if (!hasShared) test.skip('real exports from the wild: ../shared/data/wild is absent', () => undefined);
