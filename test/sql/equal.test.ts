/**
 * The proof on fixtures: `rfm segment --format csv` (the TypeScript core) and `rfm log` → a table loaded as
 * all text → `rfm sql --dialect duckdb` give the same CSV, byte for byte, under every scoring, model and window
 * option. (Postgres and the real data sets: engines.test.ts, in the slow suite.)
 */
import { tmpFile } from '../helpers';
import { logOf, onDuckDb, segmentCsv } from './engines';
import * as fs from 'fs';
import { FIXTURES, shopifyTraits, tieHeavy } from './fixtures';
import * as path from 'path';
import { ROOT } from '../helpers';
import { DIALECT } from '../../src/sql/dialect';
import { fixedText, meanGapText } from '../../src/sql/segment';
import { duckdbRows } from '../../src/sql/duckdb';
import { meanGap, num } from '../../src/report/format';

describe.each(FIXTURES)('%s fixture', (_name, make, asOf, variants) => {
  let input: string;
  let log: string;
  beforeAll(async () => {
    input = tmpFile('orders.csv', make());
    log = await logOf(input, asOf);
  });
  test.each(variants.map((v) => [v.join(' ') || '(defaults)', v]))('DuckDB %s', async (_t, args) => {
    const a = [...(args as string[]), ...asOf];
    expect(await onDuckDb(log, a)).toBe(await segmentCsv(input, a));
  });
  test('DuckDB with typed columns (DATE, DECIMAL, DOUBLE)', async () => {
    expect(await onDuckDb(log, asOf, true)).toBe(await segmentCsv(input, asOf));
  });
});

test('mean_gap_days in SQL is JavaScript toFixed(1) of span/(orders − 1), ties at x.x5 included', async () => {
  // Every span 0..400 days over 2..81 orders: ties such as 7/20 (a double just under 0.35: "0.3") and
  // 9/20 (just over: "0.5") are decided as the double does.
  const expr = meanGapText(DIALECT.duckdb);
  const { rows } = await duckdbRows(
    [],
    `SELECT span_days, orders, ${expr} FROM (SELECT s AS span_days, o AS orders FROM range(0, 401) t(s), ` +
      `range(2, 82) u(o)) x ORDER BY span_days, orders`,
  );
  const wrong = rows.filter(([s, o, g]) => g !== meanGap(Number(s), Number(o)));
  expect(rows.length).toBe(401 * 80);
  expect(wrong).toEqual([]);
});

test('two decimals (the overdue ratio) are JavaScript toFixed(2) of p/q too', async () => {
  const { rows } = await duckdbRows(
    [],
    `SELECT p, q, ${fixedText(DIALECT.duckdb, 'p', 'q', 2)} FROM (SELECT a AS p, b AS q FROM range(0, 801) t(a), ` +
      `range(1, 121) u(b)) x`,
  );
  const wrong = rows.filter(([p, q, t]) => t !== num(Number(p) / Number(q), 2));
  expect(rows.length).toBe(801 * 120);
  expect(wrong).toEqual([]);
});

describe.each([
  ['Taobao fixture (mobile, province)', () => path.join(ROOT, 'fixtures', 'taobao-orders.csv'), ['--lang', 'zh']],
  ['Shopify traits (discount, province ties)', () => tmpFile('orders.csv', shopifyTraits()), ['--lang', 'en']],
])('%s: rfm log --traits and rfm sql --traits give the tags too', (_name, input, lang) => {
  test.each([[[]], [['--scoring', 'ntile']], [['--command', 'dormant', '--include-lost']]])('%j', async (args) => {
    const file = input();
    const log = await logOf(file, ['--traits']);
    const a = [...args, ...lang];
    const want = await segmentCsv(file, a);
    expect(await onDuckDb(log, [...a, '--traits'])).toBe(want);
    if (!args.length) expect(want).toMatch(/province:/);
  });
});

test('--shop-col: one query scores each shop on its own, as rfm segment does per export', async () => {
  // Shop "b" is a tie-heavy export, shop "a" the float traps, shop "c" customers with the same ids as "b"'s.
  const exports: [string, string][] = [
    ['b', tieHeavy()],
    ['a', FIXTURES[2][1]()],
    ['c', tieHeavy().replace(/,(\d+\.\d\d)\n/g, (_m, x: string) => `,${(Number(x) * 3).toFixed(2)}\n`)],
  ];
  const logs: string[] = [];
  for (const [shop, text] of exports) logs.push(await logOf(tmpFile('orders.csv', text), ['--shop', shop]));
  const [head, ...bodies] = logs.map((l) => fs.readFileSync(l, 'utf8').split('\n'));
  const all = tmpFile(
    'purchases.csv',
    [...head, ...bodies.flatMap((b) => b.slice(1))].filter(Boolean).join('\n') + '\n',
  );
  for (const args of [[], ['--scoring', 'ntile', '--model', 'cn8']]) {
    let want = '';
    for (const [shop, text] of [...exports].sort()) {
      const [h, ...rows] = (await segmentCsv(tmpFile('orders.csv', text), args)).trimEnd().split('\n');
      if (!want) want = `shop,${h}\n`;
      want += rows.map((r) => `${shop},${r}\n`).join('');
    }
    expect(await onDuckDb(all, ['--shop-col', 'shop', ...args])).toBe(want);
  }
});
